"""Booking through the API: created, or refused naming the rule, and then nothing changed."""

import datetime

import pytest
from rest_framework.test import APIClient

from audit.models import AuditEvent
from childcare.care import rules
from childcare.care.errors import CareRefused
from childcare.care.models import CareBooking, CarePlace, CareSlotBand
from childcare.care.services import booking_cancel, booking_create
from tests.childcare.care.conftest import approve, nerima_child, next_open_day
from tests.childcare.conftest import api_headers

pytestmark = pytest.mark.django_db


def _post(client, headers, child, facility_id, date, slot="am"):
    return client.post("/api/v1/care/bookings/", {"child": str(child.record_uid), "facility": facility_id,
                                                  "date": date.isoformat(), "slot": slot},
                       format="json", headers=headers)


def test_staff_books_a_place_on_a_guardians_behalf(nerima_piyo, staff):
    """Given an approved registration, when staff book a morning, then one place of the child's band is taken."""
    aoki = nerima_child("青木 陽向")
    approve(aoki)
    client = APIClient()
    date = next_open_day()
    response = _post(client, api_headers(client, "piyopiyo"), aoki, nerima_piyo.facility_id, date)
    assert response.status_code == 201, response.content
    booking = CareBooking.objects.get()
    assert response.json() == {"id": booking.pk, "child": str(aoki.record_uid), "facility": nerima_piyo.facility_id,
                               "date": date.isoformat(), "slot": "am", "band": "1-2", "status": "booked",
                               "fee_yen": 1200, "cancellation_fee_yen": None,
                               "checked_in_at": None, "checked_out_at": None, "late_units": 0, "no_show": False}
    place = CarePlace.objects.get()
    assert (place.band, place.capacity, place.taken) == ("1-2", 6, 1)
    event = AuditEvent.objects.filter(name="childcare.care_booking.created").get()
    assert event.subjects == [["childcare.child", str(aoki.pk)]] and event.object_id == str(booking.pk)


def _refused(response, status: int, code: str):
    assert response.status_code == status, response.content
    assert response.json()["code"] == code
    assert CareBooking.objects.count() == 0 or code == "care.duplicate"


def test_each_rule_refuses_with_its_code_and_changes_nothing(nerima_piyo, staff):
    aoki, ueda = nerima_child("青木 陽向"), nerima_child("上田 結衣")
    approve(aoki)
    client = APIClient()
    headers = api_headers(client, "nerima")
    fid = nerima_piyo.facility_id
    date = next_open_day()
    _refused(_post(client, headers, ueda, fid, date), 403, "care.registration_missing")
    sunday = date + datetime.timedelta(days=6 - date.weekday())
    _refused(_post(client, headers, aoki, fid, sunday), 400, "care.closed_day")
    late = rules.booking_deadline(nerima_piyo, date) + datetime.timedelta(minutes=1)
    with pytest.raises(CareRefused) as refused:
        booking_create(actor=staff, child=aoki, facility_id=fid, date=date, slot_code="am", now=late)
    assert refused.value.code == "care.deadline_passed" and CareBooking.objects.count() == 0
    _refused(_post(client, headers, aoki, fid, date + datetime.timedelta(days=70)), 403, "care.window_not_open")
    _refused(_post(client, headers, aoki, fid, date, slot="night"), 400, "care.slot_unknown")
    nerima_piyo.minimum_age_days = 10_000
    nerima_piyo.save()
    _refused(_post(client, headers, aoki, fid, date), 403, "care.under_minimum_age")
    nerima_piyo.minimum_age_days, nerima_piyo.max_days_per_week = 57, 1
    nerima_piyo.save()
    assert _post(client, headers, aoki, fid, date).status_code == 201
    _refused(_post(client, headers, aoki, fid, date, slot="pm"), 409, "care.duplicate")
    other = date + datetime.timedelta(days=1 if date.weekday() < 5 else -1)
    response = _post(client, headers, aoki, fid, other)
    assert response.status_code == 403 and response.json()["code"] == "care.cap_week"
    assert CareBooking.objects.count() == 1 and CarePlace.objects.get().taken == 1


def test_refusal_is_explained_in_japanese(nerima_piyo, staff):
    ueda = nerima_child("上田 結衣")
    client = APIClient()
    response = _post(client, api_headers(client, "piyopiyo"), ueda, nerima_piyo.facility_id, next_open_day())
    assert response.status_code == 403
    assert response.json()["message"].startswith("この児童には") and "年度" in response.json()["message"]


def test_a_guardian_cannot_book_a_child_not_theirs(nerima_piyo):
    aoki = nerima_child("青木 陽向")
    approve(aoki)
    client = APIClient()
    _refused(_post(client, api_headers(client, "guardian"), aoki, nerima_piyo.facility_id, next_open_day()),
             404, "care.child_not_found")


def test_full_place_is_a_409_naming_the_waiting_list(nerima_piyo, staff):
    aoki, ueda = nerima_child("青木 陽向"), nerima_child("上田 結衣")
    approve(aoki), approve(ueda)
    CareSlotBand.objects.filter(slot__care_facility=nerima_piyo, slot__code="am", band="1-2").update(capacity=1)
    date = next_open_day()
    booking_create(actor=staff, child=aoki, facility_id=nerima_piyo.facility_id, date=date, slot_code="am")
    client = APIClient()
    response = _post(client, api_headers(client, "piyopiyo"), ueda, nerima_piyo.facility_id, date)
    assert response.status_code == 409 and response.json()["code"] == "care.full"
    assert CareBooking.objects.count() == 1 and CarePlace.objects.get().taken == 1


def test_cancellation_applies_the_facilitys_fee_rule(nerima_piyo, staff):
    """Free until 17:00 three days before; ¥500 flat after it (練馬ぴよぴよ's demo rule)."""
    aoki = nerima_child("青木 陽向")
    approve(aoki)
    date = next_open_day()
    first = booking_create(actor=staff, child=aoki, facility_id=nerima_piyo.facility_id, date=date, slot_code="am")
    client = APIClient()
    response = client.post(f"/api/v1/care/bookings/{first.pk}/cancel/", headers=api_headers(client, "piyopiyo"))
    assert response.status_code == 200 and response.json()["cancellation_fee_yen"] == 0
    assert CarePlace.objects.get().taken == 0
    late = datetime.datetime.combine(date - datetime.timedelta(days=1), datetime.time(18), tzinfo=datetime.UTC)
    second = booking_create(actor=staff, child=aoki, facility_id=nerima_piyo.facility_id, date=date, slot_code="am")
    assert booking_cancel(actor=staff, booking=second, now=late).cancellation_fee_yen == 500
    again = client.post(f"/api/v1/care/bookings/{second.pk}/cancel/", headers=api_headers(client, "piyopiyo"))
    assert again.status_code == 409 and again.json()["code"] == "care.already_cancelled"
