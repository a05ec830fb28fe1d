"""The lottery at the window's opening: the seed committed before, revealed after, and the draw re-runs the same."""

import datetime
import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from audit.models import AuditEvent
from childcare.care import lottery, rules
from childcare.care.errors import CareConflict, CareRefused
from childcare.care.models import (
    CareBooking,
    CareFacility,
    CareLottery,
    CareLotteryEntry,
    CarePlace,
    CareRegistration,
    CareSlotBand,
)
from childcare.care.services import booking_create
from governance.tenancy.models import User
from tests.childcare.care.conftest import approve, nerima_child
from tests.childcare.conftest import api_headers, child_named, login

pytestmark = pytest.mark.django_db

NAMES = ("青木 陽向", "石川 蓮", "上田 結衣")


@pytest.fixture
def drawn_day(nerima_piyo):
    """練馬ぴよぴよ draws lots for 48 hours from the window's opening; one place per band on the morning asked."""
    nerima_piyo.lottery_at_opening, nerima_piyo.lottery_hours = True, 48
    nerima_piyo.save()
    CareSlotBand.objects.filter(slot__care_facility=nerima_piyo, slot__code="am").update(capacity=1)
    today = datetime.date.today()
    day = (today.replace(day=1) + datetime.timedelta(days=40)).replace(day=10)  # in the month after next
    day += datetime.timedelta(days=1) if day.weekday() == 6 else datetime.timedelta()
    opens, closes = rules.lottery_window(nerima_piyo, day)
    children = [nerima_child(name) for name in NAMES]
    for child in children:
        approve(child, rules.fiscal_year(day))
    return nerima_piyo, day, opens, closes, children


def _apply_all(care, day, at):
    staff = User.objects.get(username="piyopiyo")
    return [lottery.lottery_apply(actor=staff, child=child, facility_id=care.facility_id, date=day, slot_code="am",
                                  now=at) for child in [nerima_child(n) for n in NAMES]]


def test_the_draw_is_committed_before_revealed_after_and_re_runs_the_same(drawn_day):
    care, day, opens, closes, children = drawn_day
    staff = User.objects.get(username="piyopiyo")
    during = opens + datetime.timedelta(hours=1)
    with pytest.raises(CareRefused) as refused:
        booking_create(actor=staff, child=children[0], facility_id=care.facility_id, date=day, slot_code="am",
                       now=during)
    assert refused.value.code == "care.lottery_window"
    entries = _apply_all(care, day, during)
    with pytest.raises(CareConflict) as refused:
        lottery.lottery_apply(actor=staff, child=children[0], facility_id=care.facility_id, date=day,
                              slot_code="pm", now=during)
    assert refused.value.code == "care.lottery_already_applied"
    drawing = CareLottery.objects.get()
    commitment = AuditEvent.objects.get(name="childcare.care_lottery.committed")
    assert commitment.data["seed_sha256"] == drawing.seed_sha256 and drawing.revealed_seed == ""
    assert drawing.seed not in str(list(AuditEvent.objects.values_list("data", flat=True)))  # sealed until drawn
    with pytest.raises(CareRefused) as refused:
        lottery.lottery_draw(actor=None, lottery=drawing, now=closes - datetime.timedelta(minutes=1))
    assert refused.value.code == "care.lottery_not_closed"

    assert lottery.lotteries_due(now=closes + datetime.timedelta(minutes=1)) == 1
    drawing.refresh_from_db()
    assert drawing.revealed_seed == drawing.seed
    assert AuditEvent.objects.get(name="childcare.care_lottery.drawn").data["seed"] == drawing.seed
    # Each band's one place went to the first drawn; the order is the seed's, whoever re-computes it.
    by_place: dict[int, list[int]] = {}
    for entry in entries:
        by_place.setdefault(entry.place_id, []).append(entry.pk)
    for place_id, ids in by_place.items():
        drawn = drawing.result[str(place_id)]
        assert drawn["order"] == lottery.draw_order(drawing.seed, sorted(ids)) and drawn["places"] == 1
        outcomes = dict(CareLotteryEntry.objects.filter(pk__in=ids).values_list("pk", "outcome"))
        assert outcomes[drawn["order"][0]] == "won" and all(outcomes[i] == "lost" for i in drawn["order"][1:])
        assert CarePlace.objects.get(pk=place_id).taken == 1
    assert CareBooking.objects.filter(date=day).count() == len(by_place)
    assert any(len(ids) > 1 for ids in by_place.values())  # at least one band was oversubscribed

    verification = lottery.lottery_verify(actor=None, lottery_id=drawing.pk)
    assert verification.ok
    out = io.StringIO()
    call_command("care_lottery", verify=drawing.pk, stdout=out)
    assert "re-runs to the same result" in out.getvalue()
    client = APIClient()
    response = client.get(f"/api/v1/care/lotteries/{drawing.pk}/verify/", headers=api_headers(client, "kansa-nerima"))
    assert response.status_code == 200, response.content
    assert response.json()["ok"] is True and response.json()["seed"] == drawing.seed

    # A result altered afterwards no longer re-runs.
    place_id, drawn = next((p, d) for p, d in drawing.result.items() if len(d["order"]) > 1)
    CareLottery.objects.filter(pk=drawing.pk).update(
        result={**drawing.result, place_id: {**drawn, "order": list(reversed(drawn["order"]))}})
    assert not lottery.lottery_verify(actor=None, lottery_id=drawing.pk).ok


def test_outside_the_lottery_hours_it_takes_no_application_and_booking_is_as_usual(drawn_day):
    care, day, _opens, closes, children = drawn_day
    staff = User.objects.get(username="piyopiyo")
    after = closes + datetime.timedelta(minutes=1)
    with pytest.raises(CareRefused) as refused:
        lottery.lottery_apply(actor=staff, child=children[0], facility_id=care.facility_id, date=day,
                              slot_code="am", now=after)
    assert refused.value.code == "care.lottery_closed"
    assert booking_create(actor=staff, child=children[0], facility_id=care.facility_id, date=day, slot_code="am",
                          now=after).date == day
    assert CareLottery.objects.count() == 0


def test_during_the_lottery_hours_the_calendars_button_applies_for_the_draw(demo, client):
    """The demo guardian presses a place at ひまわり保育園 while it draws lots: an application, not a booking."""
    care = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    care.lottery_at_opening, care.window_opens_day, care.window_opens_time = True, 1, datetime.time(0, 0)
    care.lottery_hours = 24 * 45  # from the 1st of this month for next month's places: open now
    care.save()
    day = (datetime.date.today().replace(day=1) + datetime.timedelta(days=32)).replace(day=12)
    day += datetime.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
    okada = child_named("岡田 葵")
    if not CareRegistration.objects.filter(child=okada, fiscal_year=rules.fiscal_year(day)).exists():
        approve(okada, rules.fiscal_year(day), by="hoiku")
    login(client, "guardian")
    response = client.post("/care/book/", {"child": str(okada.record_uid), "facility": care.facility_id,
                                           "date": day.isoformat(), "slot": "full"}, follow=True)
    assert "抽選に申し込みました" in response.content.decode()
    assert CareLotteryEntry.objects.filter(child=okada, place__date=day).count() == 1
    assert not CareBooking.objects.filter(child=okada, date=day).exists()
