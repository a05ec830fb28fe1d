"""Half-year registrations (登録有効期限 by the facility's rule) and their renewal."""

import datetime

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from childcare.care.errors import CareConflict
from childcare.care.models import CareRegistration, RegistrationStatus
from childcare.care.registration import registration_apply, registration_decide, registration_renew
from childcare.care.rules import registration_valid_until
from tests.childcare.care.conftest import facility, nerima_child
from tests.childcare.conftest import api_headers

D = datetime.date


@pytest.mark.parametrize(("term", "year", "today", "until"), [
    ("year", 2026, D(2026, 5, 10), D(2027, 3, 31)),
    ("half", 2026, D(2026, 5, 10), D(2026, 9, 30)),
    ("half", 2026, D(2026, 9, 30), D(2026, 9, 30)),
    ("half", 2026, D(2026, 10, 1), D(2027, 3, 31)),
    ("half", 2027, D(2027, 2, 1), D(2027, 9, 30)),  # applied for the next fiscal year: its first half
])
def test_the_expiry_follows_the_facilitys_term(term, year, today, until):
    assert registration_valid_until(term=term, year=year, today=today) == until


@pytest.mark.django_db
def test_a_half_year_registration_is_renewed_to_the_year_then_into_the_next(nerima_piyo, staff):
    nerima_piyo.registration_term = "half"
    nerima_piyo.interview_required = False
    nerima_piyo.save()
    aoki = nerima_child("青木 陽向")
    registration = registration_apply(actor=staff, child=aoki, facility=facility("練馬ぴよぴよ"), fiscal_year=2026,
                                      allergy_notes="鶏卵", today=D(2026, 5, 10))
    assert registration.valid_until == D(2026, 9, 30)
    registration_decide(actor=staff, registration=registration, approve=True)

    renewed = registration_renew(actor=staff, registration=registration, today=D(2026, 9, 20))
    assert (renewed.pk, renewed.valid_until) == (registration.pk, D(2027, 3, 31))

    following = registration_renew(actor=staff, registration=renewed, today=D(2027, 3, 1))
    assert (following.fiscal_year, following.status, following.valid_until) == (
        2027, RegistrationStatus.APPLIED, D(2027, 9, 30))
    following = CareRegistration.objects.get(pk=following.pk)
    assert following.allergy_notes == "鶏卵" and following.interviewed_on == registration.interviewed_on
    with pytest.raises(CareConflict) as refused:
        registration_renew(actor=staff, registration=renewed, today=D(2027, 3, 2))
    assert refused.value.code == "care.registration_exists"
    assert AuditEvent.objects.filter(name="childcare.care_registration.renewed").count() == 2


@pytest.mark.django_db
def test_renewal_over_the_api_refuses_what_is_not_approved(nerima_piyo, staff):
    aoki = nerima_child("青木 陽向")
    registration = registration_apply(actor=staff, child=aoki, facility=facility("練馬ぴよぴよ"),
                                      fiscal_year=D.today().year if D.today().month >= 4 else D.today().year - 1)
    client = APIClient()
    response = client.post(f"/api/v1/care/registrations/{registration.pk}/renew/",
                           headers=api_headers(client, "piyopiyo"))
    assert (response.status_code, response.json()["code"]) == (409, "care.registration_not_approved")


@pytest.mark.django_db
def test_staff_record_a_waiver_and_renew_on_the_registrations_page(nerima_piyo, client):
    from tests.childcare.care.conftest import approve
    from tests.childcare.conftest import login

    registration = approve(nerima_child("青木 陽向"))
    login(client, "piyopiyo")
    page = client.get("/care/registrations/").content.decode()
    assert f"/care/registrations/{registration.pk}/waiver/" in page and "住民税非課税世帯" in page
    response = client.post(f"/care/registrations/{registration.pk}/waiver/", {"waiver": "welfare"}, follow=True)
    assert "減免区分を記録しました。" in response.content.decode()
    assert CareRegistration.objects.get(pk=registration.pk).fee_waiver == "welfare"
    refused = client.post(f"/care/registrations/{registration.pk}/waiver/", {"waiver": "rich"}, follow=True)
    assert "不明な減免区分" in refused.content.decode()
    assert CareRegistration.objects.get(pk=registration.pk).fee_waiver == "welfare"
    renewed = client.post(f"/care/registrations/{registration.pk}/renew/", follow=True).content.decode()
    assert "年度を同じ内容で申請しました" in renewed
    assert CareRegistration.objects.filter(child=registration.child, fiscal_year=registration.fiscal_year + 1,
                                           status="applied").exists()
