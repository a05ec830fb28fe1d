"""The facilities' rules as pure functions."""

import datetime

from childcare.care import rules
from childcare.care.models import CancellationFee, CareFacility, CareSlot

TOKYO = rules.TOKYO


def test_band_is_the_age_on_1_april_of_the_fiscal_year():
    born = datetime.date(2023, 5, 14)
    assert rules.age_band(birth_date=born, on=datetime.date(2026, 4, 1)) == "1-2"   # 2 on 2026-04-01
    assert rules.age_band(birth_date=born, on=datetime.date(2027, 3, 31)) == "1-2"  # same fiscal year
    assert rules.age_band(birth_date=datetime.date(2023, 4, 1), on=datetime.date(2026, 4, 2)) == "3+"
    assert rules.age_band(birth_date=datetime.date(2026, 1, 10), on=datetime.date(2026, 3, 1)) == "0"
    assert rules.fiscal_year(datetime.date(2027, 3, 31)) == 2026


def test_window_deadline_and_cancellation_fees():
    care = CareFacility(window_opens_day=15, window_opens_time=datetime.time(10), deadline_days_before=1,
                        deadline_time=datetime.time(15), cancel_days_before=1, cancel_time=datetime.time(17),
                        cancellation_fee=CancellationFee.HOURLY, cancellation_hourly_yen=300,
                        cancellation_flat_yen=500)
    slot = CareSlot(starts_at=datetime.time(9), ends_at=datetime.time(12, 30))
    date = datetime.date(2027, 1, 12)
    assert rules.window_opens_at(care, date) == datetime.datetime(2026, 12, 15, 10, tzinfo=TOKYO)
    assert rules.booking_deadline(care, date) == datetime.datetime(2027, 1, 11, 15, tzinfo=TOKYO)
    before = datetime.datetime(2027, 1, 11, 17, tzinfo=TOKYO)
    after = before + datetime.timedelta(minutes=1)
    assert rules.cancellation_fee(rules=care, slot=slot, date=date, fee_yen=1300, now=before) == 0
    assert rules.cancellation_fee(rules=care, slot=slot, date=date, fee_yen=1300, now=after) == 4 * 300
    care.cancellation_fee = CancellationFee.FLAT
    assert rules.cancellation_fee(rules=care, slot=slot, date=date, fee_yen=1300, now=after) == 500
    care.cancellation_fee = CancellationFee.FULL
    assert rules.cancellation_fee(rules=care, slot=slot, date=date, fee_yen=1300, now=after) == 1300
    care.cancellation_fee = CancellationFee.FREE
    assert rules.cancellation_fee(rules=care, slot=slot, date=date, fee_yen=1300, now=after) == 0
