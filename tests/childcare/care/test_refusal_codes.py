"""The booking refusals of a registration refused or expired and of the monthly cap: each names its rule, and
nothing is booked."""

import datetime

import pytest
from rest_framework.test import APIClient

from childcare.care.errors import CareRefused
from childcare.care.models import CareBooking, CarePlace, CareRegistration
from childcare.care.registration import registration_apply, registration_decide
from childcare.care.rules import TOKYO, fiscal_year
from childcare.care.services import booking_create
from governance.tenancy.models import User
from tests.childcare.care.conftest import approve, nerima_child, next_open_day
from tests.childcare.conftest import api_headers

pytestmark = pytest.mark.django_db


def _post(client, headers, child, facility_id, date, slot="am"):
    return client.post("/api/v1/care/bookings/", {"child": str(child.record_uid), "facility": facility_id,
                                                  "date": date.isoformat(), "slot": slot},
                       format="json", headers=headers)


def test_a_refused_registration_refuses_the_booking(nerima_piyo, staff):
    """Given 上田 結衣's registration refused with a reason, a booking is refused as care.registration_refused."""
    ueda = nerima_child("上田 結衣")
    date = next_open_day()
    registration = registration_apply(actor=staff, child=ueda, facility=nerima_piyo.facility,
                                      fiscal_year=fiscal_year(date))
    registration_decide(actor=staff, registration=registration, approve=False, reason="書類が揃っていません")
    client = APIClient()
    response = _post(client, api_headers(client, "piyopiyo"), ueda, nerima_piyo.facility_id, date)
    assert (response.status_code, response.json()["code"]) == (403, "care.registration_refused")
    assert response.json()["message"] == f"この児童の{fiscal_year(date)}年度の利用登録は不承認です"
    assert CareBooking.objects.count() == 0 and CarePlace.objects.filter(taken__gt=0).count() == 0


def test_a_registration_ended_before_the_date_refuses_the_booking(nerima_piyo, staff):
    """A registration whose validity ends before the booked day (登録有効期限) is care.registration_expired."""
    aoki = nerima_child("青木 陽向")
    date = next_open_day()
    registration = approve(aoki, fiscal_year(date))
    CareRegistration.objects.filter(pk=registration.pk).update(valid_until=date - datetime.timedelta(days=1))
    client = APIClient()
    response = _post(client, api_headers(client, "piyopiyo"), aoki, nerima_piyo.facility_id, date)
    assert (response.status_code, response.json()["code"]) == (403, "care.registration_expired")
    assert response.json()["field"] == "date"
    assert CareBooking.objects.count() == 0 and CarePlace.objects.filter(taken__gt=0).count() == 0


def test_the_monthly_cap_counts_every_facility_and_refuses_the_next_day(nerima_piyo):
    """練馬ぴよぴよ allows one day a month; a day booked at 関ぴよぴよ counts, so the next one is care.cap_month."""
    aoki = nerima_child("青木 陽向")
    month = (next_open_day(40)).replace(day=1)  # a whole month ahead, its window open
    monday = month + datetime.timedelta(days=(7 - month.weekday()) % 7)
    first, second = monday, monday + datetime.timedelta(days=8)  # different weeks: the weekly cap stays out
    approve(aoki, fiscal_year(first))
    nerima_piyo.max_days_per_week, nerima_piyo.max_days_per_month = None, 1
    nerima_piyo.save()
    seki = type(nerima_piyo).objects.get(facility__name="関ぴよぴよ")
    seki.window_opens_day, seki.window_opens_time = 1, datetime.time(0, 0)
    seki.save()
    now = datetime.datetime.combine(month - datetime.timedelta(days=10), datetime.time(12), tzinfo=TOKYO)
    department = User.objects.get(username="nerima")  # runs both facilities
    booking_create(actor=department, child=aoki, facility_id=seki.facility_id, date=first, slot_code="am", now=now)
    with pytest.raises(CareRefused) as refused:
        booking_create(actor=department, child=aoki, facility_id=nerima_piyo.facility_id, date=second, slot_code="am",
                       now=now)
    assert refused.value.code == "care.cap_month"
    assert refused.value.message == (f"この児童は{second.isoformat()}の月に既に1日予約しています。"
                                     "練馬ぴよぴよの上限は月1日です")
    assert list(CareBooking.objects.values_list("date", flat=True)) == [first]
    assert list(CarePlace.objects.filter(taken__gt=0).values_list("date", flat=True)) == [first]
