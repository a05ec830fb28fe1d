"""Demo children and guardians (fictional people) at 練馬区's ぴよぴよ and 新宿区's demo nursery.

Registered as a step of ``governance.demo.demo_load`` by ``ChildcareConfig.ready``; idempotent: a child
is found again by its facility and the blind index of its name, a guardian by the blind index of
their phone. Every value is stored encrypted; the demo `guardian` login is linked to 岡田 健一
(新宿区), `ueda` to 上田 真理子 (練馬区).
Written through the services by the department's demo staff member, so each registration is audited.
"""

import datetime

from childcare.children.models import Child, Guardian
from childcare.children.services import child_leave, child_register, guardian_add, guardian_link
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Facility, Municipality, User

# tenant, department staff (who registers), business, facility
# child: name, kana, birth date, enrolled, address, allergies, illness, disabilities
# guardians: name, kana, relationship, phone, e-mail, bank account, demo login
CHILDREN = [
    ("練馬区", "nerima", "子育て支援に関する業務", "練馬ぴよぴよ",
     ("青木 陽向", "アオキ ヒナタ", "2023-05-14", "2025-04-01", "東京都練馬区豊玉北五丁目12番3号",
      "鶏卵（加熱品も不可）。エピペン携帯", "", ""),
     [("青木 美咲", "アオキ ミサキ", "母", "090-4821-3357", "misaki.aoki@example.jp",
       "三菱UFJ銀行 練馬支店 普通 3141592", None)]),
    ("練馬区", "nerima", "子育て支援に関する業務", "練馬ぴよぴよ",
     ("石川 蓮", "イシカワ レン", "2022-11-02", "2025-06-01", "東京都練馬区練馬一丁目5番8号",
      "小麦", "熱性けいれんの既往（2024年）", ""),
     [("石川 大輔", "イシカワ ダイスケ", "父", "080-6614-2709", "d.ishikawa@example.jp",
       "みずほ銀行 練馬支店 普通 2718281", None),
      ("石川 彩", "イシカワ アヤ", "母", "080-6614-2710", "", "", None)]),
    ("練馬区", "nerima", "子育て支援に関する業務", "貫井ぴよぴよ",
     ("上田 結衣", "ウエダ ユイ", "2024-01-20", "2025-09-01", "東京都練馬区貫井三丁目10番2号",
      "乳製品", "", "軽度の難聴（補聴器を使用）"),
     [("上田 真理子", "ウエダ マリコ", "母", "03-5987-1144", "mariko.ueda@example.jp",
       "ゆうちょ銀行 〇一八店 普通 1618033", "ueda")]),
    ("練馬区", "nerima", "子育て支援に関する業務", "練馬ぴよぴよ",
     ("中村 さくら", "ナカムラ サクラ", "2020-06-09", "2021-04-01", "東京都練馬区桜台二丁目7番1号",
      "キウイフルーツ", "", ""),
     [("中村 直樹", "ナカムラ ナオキ", "父", "080-3350-9142", "naoki.nakamura@example.jp",
       "西武信用金庫 練馬支店 普通 2236067", None)]),
    ("新宿区", "hoiku", "保育業務支援システム", "新宿区立ひまわり保育園",
     ("岡田 葵", "オカダ アオイ", "2021-08-30", "2022-04-01", "東京都新宿区北新宿三丁目4番5号",
      "そば・落花生", "", ""),
     # 保育業務支援システム holds no e-mail and no bank account: its registry does not list them.
     [("岡田 健一", "オカダ ケンイチ", "父", "090-7302-5581", "", "", "guardian"),
      ("岡田 由美", "オカダ ユミ", "母", "090-7302-5582", "", "", None)]),
    ("新宿区", "hoiku", "保育業務支援システム", "新宿区立ひまわり保育園",
     ("加藤 悠真", "カトウ ユウマ", "2022-03-15", "2023-04-01", "東京都新宿区高田馬場一丁目2番3号",
      "", "気管支喘息（吸入薬を園で保管）", ""),
     [("加藤 恵", "カトウ メグミ", "母", "03-3208-7765", "", "", None)]),
]

# A child who has left, so the retention sweep has something to expire once the clock is moved past
# the period (`manage.py retention_sweep --dry-run --as-of 2031-04-01`).
LEFT = {"中村 さくら": datetime.date(2026, 3, 31)}  # went on to primary school


def childcare_demo_load() -> dict[str, int]:
    added = {"children": 0, "guardians": 0}
    for tenant_name, staff, business_name, facility_name, child_row, guardian_rows in CHILDREN:
        tenant = Municipality.objects.get(name=tenant_name)
        facility = Facility.objects.get(municipality=tenant, name=facility_name)
        business = RegisteredBusiness.objects.get(municipality=tenant, name=business_name)
        actor = User.objects.get(username=staff)
        name, kana, birth, enrolled, address, allergies, illness, disabilities = child_row
        child = Child.objects.matching(tenant=tenant, name=name).filter(facility=facility).first()
        if child is None:
            child = child_register(actor=actor, facility=facility, business=business,
                                   enrolled_on=datetime.date.fromisoformat(enrolled), name=name, kana=kana,
                                   birth_date=datetime.date.fromisoformat(birth), address=address,
                                   allergy_notes=allergies, health_notes=illness, disability_notes=disabilities)
            added["children"] += 1
        if name in LEFT and child.left_on is None:
            child_leave(actor=actor, child=child, left_on=LEFT[name])
        for g_name, g_kana, relationship, phone, email, account, login in guardian_rows:
            guardian = Guardian.objects.matching(tenant=tenant, phone=phone).first()
            if guardian is None:
                guardian_add(actor=actor, child=child, name=g_name, kana=g_kana, relationship=relationship,
                             phone=phone, email=email, address=address, bank_account=account,
                             user=User.objects.get(username=login) if login else None)
                added["guardians"] += 1
            elif not child.guardian_links.filter(guardian=guardian).exists():
                guardian_link(actor=actor, child=child, guardian=guardian, relationship=relationship)
    return added
