"""A committee member reviews seed 004's amendment in a real browser and approves it (Debian's Chromium
driven by Playwright)."""

import os
import shutil
from pathlib import Path

import pytest

from governance.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from governance.models.committee import Submission
from governance.models.registry import OutsourcingContract
from governance.registry.versioning import version_latest
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
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_reviews_the_logo_amendment_and_approving_freezes_it(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "committee")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=二要素認証")
    page.fill("#id_code", code_at(DEMO_TOTP_SECRET))
    page.click("button[type=submit]")

    page.click(".capabilities a:has-text('個人情報保護管理運営会議')")
    queue = page.locator("#queue tr.queued")
    assert queue.count() == 1
    assert "（委託内容の追加）" in queue.inner_text()
    queue.locator("a").click()

    page.wait_for_selector("#diff")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "committee-amendment-004.png"), full_page=True)
    changes = page.locator("#diff tr.change")
    assert changes.locator("ins").all_inner_texts() == [
        "電磁的媒体（LoGoフォーム）", "(5) Logo フォームへの電子申請内容の確認及び集計管理"]
    assert page.locator("#diff del").count() == 0
    assert page.locator("table.side-by-side").count() == 1
    assert page.locator("table.side-by-side td.mark").count() == 44

    page.click("button[value=start_review]")
    page.wait_for_selector("form.decision-form")
    page.click("form.decision-form button[value=approve]")
    page.wait_for_selector("#decision")
    assert "承認" in page.locator("#decision p.decision").inner_text()

    amendment = Submission.objects.get(amends__isnull=False)
    assert amendment.state == "approved"
    version = version_latest(part=OutsourcingContract.objects.get(title__startswith="ベビーシッター"))
    assert (version.number, version.state) == (2, "frozen")
