"""The waiting list: a freed place goes to the next child in order, held while offered, then booked or passed on."""

import datetime

import pytest
from rest_framework.test import APIClient

from childcare.care.models import CareBooking, CarePlace, CareSlotBand, CareWaitlistEntry
from childcare.care.services import booking_cancel, booking_create, waitlist_join, waitlist_offers_expire
from tests.childcare.care.conftest import approve, nerima_child, next_open_day
from tests.childcare.conftest import api_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_place(nerima_piyo):
    CareSlotBand.objects.filter(slot__care_facility=nerima_piyo, slot__code="am", band="1-2").update(capacity=1)
    return nerima_piyo


def test_cancellation_offers_the_place_to_the_first_waiting_who_confirms_it(one_place, staff):
    aoki, ueda, ishikawa = nerima_child("青木 陽向"), nerima_child("上田 結衣"), nerima_child("石川 蓮")
    for child in (aoki, ueda, ishikawa):
        approve(child)
    fid, date = one_place.facility_id, next_open_day()
    first = booking_create(actor=staff, child=aoki, facility_id=fid, date=date, slot_code="am")
    client = APIClient()
    headers = api_headers(client, "piyopiyo")
    joined = client.post("/api/v1/care/waitlist/", {"child": str(ueda.record_uid), "facility": fid,
                                                    "date": date.isoformat(), "slot": "am"}, format="json",
                         headers=headers)
    assert joined.status_code == 201 and joined.json()["status"] == "waiting"
    booking_cancel(actor=staff, booking=first)
    entry = CareWaitlistEntry.objects.get()
    assert entry.status == "offered" and entry.offer_expires_at is not None
    assert CarePlace.objects.get().taken == 1  # held for the offer: no one else can take it
    accepted = client.post(f"/api/v1/care/offers/{entry.pk}/accept/", headers=headers)
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["child"] == str(ueda.record_uid)
    entry.refresh_from_db()
    assert entry.status == "accepted" and entry.booking_id == accepted.json()["id"]
    assert CarePlace.objects.get().taken == 1
    assert CareBooking.objects.filter(status="booked").count() == 1


def test_an_offer_not_confirmed_in_time_passes_to_the_next_then_back_to_the_pool(one_place, staff):
    aoki, ueda = nerima_child("青木 陽向"), nerima_child("上田 結衣")
    approve(aoki), approve(ueda)
    fid, date = one_place.facility_id, next_open_day()
    first = booking_create(actor=staff, child=aoki, facility_id=fid, date=date, slot_code="am")
    entry = waitlist_join(actor=staff, child=ueda, facility_id=fid, date=date, slot_code="am")
    booking_cancel(actor=staff, booking=first)
    entry.refresh_from_db()
    assert waitlist_offers_expire(now=entry.offer_expires_at - datetime.timedelta(seconds=1)) == 0
    assert waitlist_offers_expire(now=entry.offer_expires_at) == 1
    entry.refresh_from_db()
    assert entry.status == "lapsed" and CarePlace.objects.get().taken == 0
    client = APIClient()
    late = client.post(f"/api/v1/care/offers/{entry.pk}/accept/", headers=api_headers(client, "piyopiyo"))
    assert late.status_code == 409 and late.json()["code"] == "care.offer_not_open"
    assert CareBooking.objects.filter(status="booked").count() == 0


def test_joining_the_waiting_list_of_a_place_with_room_is_refused(one_place, staff):
    aoki = nerima_child("青木 陽向")
    approve(aoki)
    client = APIClient()
    response = client.post("/api/v1/care/waitlist/", {"child": str(aoki.record_uid), "facility": one_place.facility_id,
                                                      "date": next_open_day().isoformat(), "slot": "am"},
                           format="json", headers=api_headers(client, "piyopiyo"))
    assert response.status_code == 409 and response.json()["code"] == "care.not_full"
    assert CareWaitlistEntry.objects.count() == 0


def test_beat_passes_lapsed_offers_on_every_five_minutes(settings):
    from childcare.care.tasks import expire_offers
    from config.celery import app

    assert settings.CELERY_BEAT_SCHEDULE["care-offers-expire"] == {"task": "childcare.care.expire_offers",
                                                                   "schedule": 300.0}
    assert "childcare.care.expire_offers" in app.tasks
    assert expire_offers() == 0  # nothing offered, nothing lapses
