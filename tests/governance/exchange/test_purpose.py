"""The purpose of an exchange: a registered code in the immutable audit log, the typed text only in the ledger."""

import json

import pytest

from audit.models import AuditEvent
from common.errors import Conflict, Forbidden, InvalidInput
from governance.demo import DEMO_PASSWORD
from governance.exchange.channels import allowed_items
from governance.exchange.gate import ExchangeDenied, exchange_request
from governance.exchange.models import HandoverLedgerEntry
from governance.exchange.services import ledger_entry_purpose_erase
from governance.registry.models import ExternalConnection
from governance.tenancy.models import User
from tests.governance.exchange.test_api import post
from tests.governance.exchange.test_gate import NERIMA  # also registers the tests.people builder

TYPED = "山田 太郎さんの転園に伴う連絡"
CODE = "governance.system_link"


@pytest.fixture
def nerima(demo):
    """Seed 003's connection, its items for 株式会社内田洋行, and the centre's staff who may send them."""
    channel = ExternalConnection.objects.get(title__contains=NERIMA)
    version = channel.versions.order_by("number").first()
    return channel, allowed_items(version, "connection", version.counterparty)["send"], User.objects.get(
        username="nerima")


@pytest.fixture
def api(client, nerima):
    channel, items, actor = nerima
    client.force_login(actor, backend="governance.tenancy.auth.RoleBackend")
    return client, channel, items


def events_after(seq: int) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(seq__gt=seq).order_by("seq"))


def head() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_the_audit_event_of_an_exchange_names_its_code_and_ledger_entry_and_the_text_stays_in_the_ledger(nerima):
    channel, items, actor = nerima
    before = head()

    result = exchange_request(actor=actor, channel=channel, direction="send", fields=items[:1], purpose_code=CODE,
                              purpose=TYPED, payload="tests.people", record_ids=[1])

    (event,) = events_after(before)
    entry = HandoverLedgerEntry.objects.get(pk=result.entry.pk)
    assert (event.name, event.purpose, event.data["ledger_entry"]) == ("governance.exchange.completed", CODE, entry.pk)
    assert (entry.purpose_code, entry.purpose, entry.audit_seq, entry.occurred_at) == (
        CODE, TYPED, event.seq, event.occurred_at)
    assert "山田" not in json.dumps([event.purpose, event.data, event.fields, event.subjects], ensure_ascii=False)


def test_a_denied_exchange_audits_its_code_and_not_the_text(nerima):
    channel, items, actor = nerima
    before = head()
    with pytest.raises(ExchangeDenied):
        exchange_request(actor=actor, channel=channel, direction="send", fields=[*items[:1], "銀行口座情報"],
                         purpose_code=CODE, purpose=TYPED, payload="tests.people", record_ids=[1])

    (event,) = events_after(before)
    assert (event.name, event.purpose) == ("governance.exchange.denied", CODE)
    assert "山田" not in json.dumps([event.purpose, event.data], ensure_ascii=False)
    assert not HandoverLedgerEntry.objects.filter(purpose=TYPED).exists()


@pytest.mark.parametrize("code", ["", TYPED, "governance.unknown"])
def test_a_purpose_that_is_not_registered_is_refused_and_nothing_is_recorded(nerima, code):
    channel, items, actor = nerima
    before, entries = head(), HandoverLedgerEntry.objects.count()
    with pytest.raises(InvalidInput) as exc:
        exchange_request(actor=actor, channel=channel, direction="send", fields=items[:1], purpose_code=code,
                         payload="tests.people", record_ids=[1])
    assert exc.value.field == "purpose_code" and CODE in exc.value.message
    assert (head(), HandoverLedgerEntry.objects.count()) == (before, entries)


def test_the_api_takes_a_code_and_keeps_the_typed_text_out_of_the_auditors_export(api):
    http, channel, items = api
    before = head()
    response = post(http, channel="connection", channel_id=channel.pk, direction="send", fields=items[:1],
                    purpose_code=CODE, purpose=TYPED, payload="tests.people", record_ids=["1"])
    assert response.status_code == 201, response.content
    assert (response.json()["entry"]["purpose_code"], response.json()["entry"]["purpose"]) == (CODE, TYPED)
    assert "山田" not in json.dumps([[e.purpose, e.data] for e in events_after(before)], ensure_ascii=False)

    http.logout()
    assert http.login(username="kansa-nerima", password=DEMO_PASSWORD)  # 練馬区's auditor
    export = b"".join(http.get("/audit/export.csv").streaming_content).decode("utf-8-sig")
    assert CODE in export and "山田" not in export


def test_an_unregistered_code_over_http_answers_400_and_records_nothing(api):
    http, channel, items = api
    entries = HandoverLedgerEntry.objects.count()
    response = post(http, channel="connection", channel_id=channel.pk, direction="send", fields=items[:1],
                    purpose_code="予約管理", payload="tests.people", record_ids=["1"])
    assert response.status_code == 400 and response.json()["field"] == "purpose_code"
    assert HandoverLedgerEntry.objects.count() == entries


def test_an_administrator_erases_the_text_and_the_erasure_is_audited_without_it(nerima, client):
    channel, items, actor = nerima
    entry = exchange_request(actor=actor, channel=channel, direction="send", fields=items[:1], purpose_code=CODE,
                             purpose=TYPED, payload="tests.people", record_ids=[1]).entry
    before = head()
    client.force_login(User.objects.get(username="admin"), backend="governance.tenancy.auth.RoleBackend")

    response = client.post(f"/api/v1/governance/ledger/{entry.pk}/purpose-erasure/")

    assert response.status_code == 200, response.content
    entry.refresh_from_db()
    assert (entry.purpose, entry.purpose_code) == ("", CODE) and entry.purpose_erased_at is not None
    (event,) = [e for e in events_after(before) if e.name == "governance.ledger.purpose_erased"]
    assert (event.object_id, event.purpose, event.data) == (str(entry.pk), "", {})
    assert "山田" not in json.dumps([[e.purpose, e.data] for e in events_after(before)], ensure_ascii=False)
    with pytest.raises(Conflict):
        ledger_entry_purpose_erase(actor=User.objects.get(username="admin"), entry=entry)


def test_only_an_administrator_may_erase_the_text_and_a_refusal_changes_nothing(nerima):
    channel, items, actor = nerima
    entry = exchange_request(actor=actor, channel=channel, direction="send", fields=items[:1], purpose_code=CODE,
                             purpose=TYPED, payload="tests.people", record_ids=[1]).entry
    before = head()
    for username in ("nerima", "auditor", "iin-nerima"):
        with pytest.raises(Forbidden):
            ledger_entry_purpose_erase(actor=User.objects.get(username=username), entry=entry)
    entry.refresh_from_db()
    assert (entry.purpose, entry.purpose_erased_at, head()) == (TYPED, None, before)
