"""The same place is never sold twice: real concurrent transactions on PostgreSQL, each on its own connection."""

import contextlib
import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from childcare.care.errors import CareConflict
from childcare.care.models import CareBooking, CarePlace, CareSlot
from childcare.care.services import booking_create
from childcare.children.models import Child
from governance.crypto import data_keys_provision
from governance.tenancy.models import User
from tests.childcare.care.conftest import approve, next_open_day

ATTEMPTS = 200
AT_ONCE = 40  # connections open at the same time: PostgreSQL's max_connections (100) is shared with other suites


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_attempts_for_the_last_3_places_sell_exactly_3(nerima_piyo):
    """Given 3 places left of 6, when 200 children try at once, then 3 are booked and 197 clearly refused."""
    staff = User.objects.get(username="piyopiyo")
    template = Child.objects.filter(facility=nerima_piyo.facility).first()
    children = [Child(municipality_id=template.municipality_id, facility=nerima_piyo.facility,
                      business_id=template.business_id, enrolled_on=datetime.date(2026, 4, 1),
                      name=f"テスト {i}", kana="", address="", allergy_notes="", health_notes="",
                      disability_notes="", birth_date=datetime.date(2022, 6, 1)) for i in range(ATTEMPTS)]
    data_keys_provision(children)
    children = Child.objects.bulk_create(children)
    for child in children:
        approve(child)
    date = next_open_day()
    slot = CareSlot.objects.get(care_facility=nerima_piyo, code="am")
    CarePlace.objects.create(care_facility=nerima_piyo, slot=slot, date=date, band="3+", capacity=6, taken=3)

    start = threading.Barrier(AT_ONCE)
    gate = threading.Semaphore(AT_ONCE)

    def attempt(child: Child) -> str:
        with gate:
            try:
                with contextlib.suppress(threading.BrokenBarrierError):
                    start.wait(timeout=5)  # the first wave of 40 leaves together
                booking_create(actor=staff, child=child, facility_id=nerima_piyo.facility_id, date=date,
                               slot_code="am")
                return "booked"
            except CareConflict as exc:
                return exc.code
            finally:
                connection.close()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        outcomes = list(pool.map(attempt, children))

    assert outcomes.count("booked") == 3
    assert outcomes.count("care.full") == ATTEMPTS - 3
    assert CarePlace.objects.get(slot=slot, date=date, band="3+").taken == 6
    assert CareBooking.objects.filter(date=date, status="booked").count() == 3
