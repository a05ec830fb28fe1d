"""A 練馬区 family's temporary care from the first registration to a waiting-list offer, in Chromium.

The demo's `ueda` (上田 真理子) on a phone (390 px) registers 上田 結衣, whom 貫井ぴよぴよ's staff interview and
approve at a desk (1280 px); the family books a half day at 練馬ぴよぴよ, cancels one booking before the free
deadline and one after it (the facility's ¥500), joins the waiting list of a full day at 貫井ぴよぴよ and
confirms the place offered when the staff cancel that day's booking from the roster for the other family.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from childcare.care.models import CareBooking, CareFacility, CareRegistration, CareWaitlistEntry
from childcare.care.services import booking_create
from governance.demo import DEMO_PASSWORD
from governance.tenancy.models import User
from tests.browser.conftest import log_in, screenshot
from tests.childcare.care.conftest import approve, nerima_child

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


def _calendar(page, base: str, care: CareFacility, date: datetime.date) -> None:
    page.goto(f"{base}/care/?facility={care.facility_id}&month={date:%Y-%m}")
    page.wait_for_selector("table.care-calendar")


def _booking_row(page, date: datetime.date):
    return page.locator("table.care-bookings tr", has_text=f"{date.month}/{date.day}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_family_registers_books_cancels_and_is_offered_a_place(page, live_server, demo):
    today = timezone.localdate()
    piyo = CareFacility.objects.get(facility__name="練馬ぴよぴよ")
    nukui = CareFacility.objects.get(facility__name="貫井ぴよぴよ")
    for care in (piyo, nukui):  # every day open and bookable whatever today's date (the demo opens on the 15th)
        care.window_opens_day, care.window_opens_time, care.closed_weekdays = 1, datetime.time(0, 0), []
        care.save()
    later, soon, full_day = (today + datetime.timedelta(days=n) for n in (8, 2, 10))
    # 貫井ぴよぴよ's one 1・2歳 full-day place on `full_day` goes to 青木 陽向 (as on `make run`).
    aoki = nerima_child("青木 陽向")
    approve(aoki)
    taken = booking_create(actor=User.objects.get(username="nukui"), child=aoki, facility_id=nukui.facility_id,
                           date=full_day, slot_code="full")

    # The family applies on a phone, choosing 貫井ぴよぴよ for the interview.
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "ueda")  # guardians sign in without a second factor
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector(".capabilities")
    page.click(".capabilities a:has-text('一時保育')")
    page.wait_for_selector("table.care-registrations")
    page.click("a:has-text('利用登録を申請')")
    page.select_option("select[name=facility]", label="貫井ぴよぴよ")
    page.fill("textarea[name=allergy_notes]", "乳製品")
    page.click("button:has-text('申請する')")
    page.wait_for_selector("tr.care-registration[data-status=applied]")
    _fits(page)
    (registration,) = CareRegistration.objects.filter(child=nerima_child("上田 結衣"))
    assert registration.facility.name == "貫井ぴよぴよ" and registration.allergy_notes == "乳製品"
    with connection.cursor() as cursor:  # sealed in the database
        cursor.execute("SELECT row_to_json(r)::text FROM childcare_careregistration r WHERE id = %s", [registration.pk])
        assert "乳製品" not in cursor.fetchone()[0]

    # 貫井ぴよぴよ's staff record the interview, then approve, at a desk.
    staff = page.context.browser.new_context(locale="ja-JP", viewport=DESK).new_page()
    staff.goto(f"{live_server.url}/care/registrations/")
    log_in(staff, "nukui")
    staff.wait_for_selector(f"section[data-registration='{registration.pk}']")
    section = staff.locator(f"section[data-registration='{registration.pk}']")
    section.locator("button:has-text('事前面接を記録')").click()
    staff.wait_for_selector("text=事前面接を記録しました")
    staff.locator(f"section[data-registration='{registration.pk}'] button[value=approve]").click()
    staff.wait_for_selector(f"section[data-registration='{registration.pk}'][data-status=approved]")
    screenshot(staff, "care-walk-staff-approved-1280.png")

    # Back on the phone: approved; a half day at 練馬ぴよぴよ, and two more bookings to cancel.
    page.reload()
    assert "承認" in page.locator("tr.care-registration").inner_text()
    for date in (later, later + datetime.timedelta(days=1), soon):
        _calendar(page, live_server.url, piyo, date)
        page.click(f"button[data-date='{date:%Y-%m-%d}'][data-slot='am']")
        page.wait_for_selector("text=予約しました。")
    _fits(page)
    assert "練馬ぴよぴよ" in _booking_row(page, later).inner_text()
    assert "無料で取消できます" in _booking_row(page, later).inner_text()
    assert "キャンセル料 500円" in _booking_row(page, soon).inner_text()  # free only until 3 days before
    screenshot(page, "care-walk-family-booked-390.png")

    _booking_row(page, later + datetime.timedelta(days=1)).locator("button", has_text="取消").click()
    page.wait_for_selector("text=キャンセルしました。キャンセル料: 0円")
    _booking_row(page, soon).locator("button", has_text="取消").click()
    page.wait_for_selector("text=キャンセルしました。キャンセル料: 500円")
    fees = dict(CareBooking.objects.filter(child=registration.child, status="cancelled")
                .values_list("date", "cancellation_fee_yen"))
    assert fees == {later + datetime.timedelta(days=1): 0, soon: 500}

    # A full day at 貫井ぴよぴよ: join its waiting list; 青木's cancellation offers the place; confirm it.
    _calendar(page, live_server.url, nukui, full_day)
    button = page.locator(f"button[data-date='{full_day:%Y-%m-%d}'][data-slot='full']")
    assert "×" in button.inner_text()
    button.click()
    page.wait_for_selector("text=キャンセル待ちに登録しました。")
    assert "キャンセル待ち" in page.locator("ul.care-waitlist").inner_text()
    # 青木's family phones 貫井ぴよぴよ, whose staff cancel the booking from the day's roster.
    staff.on("dialog", lambda dialog: dialog.accept())
    staff.goto(f"{live_server.url}/care/roster/?facility={nukui.facility_id}&date={full_day:%Y-%m-%d}")
    staff.locator(f"#roster-{taken.pk} button.cancel").click()
    staff.wait_for_selector(f"#roster-{taken.pk} >> text=キャンセルしました。キャンセル料: 0円")
    taken.refresh_from_db()
    assert (taken.status, taken.cancelled_by.username) == ("cancelled", "nukui")
    page.reload()
    page.wait_for_selector("ul.care-waitlist button:has-text('確定')")
    assert "空きが出ました" in page.locator("ul.care-waitlist").inner_text()
    _fits(page)
    page.click("ul.care-waitlist button:has-text('確定')")
    page.wait_for_selector("text=予約しました。")
    assert "貫井ぴよぴよ" in _booking_row(page, full_day).inner_text()
    assert CareWaitlistEntry.objects.get(child=registration.child).status == "accepted"
    _fits(page)
    screenshot(page, "care-walk-family-offer-confirmed-390.png")
