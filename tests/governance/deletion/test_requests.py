"""Whose data crossed (ledger subjects) and the deletion requests opened from it."""

from datetime import date

import pytest

from audit.models import AuditEvent, AuditEventSubject
from governance.deletion.models import DeletionRequest, DeletionRequestEntry
from governance.deletion.services import (
    deletion_requests_open_for_ended_channels,
    deletion_requests_open_for_subjects,
    ended_channels,
)
from governance.exchange.builders import PayloadRequest, payload_subjects
from governance.exchange.gate import exchange_request
from governance.exchange.models import HandoverLedgerEntry, LedgerSubject
from governance.registry.models import ExternalConnection
from governance.registry.services import certification_set
from governance.tenancy.models import Municipality, Party, User
from payments.slips.models import Slip
from tests.governance.deletion.conftest import CODE, send
from tests.support import audit_sealed

PAYMENT = "延長保育料等のコンビニ収納等に伴う収納サービス提供事業者との外部結合"


def test_the_gate_records_whose_data_crossed_in_the_ledger_and_the_audit_event(nerima):
    channel, items, staff, _, ward = nerima
    entry = send(channel, staff, items[:2], ["101", "102"]).entry

    assert sorted(LedgerSubject.objects.filter(entry=entry).values_list("subject_type", "subject_id")) == [
        ("childcare.child", "101"), ("childcare.child", "102")]
    event = AuditEvent.objects.get(seq=entry.audit_seq)
    assert event.subjects == [["childcare.child", "101"], ["childcare.child", "102"]]
    audit_sealed()  # the sealer writes the subject index
    assert AuditEventSubject.objects.filter(event=event, tenant_id=ward.pk, subject_id="101").count() == 1


def test_payment_slips_name_their_payers(demo):
    slips = Slip.objects.filter(municipality__name="新宿区").order_by("pk")[:3]
    request = PayloadRequest(slips[0].municipality_id, [s.pk for s in slips], [])
    assert payload_subjects("payments.slips", request) == sorted(
        {("payments.payer", str(s.charge.payer_id)) for s in slips})


def test_rows_sent_without_named_subjects_record_none(nerima):
    channel, items, staff, _, _ = nerima
    entry = exchange_request(actor=staff, channel=channel, direction="send", fields=items[:1], purpose_code=CODE,
                             rows=[{items[0]: "x"}]).entry
    assert not LedgerSubject.objects.filter(entry=entry).exists()


def test_retention_expiry_asks_the_receiving_party_once_naming_entries_items_and_due_date(nerima, settings):
    channel, items, staff, _, ward = nerima
    settings.DELETION_REQUEST_DUE_DAYS = 14
    first = send(channel, staff, items[:2], ["90201", "90202"]).entry
    second = send(channel, staff, items[1:4], ["90202"]).entry
    unrelated = send(channel, staff, items[:1], ["90299"]).entry

    opened = deletion_requests_open_for_subjects(tenant_id=ward.pk, subjects=[("childcare.child", "90202")],
                                                 reason="rule:7", as_of=date(2026, 6, 1))

    assert len(opened) == 1
    request = opened[0]
    assert (request.party.name, request.reason, request.reason_note, request.opened_on, request.due, request.status) \
        == ("株式会社内田洋行", "retention_expiry", "rule:7", date(2026, 6, 1), date(2026, 6, 15), "open")
    assert sorted(request.entries.values_list("entry_id", flat=True)) == [first.pk, second.pk]
    assert request.items == items[:4]
    event = AuditEvent.objects.get(name="governance.deletion_request.opened", object_id=str(request.pk))
    assert event.data["entry_ids"] == [first.pk, second.pk] and event.subjects == [["childcare.child", "90202"]]
    assert not DeletionRequestEntry.objects.filter(entry=unrelated).exists()


def test_opening_again_for_the_same_subjects_opens_nothing(nerima):
    channel, items, staff, _, ward = nerima
    send(channel, staff, items[:2], ["90301"])
    args = {"tenant_id": ward.pk, "subjects": [("childcare.child", "90301")], "reason": "rule:7",
            "as_of": date(2026, 6, 1)}
    assert len(deletion_requests_open_for_subjects(**args)) == 1
    counts = (DeletionRequest.objects.count(), DeletionRequestEntry.objects.count(),
              AuditEvent.objects.filter(name="governance.deletion_request.opened").count())

    assert deletion_requests_open_for_subjects(**args) == []
    assert (DeletionRequest.objects.count(), DeletionRequestEntry.objects.count(),
            AuditEvent.objects.filter(name="governance.deletion_request.opened").count()) == counts


