"""Searching children by name, kana or a guardian's phone or e-mail: exact match through the blind indexes,
POSTed so no value is in a URL, narrowed to the actor like every other read, and audited once."""

import datetime
import json

from childcare.children.fields import FIELDS
from childcare.children.services import child_register
from governance.registry.models import ConnectionItem, RegisteredBusiness
from governance.tenancy.models import Facility, Membership, Role, User
from tests.childcare.conftest import api_headers, child_named, head, login, reads_after

SEARCH = "/api/v1/childcare/children/search/"


def search(client, username: str, **terms):
    return client.post(SEARCH, json.dumps(terms), content_type="application/json",
                       headers=api_headers(client, username))


def test_a_nurse_finds_her_facilitys_child_by_the_name_typed_with_a_full_width_space(client, demo, aoki):
    login(client, "kango")
    before = head()
    response = client.post("/children/", {"name": "青木　陽向"})  # as typed with a Japanese keyboard
    assert response.status_code == 200
    page = response.content.decode()
    assert "青木 陽向" in page and "石川 蓮" not in page  # only the match, not the whole list
    (event,) = reads_after(before)
    assert (event.purpose, event.channel) == ("childcare.children.search", "web")
    assert event.subjects == [["childcare.child", str(aoki.pk)]]
    assert "青木" not in json.dumps([event.data, event.subjects, event.object_id], ensure_ascii=False)


def test_a_child_of_another_facility_is_not_found_and_the_search_is_still_recorded(client, demo):
    login(client, "kango")  # 練馬ぴよぴよ; 上田 結衣 attends 貫井ぴよぴよ
    before = head()
    response = client.post("/children/", {"name": "上田 結衣"})
    assert response.status_code == 200
    table = response.content.decode().split("<table", 1)[1]
    assert "上田" not in table and "検索に一致する児童はいません" in table
    # Probing is in the log too: which field was searched by, never the value, and no one shown.
    (event,) = reads_after(before)
    assert (event.subjects, event.fields, event.purpose) == ([], [], "childcare.children.search")
    assert event.data["searched_by"] == ["child.name"]
    assert "上田" not in json.dumps([event.data, event.object_id], ensure_ascii=False)


def test_a_vendor_cannot_find_a_child_by_a_field_its_approval_does_not_list(client, demo, aoki):
    assert [c["record_uid"] for c in search(client, "uchida", guardian_phone="090-4821-3357").json()] == \
        [str(aoki.record_uid)]
    # Take the guardian's phone numbers out of 株式会社内田洋行's approved items: a match on them would
    # confirm a number the vendor may not read, so the child is not found by it (by name it still is).
    phone_items = [("guardian", name) for _, name in FIELDS["guardian.phone"].items]
    lines = ConnectionItem.objects.filter(party__name="株式会社内田洋行",
                                          item__subject__in=[s for s, _ in phone_items],
                                          item__name__in=[n for _, n in phone_items])
    assert lines.exists()
    lines.delete()
    before = head()
    assert search(client, "uchida", guardian_phone="090-4821-3357").json() == []
    (event,) = reads_after(before)
    assert event.subjects == [] and event.data["searched_by"] == ["guardian.phone"]
    assert [c["record_uid"] for c in search(client, "uchida", name="青木 陽向").json()] == [str(aoki.record_uid)]


def test_an_empty_search_says_what_to_enter_and_a_get_does_not_search(client, demo):
    login(client, "kango")
    before = head()
    response = client.post("/children/", {"name": "  "})
    assert response.status_code == 400
    assert "検索するには、氏名、フリガナ、保護者の電話番号またはメールアドレスを入力してください。" in \
        response.content.decode()
    assert reads_after(before) == []
    # The list ignores a name in the query string: searching is a POST, so a name never sits in a URL.
    listed = client.get("/children/?name=青木 陽向").content.decode()
    assert "石川 蓮" in listed


def test_department_staff_find_a_child_by_a_guardians_phone_typed_any_way_and_by_half_width_kana(client, demo, aoki):
    for terms in ({"guardian_phone": "０９０４８２１３３５７"}, {"kana": "ｱｵｷ ﾋﾅﾀ"},
                  {"guardian_email": " Misaki.Aoki@example.jp "},
                  {"name": "青木陽向", "guardian_phone": "090-4821-3357"}):
        response = search(client, "nerima", **terms)
        assert response.status_code == 200, response.content
        assert [c["record_uid"] for c in response.json()] == [str(aoki.record_uid)], terms
    # Every term must match: the right name with another child's guardian finds no one.
    assert search(client, "nerima", name="青木 陽向", guardian_phone="080-6614-2709").json() == []


