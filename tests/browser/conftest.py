"""Debian's Chromium driven by Playwright, and logging a demo user in through both login steps."""

import os
import shutil
from pathlib import Path

import pytest

from governance.demo import DEMO_PASSWORD
from governance.security.totp import DEMO_TOTP_SECRET, code_at
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
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def log_in(page, username: str) -> None:
    """Password, then the authenticator's code (the demo users' authenticator holds the published secret)."""
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=二要素認証")
    page.fill("#id_code", code_at(DEMO_TOTP_SECRET))
    page.click("button[type=submit]")


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
