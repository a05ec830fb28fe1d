"""A person logs in with a real browser (Debian's Chromium driven by Playwright)."""


import pytest

from tests.browser.conftest import log_in, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_auditor_logs_in_and_sees_their_home_page(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/login/?next=/")

    log_in(page, "auditor")

    page.wait_for_selector("text=ようこそ")
    assert "監査人" in page.locator("tr.membership").inner_text()
    assert page.locator(".capabilities a", has_text="監査ログ").count() == 1
    screenshot(page, "home-auditor.png")

    page.click(".capabilities a:has-text('監査ログ')")
    page.click("text=ハッシュ連鎖を検証")
    page.wait_for_selector("#verification.ok")
    assert "件を検証しました" in page.locator("#verification").inner_text()
