"""The exchange gate: the only way personal data crosses the ward's boundary.

    exchange_request(actor=…, channel=…, direction="send", fields=[…], purpose_code=…, payload=…, record_ids=[…])

asks the `exchange` policy with the channel's APPROVED version; a denial raises ExchangeDenied with
every reason (and is audited) and moves nothing; an allowed exchange returns only the allowed fields
(as rows, or as an AES-encrypted file whose password is shown once), writes a HandoverLedgerEntry and
an audit event in one transaction.

The audit log is immutable, so its events name the purpose by a registered code (``purposes.py``) and
the ledger entry by id; the text a handler types about the exchange (``purpose``) is kept in the ledger
entry only, where it can be erased.

Call it outside any transaction of your own: the gate is the transaction boundary, so that the audit
event of a denial survives the exception it raises.
"""

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from audit.services import audit_record
from common.errors import Conflict, Forbidden, InvalidInput
from governance.exchange import channels
from governance.exchange import reasons as _reasons  # noqa: F401  (the policy's reasons, worded)
from governance.exchange.builders import PayloadRequest, payload_builder, payload_subjects
from governance.exchange.files import encrypted_zip, new_password, rows_to_csv
from governance.exchange.models import Direction, HandoverLedgerEntry, IncomingOutcome, LedgerSubject
from governance.exchange.purposes import exchange_purpose_check
from governance.tenancy.models import Party, User
from policies import Decision, decide

PURPOSE_MAX_LENGTH = HandoverLedgerEntry._meta.get_field("purpose").max_length


class ExchangeDenied(Forbidden):
    """The policy refused the exchange; ``reasons`` lists every rule that failed."""

    def __init__(self, reasons: Sequence[Mapping[str, Any]]):
        self.reasons = [dict(r) for r in reasons]
        super().__init__(_("The exchange is denied: %(reasons)s")
                         % {"reasons": " ".join(r["message"] for r in self.reasons)}, details={"reasons": self.reasons})


@dataclass
class ExchangeCheck:
    """What the policy said, and the input it said it about (for the dry-run page)."""

    decision: Decision
    policy_input: dict[str, Any]
    party: Party
    version: Any


@dataclass(frozen=True)
class IncomingFile:
    """A file arriving from the party, described rather than handed over: the caller streams it itself
    (a million-record result file does not pass through the gate as Python rows)."""

    sha256: str
    record_count: int
    name: str = ""


@dataclass
class ExchangeResult:
    entry: HandoverLedgerEntry
    fields: list[str]
    rows: list[dict] | None = None  # when the data is handed over in-process
    file: bytes | None = None  # when it leaves as an encrypted file
    password: str | None = field(default=None, repr=False)  # shown once; never stored


# Deletion requests sit above the gate (they are opened from its ledger), so the deletion capability
# registers how to find a party's overdue ones (in GovernanceConfig.ready); without it the gate decides nothing.
_overdue_deletion_requests: Callable[..., Iterable] | None = None


def register_overdue_deletion_requests(selector: Callable[..., Iterable]) -> None:
    """``selector(party=, today=)`` yields the party's unclosed deletion requests past their due date."""
    global _overdue_deletion_requests
    _overdue_deletion_requests = selector


def overdue_deletion_requests_input(*, party: Party, today: date) -> list[dict[str, Any]]:
    """The party's unclosed deletion requests already past their due date, as the policy reads them."""
    if _overdue_deletion_requests is None:
        raise ImproperlyConfigured("No deletion-request selector is registered with the exchange gate")
    return [{"id": r.pk, "due": r.due.isoformat()} for r in _overdue_deletion_requests(party=party, today=today)]


def _approval(channel):
    from governance.committee.selectors import approval_for_part

    return approval_for_part(channel)


