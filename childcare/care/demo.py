"""Demo temporary care: 練馬区's five ぴよぴよ (seed 003) and 新宿区's demo nursery (seed 000), with rules that differ.

Idempotent. The demo `guardian` login's child 岡田 葵 gets an approved registration for the current fiscal
year, written through the services (so applied, interviewed and approved are in the audit log).
"""

import datetime

from django.utils import timezone

from childcare.care.models import AgeBand, CancellationFee, CareFacility, CareRegistration, CareSlot, CareSlotBand
from childcare.care.registration import registration_apply, registration_decide, registration_interview
from childcare.care.rules import fiscal_year
from childcare.children.models import Child
from governance.tenancy.models import Facility, User

# Seed 003: half days and full days; capacity 15 (貫井 6) split over the bands; 14 days a month.
NERIMA = {"minimum_age_days": 57, "window_opens_day": 15, "window_opens_time": datetime.time(10, 0),
          "deadline_days_before": 1, "deadline_time": datetime.time(15, 0), "cancel_days_before": 1,
          "cancel_time": datetime.time(17, 0), "cancellation_fee": CancellationFee.FLAT, "cancellation_flat_yen": 500,
          "max_days_per_week": 3, "max_days_per_month": 14, "closed_weekdays": [6]}
NERIMA_SLOTS = [("am", "午前", datetime.time(9, 0), datetime.time(13, 0)),
                ("pm", "午後", datetime.time(13, 0), datetime.time(17, 0)),
                ("full", "1日", datetime.time(9, 0), datetime.time(17, 0))]
NERIMA_FEES = {"am": (1300, 1200, 900), "pm": (1300, 1200, 900), "full": (2300, 2100, 1900)}
# Seed 000: a ward nursery, from 6 months old, full days only, 3 days before, hours × ¥300 after 18:00.
SHINJUKU = {"minimum_age_days": 183, "window_opens_day": 20, "window_opens_time": datetime.time(9, 0),
            "deadline_days_before": 3, "deadline_time": datetime.time(23, 59), "cancel_days_before": 1,
            "cancel_time": datetime.time(18, 0), "cancellation_fee": CancellationFee.HOURLY,
            "cancellation_hourly_yen": 300, "max_days_per_week": None, "max_days_per_month": 10,
            "closed_weekdays": [5, 6]}

FACILITIES = [
    # Free cancellation until 17:00 three days before, so a booking made for the day after tomorrow costs ¥500.
    ("練馬区", "練馬ぴよぴよ", {**NERIMA, "cancel_days_before": 3}, NERIMA_SLOTS, (3, 6, 6)),
    # One place for 1・2歳 a slot: the demo's booking of 青木 陽向 fills a day (a waiting list to join).
    ("練馬区", "貫井ぴよぴよ", {**NERIMA, "deadline_time": datetime.time(18, 0)}, NERIMA_SLOTS, (2, 1, 3)),
    ("練馬区", "関ぴよぴよ", NERIMA, NERIMA_SLOTS, (3, 6, 6)),
    ("練馬区", "大泉ぴよぴよ", {**NERIMA, "window_opens_day": 18}, NERIMA_SLOTS, (3, 6, 6)),
    ("練馬区", "光が丘ぴよぴよ", {**NERIMA, "window_opens_day": 20, "cancellation_fee": CancellationFee.FULL},
     NERIMA_SLOTS, (3, 6, 6)),
    ("新宿区", "新宿区立ひまわり保育園", SHINJUKU,
     [("full", "1日", datetime.time(8, 30), datetime.time(17, 0))], (1, 2, 2)),
]
SHINJUKU_FEES = {"full": (2300, 2100, 1900)}

BANDS = (AgeBand.INFANT, AgeBand.TODDLER, AgeBand.PRESCHOOL)


def care_demo_load() -> dict[str, int]:
    added = {"care facilities": 0, "care registrations": 0}
    for tenant, name, settings_, slots, capacities in FACILITIES:
        facility = Facility.objects.get(municipality__name=tenant, name=name)
        care, created = CareFacility.objects.get_or_create(facility=facility, defaults=settings_)
        added["care facilities"] += created
        fees = SHINJUKU_FEES if tenant == "新宿区" else NERIMA_FEES
        for order, (code, label, starts, ends) in enumerate(slots):
            slot, _ = CareSlot.objects.get_or_create(care_facility=care, code=code, defaults={
                "label": label, "starts_at": starts, "ends_at": ends, "order": order})
            for band, capacity, fee in zip(BANDS, capacities, fees[code], strict=True):
                CareSlotBand.objects.get_or_create(slot=slot, band=band,
                                                   defaults={"capacity": capacity, "fee_yen": fee})
    year = fiscal_year(timezone.localdate())
    staff = User.objects.get(username="hoiku")
    for child in Child.objects.filter(facility__name="新宿区立ひまわり保育園"):
        if child.name == "岡田 葵" and not CareRegistration.objects.filter(child=child, fiscal_year=year).exists():
            registration = registration_apply(actor=staff, child=child, facility=child.facility, fiscal_year=year,
                                              notes="人見知りが強いので、最初は保護者と一緒に過ごします")
            registration_interview(actor=staff, registration=registration, interviewed_on=timezone.localdate())
            registration_decide(actor=staff, registration=registration, approve=True)
            added["care registrations"] += 1
    return added
