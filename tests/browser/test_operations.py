"""Operations support in Chromium: the guardian's phone shows a QR code, the kiosk takes it and the class board
follows without a reload; an absence notice sent on the phone reaches the board; a newsletter's read receipt."""

import pytest
from django.utils import timezone

from childcare.operations.models import ChildClass
from childcare.operations.permissions import fiscal_year
from governance.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}
POLL_WAIT_MS = 15_000  # the board polls every 3 s


def _zou() -> ChildClass:
    return ChildClass.objects.get(facility__name="新宿区立ひまわり保育園", name="ぞう組",
                                  fiscal_year=fiscal_year(timezone.localdate()))


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px screen"


def _new_page(page, *, phone: bool = False):
    context = page.context.browser.new_context(locale="ja-JP",
                                               viewport=PHONE if phone else {"width": 1280, "height": 900})
    return context.new_page()


def _guardian(page, live_server):
    phone = _new_page(page, phone=True)
    phone.goto(f"{live_server.url}/operations/family/")
    phone.fill("#id_username", "guardian")
    phone.fill("#id_password", DEMO_PASSWORD)
    phone.click("button[type=submit]")
    phone.wait_for_selector("#checkin-pass svg")
    return phone


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_qr_check_in_at_the_kiosk_reaches_the_class_board_without_a_reload(page, live_server, demo):
    zou = _zou()
    page.goto(f"{live_server.url}/operations/classes/{zou.pk}/board/")  # staff's board, left open
    log_in(page, "hoikushi")
    line = page.locator(".board-line:has-text('岡田 葵')")
    line.wait_for()
    assert line.get_attribute("data-status") == "expected"

    phone = _guardian(page, live_server)
    _fits(phone)
    screenshot(phone, "operations-family-390.png")
    token = phone.get_attribute("#checkin-pass", "data-token")

    kiosk = _new_page(page)
    kiosk.goto(f"{live_server.url}/operations/kiosk/{zou.facility_id}/")
    log_in(kiosk, "himawari")  # the tablet's login
    assert "岡田" not in kiosk.content()  # locked: no name
    kiosk.fill("#scan-token", token)  # what a USB scanner does: types the code and Enter
    kiosk.press("#scan-token", "Enter")
    kiosk.wait_for_selector("#scan-result[data-code='arrived']")
    assert "登園を記録しました（1人）" in kiosk.inner_text("#scan-result")
    assert kiosk.input_value("#scan-token") == ""  # ready for the next family
    screenshot(kiosk, "operations-kiosk.png")

    page.wait_for_selector(".board-line[data-status='present']:has-text('岡田 葵')", timeout=POLL_WAIT_MS)
    kiosk.fill("#scan-token", token)  # the same code again: refused
    kiosk.press("#scan-token", "Enter")
    kiosk.wait_for_selector("#scan-result[data-code='operations.pass_used']")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_absence_notice_from_the_phone_reaches_the_class_board(page, live_server, demo):
    zou = _zou()
    page.goto(f"{live_server.url}/operations/classes/{zou.pk}/board/")
    log_in(page, "hoikushi")
    page.locator(".board-line:has-text('岡田 葵')").wait_for()

    phone = _guardian(page, live_server)
    phone.select_option("select[name=child]", label="岡田 葵")
    phone.fill("input[name=date]", timezone.localdate().isoformat())
    phone.check("input[name=kind][value=absent]")
    phone.select_option("select[name=reason_kind]", "illness")
    phone.fill("textarea[name=reason]", "38度の発熱")
    phone.click("#absence button[type=submit]")
    phone.wait_for_selector("text=保育園に連絡を送信しました。")
    _fits(phone)

    page.wait_for_selector(".board-line[data-status='absent']:has-text('岡田 葵')", timeout=POLL_WAIT_MS)
    assert "発熱" not in page.content()  # the childcare worker sees no reason
    screenshot(page, "operations-board.png")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_newsletter_read_on_the_phone_shows_in_the_receipts(page, live_server, demo):
    zou = _zou()
    page.goto(f"{live_server.url}/operations/newsletters/")
    log_in(page, "himawari")
    page.select_option("select[name=target]", f"class:{zou.pk}")
    page.fill("input[name=title]", "ぞう組だより 12月号")
    page.fill("textarea[name=body]", "クリスマス会のお知らせ")
    page.click("form.stacked button[type=submit]")
    page.wait_for_selector("text=配信しました。")
    page.click("a:has-text('ぞう組だより 12月号')")
    page.wait_for_selector("[data-read='0']")
    assert "岡田 葵" in page.inner_text("ul.unread")

    phone = _guardian(page, live_server)
    phone.goto(f"{live_server.url}/operations/family/newsletters/")
    phone.click("a:has-text('ぞう組だより 12月号')")
    phone.wait_for_selector("text=クリスマス会のお知らせ")
    _fits(phone)

    page.reload()
    page.wait_for_selector("[data-read='1']")
    assert "岡田 葵" not in page.inner_text("ul.unread")
