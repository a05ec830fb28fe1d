import datetime

import pytest
from django.utils import timezone

from childcare.care.models import CareFacility, CareRegistration, RegistrationStatus
from childcare.care.rules import fiscal_year, fiscal_year_end
from childcare.children.models import Child
from governance.tenancy.models import Facility, User


def next_open_day(days: int = 7) -> datetime.date:
    """A Monday-to-Saturday at least ``days`` ahead (練馬ぴよぴよ closes on Sundays)."""
    date = timezone.localdate() + datetime.timedelta(days=days)
    return date + datetime.timedelta(days=1) if date.weekday() == 6 else date


def approve(child: Child, year: int | None = None, *, by: str = "nerima") -> CareRegistration:
    year = year or fiscal_year(next_open_day())
    return CareRegistration.objects.create(
        municipality_id=child.municipality_id, child=child, facility=child.facility, fiscal_year=year,
        status=RegistrationStatus.APPROVED,
        applied_by=User.objects.get(username=by), interviewed_on=timezone.localdate(),
        valid_until=fiscal_year_end(year))


@pytest.fixture
def nerima_piyo(demo) -> CareFacility:
    """練馬ぴよぴよ with its window always open for the next weeks (the demo's rules otherwise)."""
    care = CareFacility.objects.get(facility__name="練馬ぴよぴよ")
    care.window_opens_day, care.window_opens_time = 1, datetime.time(0, 0)
    care.save()
    return care


@pytest.fixture
def staff(demo) -> User:
    return User.objects.get(username="piyopiyo")


def nerima_child(name: str) -> Child:
    (child,) = [c for c in Child.objects.filter(facility__name__in=["練馬ぴよぴよ", "貫井ぴよぴよ"]) if c.name == name]
    return child


def facility(name: str) -> Facility:
    return Facility.objects.get(name=name)
