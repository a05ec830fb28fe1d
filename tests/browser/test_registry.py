"""A council member browses the registry with a real browser (Debian's Chromium driven by Playwright)."""

import os
import shutil
from pathlib import Path

import pytest

from governance.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from governance.models import Municipality, Role
from governance.security.second_factor import totp_device_enrol
from governance.security.totp import code_at
from governance.services import membership_create, user_create
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


@pytest.fixture
def council_member(demo):
    """A member of Nerima's council (審議会), which approved seed 003; the demo's committee member is Shinjuku's."""
    user = user_create(username="shingikai", password=DEMO_PASSWORD, validate=False)
    membership_create(user=user, municipality=Municipality.objects.get(name="練馬区"), role=Role.COMMITTEE_MEMBER)
    totp_device_enrol(user=user, secret=DEMO_TOTP_SECRET)
    return user


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_council_member_finds_the_uchida_connection_with_its_23_items_and_diagram(page, live_server, council_member):
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "shingikai")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("text=二要素認証")
    page.fill("#id_code", code_at(DEMO_TOTP_SECRET))
    page.click("button[type=submit]")

    page.click(".capabilities a:has-text('登録簿')")
    page.fill("input[name=q]", "子育て支援")
    page.click("form.filters button[type=submit]")
    assert page.locator("tr.business").count() == 1
    page.click("tr.business a:has-text('子育て支援に関する業務')")

    page.wait_for_selector("#diagram")
    assert page.locator("h1").inner_text() == "0804-01 子育て支援に関する業務"
    assert page.locator("#items tr.item").count() == 23
    assert page.locator("#items tr.item.sensitive").count() == 3
    connection = page.locator("article.connection")
    assert "株式会社内田洋行" in connection.inner_text() and "専用回線" in connection.inner_text()
    assert connection.locator("tr.direction td.count").all_inner_texts() == ["23", "23"]
    diagram = page.locator("#diagram svg.flow-diagram")
    assert diagram.is_visible()
    assert diagram.locator("g.node").count() == 3  # the ward, its terminals and facilities, 内田洋行
    assert "光が丘ぴよぴよ(15)" in diagram.locator("g.node[data-kind=terminals] title").text_content()
    assert diagram.locator("text.elabel").all_text_contents() == ["1. 23項目 · 専用回線", "2. 23項目 · 専用回線"]
    box = diagram.bounding_box()
    assert box["width"] > 400 and box["height"] > 100

    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#diagram").screenshot(path=str(ARTIFACTS / "registry-diagram-0804-01.png"))
    page.screenshot(path=str(ARTIFACTS / "registry-business-0804-01.png"), full_page=True)

    # The connection's own page, and its frozen version 1 (審議会 令和元年9月2日 諮問第6号).
    connection.locator("h3 a").click()
    page.wait_for_selector("text=諮問第6号")
    assert page.locator("tr.direction td.count").all_inner_texts() == ["23", "23"]
