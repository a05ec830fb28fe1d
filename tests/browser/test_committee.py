"""A committee member reviews seed 004's amendment in a real browser and approves it (Debian's Chromium
driven by Playwright)."""


import pytest

from governance.committee.models import Submission
from governance.registry.models import OutsourcingContract
from governance.registry.versioning import version_latest
from tests.browser.conftest import log_in, screenshot

# The walk reviews seed 004's LoGo amendment: the demo leaves it waiting for the committee.
DEMO_AMENDMENT_WAITING = True


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_reviews_the_logo_amendment_and_approving_freezes_it(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    log_in(page, "committee")

    page.click(".capabilities a:has-text('個人情報保護管理運営会議')")
    queue = page.locator("#queue tr.queued")
    assert queue.count() == 1
    assert "（委託内容の追加）" in queue.inner_text()
    queue.locator("a").click()

    page.wait_for_selector("#diff")
    screenshot(page, "committee-amendment-004.png")
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