def exchange_check(*, actor: User, channel: channels.Channel, direction: str, fields: Sequence[str],
                   purpose_code: str, record_count: int, party: Party | None = None,
                   today: date | None = None, medium: str = "") -> ExchangeCheck:
    """Ask the policy whether this exchange may happen, without moving anything (the dry run).

    ``medium`` names the medium (記録媒体) the data travels on, when the caller knows it: it must then be one
    the approved version lists for the party (an electronic form is approved with its medium)."""
    exchange_purpose_check(purpose_code)
    if direction not in Direction.values:
        raise InvalidInput(
            _(
                "Unknown direction '%(direction)s' (send or receive)"
            )
            % {
                "direction": direction,
            }, field="direction")
    if len(set(fields)) != len(fields):
        raise InvalidInput(_("A field is requested twice"), field="fields")
    today = today or timezone.localdate()
    kind = channels.channel_kind(channel)
    approval = _approval(channel)
    version = approval.version if approval else channel.versions.order_by("-number").first()
    parties = channels.channel_parties(version, kind) if version else []
    if party is None:
        party = version.counterparty if kind == "connection" else (parties[0] if len(parties) == 1 else None)
    if party is None or party not in parties:
        names = ", ".join(p.name for p in parties) or "none"
        raise InvalidInput(
            _(
                "Name the party of '%(channel)s' to exchange with (its parties: %(names)s)"
            )
            % {
                "channel": channel,
                "names": names,
            }, field="party")
    policy_input = {
        "today": today.isoformat(),
        "direction": direction,
        "purpose": purpose_code,
        "record_count": record_count,
        "requested_fields": list(fields),
        "medium": medium,
        "actor": channels.actor_input(actor, channel.municipality_id),
        "channel": {
            "kind": kind,
            "id": channel.pk,
            "name": str(channel),
            "approval": {"status": approval.status, "approved_version_id": approval.version.pk,
                         "meeting": approval.meeting} if approval else None,
            "version_in_use_id": version.pk,
            "period": channels.period_of(version),
            "checklist": [{**row, "answer": row["answer"] or None} for row in approval.checklist_answers]
            if approval else [],
            "counterparty": channels.party_input(party),
            "required_certifications": list(version.required_certifications),
            "requires_japanese_jurisdiction": version.requires_japanese_jurisdiction,
            "allowed_fields": channels.allowed_items(version, kind, party),
            "approved_media": channels.approved_media(version, kind, party),
            "designated_handler_ids": channels.designated_handler_ids(version, kind, channel),
            "overdue_deletion_requests": overdue_deletion_requests_input(party=party, today=today),
        },
        "settings": {"deny_on_overdue_deletion": settings.EXCHANGE_DENY_ON_OVERDUE_DELETION},
    }
    return ExchangeCheck(decide("exchange", policy_input), policy_input, party, version)


def _reference(check: ExchangeCheck, channel, direction: str, record_count: int) -> dict[str, Any]:
    return {"channel": channels.channel_kind(channel), "channel_id": channel.pk, "version": check.version.number,
            "party_id": check.party.pk, "direction": direction, "record_count": record_count}


def exchange_request(
    *,
    actor: User,
    channel: channels.Channel,
    direction: str,
    fields: Sequence[str],
    purpose_code: str,
    purpose: str = "",
    party: Party | None = None,
    payload: str | None = None,
    record_ids: Sequence[Any] = (),
    rows: Iterable[Mapping[str, Any]] | None = None,
    incoming: IncomingFile | None = None,
    as_file: bool = False,
    file_name: str = "",
    today: date | None = None,
    subjects: Iterable[tuple[str, Any]] = (),
    medium: str = "",
) -> ExchangeResult:
    """Move personal data across the boundary if, and only if, the approved channel allows every part of it.

    Outgoing data comes from a registered payload builder (``payload`` + ``record_ids``); incoming data
    is given as ``rows``, or described as an ``incoming`` file that the caller then reads itself. Only
    allowed fields pass; an incoming file must carry nothing but allowed items.

    Whose data crossed is recorded with the entry: the subjects a payload's builder declares, or, for
    rows and files, the ``subjects`` the caller names as ("type", id) references.

    ``purpose_code`` is a registered purpose; ``purpose`` is optional text about this exchange, kept in
    the ledger entry only.
    """
    if len(purpose) > PURPOSE_MAX_LENGTH:
        raise InvalidInput(gettext("The purpose is at most %(max)d characters") % {"max": PURPOSE_MAX_LENGTH},
                           field="purpose")
    if [payload, rows, incoming].count(None) != 2:
        raise InvalidInput(_("Give exactly one of: a payload with record ids, incoming rows, an incoming file"),
                           field="payload")
    builder = payload_builder(payload) if payload else None
    rows = None if rows is None else list(rows)
    record_count = len(record_ids) if builder else incoming.record_count if incoming else len(rows)
    check = exchange_check(actor=actor, channel=channel, direction=direction, fields=fields,
                           purpose_code=purpose_code, record_count=record_count, party=party, today=today,
                           medium=medium)
    reference = _reference(check, channel, direction, record_count)
    if not check.decision.allow:
        with transaction.atomic():
            audit_record("governance.exchange.denied", obj=channel, tenant_id=channel.municipality_id,
                         actor_id=actor.pk, fields=fields, purpose=purpose_code,
                         data={**reference, "reasons": sorted({r["code"] for r in check.decision.reasons})})
        raise ExchangeDenied(check.decision.reasons)

    allowed = [f for f in check.decision["allowed_fields"] if f in fields]
    result = ExchangeResult(entry=None, fields=allowed)  # type: ignore[arg-type]
    stored_name = ""
    if incoming:
        content_sha256, stored_name = incoming.sha256, incoming.name
    else:
        request = PayloadRequest(channel.municipality_id, record_ids, allowed)
        source = builder(request) if builder else rows
        if builder:
            subjects = payload_subjects(payload, request)
        minimised = [{f: row.get(f) for f in allowed} for row in source]
        record_count = len(minimised)
        content, _columns = rows_to_csv(minimised, allowed)
        content_sha256 = hashlib.sha256(content).hexdigest()
        if as_file:
            result.password = new_password()
            stem = file_name or f"exchange-{timezone.localtime():%Y%m%d-%H%M%S}"
            result.file = encrypted_zip(name=f"{stem}.csv", content=content, password=result.password)
            stored_name = f"{stem}.zip"
        else:
            result.rows = minimised
    subject_refs = sorted({(str(kind), str(pk)) for kind, pk in subjects})
    with transaction.atomic():
        # The entry first, so that the event names it; then the entry takes the event's seq and time.
        entry = result.entry = HandoverLedgerEntry.objects.create(
            municipality_id=channel.municipality_id, occurred_at=timezone.now(), actor=actor,
            connection=channel if reference["channel"] == "connection" else None,
            contract=channel if reference["channel"] == "contract" else None,
            version_number=check.version.number, version_hash=check.version.content_hash, party=check.party,
            direction=direction, items=allowed, record_count=record_count, purpose_code=purpose_code,
            purpose=purpose, content_sha256=content_sha256, file_name=stored_name, file_data=result.file,
            audit_seq=0,
            outcome=IncomingOutcome.RECEIVED if incoming else "",
        )
        event = audit_record("governance.exchange.completed", obj=channel, tenant_id=channel.municipality_id,
                             actor_id=actor.pk, fields=allowed, purpose=purpose_code, subjects=subject_refs,
                             data={**reference, "record_count": record_count, "content_sha256": content_sha256,
                                   "ledger_entry": entry.pk})
        entry.occurred_at, entry.audit_seq = event.occurred_at, event.seq
        entry.save(update_fields=["occurred_at", "audit_seq"])
        LedgerSubject.objects.bulk_create(
            [LedgerSubject(entry=result.entry, municipality_id=channel.municipality_id, subject_type=kind,
                           subject_id=pk) for kind, pk in subject_refs], batch_size=5000)
    return result


