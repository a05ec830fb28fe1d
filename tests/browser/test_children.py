"""A nurse of 練馬ぴよぴよ opens a child's record with a real browser (Debian's Chromium driven by Playwright)."""

import pytest

from audit.models import AuditEvent
from tests.browser.conftest import log_in, screenshot


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_facility_nurse_opens_a_child_with_its_allergy_and_one_access_event(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    log_in(page, "kango")

    page.click(".capabilities a:has-text('児童')")
    page.wait_for_selector("table.children")
    assert page.locator("tr.child").count() == 2  # her facility's two children, not 貫井ぴよぴよ's
    assert "上田" not in page.locator("table.children").inner_text()
    reads = AuditEvent.objects.filter(name="audit.personal_data.read").count()

    page.click("tr.child:has-text('青木 陽向') a")
    page.wait_for_selector("section.child-record")
    assert page.locator("h1.child-name").inner_text() == "青木 陽向"
    assert page.locator("tr[data-field='child.allergy_notes'] td").inner_text() == "鶏卵（加熱品も不可）。エピペン携帯"
    assert page.locator("tr[data-field='child.birth_date'] td").inner_text() == "令和5年5月14日 (2023-05-14)"
    assert page.locator("table.guardian").count() == 1
    assert "3141592" not in page.content()  # bank accounts are the department's business
    assert page.locator("p.withheld").inner_text() == "あなたの役割には表示されません: 口座振替の口座"
    screenshot(page, "childcare-child-detail.png")

    (event,) = AuditEvent.objects.filter(name="audit.personal_data.read").order_by("-seq")[:1]
    assert AuditEvent.objects.filter(name="audit.personal_data.read").count() == reads + 1
    assert "child.allergy_notes" in event.fields and event.purpose == "childcare.child.detail"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_department_staff_search_a_child_by_a_guardians_phone_and_the_url_carries_no_number(page, live_server, demo):
    page.goto(f"{live_server.url}/")
    log_in(page, "nerima")
    page.goto(f"{live_server.url}/children/")
    page.wait_for_selector("form.search")
    page.fill("input[name='guardian_phone']", "０９０ー４８２１ー３３５７")  # full-width, as an IME types it
    page.click("form.search button[type='submit']")
    page.wait_for_selector("table.children")
    assert page.locator("tr.child").count() == 1
    assert "青木 陽向" in page.locator("tr.child").inner_text()
    assert "4821" not in page.url and page.url.endswith("/children/")
    assert page.locator("input[name='guardian_phone']").input_value() == "０９０ー４８２１ー３３５７"
    screenshot(page, "childcare-search.png")
    assert AuditEvent.objects.filter(name="audit.personal_data.read", purpose="childcare.children.search").count() == 1
