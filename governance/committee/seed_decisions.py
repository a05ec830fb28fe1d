# ruff: noqa: E501 — verbatim Japanese text from the seed documents; wide characters count double.
"""The five seeds as the committees decided them, loaded through the same services and policy as any user.

Which meeting decided seeds 000, 001 and 002 is not in the documents; their meetings below are our
assumption (labelled so in the report), with the agenda numbered after the seed's 資料 number (資料74-1 →
agenda 74). Seed 004 states its original approval (令和5年度第1回); its amendment (委託内容の追加) was put to
令和6年度第4回: the demo has the committee approve it there, so that the LoGo form is approved for the
contractor (``amendment_waiting`` leaves it submitted instead — the committee's walk of reviewing it). Seed 003 is 練馬区: its
connection was decided by the 審議会 on 令和元年9月2日 (諮問第6号), and its out-of-purpose uses were approved
under the pre-approval criterion 類型1 on 令和元年5月31日.

The seeds print their checklists (001, 004) with every item ○; 000 and 002 refer to "別紙チェックリスト" without
printing it, answered ○ here likewise. 練馬区 states its protective measures in the connection; they are its
checklist (nerima_measures), answered ○ for both sides as the 審議会 approved them.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict
from governance.committee import services, transitions
from governance.committee.checklists import checklist_template
from governance.committee.models import CommitteeMeeting, CriterionApplication, Submission
from governance.committee.out_of_purpose import out_of_purpose_request
from governance.registry.models import ExternalConnection, OutOfPurposeUse, OutsourcingContract, ProcessingActivity
from governance.tenancy.models import Department, Membership, Municipality, Role, User

SHINJUKU, NERIMA = "新宿区", "練馬区"
MEETINGS = {
    "R5-1": (SHINJUKU, "個人情報保護管理運営会議", 2023, 1, datetime.date(2023, 5, 25), ""),
    "R6-2": (SHINJUKU, "個人情報保護管理運営会議", 2024, 2, datetime.date(2024, 6, 27), ""),
    "R6-4": (SHINJUKU, "個人情報保護管理運営会議", 2024, 4, datetime.date(2024, 7, 25), ""),
    "R8-1": (SHINJUKU, "個人情報保護管理運営会議", 2026, 1, datetime.date(2026, 4, 23), ""),
    "N-R1": (NERIMA, "練馬区個人情報保護審議会", 2019, None, datetime.date(2019, 9, 2), "令和元年9月2日 審議会"),
}
ANNEX_000_CONNECTION = "一時保育システム及び保育料収納データの外部結合について"
SEED_004_TITLE = "ベビーシッター利用支援事業（一時預かり利用支援）に係る業務の委託について"
SEED_004_AMENDMENT_TITLE = f"{SEED_004_TITLE}（委託内容の追加）"

SUBMISSIONS = [
    {"seed": "000", "meeting": "R6-2", "agenda": 74, "ward": SHINJUKU, "departments": ["保育課"],
     "title": "一時保育システム導入及びコンビニ収納等に係る外部結合等について",
     "basis": "第3条第1項第3号（電算処理、外部結合、業務委託）", "programme_name": "一時保育システム導入及びコンビニ収納等の開始",
     "purpose": "利用者の利便性向上及び保育園等の業務効率化", "subjects": "一時保育を利用する児童の保護者",
     "content": ("1 概要\n"
                "区では、区内在住で一時的に児童の保育が必要な保護者に対して一時保育を行っている。\n"
                "現在、利用申込み等の手続きについては、電話または来園で行う必要があるため、一時保育システムを導入し、利用申込み等をオンライン化することで利用者の利便性を向上させる。\n"
                "また、保育料の支払い場所について、金融機関窓口となっているが、コンビニエンスストア等での支払いのニーズがあるため、コンビニ収納と電子マネー決済を追加し、利用者のニーズに対応する。さらに、これまで保育課と保育園等が郵送やFAXで行っていた、利用者情報の管理・共有が、一時保育システムを導入することにより、システム上で可能となるため、利用申込み確認と利用実績確認の業務が効率化できる。\n"
                "2 個人情報保護管理運営会議への付議内容\n"
                "(1) 電算処理\n"
                "利用申込み等の手続きをオンライン化することにより、利用者の利便性を向上させる。\n"
                "(2) 外部結合\n"
                "一時保育システム及び保育料収納データを区のイントラネット端末と結合ことにより、利用者の情報を取得する。\n"
                "(3) 業務委託\n"
                "一時保育システム及び保育料収納データ作成等の業務を委託する。\n"
                "3 対象者数 約6,000人/年\n"
                "※個人情報の流れは、資料74-1のとおり"),
     "subject_count": 6000, "subject_count_note": "約6,000人/年",
     "attachments": [("資料74-1", "個人情報の流れ"), ("資料74-2", "情報項目")],
     "parts": [(ProcessingActivity, "一時保育システムの開発", None),
               (ExternalConnection, "一時保育システムの外部結合（ASP事業者）", None, ANNEX_000_CONNECTION),
               (ExternalConnection, "保育料収納データの外部結合（納付サービス提供事業者）", None, ANNEX_000_CONNECTION),
               (OutsourcingContract, "一時保育システム及び保育料収納データ作成等の業務の委託", None)]},
    {"seed": "001", "meeting": "R8-1", "agenda": 7, "ward": SHINJUKU, "departments": ["保育課", "学校運営課"],
     "title": "延長保育料等におけるコンビニ収納等の導入について", "basis": "第3条第1項第3号（外部結合、業務委託）",
     "programme_name": "延長保育料等におけるコンビニ収納等の導入について",
     "purpose": "延長保育料等について、コンビニエンスストア（以下「コンビニ」という。）及び電子マネー納付を導入することにより納付方法を拡充し、利便性の向上を図る。",
     "subjects": "延長保育料等の納付義務者",
     "content": ("1 概要\n"
                "現在、延長保育料、年末保育料、子ども園預かり保育料（給食費を含む）、基本保育料について、保育課、特別出張所、金融機関、口座振替での納付に対応している。また、幼稚園預かり保育料について、学校運営課、特別出張所、金融機関、口座振替での納付に対応している。\n"
                "これらの納付方法に加え、令和9年4月からはコンビニ及び電子マネーでの納付を導入することで、区民の利便性の向上を図る。\n"
                "2 個人情報保護管理運営会議への付議内容\n"
                "(1) 外部結合\n"
                "収納サービス提供事業者が有する収納データセンターと区のイントラパソコンが結合されるため\n"
                "(2) 業務委託\n"
                "納付された延長保育料等の収納データの作成及び管理、区への収納データの送信等を委託するため\n"
                "3 対象者数\n"
                "保育課 延べ約600人（納付書件数：約1,000件／年）\n"
                "学校運営課 延べ約260人（納付書件数：約280件／年）\n"
                "※ 個人情報の流れは、資料7-1のとおり"),
     "subject_count": 860, "subject_count_note": "保育課 延べ約600人（納付書件数：約1,000件／年）、学校運営課 延べ約260人（納付書件数：約280件／年）",
     "attachments": [("資料7-1", "延長保育料等におけるコンビニ収納等に係る個人情報の流れ")],
     "parts": [(ExternalConnection, "延長保育料等のコンビニ収納等に伴う収納サービス提供事業者との外部結合", None,
                "延長保育料等におけるコンビニ収納等の導入に伴う収納サービス提供事業者との外部結合について"),
               (OutsourcingContract, "延長保育料等のコンビニ収納等に伴う収納データ作成等業務の委託", None,
                "延長保育料等におけるコンビニ収納等の導入に伴う収納データ作成等業務の委託について")]},
    {"seed": "002", "meeting": "R6-2", "agenda": 75, "ward": SHINJUKU, "departments": ["保育課"],
     "title": "保育業務支援システムの開発等について", "basis": "第3条第1項第3号（電算処理、外部結合、業務委託）",
     "programme_name": "保育業務支援システム", "purpose": "利用者の利便性向上及び保育施設における事務の効率化",
     "subjects": "区立保育園・子ども園（民営を除く）を利用する児童、保護者",
     "content": ("1 概要\n"
                "令和4年度新宿区業務改善等支援委託業務において提案を受けた保育業務支援システムを導入し、事務室や各クラス等にタブレット端末を整備することで、事務効率化及び利便性向上を図る。\n"
                "これまで職員が紙媒体により作成していた指導計画や、手書きで行っていた保育日誌や保健記録等を電子化し、各データの相互連携機能を利用することで、計画作成や記録作業の事務負担を軽減する。\n"
                "また、登降園時に保護者自ら打刻を行うシステムの導入により、登降園時間帯の職員による人的対応を省力化するとともに、登降園情報の即時共有することで、各クラスの出欠確認の負担軽減を図る。\n"
                "さらに、保護者向けの機能として、スマートフォン用アプリケーションを導入することで、①欠席連絡等、電話しか手段がなかった連絡方法の電子化による保護者の利便性向上、②朝の繁忙時間帯における職員の電話対応の負担軽減、③これまで配付や掲示を行っていた園だより等の配信による保護者の利便性向上及び連絡周知の徹底、④連絡帳の電子化による保護者の利便性向上と合わせ、保育における記録や画像を容易に共有できることにより保護者とのコミュニケーションの緊密化を図る。\n"
                "2 個人情報保護管理運営会議への付議内容\n"
                "(1) 電算処理\n"
                "保護者と職員の連絡手段や園内業務の電子化を行い、システムを利用した計画や記録の園内共有や保護者との連絡等を行う。\n"
                "(2) 外部結合\n"
                "各園に整備するタブレット端末、保護者が利用するスマートフォンを、ASP事業者が使用するクラウドサーバへ接続することにより、対象者の情報を含む情報の取得及び送信を行う。\n"
                "(3) 業務委託\n"
                "上記(1)のシステムに係るサービス提供を委託する。\n"
                "3 対象者数\n"
                "公立保育園・子ども園の児童及び保護者\n"
                "(1) 児童数 2,524人（園の定員）\n"
                "(2) 保護者数 約5,000人\n"
                "※個人情報の流れは、資料75-1のとおり"),
     "subject_count": 7524, "subject_count_note": "児童数 2,524人（園の定員）、保護者数 約5,000人",
     "attachments": [("資料75-1", "個人情報の流れ")],
     "parts": [(ProcessingActivity, "保育業務支援システムの開発", None),
               (ExternalConnection, "保育業務支援システムの外部結合", None),
               (OutsourcingContract, "保育業務支援システム業務の委託", None)]},
    {"seed": "004", "meeting": "R5-1", "agenda": None, "ward": SHINJUKU, "departments": ["子ども家庭支援課"],
     "title": SEED_004_TITLE, "basis": "第3条第1項第3号（業務委託）",
     "programme_name": "ベビーシッター利用支援事業（一時預かり利用支援）",
     "purpose": "ベビーシッター利用支援事業につき、区民の利便性向上と業務の効率化を図るため。",
     "subjects": "0歳から満6歳に達する年度の末日までの間にある児童の保護者",
     "content": ("1 概要\n"
                "日常生活上の突発的な事情等により、一時的にベビーシッターによる保育を必要とする保護者に対して保育利用料の一部を助成している。（令和5年度第1回個人情報保護管理運営会議承認済）"),
     "subject_count": 2000, "subject_count_note": "約2,000人",
     "attachments": [],
     "parts": [(OutsourcingContract, "ベビーシッター利用支援事業（一時預かり利用支援）に係る業務の委託", ("outsourcing_004", 1),
                f"{SEED_004_TITLE}（委託内容の追加）")]},
    {"seed": "003", "meeting": "N-R1", "agenda": 6, "ward": NERIMA, "departments": ["練馬子ども家庭支援センター"],
     "title": "子育て支援に関する業務に係る電子計算組織の結合について", "basis": "練馬区個人情報保護条例第17条",
     "programme_name": "乳幼児一時預かり予約管理システム",
     "purpose": "乳幼児一時預かりの利用希望者が、自宅のパソコンやスマートフォンから、各乳幼児一時預かり実施施設の空き状況を確認したり、利用予約を行うため。",
     "subjects": "乳幼児一時預かり事業の利用者", "current_process": ("(事前登録)\n"
                        "利用したい施設ごとに、利用申込書類を提出し、事前に面接を行う。\n"
                        "(空き状況の確認・利用予約)\n"
                        "利用したい施設に、電話で空き状況を確認する。予約する際は、事前に施設へ出向き、利用申し込みを行う。"),
     "content": ("子ども家庭支援センター内に設置された 5 か所の子育てのひろばぴよぴよでは、保護者がリフレッシュしたい時など、理由を問わず就学前のお子さんを預かる乳幼児一時預かり事業を実施している。\n"
                "令和 2 年 1 月から、乳幼児一時預かり予約管理システムを導入し、利用者登録などの運用準備に取りかかり、同年 4 月から、インターネットを利用した予約を開始する。\n"
                "このシステムの導入により、利用希望者は、自宅のパソコンやスマートフォンから、一時預かりの空き状況をリアルタイムで確認したり、利用予約をすることができる。また、システム内で利用者情報を一元管理することで、利用者はどこの施設でも一時預かりの利用が可能になる。\n"
                "については、練馬子ども家庭支援センターおよび各施設を結ぶネットワークを新たに構築し、システムを管理するデータセンターと電算結合を行う。"),
     "subject_count": None, "subject_count_note": "",
     "attachments": [("添付1", "乳幼児一時預かり予約管理システム システム構成図"),
                     ("添付2", "株式会社内田洋行 個人情報保護方針"), ("添付3", "電算結合記録票")],
     "parts": [(ExternalConnection, "子育て支援に関する業務に係る電子計算組織の結合（乳幼児一時預かり予約管理システム）", ("nerima_measures", 1))]},
]
AMENDMENT_004 = {
    "meeting": "R6-4", "agenda": 25,
    "content": ("1 概要\n"
                "日常生活上の突発的な事情等により、一時的にベビーシッターによる保育を必要とする保護者に対して保育利用料の一部を助成している。（令和5年度第1回個人情報保護管理運営会議承認済）\n"
                "今般、区民の利便性向上を図るため、LoGo フォームによる電子申請を導入し、ベビーシッター利用支援事業助成金の効率的な交付手続を行う。については、申請者が LoGo フォームへ申請した内容について、委託事業者の確認及び集計を行わせることで、職員の負担を軽減し、業務の効率化を図る。（LoGo フォームによる電子申請の導入については、令和6年度第3回個人情報保護管理運営会議承認済）\n"
                "2 個人情報保護管理運営会議への付議内容\n"
                "(1) コールセンター業務\n"
                "(2) 申請書類の受付及び事前審査業務（申請の審査、助成決定は区が実施）\n"
                "(3) 申請データ管理\n"
                "(4) 交付決定通知の送付\n"
                "(5) LoGo フォームへの電子申請内容の確認及び集計管理\n"
                "3 想定人数\n"
                "約2,000人\n"
                "※個人情報の流れは、資料25-1のとおり"),
    "attachments": [("資料25-1", "ベビーシッター利用支援事業（一時預かり利用支援）委託に係る個人情報の流れ")],
}
CRITERION_APPLIED_ON = datetime.date(2019, 5, 31)  # seed 003: 1 適用日 令和元年5月31日
CRITERION_SUMMARY = (
    "令和元年 10 月の消費税 10%への引き上げが消費に与える影響を緩和するとともに、地域における消費を喚起・下支えするため、国の施策に基づき、プレミアム付商品券事業を 10 月から来年 3 月まで実施する。\n"
    "これに伴い、消費者への経済対策に関する業務において、プレミアム付き商品券事業を実施するにあたり、事業の対象者の要件を確認するため、税務課の特別区民税・都民税に関する業務および総合福祉事務所の生活保護に関する業務に係る個人情報を利用した。\n"
    "なお、今回目的外利用した、特別区民税・都民税に関する業務および生活保護に関する業務については、既に目的外利用に関する審議会事前一括承認基準の類型 1 に事例があるため、承認基準を適用した。")
CRITERION_ATTACHMENTS = ["目的外利用記録票", "プレミアム付商品券チラシ（内閣府作成）"]


def _user(tenant: Municipality, role: str, department: Department | None = None) -> User:
    m = Membership.objects.filter(municipality=tenant, role=role, department=department).select_related("user") \
        .order_by("pk").first()
    if m is None:
        where = f" of {department}" if department else ""
        raise Conflict(
            _(
                "Loading the seed decisions needs a %(role)s%(where)s in %(tenant)s"
            )
            % {
                "role": role,
                "where": where,
                "tenant": tenant,
            }, field="users")
    return m.user


def _answer_all(submission: Submission, actor: User) -> None:
    for checklist in submission.checklists.all():
        answers = [{"code": item.code, "answer": "○"} for item in checklist_template(checklist).items]
        services.checklist_answer(submission=submission, checklist_id=checklist.pk, answers=answers, actor=actor)


def _meeting(key: str, added: dict) -> CommitteeMeeting:
    ward, body, fiscal_year, number, held_on, label = MEETINGS[key]
    tenant = Municipality.objects.get(name=ward)
    meeting = CommitteeMeeting.objects.filter(municipality=tenant, body=body, held_on=held_on).first()
    if meeting is None:
        meeting = services.meeting_create(municipality=tenant, body=body, fiscal_year=fiscal_year, number=number,
                                          held_on=held_on, label=label)
        added["meetings"] += 1
    return meeting


def _draft(spec: dict, tenant: Municipality, staff: User, departments: list[Department]) -> Submission:
    data = {k: spec[k] for k in ("title", "basis", "programme_name", "purpose", "subjects", "content",
                                 "subject_count", "subject_count_note")}
    data["current_process"] = spec.get("current_process", "")
    submission = services.submission_create(municipality=tenant, actor=staff,
                                            data={**data, "departments": [d.pk for d in departments]})
    for model, title, pinned, *annex in spec["parts"]:
        part = model.objects.get(municipality=tenant, title=title)
        template, number = pinned if pinned else (None, None)
        version = part.versions.get(number=number) if number else None
        services.submission_part_add(submission=submission, part=part, checklist_template=template, version=version,
                                     annex_title=annex[0] if annex else "", actor=staff)
    for label, title in spec["attachments"]:
        services.attachment_add(submission=submission, label=label, title=title, actor=staff)
    _answer_all(submission, staff)
    return submission


def _decided(spec: dict, added: dict) -> Submission:
    tenant = Municipality.objects.get(name=spec["ward"])
    existing = Submission.objects.filter(municipality=tenant, title=spec["title"], amends=None).first()
    if existing is not None:
        return existing
    departments = [Department.objects.get(municipality=tenant, name=name) for name in spec["departments"]]
    staff, member = _user(tenant, Role.DEPARTMENT_STAFF, departments[0]), _user(tenant, Role.COMMITTEE_MEMBER)
    meeting = _meeting(spec["meeting"], added)
    submission = _draft(spec, tenant, staff, departments)
    services.submission_schedule(submission=submission, meeting=meeting, agenda_number=spec["agenda"], actor=member)
    transitions.submission_submit(submission=submission, actor=staff)
    transitions.submission_review_start(submission=submission, actor=member)
    transitions.submission_decide(submission=submission, outcome="approve", actor=member, meeting=meeting)
    added["decisions"] += 1
    return submission


def _amendment_004(original: Submission, added: dict, *, waiting: bool) -> None:
    if original.amendments.exists():
        return
    tenant = original.municipality
    staff = _user(tenant, Role.DEPARTMENT_STAFF, original.departments.get())
    member = _user(tenant, Role.COMMITTEE_MEMBER)
    amendment = transitions.amendment_create(approved=original, actor=staff, data={
        "title": SEED_004_AMENDMENT_TITLE, "content": AMENDMENT_004["content"]})
    for label, title in AMENDMENT_004["attachments"]:
        services.attachment_add(submission=amendment, label=label, title=title, actor=staff)
    _answer_all(amendment, staff)
    services.submission_schedule(submission=amendment, meeting=_meeting(AMENDMENT_004["meeting"], added),
                                 agenda_number=AMENDMENT_004["agenda"], actor=member)
    transitions.submission_submit(submission=amendment, actor=staff)
    if waiting:
        added["waiting"] += 1
        return
    transitions.submission_review_start(submission=amendment, actor=member)
    transitions.submission_decide(submission=amendment, outcome="approve", actor=member, meeting=amendment.meeting)
    added["decisions"] += 1


def _criterion_applications(added: dict) -> None:
    tenant = Municipality.objects.get(name=NERIMA)
    for use in OutOfPurposeUse.objects.filter(municipality=tenant).order_by("pk"):
        if CriterionApplication.objects.filter(use=use).exists():
            continue
        out_of_purpose_request(use=use, type_number=1, actor=None, applied_on=CRITERION_APPLIED_ON,
                               summary=CRITERION_SUMMARY, attachments=CRITERION_ATTACHMENTS)
        added["criterion_applications"] += 1


@transaction.atomic
def committee_seed_load(*, amendment_waiting: bool = False) -> dict[str, int]:
    """Record whatever of the seeds' decisions is missing (idempotent); return what was added.

    ``amendment_waiting`` leaves seed 004's amendment submitted for the committee to review instead of approved.

    Needs the registry of the seeds and, per ward, a committee member and staff of each submitting department.
    """
    added = {"meetings": 0, "decisions": 0, "waiting": 0, "criterion_applications": 0}
    for spec in SUBMISSIONS:
        submission = _decided(spec, added)
        if spec["seed"] == "004":
            _amendment_004(submission, added, waiting=amendment_waiting)
    _criterion_applications(added)
    if any(added.values()):
        audit_record("governance.committee.seeded", data=added)
    return added
