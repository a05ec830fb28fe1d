"""A person logs in with a real browser (Debian's Chromium driven by Playwright)."""

import os
import shutil
from pathlib import Path

import pytest

from governance.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from governance.security.totp import code_at
from tests.conftest import require

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def page(live_server):
    require(Path(CHROMIUM).exists(), "Chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"],
        )
        context = browser.new_context(locale="ja-JP")
        yield context.new_page()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_auditor_logs_in_and_sees_their_home_page(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    assert page.url.endswith("/login/?next=/")

    page.fill("#id_username", "auditor")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")

    # Auditors need the second factor: the demo users' authenticator holds the published demo secret.
    page.wait_for_selector("text=二要素認証")
    page.fill("#id_code", code_at(DEMO_TOTP_SECRET))
    page.click("button[type=submit]")

    page.wait_for_selector("text=ようこそ")
    assert "監査人" in page.locator("tr.membership").inner_text()
    assert page.locator(".capabilities a", has_text="監査ログ").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home-auditor.png"), full_page=True)

    page.click(".capabilities a:has-text('監査ログ')")
    page.click("text=ハッシュ連鎖を検証")
    page.wait_for_selector("#verification.ok")
    assert "件の監査イベントを検証しました" in page.locator("#verification").inner_text()
