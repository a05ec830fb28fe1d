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
# axe-core from npm (package-lock.json; `make install` runs npm ci): the accessibility rules, run in the page.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
# Serious and critical violations fail; the tags are WCAG 2.1 A and AA and axe's best practices.
AXE_RUN = """async () => (await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']},
    resultTypes: ['violations'],
})).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
    id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
}))"""


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
        # bypass_csp: axe is added as a script of the test's own; the product's CSP would refuse it.
        context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900}, bypass_csp=True)
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


def logged_in_page(context, base: str, username: str):
    """A new page of ``context`` logged in as the demo user (the second step only where the role has one)."""
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    if page.locator("#id_code").count():
        page.fill("#id_code", code_at(DEMO_TOTP_SECRET))
        page.click("button[type=submit]")
        page.wait_for_load_state()
    return page


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def axe_violations(page) -> list[str]:
    """The page's serious and critical accessibility violations by axe-core, one line each (rule, where)."""
    require(AXE.exists(), "axe-core is not installed (make install runs npm ci)")
    # Let the page's own scripts answer a resize first (a box that scrolls joins the tab order).
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [f"{v['impact']} {v['id']} ({v['help']}): {' | '.join(v['targets'])}" for v in page.evaluate(AXE_RUN)]