SETTLED_OUTCOMES = (IncomingOutcome.TAKEN_IN, IncomingOutcome.ALREADY_TAKEN_IN, IncomingOutcome.REFUSED)


def _ledger_problem(problem: Mapping[str, Any]) -> dict:
    """A refused file's problem as its entry keeps it: line and reason, and — where the receiver gives them — the
    message id and parameters the entry's page says it with, in its reader's language."""
    # A reason may quote a byte of the file; PostgreSQL's JSON holds no NUL, and no control character belongs in it.
    kept = {"line": int(problem["line"]),
            "reason": "".join(c if c.isprintable() else "\ufffd" for c in str(problem["reason"]))}
    if "message" in problem and "params" in problem:
        kept.update(message=str(problem["message"]), params=problem["params"], column=problem.get("column", ""))
    return kept


@transaction.atomic
def incoming_file_settle(*, actor: User, entry: HandoverLedgerEntry, outcome: str,
                         problems: Sequence[Mapping[str, Any]] = (), problem_count: int = 0) -> HandoverLedgerEntry:
    """Record on a received file's entry what became of it: taken in, already taken in, or refused with its
    problems (``{"line", "reason"}``, with ``message``, ``params`` and ``column`` where the problem is kept to be
    said in its reader's language; the first 100 kept). Once only; audited with the entry.

    Called in the receiver's own transaction when the outcome is part of it (a file taken in), so the ledger
    never says more was taken in than was.
    """
    locked = HandoverLedgerEntry.objects.select_for_update().get(pk=entry.pk)
    if outcome not in SETTLED_OUTCOMES:
        raise InvalidInput(
            _(
                "Unknown outcome '%(outcome)s' of a received file"
            )
            % {
                "outcome": outcome,
            }, field="outcome")
    if locked.direction != Direction.RECEIVE or locked.outcome != IncomingOutcome.RECEIVED:
        raise Conflict(
            _(
                "Ledger entry %(pk)s is not a received file waiting for its outcome"
            )
            % {
                "pk": locked.pk,
            }, field="entry")
    refused = outcome == IncomingOutcome.REFUSED
    locked.outcome = outcome
    locked.problem_count = max(problem_count, len(problems)) if refused else 0
    locked.problems = [_ledger_problem(p) for p in problems][:100] if refused else []
    locked.save(update_fields=["outcome", "problem_count", "problems"])
    audit_record("governance.exchange.incoming_settled", obj=locked, tenant_id=locked.municipality_id,
                 actor_id=actor.pk, data={"entry_id": locked.pk, "outcome": outcome,
                                          "problem_count": locked.problem_count,
                                          "content_sha256": locked.content_sha256})
    return locked
