"""The exchange gate on the demo data (the five seeds approved as their meetings decided).

Every denial is checked for its reason, for no ledger entry and for exactly one audit event.
"""

import csv
import io
from datetime import date

import pytest

from audit.models import AuditEvent
from common.errors import InvalidInput
from governance.committee.models import ChecklistAnswer
from governance.deletion.demo import PURPOSE as DEMO_PURPOSE
from governance.exchange.builders import PayloadRequest, register_payload_builder
from governance.exchange.channels import allowed_items
from governance.exchange.files import read_encrypted_zip
from governance.exchange.gate import ExchangeDenied, exchange_request
from governance.exchange.models import HandoverLedgerEntry
from governance.registry.models import Certification, ExternalConnection
from governance.registry.services import certification_set
from governance.tenancy.models import Party, User

# The ledger as the demo has it before the subsidy's LoGo import (seed 004's amendment left waiting): these
# tests count and list its entries.
DEMO_AMENDMENT_WAITING = True

NERIMA = "乳幼児一時預かり予約管理システム"
CODE = "governance.system_link"  # a purpose the gate registers itself
PAYMENT = "延長保育料等のコンビニ収納等に伴う収納サービス提供事業者との外部結合"


def people(request: PayloadRequest):
    """Rows as a childcare app would build them: every item it knows, the gate keeps the allowed ones."""
    for i in request.record_ids:
        yield {"氏名": f"氏名{i}", "銀行口座情報": f"口座{i}", **{f: f"{f}{i}" for f in request.fields}}


register_payload_builder("tests.people", people)


@pytest.fixture
def nerima(demo):
    channel = ExternalConnection.objects.get(title__contains=NERIMA)
    version = channel.versions.order_by("number").first()
    items = allowed_items(version, "connection", version.counterparty)["send"]
    return channel, items, User.objects.get(username="nerima")


@pytest.fixture
def payment(demo):
    return ExternalConnection.objects.get(title=PAYMENT), User.objects.get(username="hoiku")


def send(channel, actor, fields, **kw):
    return exchange_request(actor=actor, channel=channel, direction="send", fields=fields,
                            purpose_code=CODE, purpose="予約管理", payload="tests.people", record_ids=[1, 2, 3], **kw)


def assert_denied(call, code: str, **expected) -> list[dict]:
    ledger, denials = HandoverLedgerEntry.objects.count(), AuditEvent.objects.filter(
        name="governance.exchange.denied").count()
    with pytest.raises(ExchangeDenied) as exc:
        call()
    reasons = exc.value.reasons
    assert code in [r["code"] for r in reasons], reasons
    for key, value in expected.items():
        assert any(r.get(key) == value for r in reasons if r["code"] == code), reasons
    assert HandoverLedgerEntry.objects.count() == ledger
    assert AuditEvent.objects.filter(name="governance.exchange.denied").count() == denials + 1
    return reasons


def test_nerima_vendor_receives_its_23_items_and_one_ledger_entry(nerima):
    channel, items, actor = nerima
    assert len(items) == 23

    result = send(channel, actor, items)

    assert result.fields == items
    assert [set(row) for row in result.rows] == [set(items)] * 3  # 氏名/口座 the builder offered are gone
    entry = HandoverLedgerEntry.objects.get(purpose="予約管理")  # the demo's own exchange has another purpose
    assert (entry.party.name, entry.direction, entry.record_count, entry.items) == ("株式会社内田洋行", "send", 3,
                                                                                    items)
    event = AuditEvent.objects.get(seq=entry.audit_seq)
    assert event.name == "governance.exchange.completed" and event.data["party_id"] == entry.party_id
    assert "氏名1" not in str(event.data)


def test_nerima_is_denied_while_one_of_its_protective_measures_is_unconfirmed(nerima):
    """練馬区's measures are its connection's checklist: the backup of 内田洋行's side unconfirmed denies, named."""
    channel, items, actor = nerima
    backups = ChecklistAnswer.objects.get(checklist__submission_part__connection=channel, code="party.measures.3")
    backups.delete()
    assert_denied(lambda: send(channel, actor, items), "checklist_item_unanswered", item="party.measures.3",
                  side="party")
    ChecklistAnswer.objects.create(checklist=backups.checklist, code="party.measures.3", answer="○",
                                   answered_at=backups.answered_at)
    assert send(channel, actor, items).entry.record_count == 3


def test_nerima_measure_answered_in_other_wording_is_unconfirmed(nerima):
    """The gate asks the measures the registry holds for the approved version: an answer given to another
    wording of the backup measure (before it was edited) confirms nothing; answered as it reads, it passes."""
    channel, items, actor = nerima
    backups = ChecklistAnswer.objects.get(checklist__submission_part__connection=channel, code="party.measures.3")
    backups.item_text = "データのバックアップは、週1回実施する。"
    backups.save(update_fields=["item_text"])
    assert_denied(lambda: send(channel, actor, items), "checklist_item_unanswered", item="party.measures.3",
                  side="party")
    backups.item_text = channel.versions.order_by("number").first().party_measures[3].removeprefix("(3) ")
    backups.save(update_fields=["item_text"])
    assert send(channel, actor, items).entry.record_count == 3