def test_a_match_on_a_guardians_phone_is_recorded_as_a_read_of_it_and_of_that_guardian(client, demo, aoki):
    before = head()
    (found,) = search(client, "nerima", guardian_phone="090-4821-3357").json()
    assert [g["phone"] for g in found["guardians"]] == ["090-4821-3357"]
    (event,) = reads_after(before)
    guardian = aoki.guardian_links.get().guardian
    assert event.subjects == sorted([["childcare.child", str(aoki.pk)], ["childcare.guardian", str(guardian.pk)]])
    assert "guardian.phone" in event.fields and event.data["searched_by"] == ["guardian.phone"]
    assert "4821" not in json.dumps([event.data, event.fields, event.subjects])


def test_a_child_who_left_is_found_by_search(client, demo):
    sakura = child_named("中村 さくら")  # left on 2026-03-31
    (found,) = search(client, "nerima", name="中村 さくら").json()
    assert found["record_uid"] == str(sakura.record_uid) and found["left_on"] == "2026-03-31"


def test_no_search_crosses_tenants_or_reaches_roles_without_children(client, demo):
    assert search(client, "hoiku", name="青木 陽向").json() == []  # 新宿区's staff, a 練馬区 child
    response = search(client, "auditor", name="岡田 葵")
    assert response.status_code == 403


def test_bad_terms_are_refused_with_what_and_why(client, demo):
    response = search(client, "nerima", birth_date="2023-05-14")
    assert response.status_code == 400
    assert response.json()["message"] == ("児童は birth_date では検索できません。"
                                          "name, kana, guardian_phone, guardian_email を使ってください")
    response = search(client, "nerima", name=42)
    assert response.status_code == 400 and "検索条件 name は文字列で指定してください" in response.json()["message"]
    response = search(client, "nerima")
    assert response.status_code == 400 and "のいずれかを1つ以上指定してください" in response.json()["message"]
    response = search(client, "nerima", guardian_phone="ー－")  # separators only: the value is not echoed
    assert response.status_code == 400
    assert response.json()["message"] == ("検索条件 guardian_phone は空白と区切り文字を除くと"
                                          "何も残りません")
    response = client.post(SEARCH, {"name": "青木 陽向"}, headers=api_headers(client, "nerima"))  # a form body
    assert response.status_code == 415


def test_a_person_working_for_two_wards_finds_each_wards_child_and_each_ward_logs_only_its_own(client, demo, aoki):
    # The same name in 新宿区, registered by its own staff; `nerima` also joins 新宿区's 保育課.
    himawari = Facility.objects.get(name="新宿区立ひまわり保育園")
    shinjuku = himawari.municipality
    business = RegisteredBusiness.objects.get(municipality=shinjuku, name="保育業務支援システム")
    namesake = child_register(actor=User.objects.get(username="hoiku"), facility=himawari, business=business,
                              enrolled_on=datetime.date(2025, 4, 1), name="青木 陽向", kana="アオキ ヒナタ",
                              birth_date=datetime.date(2023, 1, 9))
    nerima = User.objects.get(username="nerima")
    Membership.objects.create(user=nerima, municipality=shinjuku, role=Role.DEPARTMENT_STAFF,
                              department=himawari.department)

    before = head()
    found = search(client, "nerima", name="青木 陽向").json()
    assert sorted(c["record_uid"] for c in found) == sorted([str(aoki.record_uid), str(namesake.record_uid)])
    events = {e.tenant_id: e for e in reads_after(before)}
    assert events.keys() == {aoki.municipality_id, shinjuku.pk}
    assert events[aoki.municipality_id].subjects == [["childcare.child", str(aoki.pk)]]
    assert events[shinjuku.pk].subjects == [["childcare.child", str(namesake.pk)]]


def test_a_list_cut_at_the_page_limit_says_so_and_records_only_the_children_shown(client, demo, monkeypatch):
    from childcare.children import views

    monkeypatch.setattr(views, "PAGE_LIMIT", 1)
    login(client, "kango")  # two children at 練馬ぴよぴよ
    before = head()
    page = client.get("/children/").content.decode()
    assert page.count('class="child"') == 1
    assert "先頭の 1 人のみ表示しています。施設で絞り込むか、検索してください。" in page
    (event,) = reads_after(before)
    assert len(event.subjects) == 1
    assert "先頭の" not in client.get("/children/?facility=0").content.decode()
