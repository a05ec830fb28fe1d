"""A council member browses the registry with a real browser (Debian's Chromium driven by Playwright)."""

import pytest

from governance.registry.models import RegisteredBusiness
from tests.browser.conftest import ARTIFACTS, log_in, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_council_member_finds_the_uchida_connection_with_its_23_items_and_diagram(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    log_in(page, "iin-nerima")  # the demo's member of Nerima's council (審議会)

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

    screenshot(page, "registry-business-0804-01.png")
    page.locator("#diagram").screenshot(path=str(ARTIFACTS / "registry-diagram-0804-01.png"))

    # The connection's own page, and its frozen version 1 (審議会 令和元年9月2日 諮問第6号).
    connection.locator("h3 a").click()
    page.wait_for_selector("text=諮問第6号")
    assert page.locator("tr.direction td.count").all_inner_texts() == ["23", "23"]


# Per text of the diagram: its box on screen, its font size as displayed (the computed size times the SVG's
# scale) and whether it lies within the box of the node it belongs to.
DIAGRAM_TEXTS = """() => [...document.querySelectorAll('#diagram svg.flow-diagram text')].map(t => {
    const box = t.getBoundingClientRect(), scale = t.getScreenCTM().a;
    const node = t.closest('g.node'), rect = node && node.querySelector('rect').getBoundingClientRect();
    const inside = !rect || (box.left >= rect.left - 1 && box.right <= rect.right + 1);
    return {text: t.textContent, height: box.height, size: parseFloat(getComputedStyle(t).fontSize) * scale, inside};
})"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_diagram_labels_are_at_least_12_px_on_a_desktop_and_the_diagram_scrolls_in_its_box_on_a_phone(
        page, live_server, demo):
    business = RegisteredBusiness.objects.get(name="一時保育")  # four columns of parties: the widest diagram
    page.goto(f"{live_server.url}/")
    log_in(page, "committee")
    page.goto(f"{live_server.url}/registry/businesses/{business.pk}/")

    texts = page.evaluate(DIAGRAM_TEXTS)
    assert len(texts) > 20
    assert [t["text"] for t in texts if t["height"] < 12 or t["size"] < 12] == []
    assert [t["text"] for t in texts if not t["inside"]] == []  # names and details stay in their boxes
    page.locator("#diagram").screenshot(path=str(ARTIFACTS / "registry-diagram-1280.png"))

    page.set_viewport_size({"width": 390, "height": 844})
    assert [t["text"] for t in page.evaluate(DIAGRAM_TEXTS) if t["size"] < 12] == []
    box = page.locator("#diagram .diagram")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")  # it scrolls inside its own box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#diagram").screenshot(path=str(ARTIFACTS / "registry-diagram-390.png"))
