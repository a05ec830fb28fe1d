"""Who sees which children (object level) and which of their fields (field level), through pages and API."""

import datetime
import uuid

import pytest

from audit.models import AuditEvent
from childcare.children.contracts import approved_party_fields
from childcare.children.models import Child
from childcare.children.services import child_register
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Membership, Municipality, Party, Role, User
from governance.tenancy.services import membership_create, user_create
from tests.childcare.conftest import api_headers, child_named, login

NERIMA_CHILDREN = {"青木 陽向", "石川 蓮", "上田 結衣"}
SHINJUKU_CHILDREN = {"岡田 葵", "加藤 悠真"}
SENSITIVE = {"allergy_notes", "health_notes", "disability_notes"}
CHILD_KEYS = {"name", "kana", "birth_date", "address"}
GUARDIAN_KEYS = {"record_uid", "name", "kana", "relationship", "phone", "email", "address"}


def listed_names(client, username) -> set[str]:
    response = client.get("/api/v1/childcare/children/", headers=api_headers(client, username))
    assert response.status_code == 200
    return {row["name"] for row in response.json()}


@pytest.mark.parametrize(("username", "expected"), [
    ("nerima", NERIMA_CHILDREN),            # department staff: every facility the department runs
    ("kango", {"青木 陽向", "石川 蓮"}),      # facility staff: own facility only
    ("piyopiyo", {"青木 陽向", "石川 蓮"}),
    ("nukui", {"上田 結衣"}),
    ("uchida", NERIMA_CHILDREN),            # vendor: the approved connection of 0804-01 covers its facilities
    ("hoiku", SHINJUKU_CHILDREN),
    ("himawari", SHINJUKU_CHILDREN),
    ("guardian", {"岡田 葵"}),               # own child only
])
def test_each_role_lists_exactly_the_children_it_may_see(client, demo, username, expected):
    assert listed_names(client, username) == expected


@pytest.mark.parametrize("username", ["auditor", "committee", "admin", "iin-nerima"])
def test_auditors_committee_and_administrators_see_no_personal_contents(client, demo, aoki, username):
    reads = AuditEvent.objects.filter(name="audit.personal_data.read").count()
    headers = api_headers(client, username)
    assert client.get("/api/v1/childcare/children/", headers=headers).status_code == 403
    assert client.get(f"/api/v1/childcare/children/{aoki.record_uid}/", headers=headers).status_code == 403
    login(client, username)
    assert client.get("/children/").status_code == 403
    assert client.get(f"/children/{aoki.record_uid}/").status_code == 403
    assert AuditEvent.objects.filter(name="audit.personal_data.read").count() == reads


def test_staff_of_another_facility_get_not_found_like_an_unknown_id_page_and_api(client, demo, aoki):
    unknown = uuid.uuid4()
    reads = AuditEvent.objects.filter(name="audit.personal_data.read").count()
    headers = api_headers(client, "nukui")  # 貫井ぴよぴよ; 青木 陽向 attends 練馬ぴよぴよ
    other = client.get(f"/api/v1/childcare/children/{aoki.record_uid}/", headers=headers)
    missing = client.get(f"/api/v1/childcare/children/{unknown}/", headers=headers)
    assert (other.status_code, missing.status_code) == (404, 404)
    assert other.json() == {"error": "NotFound", "message": f"ID「{aoki.record_uid}」の児童はいません",
                            "field": "record_uid"}
    assert missing.json() == {"error": "NotFound", "message": f"ID「{unknown}」の児童はいません",
                              "field": "record_uid"}
    login(client, "nukui")
    page_other, page_missing = client.get(f"/children/{aoki.record_uid}/"), client.get(f"/children/{unknown}/")
    assert (page_other.status_code, page_missing.status_code) == (404, 404)
    assert "青木" not in page_other.content.decode()
    # Nothing was read; the attempts are in the log as denials, the existing child named as their subject.
    assert AuditEvent.objects.filter(name="audit.personal_data.read").count() == reads
    denials = AuditEvent.objects.filter(name="childcare.child_read.denied").order_by("seq")
    assert [(e.object_id, e.subjects, e.actor_id) for e in denials] == [
        (str(aoki.pk), [["childcare.child", str(aoki.pk)]], User.objects.get(username="nukui").pk),
        ("", [], User.objects.get(username="nukui").pk),
    ] * 2


