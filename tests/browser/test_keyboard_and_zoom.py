"""Without a mouse and at 200 %: the temporary-care booking and the check-in flows work with the keyboard alone
(Tab to a control, Enter or Space to use it, the focused control visibly marked), and the key pages keep their
content inside the screen when the browser zooms to 200 % or the text alone is made twice as large."""

import datetime

import pytest
from django.utils import timezone

from childcare.care.models import CareBooking, CareFacility
from childcare.care.rules import TOKYO, fiscal_year
from childcare.care.services import booking_create
from childcare.operations.models import ChildClass
from childcare.operations.permissions import fiscal_year as class_year
from governance.demo import DEMO_PASSWORD
from governance.security.totp import DEMO_TOTP_SECRET, code_at
from governance.tenancy.models import User
from tests.browser.conftest import axe_violations, logged_in_page
from tests.childcare.care.conftest import approve, nerima_child

MAX_TABS = 400
# The focused element, described for a failure message, and whether the focus is drawn (an outline or a ring).
FOCUSED = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
    const s = getComputedStyle(e);
    return {tag: e.tagName, text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 60),
            id: e.id, cls: e.className, visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0
                                              || s.boxShadow !== 'none'}; }"""


def tab_to(page, selector: str) -> dict:
    """Press Tab until the element matching ``selector`` has the focus; fail if it is never reached."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            focused = page.evaluate(FOCUSED)
            assert focused["visible"], f"{selector} has the focus but no visible focus indicator: {focused}"
            return focused
    raise AssertionError(f"{selector} is not reachable with Tab on {page.url}")


def keyboard_log_in(page, username: str, *, second_factor: bool = True) -> None:
    tab_to(page, "#id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    if second_factor:
        tab_to(page, "#id_code")
        page.keyboard.type(code_at(DEMO_TOTP_SECRET))
        with page.expect_navigation():
            page.keyboard.press("Enter")


def _weekday_ahead(days: int) -> datetime.date:
    date = timezone.localdate() + datetime.timedelta(days=days)
    return date + datetime.timedelta(days=(7 - date.weekday()) % 7 if date.weekday() >= 5 else 0)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_guardian_books_and_cancels_a_place_with_the_keyboard_alone(page, live_server, demo):
    care = CareFacility.objects.get(facility__name="新宿区立ひまわり保育園")
    care.window_opens_day, care.window_opens_time, care.deadline_days_before = 1, datetime.time(0, 0), 1
    care.save()
    date = _weekday_ahead(7)
    page.goto(f"{live_server.url}/")
    keyboard_log_in(page, "guardian", second_factor=False)
    page.wait_for_selector(".capabilities")

    tab_to(page, ".capabilities a[href^='/care/']")
    page.keyboard.press("Enter")
    page.wait_for_selector("table.care-registrations")
    page.goto(f"{page.url.split('?')[0]}?facility={care.facility_id}&month={date:%Y-%m}")  # typed in the address bar
    page.wait_for_selector("table.care-calendar")
    tab_to(page, f"button[data-date='{date:%Y-%m-%d}'][data-slot='full']")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=予約しました。")
    booking = CareBooking.objects.get()
    assert (booking.date, booking.status) == (date, "booked")

    tab_to(page, "table.care-bookings button")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=キャンセルしました。キャンセル料: 0円")
    booking.refresh_from_db()
    assert booking.status == "cancelled"
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_check_a_child_in_and_out_on_the_roster_with_the_keyboard_alone(page, live_server, demo):
    care = CareFacility.objects.get(facility__name="練馬ぴよぴよ")
    care.closed_weekdays = []
    care.save()
    staff = User.objects.get(username="piyopiyo")
    today = timezone.localdate()
    yesterday = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time(10), tzinfo=TOKYO)
    child = nerima_child("青木 陽向")
    approve(child, fiscal_year(today))
    booking = booking_create(
        actor=staff,
        child=child,
        facility_id=care.facility_id,
        date=today,
        slot_code="am",
        now=yesterday,
        check_window=False,
    )
    page.goto(f"{live_server.url}/")
    keyboard_log_in(page, "piyopiyo")
    page.goto(f"{live_server.url}/care/roster/?facility={care.facility_id}&date={today:%Y-%m-%d}")
    page.wait_for_selector("table.care-roster")

    tab_to(page, f"#roster-{booking.pk} button.check-in")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#roster-{booking.pk} button.check-out")
    tab_to(page, f"#roster-{booking.pk} button.check-out")
    page.keyboard.press("Space")
    page.wait_for_selector(f"#roster-{booking.pk} button.check-out", state="detached")
    booking.refresh_from_db()
    assert booking.checked_in_at is not None and booking.checked_out_at is not None
    assert axe_violations(page) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_check_in_at_the_kiosk_needs_only_the_keyboard(page, live_server, demo):
    """A USB scanner is a keyboard: the kiosk's code field takes the focus, a code and Enter check the child in."""
    zou = ChildClass.objects.get(
        facility__name="新宿区立ひまわり保育園", name="ぞう組", fiscal_year=class_year(timezone.localdate())
    )
    phone = page.context.browser.new_context(locale="ja-JP", viewport={"width": 390, "height": 844}).new_page()
    phone.goto(f"{live_server.url}/operations/family/")
    keyboard_log_in(phone, "guardian", second_factor=False)
    phone.wait_for_selector("#checkin-pass svg")
    token = phone.get_attribute("#checkin-pass", "data-token")

    page.goto(f"{live_server.url}/operations/kiosk/{zou.facility_id}/")
    keyboard_log_in(page, "himawari")
    page.wait_for_selector("#scan-token")
    assert page.evaluate("document.activeElement.id") == "scan-token"  # ready for the scanner, no click needed
    page.keyboard.type(token)
    page.keyboard.press("Enter")
    page.wait_for_selector("#scan-result[data-code='arrived']")
    assert page.evaluate("document.activeElement.id") == "scan-token"  # and ready for the next family
    assert axe_violations(page) == []


