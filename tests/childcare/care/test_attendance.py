"""The day itself: staff check children in and out with the real times, late pick-up in 30-minute units, no-shows."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from audit.models import AuditEvent
from childcare.care import attendance, rules
from childcare.care.errors import CareConflict, CareInvalid, CareRefused
from childcare.care.models import CareBooking, CareRegistration, CareSlot
from childcare.care.rules import TOKYO
from childcare.care.services import booking_create
from governance.tenancy.models import User
from tests.childcare.care.conftest import approve, nerima_child, next_open_day
from tests.childcare.conftest import api_headers, login

pytestmark = pytest.mark.django_db


def _at(date: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(hour, minute), tzinfo=TOKYO)


def _booked(care, name="青木 陽向", slot="am", date=None) -> CareBooking:
    child = nerima_child(name)
    date = date or next_open_day()
    if not CareRegistration.objects.filter(child=child).exists():
        approve(child)
    return booking_create(actor=User.objects.get(username="piyopiyo"), child=child, facility_id=care.facility_id,
                          date=date, slot_code=slot, now=_at(date - datetime.timedelta(days=2), 10))


def test_check_in_and_out_with_late_pick_up_in_started_half_hours(nerima_piyo, staff):
    """The morning ends at 13:00: picked up at 13:31 is two started half hours late."""
    booking = _booked(nerima_piyo)
    day = booking.date
    attendance.check_in(actor=staff, booking_id=booking.pk, at=_at(day, 9, 5), now=_at(day, 9, 6))
    booking = attendance.check_out(actor=staff, booking_id=booking.pk, at=_at(day, 13, 31), now=_at(day, 13, 32))
    booking.refresh_from_db()
    assert (booking.checked_in_at, booking.checked_out_at, booking.late_units) == (
        _at(day, 9, 5), _at(day, 13, 31), 2)
    events = AuditEvent.objects.filter(name__startswith="childcare.care_booking.checked").order_by("seq")
    assert [e.name for e in events] == ["childcare.care_booking.checked_in", "childcare.care_booking.checked_out"]
    assert events[1].data["late_units"] == 2 and events[1].subjects == [["childcare.child", str(booking.child_id)]]


@pytest.mark.parametrize(("out", "units"), [((13, 0), 0), ((13, 1), 1), ((13, 30), 1), ((14, 0), 2), ((12, 0), 0)])
def test_late_units_count_each_started_half_hour(out, units):
    day = datetime.date(2026, 6, 1)
    slot = CareSlot(starts_at=datetime.time(9), ends_at=datetime.time(13))
    assert rules.late_units(slot=slot, date=day, checked_out_at=_at(day, *out)) == units


def test_refusals_name_the_problem_and_change_nothing(nerima_piyo, staff):
    booking = _booked(nerima_piyo)
    day = booking.date
    nukui = User.objects.get(username="nukui")  # staff of another facility
    with pytest.raises(CareRefused) as refused:
        attendance.check_in(actor=nukui, booking_id=booking.pk, at=_at(day, 9), now=_at(day, 9))
    assert refused.value.code == "care.staff_only"
    with pytest.raises(CareConflict) as refused:
        attendance.check_out(actor=staff, booking_id=booking.pk, at=_at(day, 12), now=_at(day, 12))
    assert refused.value.code == "care.not_checked_in"
    with pytest.raises(CareInvalid) as refused:
        attendance.check_in(actor=staff, booking_id=booking.pk, at=_at(day + datetime.timedelta(days=1), 9),
                            now=_at(day + datetime.timedelta(days=1), 9))
    assert refused.value.code == "care.time_not_on_day"
    with pytest.raises(CareInvalid) as refused:
        attendance.check_in(actor=staff, booking_id=booking.pk, at=_at(day, 11), now=_at(day, 9))
    assert refused.value.code == "care.time_in_future"
    with pytest.raises(CareRefused) as refused:
        attendance.mark_no_show(actor=staff, booking_id=booking.pk, now=_at(day, 8, 59))
    assert refused.value.code == "care.not_started"
    booking.refresh_from_db()
    assert (booking.checked_in_at, booking.no_show, booking.attendance_by_id) == (None, False, None)
    attendance.check_in(actor=staff, booking_id=booking.pk, at=_at(day, 10), now=_at(day, 10))
    with pytest.raises(CareInvalid) as refused:
        attendance.check_out(actor=staff, booking_id=booking.pk, at=_at(day, 9, 30), now=_at(day, 11))
    assert refused.value.code == "care.out_before_in"
    with pytest.raises(CareConflict) as refused:
        attendance.mark_no_show(actor=staff, booking_id=booking.pk, now=_at(day, 11))
    assert refused.value.code == "care.already_checked_in"
    booking.refresh_from_db()
    assert (booking.checked_out_at, booking.no_show) == (None, False)


def test_a_no_show_counts_for_the_caps_where_the_facility_says_so(nerima_piyo, staff):
    """練馬ぴよぴよ allows 3 days a week; a no-show is a used day unless the facility's rule says otherwise."""
    monday = next_open_day(8)
    monday -= datetime.timedelta(days=monday.weekday())
    days = [monday + datetime.timedelta(days=n) for n in range(4)]
    first = _booked(nerima_piyo, date=days[0])
    for day in days[1:3]:
        _booked(nerima_piyo, date=day)
    attendance.mark_no_show(actor=staff, booking_id=first.pk, now=_at(days[0], 9, 30))
    with pytest.raises(CareRefused) as refused:
        _booked(nerima_piyo, date=days[3])
    assert refused.value.code == "care.cap_week"
    nerima_piyo.no_show_counts_for_caps = False
    nerima_piyo.save()
    assert _booked(nerima_piyo, date=days[3]).date == days[3]


