"""Every response showing personal fields records exactly one access event; auditors find it; changes are audited."""

import csv
import datetime
import io
import json

import pytest

from audit.chain import verify
from audit.models import AuditEvent
from childcare.children.models import Child, HouseholdMember
from childcare.children.services import child_leave, child_update
from common.errors import Forbidden, InvalidInput
from governance.tenancy.models import User
from tests.childcare.conftest import READ, api_headers, child_named, head, login, reads_after
from tests.support import audit_sealed

# 岡田 葵 is held under 保育業務支援システム: seed 002's items, and no field its registry does not list (no
# disability of the child, no e-mail), so those are neither read nor withheld.
HIMAWARI_DETAIL_FIELDS = [
    "child.address", "child.allergy_notes", "child.birth_date", "child.care_status", "child.development_notes",
    "child.family_doctor", "child.health_notes", "child.kana", "child.name", "child.nationality", "child.sex",
    "guardian.address", "guardian.birth_date", "guardian.disability_notes", "guardian.employer_address",
    "guardian.employer_name", "guardian.employer_phone", "guardian.family_situation", "guardian.fax",
    "guardian.home_phone", "guardian.housing", "guardian.illness_notes", "guardian.kana", "guardian.name",
    "guardian.nationality", "guardian.phone", "guardian.relationship", "household_member.birth_date",
    "household_member.name", "household_member.relationship", "household_member.sex"]


def test_opening_one_child_records_one_event_naming_the_fields_shown_and_the_auditor_finds_it(client, demo, okada):
    login(client, "himawari")  # head of 新宿区立ひまわり保育園: sensitive fields yes, bank accounts no
    before = head()
    assert client.get(f"/children/{okada.record_uid}/").status_code == 200

    (event,) = reads_after(before)
    himawari = User.objects.get(username="himawari")
    guardians = sorted(link.guardian_id for link in okada.guardian_links.all())
    assert event.actor_id == himawari.pk and event.tenant_id == okada.municipality_id
    assert event.fields == HIMAWARI_DETAIL_FIELDS
    members = HouseholdMember.objects.filter(guardian_id__in=guardians).values_list("pk", flat=True)
    assert event.subjects == sorted([["childcare.child", str(okada.pk)],
                                     *(["childcare.guardian", str(pk)] for pk in guardians),
                                     *(["childcare.householdmember", str(pk)] for pk in members)])
    assert (event.purpose, event.channel) == ("childcare.child.detail", "web")
    assert event.data == {"sensitive_fields": ["child.allergy_notes", "child.development_notes", "child.health_notes",
                                               "guardian.disability_notes", "guardian.family_situation",
                                               "guardian.illness_notes"],
                          "actor_facility_ids": [okada.facility_id], "subject_facility_ids": [okada.facility_id]}
    stored = json.dumps([event.fields, event.subjects, event.data, event.purpose], ensure_ascii=False)
    assert "岡田" not in stored and "そば" not in stored and "090" not in stored

    # The auditor of 新宿区 finds it by the child and by the actor, through the audit API.
    headers = api_headers(client, "auditor")
    by_child = client.get(f"/api/v1/audit/events/?subject_type=childcare.child&subject_id={okada.pk}",
                          headers=headers).json()["results"]
    assert event.seq in [e["seq"] for e in by_child]
    assert [e["fields"] for e in by_child if e["seq"] == event.seq] == [HIMAWARI_DETAIL_FIELDS]
    by_actor = client.get(f"/api/v1/audit/events/?actor_id={himawari.pk}&name={READ}", headers=headers).json()
    assert [e["seq"] for e in by_actor["results"]] == [event.seq]
    question = client.get(f"/api/v1/audit/questions/subject_access/?subject_type=childcare.child"
                          f"&subject_id={okada.pk}", headers=headers).json()["results"]
    assert event.seq in [e["seq"] for e in question]
    audit_sealed()
    assert verify(okada.municipality_id).ok


