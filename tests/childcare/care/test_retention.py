"""Retention: a registration is crypto-shredded the period after it expires, bookings and usage the period after
their fiscal year; the child's own record stays readable."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from childcare.care.models import CareBooking, CareRegistration
from childcare.care.services import booking_create
from governance.crypto.shredding import record_shredded
from governance.registry.models import RegisteredBusiness
from governance.retention.models import RetentionRule
from governance.retention.sweeper import sweep
from governance.tenancy.models import User
from tests.childcare.care.conftest import approve, nerima_child, next_open_day


@pytest.mark.django_db(transaction=True)
def test_registrations_and_bookings_go_the_period_after_expiry_and_fiscal_year(nerima_piyo):
    aoki = nerima_child("青木 陽向")
    registration = approve(aoki)
    registration.allergy_notes = "鶏卵"
    registration.save()
    assert registration.data_key_id != aoki.data_key_id  # its own key: shredding it leaves the child
    booking = booking_create(actor=User.objects.get(username="piyopiyo"), child=aoki,
                             facility_id=nerima_piyo.facility_id, date=next_open_day(), slot_code="am")
    business = RegisteredBusiness.objects.get(municipality=aoki.municipality, name="子育て支援に関する業務")
    for source, action in (("childcare.temporary_care_registration", "crypto_shred"),
                           ("childcare.temporary_care_booking", "delete")):
        RetentionRule.objects.create(municipality=aoki.municipality, business=business, source=source,
                                     trigger="last_use", period_years=1, action=action)
    assert booking.fiscal_year_ends_on == registration.valid_until  # both end with the fiscal year
    last_day = registration.valid_until + relativedelta(years=1)

    kept = sweep(as_of=last_day, tenant_id=aoki.municipality_id)
    assert kept.erased == 0 and CareBooking.objects.filter(pk=booking.pk).exists()
    swept = sweep(as_of=last_day + datetime.timedelta(days=1), tenant_id=aoki.municipality_id)

    assert swept.erased == 2
    assert record_shredded(CareRegistration.objects.get(pk=registration.pk))
    assert not CareBooking.objects.filter(pk=booking.pk).exists()
    assert nerima_child("青木 陽向").name == "青木 陽向"
