"""A month of demo temporary care (``manage.py load_care_demo_usage``, run by ``make run`` after the demo).

Kept out of the demo the tests load, which start from no booking. Idempotent: it adds nothing once last
month has bookings. Written through the services with the times they happened (so rules, locks, attendance
and audit events are the real ones):

- 新宿区立ひまわり保育園, last month: 岡田 葵 comes three days (once picked up late), misses one, cancels one
  after the deadline; 加藤 悠真 (a household exempt from resident tax) comes two days. Issue the month on
  /care/fees/ as ``hoiku``: two slips with barcodes; the report at /care/report/.
- 練馬ぴよぴよ: 青木 陽向 and 石川 蓮 registered; last month's use, and bookings on the next open day for the
  roster's check-in and the vendor sync (``manage.py care_vendor_sync --municipality 131202 --user nerima``).
- 貫井ぴよぴよ: 青木 陽向 takes the one 1・2歳 place of a day a week ahead (a waiting list for ``ueda`` to join).
"""

import datetime

from django.utils import timezone

from childcare.care import attendance, rules
from childcare.care.fees import registration_waiver_set
from childcare.care.models import CareBooking, CareFacility, CareRegistration, FeeWaiver, RegistrationStatus
from childcare.care.registration import registration_apply, registration_decide, registration_interview
from childcare.care.services import booking_cancel, booking_create
from childcare.children.models import Child
from governance.tenancy.models import User


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=rules.TOKYO)


def _registered(staff: User, child: Child, year: int, on: datetime.date) -> CareRegistration:
    registration = CareRegistration.objects.filter(child=child, fiscal_year=year).first()
    if registration is None:
        registration = registration_apply(actor=staff, child=child, facility=child.facility, fiscal_year=year,
                                          today=on)
    if registration.status == RegistrationStatus.APPLIED:
        if registration.interviewed_on is None:
            registration_interview(actor=staff, registration=registration, interviewed_on=min(on, timezone.localdate()))
        registration_decide(actor=staff, registration=registration, approve=True)
    return registration


def _open_days(care: CareFacility, first: datetime.date, last: datetime.date) -> list[datetime.date]:
    closed = set(care.closed_days.values_list("date", flat=True))
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)
            if not rules.is_closed(care, first + datetime.timedelta(days=n), closed)]


def care_demo_usage_load() -> dict[str, int]:
    today = timezone.localdate()
    first, last = rules.month_of(today.replace(day=1) - datetime.timedelta(days=1))
    if CareBooking.objects.filter(date__range=(first, last)).exists():
        return {}
    children = {c.name: c for c in Child.objects.filter(left_on__isnull=True)}
    added = {"care bookings": 0}

    def book(staff, child, care, day, slot):
        booking = booking_create(actor=staff, child=child, facility_id=care.facility_id, date=day, slot_code=slot,
                                 now=_at(day - datetime.timedelta(days=5), 10), check_window=False)
        added["care bookings"] += 1
        return booking

    def came(staff, booking, arrive, leave):
        attendance.check_in(actor=staff, booking_id=booking.pk, at=_at(booking.date, *arrive),
                            now=_at(booking.date, *arrive))
        attendance.check_out(actor=staff, booking_id=booking.pk, at=_at(booking.date, *leave),
                             now=_at(booking.date, *leave))

    hoiku = User.objects.get(username="hoiku")
    himawari = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    okada, kato = children["岡田 葵"], children["加藤 悠真"]
    for child in (okada, kato):
        _registered(hoiku, child, rules.fiscal_year(first), first)
    registration_waiver_set(actor=hoiku, registration=_registered(hoiku, kato, rules.fiscal_year(first), first),
                            waiver=FeeWaiver.TAX_EXEMPT)
    days = _open_days(himawari, first, last)
    for n, (arrive, leave) in enumerate([((8, 35), (17, 0)), ((8, 50), (17, 40)), ((9, 0), (16, 30))]):
        came(hoiku, book(hoiku, okada, himawari, days[n], "full"), arrive, leave)
    absent = book(hoiku, okada, himawari, days[3], "full")
    attendance.mark_no_show(actor=hoiku, booking_id=absent.pk, now=_at(days[3], 10))
    booking_cancel(actor=hoiku, booking=book(hoiku, okada, himawari, days[4], "full"),
                   now=_at(days[4] - datetime.timedelta(days=1), 20))
    for n in (0, 2):
        came(hoiku, book(hoiku, kato, himawari, days[n], "full"), (9, 0), (16, 0))

    piyopiyo = User.objects.get(username="piyopiyo")
    nerima = CareFacility.objects.get(facility__name="練馬ぴよぴよ")
    aoki, ishikawa = children["青木 陽向"], children["石川 蓮"]
    for child in (aoki, ishikawa):
        _registered(piyopiyo, child, rules.fiscal_year(first), first)
        _registered(piyopiyo, child, rules.fiscal_year(today), today)
    days = _open_days(nerima, first, last)
    came(piyopiyo, book(piyopiyo, aoki, nerima, days[1], "am"), (9, 0), (13, 20))
    came(piyopiyo, book(piyopiyo, ishikawa, nerima, days[1], "full"), (9, 5), (17, 0))
    came(piyopiyo, book(piyopiyo, aoki, nerima, days[8], "pm"), (13, 0), (17, 0))
    # The next open day's roster, for checking in on the page.
    upcoming = next(d for d in (today + datetime.timedelta(days=n) for n in range(7))
                    if not rules.is_closed(nerima, d, set()))
    for child, slot in ((aoki, "am"), (ishikawa, "full")):
        book(piyopiyo, child, nerima, upcoming, slot)
    # 貫井ぴよぴよ's one 1・2歳 place of a day a week ahead goes to 青木 陽向: 上田 結衣's family (`ueda`) can
    # join its waiting list, and is offered the place when 青木's booking is cancelled.
    nukui = CareFacility.objects.get(facility__name="貫井ぴよぴよ")
    full = next(d for d in (today + datetime.timedelta(days=n) for n in range(7, 14))
                if not rules.is_closed(nukui, d, set()))
    book(User.objects.get(username="nukui"), aoki, nukui, full, "full")
    return added
