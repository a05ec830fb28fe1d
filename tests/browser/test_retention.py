"""The retention rule form in a browser: choosing other records redraws the choices that fit them."""

import pytest

from tests.browser.conftest import ARTIFACTS, log_in


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_choosing_other_records_offers_their_triggers_and_actions(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    log_in(page, "hoiku")
    page.goto(f"{live_server.url}/retention/rules/new/")
    assert page.locator("#id_trigger option").all_inner_texts() == ["退所後"]

    page.select_option("#id_source", label="納付義務者")
    page.wait_for_selector("#id_trigger option:text('最終利用後')", state="attached")

    assert page.locator("#id_trigger option").all_inner_texts() == ["最終利用後"]
    assert page.locator("#id_source option:checked").inner_text() == "納付義務者"
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(ARTIFACTS / f"retention-rule-form-{width}.png"), full_page=True)
