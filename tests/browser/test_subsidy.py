"""The contractor pre-checks a LoGo application on a phone (390 px) and the ward's staff approve it at 1280 px,
in Chromium; the contractor finds no way to decide."""

import pytest

from childcare.subsidy.models import Application
from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}


def _fits(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} is {scroll} px wide on a {width} px screen"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_contractor_pre_checks_and_the_ward_approves(page, live_server, demo):
    """On the demo as make run loads it: the demo LoGo file is already imported."""
    second = Application.objects.get(answer_id="100002")

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/")
    log_in(page, "backs")
    page.wait_for_selector(".capabilities")
    page.click(".capabilities a:has-text('ベビーシッター利用支援')")
    page.wait_for_selector("table.subsidy-applications")
    _fits(page, PHONE["width"])
    page.click(f"tr[data-application='{second.pk}'] a")
    page.wait_for_selector("table.subsidy-uses")
    assert page.locator("form.decision").count() == 0  # the contractor never decides
    _fits(page, PHONE["width"])
    page.click("button[name=pre_check]")
    page.wait_for_selector("text=事前審査を完了しました")
    screenshot(page, "subsidy-contractor-pre-checked-390.png")
    assert Application.objects.get(pk=second.pk).state == "pre_checked"

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/subsidy/{second.pk}/")
    log_in(page, "shien")
    page.wait_for_selector("form.decision")
    computed = page.locator("strong.computed").inner_text()
    page.click("button[name=decide]")
    page.wait_for_selector("text=決定しました。")
    _fits(page, 1280)
    screenshot(page, "subsidy-ward-decided-1280.png")
    second.refresh_from_db()
    assert (second.state, second.outcome, f"{second.decided_yen:,}") == ("decided", "approved", computed)
