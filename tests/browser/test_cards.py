"""List tables on a phone: each row a card, each cell under its column's heading."""

import pytest

from governance.exchange.builders import PayloadRequest, register_payload_builder
from governance.exchange.channels import allowed_items
from governance.exchange.gate import exchange_request
from governance.registry.models import ExternalConnection
from governance.tenancy.models import User
from tests.browser.conftest import log_in, screenshot

PHONE = {"width": 390, "height": 844}


def rows(request: PayloadRequest):
    for i in request.record_ids:
        yield {f: f"{f}{i}" for f in request.fields}


register_payload_builder("tests.cards", rows)


def ten_handovers_of_the_23_items():
    channel = ExternalConnection.objects.get(title__contains="乳幼児一時預かり予約管理システム")
    version = channel.versions.order_by("number").first()
    items = allowed_items(version, "connection", version.counterparty)["send"]
    for n in range(10):
        exchange_request(actor=User.objects.get(username="nerima"), channel=channel, direction="send", fields=items,
                         purpose_code="governance.system_link", purpose=f"予約管理 {n + 1}", payload="tests.cards",
                         record_ids=[1, 2, 3])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ten_ledger_rows_are_labelled_cards_that_fit_a_phone(page, live_server, demo):
    ten_handovers_of_the_23_items()
    page.goto(f"{live_server.url}/")
    log_in(page, "iin-nerima")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/exchanges/ledger/")

    rows = page.locator("table.ledger tbody tr")
    assert rows.count() >= 10
    ten = page.evaluate("""() => { const r = [...document.querySelectorAll('table.ledger tbody tr')].slice(0, 10);
        return r[9].getBoundingClientRect().bottom - r[0].getBoundingClientRect().top; }""")
    screenshot(page, "ledger-cards-390.png")
    assert ten < 2500, f"10 ledger rows are {ten:.0f} px tall at 390 px"
    # Each cell shows its column's heading before its value, as the heading reads.
    headings = page.locator("table.ledger thead th").all_text_contents()
    for r in range(10):
        labels = rows.nth(r).evaluate("""row => [...row.cells].map(
            td => getComputedStyle(td, '::before').content.replace(/^"|"$/g, ''))""")
        assert labels == headings
    first = rows.first
    assert first.locator("td[data-label='情報項目'] details.items summary").inner_text() == "23項目"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "ledger-cards-390.png")
