"""Registration (利用登録): a guardian applies online, the registering facility interviews and decides; every
refusal names its rule and changes nothing."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from childcare.care.errors import CareConflict, CareInvalid, CareNotFound, CareRefused
from childcare.care.models import CareFacility, CareRegistration
from childcare.care.registration import registration_apply, registration_decide, registration_interview
from childcare.care.rules import fiscal_year
from governance.tenancy.models import Facility, User
from tests.childcare.care.conftest import nerima_child
from tests.childcare.conftest import api_headers, child_named, head, login

pytestmark = pytest.mark.django_db

THIS_YEAR = fiscal_year(timezone.localdate())
NEXT_YEAR = THIS_YEAR + 1


def _apply(client, headers, child, facility_id, year=NEXT_YEAR, **notes):
    return client.post("/api/v1/care/registrations/", {"child": str(child.record_uid), "facility": facility_id,
                                                       "fiscal_year": year, **notes}, format="json", headers=headers)


def _state(registration: CareRegistration) -> tuple:
    registration.refresh_from_db()
    return (registration.status, registration.interviewed_on, registration.decided_by_id, registration.decided_at)


@pytest.fixture
def himawari(demo) -> Facility:
    return Facility.objects.get(name="新宿区立ひまわり保育園")


def test_guardian_applies_online_with_notes_stored_encrypted(himawari):
    """Given the demo guardian, when they apply for 岡田 葵 next fiscal year, then the application waits for the
    interview, expires on 31 March, and the notes are sealed in the database and named (not quoted) in the log."""
    okada = child_named("岡田 葵")
    client = APIClient()
    seq = head()
    response = _apply(client, api_headers(client, "guardian"), okada, himawari.pk,
                      allergy_notes="小麦アレルギー", health_notes="", disability_notes="", notes="午睡は短め")
    assert response.status_code == 201, response.content
    registration = CareRegistration.objects.get(child=okada, fiscal_year=NEXT_YEAR)
    body = response.json()
    assert body == {"id": registration.pk, "child": str(okada.record_uid), "facility": himawari.pk,
                    "fiscal_year": NEXT_YEAR, "status": "applied", "valid_until": f"{NEXT_YEAR + 1}-03-31",
                    "applied_at": body["applied_at"], "interviewed_on": None, "decided_at": None}
    assert (registration.allergy_notes, registration.notes, registration.health_notes) == ("小麦アレルギー",
                                                                                           "午睡は短め", "")
    with connection.cursor() as cursor:
        # The notes are sealed with the record's other values; the allergy notes (要配慮) in its sensitive seal.
        cursor.execute(f'SELECT sealed_personal, sealed_sensitive, allergy_notes, notes '
                       f'FROM "{CareRegistration._meta.db_table}" WHERE id = %s', [registration.pk])
        personal, sensitive, *columns = cursor.fetchone()
    raw = bytes(personal) + bytes(sensitive)
    assert "小麦".encode() not in raw and "午睡".encode() not in raw and columns == [None, None]
    (event,) = AuditEvent.objects.filter(seq__gt=seq, name="childcare.care_registration.applied")
    assert sorted(event.fields) == ["care_registration.allergy_notes", "care_registration.notes"]
    assert "小麦" not in str(event.data) and event.subjects == [["childcare.child", str(okada.pk)]]


def test_staff_interview_and_approve_and_the_guardian_sees_state_and_expiry(himawari):
    okada = child_named("岡田 葵")
    client = APIClient()
    guardian, head_ = api_headers(client, "guardian"), api_headers(client, "himawari")
    registration_id = _apply(client, guardian, okada, himawari.pk).json()["id"]
    pending = client.get("/api/v1/care/registrations/?status=applied", headers=head_)
    assert [r["id"] for r in pending.json()] == [registration_id]
    today = timezone.localdate().isoformat()
    interviewed = client.post(f"/api/v1/care/registrations/{registration_id}/interview/",
                              {"interviewed_on": today}, format="json", headers=head_)
    assert interviewed.status_code == 200 and interviewed.json()["interviewed_on"] == today
    approved = client.post(f"/api/v1/care/registrations/{registration_id}/decision/", {"approve": True},
                           format="json", headers=head_)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    mine = client.get("/api/v1/care/registrations/", headers=guardian).json()
    assert [(r["fiscal_year"], r["status"], r["valid_until"]) for r in mine] == [
        (THIS_YEAR, "approved", f"{THIS_YEAR + 1}-03-31"), (NEXT_YEAR, "approved", f"{NEXT_YEAR + 1}-03-31")]
    assert client.get("/api/v1/care/registrations/?status=applied", headers=head_).json() == []
    names = list(AuditEvent.objects.filter(object_id=str(registration_id),
                                           name__startswith="childcare.care_registration.")
                 .order_by("seq").values_list("name", flat=True))
    assert names == ["childcare.care_registration.applied", "childcare.care_registration.interviewed",
                     "childcare.care_registration.approved"]


def test_application_refusals_name_their_rule_and_write_nothing(himawari):
    okada, aoki = child_named("岡田 葵"), nerima_child("青木 陽向")
    nerima_piyo = Facility.objects.get(name="練馬ぴよぴよ")
    client = APIClient()
    guardian = api_headers(client, "guardian")
    count, seq = CareRegistration.objects.count(), head()
    cases = [
        (_apply(client, guardian, okada, himawari.pk, year=THIS_YEAR), 409, "care.registration_exists"),
        (_apply(client, guardian, aoki, nerima_piyo.pk), 404, "care.child_not_found"),  # another ward's child
        (_apply(client, guardian, okada, nerima_piyo.pk), 404, "care.facility_not_found"),  # another ward
        (_apply(client, guardian, okada, himawari.pk, year=NEXT_YEAR + 1), 400, "care.fiscal_year_invalid"),
        (_apply(client, guardian, okada, himawari.pk, allergy_notes="あ" * 2001), 400, "care.notes_too_long"),
        (_apply(client, api_headers(client, "auditor"), okada, himawari.pk), 403, "care.role_not_allowed"),
    ]
    for response, status, code in cases:
        assert (response.status_code, response.json()["code"]) == (status, code), response.content
    assert cases[0][0].json()["message"] == f"この児童は{THIS_YEAR}年度の利用登録が既にあります"
    assert CareRegistration.objects.count() == count
    assert not AuditEvent.objects.filter(seq__gt=seq, name__startswith="childcare.care_registration").exists()


def test_decision_refusals_name_their_rule_and_change_nothing(himawari):
    okada = child_named("岡田 葵")
    guardian_user, head_user = User.objects.get(username="guardian"), User.objects.get(username="himawari")
    registration = registration_apply(actor=guardian_user, child=okada, facility=himawari, fiscal_year=NEXT_YEAR)
    before, seq = _state(registration), head()
    client = APIClient()
    decide_url = f"/api/v1/care/registrations/{registration.pk}/decision/"
    as_guardian = client.post(decide_url, {"approve": True}, format="json", headers=api_headers(client, "guardian"))
    assert (as_guardian.status_code, as_guardian.json()["code"]) == (403, "care.staff_only")
    other_ward = client.post(decide_url, {"approve": True}, format="json", headers=api_headers(client, "nerima"))
    assert (other_ward.status_code, other_ward.json()["code"]) == (403, "care.staff_only")
    headers = api_headers(client, "himawari")
    early = client.post(decide_url, {"approve": True}, format="json", headers=headers)
    assert (early.status_code, early.json()["code"]) == (403, "care.interview_missing")
    no_reason = client.post(decide_url, {"approve": False, "reason": "  "}, format="json", headers=headers)
    assert (no_reason.status_code, no_reason.json()["code"]) == (400, "care.reason_missing")
    assert no_reason.json()["message"] == "不承認には理由が必要です"
    with pytest.raises(CareInvalid) as future:
        registration_interview(actor=head_user, registration=registration,
                               interviewed_on=timezone.localdate() + datetime.timedelta(days=1))
    assert future.value.code == "care.interview_in_future"
    with pytest.raises(CareRefused):
        registration_interview(actor=guardian_user, registration=registration, interviewed_on=timezone.localdate())
    assert _state(registration) == before
    assert not AuditEvent.objects.filter(seq__gt=seq, name__startswith="childcare.care_registration").exists()


def test_a_facility_whose_rules_need_no_interview_approves_at_once(himawari):
    CareFacility.objects.filter(facility=himawari).update(interview_required=False)
    registration = registration_apply(actor=User.objects.get(username="guardian"), child=child_named("岡田 葵"),
                                      facility=himawari, fiscal_year=NEXT_YEAR)
    decided = registration_decide(actor=User.objects.get(username="himawari"), registration=registration,
                                  approve=True)
    assert (decided.status, decided.interviewed_on) == ("approved", None)


def test_refusal_keeps_its_reason_encrypted_and_a_decided_registration_stays_decided(himawari):
    okada, head_user = child_named("岡田 葵"), User.objects.get(username="himawari")
    registration = registration_apply(actor=User.objects.get(username="guardian"), child=okada, facility=himawari,
                                      fiscal_year=NEXT_YEAR)
    refused = registration_decide(actor=head_user, registration=registration, approve=False,
                                  reason="定員の都合により")
    assert (refused.status, refused.refusal_reason, refused.decided_by_id) == ("refused", "定員の都合により",
                                                                             head_user.pk)
    before = _state(registration)
    with pytest.raises(CareConflict) as again:
        registration_decide(actor=head_user, registration=registration, approve=True)
    assert again.value.code == "care.registration_decided" and _state(registration) == before
    with pytest.raises(CareNotFound):
        registration_apply(actor=User.objects.get(username="piyopiyo"), child=okada, facility=himawari,
                           fiscal_year=NEXT_YEAR)


def test_pages_guardian_applies_staff_decide_guardian_reads_the_reason(himawari, client):
    okada = child_named("岡田 葵")
    login(client, "guardian")
    form = client.get("/care/registrations/apply/").content.decode()
    assert "岡田 葵" in form and "新宿区立ひまわり保育園" in form and "練馬ぴよぴよ" not in form
    sent = client.post("/care/registrations/apply/", {
        "child": str(okada.record_uid), "facility": himawari.pk, "fiscal_year": NEXT_YEAR,
        "allergy_notes": "そばアレルギー"}, follow=True)
    assert "申請を受け付けました" in sent.content.decode()
    registration = CareRegistration.objects.get(child=okada, fiscal_year=NEXT_YEAR)
    again = client.post("/care/registrations/apply/", {
        "child": str(okada.record_uid), "facility": himawari.pk, "fiscal_year": NEXT_YEAR,
        "allergy_notes": "入力したまま"}).content.decode()
    assert "利用登録が既にあります" in again and "入力したまま" in again  # what was typed is kept

    login(client, "himawari")  # the facility head reads the sensitive notes
    seq = head()
    page = client.get("/care/registrations/").content.decode()
    assert "岡田 葵" in page and "そばアレルギー" in page
    (read,) = AuditEvent.objects.filter(seq__gt=seq, name="audit.personal_data.read")
    assert read.purpose == "childcare.care.registration" and "care_registration.allergy_notes" in read.fields
    client.post(f"/care/registrations/{registration.pk}/decision/", {"decision": "refuse", "reason": ""})
    assert _state(registration)[0] == "applied"  # no reason: nothing changed
    client.post(f"/care/registrations/{registration.pk}/decision/", {"decision": "refuse", "reason": "書類不備"})
    assert _state(registration)[0] == "refused"

    login(client, "guardian")
    seq = head()
    family = client.get("/care/").content.decode()
    assert "書類不備" in family and f"{NEXT_YEAR + 1}-03-31" in family and f"{THIS_YEAR + 1}-03-31" in family
    (read,) = AuditEvent.objects.filter(seq__gt=seq, name="audit.personal_data.read",
                                        fields__contains=["care_registration.refusal_reason"])
    assert read.subjects == [["childcare.child", str(okada.pk)]]