# Key pages per role: what each one opens first and works in most.
KEY_PAGES = {
    "guardian": ["/", "/care/", "/children/mine/", "/operations/family/"],
    "piyopiyo": ["/", "/care/roster/", "/children/"],
    "hoiku": ["/", "/registry/", "/payments/slips/", "/payments/import/", "/care/registrations/"],
    "committee": ["/", "/committee/"],
    "auditor": ["/", "/audit/"],
}
WIDE_CONTENT = """() => [...document.querySelectorAll('main *')].filter(e => {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= document.documentElement.clientWidth + 1) return false;
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {   // inside its own scroll box
        const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return false; }
    return true; }).slice(0, 3).map(e => e.tagName + (e.className ? '.' + e.className : ''))"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_key_pages_are_readable_at_200_percent_zoom_and_with_twice_the_text_size(page, live_server, demo):
    """Zoom: a 1280×900 screen at 200 % is a 640×450 viewport of CSS pixels drawn at twice the density.
    Text size: at 1280 px the root font size doubled (the browser's text-only zoom). Nothing in the main content
    may stick out to the right, outside a box that scrolls on its own, and no page scrolls sideways."""
    browser = page.context.browser
    problems = []
    for username, paths in KEY_PAGES.items():
        zoomed = browser.new_context(locale="ja-JP", viewport={"width": 640, "height": 450}, device_scale_factor=2)
        zoomed_page = logged_in_page(zoomed, live_server.url, username)
        for path in paths:
            zoomed_page.goto(live_server.url + path)
            width = zoomed_page.evaluate("document.documentElement.scrollWidth")
            if width > 640:
                problems.append(f"{username} {path} at 200 %: {width} CSS px wide in 640")
            problems += [f"{username} {path} at 200 %: {e} sticks out" for e in zoomed_page.evaluate(WIDE_CONTENT)]
            zoomed_page.set_viewport_size({"width": 1280, "height": 900})
            zoomed_page.evaluate("document.documentElement.style.fontSize = '200%'")
            width = zoomed_page.evaluate("document.documentElement.scrollWidth")
            if width > 1280:
                problems.append(f"{username} {path} with text at 200 %: {width} px wide in 1280")
            problems += [f"{username} {path} text 200 %: {e} sticks out" for e in zoomed_page.evaluate(WIDE_CONTENT)]
            zoomed_page.set_viewport_size({"width": 640, "height": 450})
        zoomed.close()
    assert problems == [], "\n".join(problems)
