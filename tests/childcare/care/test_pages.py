"""Pages: the guardian books from the month calendar; the roster shows notes only to the roles the policy allows."""

import datetime

import pytest

from audit.models import AuditEvent
from childcare.care.models import CareBooking, CareFacility
from childcare.care.services import booking_create
from governance.tenancy.models import User
from tests.childcare.care.conftest import approve, nerima_child, next_open_day
from tests.childcare.conftest import child_named, head, login, reads_after

pytestmark = pytest.mark.django_db


def test_guardian_books_from_the_calendar_and_sees_the_booking(demo, client):
    """The demo guardian's child 岡田 葵 (approved by the demo) books a full day at ひまわり保育園."""
    care = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    care.window_opens_day, care.deadline_days_before = 1, 1
    care.save()
    okada = child_named("岡田 葵")
    date = next_open_day()
    date += datetime.timedelta(days=(7 - date.weekday()) % 7 if date.weekday() >= 5 else 0)  # closed weekends
    login(client, "guardian")
    page = client.get(f"/care/?facility={care.facility_id}&month={date:%Y-%m}")
    assert page.status_code == 200
    assert f'data-date="{date:%Y-%m-%d}" data-slot="full"' in page.content.decode()
    response = client.post("/care/book/", {"child": str(okada.record_uid), "facility": care.facility_id,
                                           "date": date.isoformat(), "slot": "full"}, follow=True)
    assert "予約しました。" in response.content.decode()
    booking = CareBooking.objects.get()
    assert (booking.child_id, booking.date, booking.status) == (okada.pk, date, "booked")


def test_each_page_is_refused_to_the_roles_it_is_not_for(demo, client):
    """The family pages are the guardians', the roster and the registrations the staff's: anyone else gets a 403,
    and nothing is booked, applied for or read."""
    care = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    okada, seq = child_named("岡田 葵"), head()
    registrations = care.facility.care_registrations.count()
    login(client, "himawari")  # the head of ひまわり保育園
    book = {"child": str(okada.record_uid), "facility": care.facility_id, "date": next_open_day().isoformat(),
            "slot": "full"}
    staff = [client.get("/care/"), client.get("/care/registrations/apply/"), client.post("/care/book/", book),
             client.post("/care/registrations/apply/", {**book, "fiscal_year": "2027"})]
    assert [r.status_code for r in staff] == [403, 403, 403, 403]
    login(client, "guardian")
    assert [client.get(url).status_code for url in ("/care/roster/", "/care/registrations/")] == [403, 403]
    login(client, "auditor")
    assert [client.get(url).status_code for url in ("/care/", "/care/roster/", "/care/registrations/")] == [403] * 3
    assert CareBooking.objects.count() == 0
    assert care.facility.care_registrations.count() == registrations
    assert reads_after(seq) == []


def test_roster_shows_notes_to_the_nurse_only(demo, client):
    nerima_piyo = CareFacility.objects.get(facility__name="練馬ぴよぴよ")
    nerima_piyo.window_opens_day = 1
    nerima_piyo.save()
    aoki = nerima_child("青木 陽向")
    approve(aoki)
    date = next_open_day()
    booking_create(actor=User.objects.get(username="nerima"), child=aoki, facility_id=nerima_piyo.facility_id,
                   date=date, slot_code="am")
    seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    login(client, "kango")  # nurse: reads allergies
    nurse = client.get(f"/care/roster/?facility={nerima_piyo.facility_id}&date={date}").content.decode()
    assert "青木 陽向" in nurse and "鶏卵" in nurse
    login(client, "piyopiyo")  # childcare worker: the name, not the notes
    worker = client.get(f"/care/roster/?facility={nerima_piyo.facility_id}&date={date}").content.decode()
    assert "青木 陽向" in worker and "鶏卵" not in worker
    reads = list(AuditEvent.objects.filter(name="audit.personal_data.read", seq__gt=seq,
                                           purpose="childcare.care.roster").order_by("seq"))
    assert [sorted(e.fields) for e in reads] == [
        ["care_registration.allergy_notes", "care_registration.disability_notes", "care_registration.health_notes",
         "care_registration.notes", "child.allergy_notes", "child.disability_notes", "child.health_notes",
         "child.kana", "child.name"], ["child.kana", "child.name"]]