def test_a_child_marked_absent_who_comes_after_all_is_checked_in(nerima_piyo, staff):
    booking = _booked(nerima_piyo)
    day = booking.date
    attendance.mark_no_show(actor=staff, booking_id=booking.pk, now=_at(day, 9, 30))
    booking = attendance.check_in(actor=staff, booking_id=booking.pk, at=_at(day, 10), now=_at(day, 10))
    assert (booking.no_show, booking.checked_in_at) == (False, _at(day, 10))


def test_check_in_and_out_over_the_api(nerima_piyo, staff):
    """Today's booking (the facility open every day for the test): in and out now, as the API's defaults."""
    nerima_piyo.closed_weekdays = []
    nerima_piyo.save()
    today = timezone.localdate()
    booking = _booked(nerima_piyo, slot="full", date=today)
    client = APIClient()
    headers = api_headers(client, "piyopiyo")
    response = client.post(f"/api/v1/care/bookings/{booking.pk}/check-in/", {}, format="json", headers=headers)
    assert response.status_code == 200, response.content
    assert response.json()["checked_in_at"] is not None and response.json()["no_show"] is False
    again = client.post(f"/api/v1/care/bookings/{booking.pk}/check-in/", {}, format="json", headers=headers)
    assert (again.status_code, again.json()["code"]) == (409, "care.already_checked_in")
    response = client.post(f"/api/v1/care/bookings/{booking.pk}/check-out/", {}, format="json", headers=headers)
    assert response.status_code == 200, response.content
    assert response.json()["checked_out_at"] is not None
    guardian = client.post(f"/api/v1/care/bookings/{booking.pk}/no-show/", headers=api_headers(client, "guardian"))
    assert guardian.status_code in (403, 404)


def test_roster_records_attendance_in_place(nerima_piyo, staff, client):
    """The roster's buttons post with htmx and get back their own row only, redrawn with the time."""
    nerima_piyo.closed_weekdays = []
    nerima_piyo.save()
    today = timezone.localdate()
    booking = _booked(nerima_piyo, slot="full", date=today)
    login(client, "piyopiyo")
    page = client.get(f"/care/roster/?facility={nerima_piyo.facility_id}&date={today:%Y-%m-%d}").content.decode()
    assert f'id="roster-{booking.pk}"' in page and "check-in" in page
    row = client.post(f"/care/roster/{booking.pk}/check-in/", {"time": ""}, headers={"HX-Request": "true"})
    html = row.content.decode()
    assert row.status_code == 200 and html.startswith("<tr") and "<html" not in html
    assert "青木 陽向" in html and 'class="check-out"' in html
    booking.refresh_from_db()
    assert booking.checked_in_at is not None
    refused = client.post(f"/care/roster/{booking.pk}/check-in/", {"time": ""}, headers={"HX-Request": "true"})
    assert 'role="alert"' in refused.content.decode()
    wrong = client.post(f"/care/roster/{booking.pk}/check-out/", {"time": "25:99"}, headers={"HX-Request": "true"})
    assert 'role="alert"' in wrong.content.decode()
    booking.refresh_from_db()
    assert booking.checked_out_at is None
