"""Availability: per day × slot × band, in one query, with ○ △ × marks."""

import datetime

import pytest
from rest_framework.test import APIClient

from childcare.care.models import CareClosedDay, CarePlace, CareSlot
from governance.tenancy.models import User
from tests.childcare.care.conftest import next_open_day

pytestmark = pytest.mark.django_db


def test_availability_is_one_query_with_marks(nerima_piyo, django_assert_num_queries):
    date = next_open_day()
    am = CareSlot.objects.get(care_facility=nerima_piyo, code="am")
    CarePlace.objects.create(care_facility=nerima_piyo, slot=am, date=date, band="1-2", capacity=6, taken=4)
    CarePlace.objects.create(care_facility=nerima_piyo, slot=am, date=date, band="3+", capacity=6, taken=6)
    closed = date + datetime.timedelta(days=1 if date.weekday() < 5 else 2)
    CareClosedDay.objects.create(care_facility=nerima_piyo, date=closed, reason="施設点検")
    client = APIClient()
    client.force_authenticate(User.objects.get(username="guardian"))
    url = f"/api/v1/care/availability/?facility={nerima_piyo.facility_id}&from={date}&to={closed}"
    with django_assert_num_queries(2):  # the actor's role, then every day × slot × band in one query
        response = client.get(url)
    assert response.status_code == 200
    rows = {(r["date"], r["slot"], r["band"]): r for r in response.json()}
    assert len(rows) == 2 * 3 * 3 if (closed - date).days == 1 else len(rows) == 3 * 3 * 3
    assert rows[(date.isoformat(), "am", "0")] | {} == {
        "date": date.isoformat(), "slot": "am", "slot_label": "午前", "band": "0", "capacity": 3, "taken": 0,
        "left": 3, "closed": False, "mark": "○"}
    assert (rows[(date.isoformat(), "am", "1-2")]["left"], rows[(date.isoformat(), "am", "1-2")]["mark"]) == (2, "△")
    assert (rows[(date.isoformat(), "am", "3+")]["left"], rows[(date.isoformat(), "am", "3+")]["mark"]) == (0, "×")
    assert all(r["mark"] == "×" and r["closed"] for k, r in rows.items() if k[0] == closed.isoformat())


def test_availability_names_what_is_wrong(nerima_piyo):
    client = APIClient()
    client.force_authenticate(User.objects.get(username="guardian"))
    base = f"/api/v1/care/availability/?facility={nerima_piyo.facility_id}"
    reversed_ = client.get(f"{base}&from=2027-01-10&to=2027-01-01")
    assert reversed_.status_code == 400 and reversed_.json()["code"] == "care.range_reversed"
    missing = client.get("/api/v1/care/availability/?facility=999999&from=2027-01-01&to=2027-01-10")
    assert missing.status_code == 404 and missing.json()["code"] == "care.facility_not_found"
    bad = client.get(f"{base}&from=soon&to=2027-01-10")
    assert bad.status_code == 400 and bad.json()["field"] == "from"