def test_another_tenants_child_is_not_found_even_for_its_departments_counterpart(client, demo, aoki, okada):
    headers = api_headers(client, "hoiku")  # 新宿区 保育課
    assert client.get(f"/api/v1/childcare/children/{aoki.record_uid}/", headers=headers).status_code == 404
    assert client.get(f"/api/v1/childcare/children/{okada.record_uid}/", headers=headers).status_code == 200
    headers = api_headers(client, "uchida")  # a 練馬区 vendor
    assert client.get(f"/api/v1/childcare/children/{okada.record_uid}/", headers=headers).status_code == 404


def detail(client, username, child) -> dict:
    response = client.get(f"/api/v1/childcare/children/{child.record_uid}/", headers=api_headers(client, username))
    assert response.status_code == 200
    return response.json()


def test_nursing_fields_only_for_the_nurse_and_head_of_the_childs_own_facility(client, demo, aoki, okada):
    nurse = detail(client, "kango", aoki)
    assert nurse["allergy_notes"] == "鶏卵（加熱品も不可）。エピペン携帯"
    assert set(nurse) >= SENSITIVE
    worker = detail(client, "piyopiyo", aoki)
    assert not SENSITIVE & set(worker)
    assert worker["fields_withheld"] == ["child.allergy_notes", "child.health_notes", "child.disability_notes",
                                         "child.development_notes", "guardian.bank_account",
                                         "guardian.family_situation", "guardian.illness_notes",
                                         "guardian.disability_notes"]
    department = detail(client, "nerima", aoki)
    assert not SENSITIVE & set(department)
    assert department["guardians"][0]["bank_account"] == "三菱UFJ銀行 練馬支店 普通 3141592"
    head = detail(client, "himawari", okada)
    assert head["allergy_notes"] == "そば・落花生" and "bank_account" not in head["guardians"][0]
    # The page shows the same: no allergy for the childcare worker, the allergy for the nurse.
    login(client, "piyopiyo")
    page = client.get(f"/children/{aoki.record_uid}/").content.decode()
    assert "青木 陽向" in page and "鶏卵" not in page and "3141592" not in page
    login(client, "kango")
    page = client.get(f"/children/{aoki.record_uid}/").content.decode()
    assert "鶏卵（加熱品も不可）。エピペン携帯" in page and 'data-field="child.allergy_notes"' in page


def test_a_nurse_position_at_another_facility_does_not_open_nursing_fields_here(client, demo, ueda):
    kango = User.objects.get(username="kango")
    membership_create(user=kango, municipality=Municipality.objects.get(name="練馬区"), role=Role.FACILITY_STAFF,
                      facility=ueda.facility)  # also works at 貫井ぴよぴよ, without a position there
    body = detail(client, "kango", ueda)
    assert body["name"] == "上田 結衣" and not SENSITIVE & set(body)


def test_vendor_reads_only_the_items_its_approved_connection_lists(client, demo, aoki):
    body = detail(client, "uchida", aoki)
    # 0804-01's connection to 株式会社内田洋行 lists the child's identity, address, allergy/illness/disability
    # and the guardian's name, phones, e-mail, address — not the relationship (続柄) or a bank account. Its
    # 児童性別 is the child's sex.
    assert set(body) - {"guardians", "fields_shown", "fields_withheld"} == {
        "record_uid", "facility_id", "facility", "enrolled_on", "left_on", "sex"} | CHILD_KEYS | SENSITIVE
    assert set(body["guardians"][0]) == GUARDIAN_KEYS - {"relationship"}
    assert body["fields_withheld"] == [
        "child.nationality", "child.development_notes", "child.care_status", "child.family_doctor",
        "guardian.relationship", "guardian.bank_account", "guardian.birth_date", "guardian.nationality",
        "guardian.home_phone", "guardian.fax", "guardian.employer_name", "guardian.employer_address",
        "guardian.employer_phone", "guardian.family_situation", "guardian.illness_notes", "guardian.disability_notes",
        "guardian.housing", "household_member.name", "household_member.relationship", "household_member.sex",
        "household_member.birth_date"]


