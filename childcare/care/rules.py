"""The facilities' rules as pure functions of their settings: fiscal year, age band, window, deadlines, fees."""

import datetime
import math
from zoneinfo import ZoneInfo

from childcare.care.models import AgeBand, CancellationFee, CareFacility, CareSlot

TOKYO = ZoneInfo("Asia/Tokyo")


def fiscal_year(date: datetime.date) -> int:
    """年度: April to March; 2027-03-31 belongs to 2026."""
    return date.year if date.month >= 4 else date.year - 1


def fiscal_year_end(year: int) -> datetime.date:
    return datetime.date(year + 1, 3, 31)


def registration_valid_until(*, term: str, year: int, today: datetime.date) -> datetime.date:
    """登録有効期限: the fiscal year's end, or the end of the half (30 September, 31 March) the registration
    starts in: the current half for this fiscal year, the first half for a later one."""
    if term != "half":
        return fiscal_year_end(year)
    first_half_end = datetime.date(year, 9, 30)
    return first_half_end if fiscal_year(today) < year or today <= first_half_end else fiscal_year_end(year)


def age_band(*, birth_date: datetime.date, on: datetime.date) -> str:
    """The band by the child's age on 1 April of the fiscal year of ``on``."""
    april = datetime.date(fiscal_year(on), 4, 1)
    age = april.year - birth_date.year - ((april.month, april.day) < (birth_date.month, birth_date.day))
    if age <= 0:
        return AgeBand.INFANT
    return AgeBand.TODDLER if age <= 2 else AgeBand.PRESCHOOL


def _at(date: datetime.date, time: datetime.time) -> datetime.datetime:
    return datetime.datetime.combine(date, time, tzinfo=TOKYO)


def window_opens_at(rules: CareFacility, date: datetime.date) -> datetime.datetime:
    """A month's dates open on the set day of the month before, at the set time."""
    first = date.replace(day=1)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    return _at(previous.replace(day=min(rules.window_opens_day, 28)), rules.window_opens_time)


def lottery_window(rules: CareFacility, date: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """Where the facility draws lots at the opening: the hours from the window's opening the applications last."""
    opens = window_opens_at(rules, date)
    return opens, opens + datetime.timedelta(hours=rules.lottery_hours)


def in_lottery_window(rules: CareFacility, date: datetime.date, now: datetime.datetime) -> bool:
    if not rules.lottery_at_opening:
        return False
    opens, closes = lottery_window(rules, date)
    return opens <= now < closes


def booking_deadline(rules: CareFacility, date: datetime.date) -> datetime.datetime:
    return _at(date - datetime.timedelta(days=rules.deadline_days_before), rules.deadline_time)


def free_cancellation_until(rules: CareFacility, date: datetime.date) -> datetime.datetime:
    return _at(date - datetime.timedelta(days=rules.cancel_days_before), rules.cancel_time)


def slot_starts_at(slot: CareSlot, date: datetime.date) -> datetime.datetime:
    return _at(date, slot.starts_at)


def cancellation_fee(*, rules: CareFacility, slot: CareSlot, date: datetime.date, fee_yen: int,
                     now: datetime.datetime) -> int:
    """Nothing until the free-cancellation deadline; after it, the facility's rule."""
    if now <= free_cancellation_until(rules, date) or rules.cancellation_fee == CancellationFee.FREE:
        return 0
    if rules.cancellation_fee == CancellationFee.FLAT:
        return rules.cancellation_flat_yen
    if rules.cancellation_fee == CancellationFee.HOURLY:
        return math.ceil(slot.hours) * rules.cancellation_hourly_yen
    return fee_yen


def slot_ends_at(slot: CareSlot, date: datetime.date) -> datetime.datetime:
    return _at(date, slot.ends_at)


def late_units(*, slot: CareSlot, date: datetime.date, checked_out_at: datetime.datetime) -> int:
    """Late pick-up in 30-minute units: each started half hour after the slot's end counts (18:01 → 1)."""
    late = (checked_out_at - slot_ends_at(slot, date)).total_seconds()
    return math.ceil(late / 1800) if late > 0 else 0


def is_closed(rules: CareFacility, date: datetime.date, closed_dates: set[datetime.date]) -> bool:
    return date.weekday() in rules.closed_weekdays or date in closed_dates


def week_of(date: datetime.date) -> tuple[datetime.date, datetime.date]:
    monday = date - datetime.timedelta(days=date.weekday())
    return monday, monday + datetime.timedelta(days=6)


def month_of(date: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = date.replace(day=1)
    last = (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return first, last