def test_subjects_the_ledger_never_sent_or_of_another_tenant_open_nothing(nerima):
    channel, items, staff, _, ward = nerima
    send(channel, staff, items[:1], ["90401"])
    before = DeletionRequest.objects.count()
    assert deletion_requests_open_for_subjects(tenant_id=ward.pk, subjects=[("childcare.child", "90999")],
                                               reason="r", as_of=date(2026, 6, 1)) == []
    shinjuku = ward.__class__.objects.get(name="新宿区")
    assert deletion_requests_open_for_subjects(tenant_id=shinjuku.pk, subjects=[("childcare.child", "90401")],
                                               reason="r", as_of=date(2026, 6, 1)) == []
    assert DeletionRequest.objects.count() == before


def test_data_the_ward_received_is_not_requested_back(nerima):
    channel, _, staff, _, ward = nerima
    received = exchange_request(actor=staff, channel=channel, direction="receive", fields=[], purpose_code=CODE,
                                rows=[{}], subjects=[("childcare.child", "90501")]).entry
    assert received.direction == "receive"
    assert deletion_requests_open_for_subjects(tenant_id=ward.pk, subjects=[("childcare.child", "90501")],
                                               reason="r", as_of=date(2026, 6, 1)) == []


def test_at_the_end_of_a_connection_period_every_party_is_asked_for_everything_sent(demo):
    channel = ExternalConnection.objects.get(title=PAYMENT)
    hoiku = User.objects.get(username="hoiku")
    emoney = Party.objects.get(name__contains="電子マネー")
    for kind in ("privacy_mark", "isms"):
        certification_set(party=emoney, kind=kind, number="T-1", valid_until=date(2027, 3, 31))
    slips = list(Slip.objects.filter(municipality__name="新宿区").order_by("pk")[:2])
    entry = exchange_request(actor=hoiku, channel=channel, direction="send", fields=["支払い金額"], purpose_code=CODE,
                             party=emoney, payload="payments.slips", record_ids=[s.pk for s in slips],
                             today=date(2026, 12, 1)).entry
    assert sorted(LedgerSubject.objects.filter(entry=entry).values_list("subject_id", flat=True)) == sorted(
        {str(s.charge.payer_id) for s in slips})
    assert channel not in ended_channels(as_of=date(2027, 3, 31))  # the last day is still in the period

    opened = deletion_requests_open_for_ended_channels(as_of=date(2027, 4, 1))

    assert [(r.party, r.reason, r.due) for r in opened] == [(emoney, "contract_end", date(2027, 5, 1))]
    assert list(opened[0].entries.values_list("entry_id", flat=True)) == [entry.pk]
    assert opened[0].reason_note == f"connection:{channel.pk} ended 2027-03-31"
    # The demo's 練馬区 connection has no end: its exchange is not asked back. And a rerun opens nothing.
    assert deletion_requests_open_for_ended_channels(as_of=date(2027, 4, 1)) == []
    assert HandoverLedgerEntry.objects.filter(connection__title__contains="乳幼児").exists()


@pytest.mark.django_db(transaction=True)
def test_the_retention_sweep_asks_the_vendor_for_the_demo_childrens_data_once(demo):
    """The issue's walk-through: move the clock past the retention period, sweep, and the vendor the ledger
    shows received the children's data is asked to erase it (the first child's exchange was asked already)."""
    from childcare.children.models import Child
    from governance.retention.sweeper import sweep

    ward = Municipality.objects.get(name="練馬区")
    Child.objects.filter(municipality=ward).update(left_on=date(2026, 3, 31))
    demo_entries = list(HandoverLedgerEntry.objects.filter(purpose="一時預かり予約管理(デモ)").order_by("pk"))
    assert len(demo_entries) == 2 and DeletionRequestEntry.objects.filter(entry=demo_entries[0]).exists()

    sweep(as_of=date(2031, 4, 2), tenant_id=ward.pk)

    (opened,) = DeletionRequest.objects.filter(reason_note__startswith="retention_rule:")
    assert (opened.party.name, opened.reason, opened.opened_on) == ("株式会社内田洋行", "retention_expiry",
                                                                    date(2031, 4, 2))
    assert list(opened.entries.values_list("entry_id", flat=True)) == [demo_entries[1].pk]
    sweep(as_of=date(2031, 4, 2), tenant_id=ward.pk)  # again: nothing is asked twice
    assert DeletionRequest.objects.filter(party__name="株式会社内田洋行").count() == 2