def test_vendor_sees_nothing_outside_its_contracts(client, demo, aoki):
    nerima = Municipality.objects.get(name="練馬区")
    # A business of the same department with no approved connection or contract for the vendor.
    other_business = RegisteredBusiness.objects.create(municipality=nerima, name="休日保育に関する業務",
                                                       department=aoki.facility.department)
    outside = child_register(actor=User.objects.get(username="nerima"), facility=aoki.facility,
                             business=other_business, enrolled_on=datetime.date(2025, 4, 1), name="契約外 太郎",
                             birth_date=datetime.date(2023, 1, 1), allergy_notes="卵")
    assert "契約外 太郎" not in listed_names(client, "uchida")
    headers = api_headers(client, "uchida")
    assert client.get(f"/api/v1/childcare/children/{outside.record_uid}/", headers=headers).status_code == 404
    assert "契約外 太郎" in listed_names(client, "nerima")


def test_a_contract_whose_approved_period_ended_gives_its_vendor_nothing(client, demo, okada):
    """新宿区's 保育業務支援システム contract (approved v1) ran until 2025-03-31; no renewal is approved."""
    shinjuku = Municipality.objects.get(name="新宿区")
    asp = Party.objects.get(municipality=shinjuku, name="ASP事業者（保育業務支援システム）")
    user = user_create(username="asp-hoiku", password="a-long-enough-passphrase", validate=False)
    membership_create(user=user, municipality=shinjuku, role=Role.VENDOR_USER, party=asp)
    client.force_login(user, backend="governance.tenancy.auth.RoleBackend")
    assert client.get("/api/v1/childcare/children/").json() == []
    assert client.get(f"/api/v1/childcare/children/{okada.record_uid}/").status_code == 404
    # Inside the approved period the same approval would have let it read the child's approved items.
    business = okada.business_id
    in_period = approved_party_fields(municipality_id=shinjuku.pk, today=datetime.date(2025, 1, 15))
    assert in_period[business][asp.pk] >= {"child.name", "child.birth_date", "child.health_notes",
                                           "guardian.phone", "guardian.relationship"}
    assert "guardian.bank_account" not in in_period[business][asp.pk]
    assert asp.pk not in approved_party_fields(municipality_id=shinjuku.pk).get(business, {})


def test_guardian_sees_every_field_of_own_child_and_no_other_child(client, demo, okada):
    kato = child_named("加藤 悠真")
    body = detail(client, "guardian", okada)
    assert body["fields_withheld"] == [] and body["allergy_notes"] == "そば・落花生"
    assert [g["name"] for g in body["guardians"]] == ["岡田 健一", "岡田 由美"]
    headers = api_headers(client, "guardian")
    assert client.get(f"/api/v1/childcare/children/{kato.record_uid}/", headers=headers).status_code == 404
    login(client, "guardian")
    page = client.get("/children/mine/").content.decode()
    assert "岡田 葵" in page and "そば・落花生" in page and "加藤" not in page
    assert "1414213" not in page  # the portal leaves out the bank account (changed at the counter)


def test_only_guardians_have_the_portal(client, demo):
    login(client, "kango")
    assert client.get("/children/mine/").status_code == 403


def test_list_page_shows_names_and_links_by_record_uid_only(client, demo, aoki):
    login(client, "kango")
    page = client.get("/children/").content.decode()
    assert page.count('class="child"') == 2
    assert f'href="/children/{aoki.record_uid}/"' in page and "アオキ ヒナタ" in page
    assert "令和5年5月14日" in page  # dates in 和暦
    assert "鶏卵" not in page  # the list shows who, not their notes
    assert Child.objects.filter(facility=aoki.facility, left_on__isnull=True).count() == 2  # and one who left
    assert Membership.objects.get(user__username="kango").position == "nurse"


def test_a_child_erased_by_crypto_shredding_is_gone_for_everyone(client, demo):
    """The demo's child who left (中村 さくら) is listed with ?left=1 until its data key is shredded;
    then it is in no list and its detail is 404, like an unknown id — never an unreadable value."""
    from governance.crypto.shredding import record_shred

    left = child_named("中村 さくら")
    headers = api_headers(client, "nerima")
    listed = client.get("/api/v1/childcare/children/", {"left": "1"}, headers=headers).json()
    assert "中村 さくら" in {row["name"] for row in listed}

    record_shred(record=left, reason="retention_expired")

    listed = client.get("/api/v1/childcare/children/", {"left": "1"}, headers=headers).json()
    assert {row["name"] for row in listed} == NERIMA_CHILDREN
    assert client.get(f"/api/v1/childcare/children/{left.record_uid}/", headers=headers).status_code == 404
    login(client, "nerima")
    assert client.get("/children/", {"left": "1"}).status_code == 200