def test_api_detail_records_one_event_without_the_withheld_fields(client, demo, aoki):
    headers = api_headers(client, "piyopiyo")  # childcare worker: no nursing fields, no bank account
    before = head()
    body = client.get(f"/api/v1/childcare/children/{aoki.record_uid}/", headers=headers).json()

    (event,) = reads_after(before)
    assert event.fields == sorted(body["fields_shown"])
    assert not {"child.allergy_notes", "guardian.bank_account"} & set(event.fields)
    assert event.data["sensitive_fields"] == [] and event.channel == "api"


def test_a_list_records_one_event_with_every_child_shown(client, demo):
    headers = api_headers(client, "nerima")
    before = head()
    rows = client.get("/api/v1/childcare/children/", headers=headers).json()

    (event,) = reads_after(before)
    assert len(rows) == 3
    assert event.subjects == sorted(["childcare.child", str(child_named(r["name"]).pk)] for r in rows)
    assert event.fields == ["child.birth_date", "child.kana", "child.name"]
    assert event.purpose == "childcare.children.list" and "actor_facility_ids" not in event.data


def test_csv_export_records_one_export_event(client, demo):
    login(client, "kango")
    before = head()
    response = client.get("/children/?format=csv")
    rows = response.content.decode("utf-8-sig").splitlines()

    assert rows[0] == "record_uid,facility,enrolled_on,left_on,child.name,child.kana,child.birth_date"
    assert len(rows) == 3
    (event,) = reads_after(before)
    assert (event.channel, event.purpose, len(event.subjects)) == ("export", "childcare.children.export", 2)


def test_csv_export_writes_a_name_that_looks_like_a_formula_inert(client, demo, aoki):
    child_update(actor=User.objects.get(username="nerima"), child=aoki, name="=HYPERLINK(\"http://evil.example\")")
    login(client, "kango")

    rows = list(csv.DictReader(io.StringIO(client.get("/children/?format=csv").content.decode("utf-8-sig"))))

    assert [r["child.name"] for r in rows if r["record_uid"] == str(aoki.record_uid)] == [
        "'=HYPERLINK(\"http://evil.example\")"]


def test_an_empty_list_records_nothing(client, demo, aoki):
    login(client, "kango")
    before = head()
    assert client.get(f"/children/?facility={aoki.facility_id + 999}").status_code == 200
    assert reads_after(before) == []


def test_changes_are_audited_with_field_names_only(demo, aoki):
    nerima = User.objects.get(username="nerima")
    before = head()
    child_update(actor=nerima, child=aoki, allergy_notes="鶏卵・キウイ", kana="アオキ ヒナタ")
    child_leave(actor=nerima, child=aoki, left_on=datetime.date(2026, 3, 31))

    events = AuditEvent.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.name, e.fields, e.subjects, e.data) for e in events] == [
        ("childcare.child.updated", ["child.allergy_notes"], [["childcare.child", str(aoki.pk)]], {}),
        ("childcare.child.left", [], [["childcare.child", str(aoki.pk)]], {"left_on": "2026-03-31"}),
    ]
    fresh = Child.objects.get(pk=aoki.pk)
    assert (fresh.allergy_notes, fresh.left_on) == ("鶏卵・キウイ", datetime.date(2026, 3, 31))
    assert "キウイ" not in json.dumps(list(events.values_list("data", "fields")), ensure_ascii=False)


@pytest.mark.parametrize("username", ["uchida", "guardian", "nukui", "auditor"])
def test_only_staff_of_the_facility_or_its_department_change_a_child(demo, aoki, username):
    before = head()
    with pytest.raises(Forbidden, match="練馬ぴよぴよ またはその所管課の職員だけです"):
        child_update(actor=User.objects.get(username=username), child=aoki, allergy_notes="なし")
    assert Child.objects.get(pk=aoki.pk).allergy_notes == "鶏卵（加熱品も不可）。エピペン携帯"
    assert head() == before


def test_leaving_before_enrolment_is_refused(demo, aoki):
    with pytest.raises(InvalidInput, match="退所日 2020-01-01 が入所日 2025-04-01 より前です"):
        child_leave(actor=User.objects.get(username="kango"), child=aoki, left_on=datetime.date(2020, 1, 1))
    assert Child.objects.get(pk=aoki.pk).left_on is None