def test_an_unapproved_item_is_denied_naming_it(nerima):
    channel, items, actor = nerima
    reasons = assert_denied(lambda: send(channel, actor, [*items, "銀行口座情報"]), "field_not_allowed",
                            field="銀行口座情報")
    assert any("銀行口座情報" in r["message"] for r in reasons)


def test_an_actor_who_is_not_a_designated_handler_is_denied(nerima):
    channel, items, _ = nerima
    assert_denied(lambda: send(channel, User.objects.get(username="admin"), items), "actor_not_designated_handler")


def test_facility_staff_of_the_centre_are_handlers_too(nerima):
    channel, items, _ = nerima
    assert send(channel, User.objects.get(username="piyopiyo"), items).entry.record_count == 3


def test_after_the_period_the_same_request_is_denied(payment):
    channel, actor = payment
    fields = ["収納日付", "支払い金額"]
    rows = [{"収納日付": "20261120", "支払い金額": 4500}]

    def receive(today):
        return exchange_request(actor=actor, channel=channel, direction="receive", fields=fields, purpose_code=CODE,
                                rows=rows, today=today)

    assert receive(date(2027, 3, 31)).entry.record_count == 1
    assert_denied(lambda: receive(date(2027, 4, 1)), "after_period")


def test_a_required_checklist_item_that_loses_its_mark_denies(payment):
    channel, actor = payment
    ChecklistAnswer.objects.filter(checklist__submission_part__connection=channel, answer="○").first().delete()
    assert_denied(lambda: exchange_request(actor=actor, channel=channel, direction="receive", fields=["収納日付"],
                                           purpose_code=CODE, rows=[{"収納日付": "20261120"}]),
                  "checklist_item_unanswered")


def test_an_expired_certification_denies(payment):
    channel, actor = payment
    ntt = Party.objects.get(name="株式会社NTTデータ")
    Certification.objects.filter(party=ntt, kind="privacy_mark").update(valid_until=date(2026, 1, 31))
    assert_denied(lambda: exchange_request(actor=actor, channel=channel, direction="receive", fields=["収納日付"],
                                           purpose_code=CODE, rows=[{"収納日付": "20261120"}]),
                  "certification_expired")


def test_the_e_money_operator_gets_only_its_subset(payment):
    channel, actor = payment
    emoney = Party.objects.get(name__contains="電子マネー")
    version = channel.versions.order_by("number").first()
    subset = allowed_items(version, "connection", emoney)["send"]
    assert "支払い金額" in subset and "氏名" not in subset and "速報件数合計" not in subset
    # The approval requires プライバシーマーク and ISMS: the ward records the operator's certificates first.
    assert_denied(lambda: send(channel, actor, ["支払い金額"], party=emoney), "certification_missing")
    for kind in ("privacy_mark", "isms"):
        certification_set(party=emoney, kind=kind, number="T-1", valid_until=date(2027, 3, 31))

    assert_denied(lambda: send(channel, actor, ["支払い金額", "氏名"], party=emoney), "field_not_allowed", field="氏名")
    assert send(channel, actor, ["支払い金額"], party=emoney).rows[0] == {"支払い金額": "支払い金額1"}


def test_a_party_outside_the_channel_is_refused(payment):
    channel, actor = payment
    stranger = Party.objects.get(name="株式会社内田洋行")
    with pytest.raises(InvalidInput, match="授受する相手方を指定してください"):
        send(channel, actor, ["支払い金額"], party=stranger)
    assert not HandoverLedgerEntry.objects.exclude(purpose=DEMO_PURPOSE).exists()  # the demo's own exchanges


def test_an_unavailable_engine_denies(nerima, settings):
    channel, items, actor = nerima
    settings.POLICY_ENGINE, settings.OPA_URL, settings.OPA_TIMEOUT_SECONDS = "opa", "http://127.0.0.1:9", 0.5
    assert_denied(lambda: send(channel, actor, items), "policy_engine_error")


def test_a_file_leaves_encrypted_and_its_password_is_not_stored(nerima):
    channel, items, actor = nerima
    result = send(channel, actor, items[:3], as_file=True, file_name="yoyaku")

    entry = HandoverLedgerEntry.objects.get(purpose="予約管理")
    assert entry.file_name == "yoyaku.zip" and bytes(entry.file_data) == result.file
    assert result.password and result.password not in str(entry.__dict__)
    content = read_encrypted_zip(result.file, result.password)["yoyaku.csv"].decode("utf-8-sig")
    assert content.splitlines()[0] == ",".join(items[:3]) and len(content.splitlines()) == 4


def test_a_formula_in_the_exchanged_rows_is_written_inert_in_the_file(nerima):
    channel, items, actor = nerima
    values = ['=HYPERLINK("http://evil.example","click")', "-1+2", "佐藤"]
    result = exchange_request(actor=actor, channel=channel, direction="send", fields=items[:1],
                              purpose_code=CODE, rows=[{items[0]: v} for v in values], as_file=True, file_name="f")

    content = read_encrypted_zip(result.file, result.password)["f.csv"].decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(content)))[1:] == [["'" + values[0]], ["'-1+2"], ["佐藤"]]
    assert result.rows is None
