"""The demo guardian books and cancels a temporary-care place on a phone-sized screen (390 px), with Chromium."""

import datetime

import pytest
from django.utils import timezone

from childcare.care.models import CareBooking, CareFacility, CarePlace
from childcare.care.rules import TOKYO, fiscal_year
from childcare.care.services import booking_create
from governance.demo import DEMO_PASSWORD
from governance.tenancy.models import User
from tests.browser.conftest import log_in, screenshot
from tests.childcare.care.conftest import approve, nerima_child

PHONE = {"width": 390, "height": 844}


def _weekday_ahead(days: int) -> datetime.date:
    """A Monday-to-Friday at least ``days`` ahead (ひまわり保育園 takes no temporary care at weekends)."""
    date = timezone.localdate() + datetime.timedelta(days=days)
    return date + datetime.timedelta(days=(7 - date.weekday()) % 7 if date.weekday() >= 5 else 0)


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_guardian_books_sees_and_cancels_a_place_on_a_phone(page, live_server, demo):
    care = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    care.window_opens_day, care.window_opens_time, care.deadline_days_before = 1, datetime.time(0, 0), 1
    care.save()  # the window open whatever today's date (the demo opens it on the 20th)
    date = _weekday_ahead(7)
    page.set_viewport_size(PHONE)

    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "guardian")  # guardians sign in without a second factor
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".capabilities")
    _fits(page)

    page.click(".capabilities a:has-text('一時保育')")
    page.wait_for_selector("table.care-registrations")
    assert "承認" in page.locator("tr.care-registration").inner_text()  # the demo approved 岡田 葵
    page.goto(f"{page.url.split('?')[0]}?facility={care.facility_id}&month={date:%Y-%m}")
    page.wait_for_selector("table.care-calendar")
    _fits(page)

    page.click(f"button[data-date='{date:%Y-%m-%d}'][data-slot='full']")
    page.wait_for_selector("text=予約しました。")
    row = page.locator("table.care-bookings tr", has_text=f"{date.month}/{date.day}")
    assert "新宿区立ひまわり保育園" in row.inner_text() and "岡田 葵" in row.inner_text()
    booking = CareBooking.objects.get()
    assert (booking.date, booking.status, CarePlace.objects.get().taken) == (date, "booked", 1)
    _fits(page)
    screenshot(page, "care-guardian-booked-390.png")

    row.locator("button", has_text="取消").click()
    page.wait_for_selector("text=キャンセルしました。キャンセル料: 0円")
    booking.refresh_from_db()
    assert (booking.status, booking.cancellation_fee_yen, CarePlace.objects.get().taken) == ("cancelled", 0, 0)
    row = page.locator("table.care-bookings tr", has_text=f"{date.month}/{date.day}")
    assert "キャンセル済み" in row.inner_text() and row.locator("button").count() == 0
    _fits(page)


DESK = {"width": 1280, "height": 900}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_check_children_in_and_out_on_the_roster_without_a_reload(page, live_server, demo):
    """At 1280 px the staff of 練馬ぴよぴよ check a child in, then out, and mark another absent: each row is
    redrawn in place (htmx), the page itself never reloads."""
    care = CareFacility.objects.get(facility__name="練馬ぴよぴよ")
    care.closed_weekdays = []
    care.save()  # open today, whatever the weekday
    staff = User.objects.get(username="piyopiyo")
    today = timezone.localdate()
    yesterday = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(10), tzinfo=TOKYO)
    bookings = []
    for child in (nerima_child("青木 陽向"), nerima_child("石川 蓮")):
        approve(child, fiscal_year(today))
        bookings.append(booking_create(actor=staff, child=child, facility_id=care.facility_id, date=today,
                                       slot_code="am", now=yesterday, check_window=False))
    came, absent = bookings
    page.set_viewport_size(DESK)
    page.goto(f"{live_server.url}/")
    log_in(page, "piyopiyo")
    page.goto(f"{live_server.url}/care/roster/?facility={care.facility_id}&date={today:%Y-%m-%d}")
    page.wait_for_selector("table.care-roster")
    page.evaluate("window.__notReloaded = true")

    row = page.locator(f"#roster-{came.pk}")
    row.locator("button.check-in").click()
    page.wait_for_selector(f"#roster-{came.pk} button.check-out")
    came.refresh_from_db()
    assert came.checked_in_at is not None
    assert f"{timezone.localtime(came.checked_in_at):%H:%M}" in page.locator(f"#roster-{came.pk}").inner_text()
    page.locator(f"#roster-{came.pk} button.check-out").click()
    page.wait_for_selector(f"#roster-{came.pk} button.check-out", state="detached")
    came.refresh_from_db()
    assert came.checked_out_at is not None and page.locator(f"#roster-{came.pk} button").count() == 0

    now = timezone.localtime()
    if now.time() >= datetime.time(9, 0):  # a no-show is marked once the morning has begun
        page.locator(f"#roster-{absent.pk} button.no-show").click()
        page.wait_for_selector(f"#roster-{absent.pk} button.no-show", state="detached")
        assert "無断欠席" in page.locator(f"#roster-{absent.pk} td.attendance").inner_text()
        absent.refresh_from_db()
        assert absent.no_show
    else:
        page.locator(f"#roster-{absent.pk} button.no-show").click()
        page.wait_for_selector(f"#roster-{absent.pk} [role=alert]")
        absent.refresh_from_db()
        assert not absent.no_show
    assert page.evaluate("window.__notReloaded") is True
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= DESK["width"], f"the roster is {width} px wide at {DESK['width']} px"
    screenshot(page, "care-roster-attendance-1280.png")
