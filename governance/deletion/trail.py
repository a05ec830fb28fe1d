"""The subject trail, for auditors: for one data subject, where their data went and that it was erased.

One timeline of references and metadata, never values: the exchanges that carried the subject's data
(the handover ledger), the deletion requests covering those exchanges and the certificates the parties
sent, and the local erasure of the subject's records (shredding and retention events of the audit log,
found through the audit subject index). Looking a subject up is itself an audited event naming the subject.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.scope import audit_scope
from audit.selectors import EventFilter, audit_event_search
from audit.services import audit_record
from common.errors import Forbidden, InvalidInput
from governance.deletion.models import DeletionCertificate, DeletionRequest
from governance.exchange.models import HandoverLedgerEntry
from governance.tenancy.models import User

SUBJECT_TYPE = re.compile(r"^[a-z_]+\.[a-z_]+$")
# Audit events that mean "this subject's data was erased here".
ERASURE_EVENTS = ("governance.data_key.shredded", "governance.data_keys.shredded", "governance.retention_batch.erased")


STEP_LABELS = {
    "exchange": _("data sent or received (ledger)"),
    "deletion_requested": _("deletion requested from the party"),
    "certificate_submitted": _("deletion certificate submitted"),
    "certificate_confirmed": _("deletion certificate confirmed"),
    "certificate_rejected": _("deletion certificate rejected"),
    "local_erasure": _("erased here (shredding or retention)"),
}


@dataclass(frozen=True)
class TrailStep:
    at: datetime
    kind: str  # exchange | deletion_requested | certificate_submitted | certificate_confirmed | certificate_rejected
    #            | local_erasure
    reference: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(STEP_LABELS.get(self.kind, self.kind))

    @property
    def display(self) -> list[tuple[str, str]]:
        """The references as (name, text) pairs for a page; lists joined with ・."""
        return [(key, "・".join(map(str, value)) if isinstance(value, list) else str(value))
                for key, value in self.reference.items()]


@dataclass
class SubjectTrail:
    subject_type: str
    subject_id: str
    steps: list[TrailStep]
    entries: list[HandoverLedgerEntry]
    requests: list[DeletionRequest]
    certificates: list[DeletionCertificate]
    erasure_seqs: list[int]

    @property
    def unerased_entries(self) -> list[HandoverLedgerEntry]:
        """Sent entries whose erasure no confirmed certificate proves yet."""
        confirmed = {r.pk for r in self.requests if r.is_closed}
        return [e for e in self.entries if e.direction == "send"
                and getattr(getattr(e, "deletion_request_line", None), "request_id", None) not in confirmed]


def _ensure_auditor(actor: User) -> frozenset[int]:
    tenants = audit_scope(actor).tenant_ids
    if not actor.has_perm("audit.view_auditevent") or not tenants:
        raise Forbidden(_("Only auditors (and administrators) may look up a subject's trail"))
    return tenants


def subject_trail(*, actor: User, subject_type: str, subject_id: str) -> SubjectTrail:
    """The trail of one subject in the auditor's tenants, oldest first; records the query as an audit event."""
    subject_type, subject_id = subject_type.strip(), subject_id.strip()
    if not SUBJECT_TYPE.match(subject_type):
        raise InvalidInput(
            _(
                "'%(subject_type)s' is not a subject type such as payments.payer"
            )
            % {
                "subject_type": subject_type,
            }, field="subject_type")
    if not subject_id or len(subject_id) > 64:
        raise InvalidInput(_("Give the subject's id (up to 64 characters)"), field="subject_id")
    tenants = _ensure_auditor(actor)
    entries = list(HandoverLedgerEntry.objects.filter(
        municipality_id__in=tenants, subjects__subject_type=subject_type, subjects__subject_id=subject_id,
    ).select_related("party", "connection", "contract", "deletion_request_line").order_by("occurred_at", "pk"))
    requests = list(DeletionRequest.objects.filter(entries__entry__in=[e.pk for e in entries]).distinct()
                    .select_related("party").order_by("opened_at", "pk"))
    certificates = list(DeletionCertificate.objects.filter(request__in=requests).defer("pdf", "witness")
                        .order_by("uploaded_at", "pk"))
    erasures = list(audit_event_search(actor=actor, filters=EventFilter(subject_type=subject_type,
                                                                        subject_id=subject_id))
                    .filter(name__in=ERASURE_EVENTS).order_by("seq"))
    steps = [TrailStep(e.occurred_at, "exchange", {
        "entry_id": e.pk, "party": e.party.name, "direction": e.direction, "channel": str(e.channel),
        "items": e.items, "record_count": e.record_count, "audit_seq": e.audit_seq}) for e in entries]
    request_entries: dict[int, list[int]] = {}
    for e in entries:
        line = getattr(e, "deletion_request_line", None)
        if line is not None:
            request_entries.setdefault(line.request_id, []).append(e.pk)
    steps += [TrailStep(r.opened_at, "deletion_requested", {
        "request_id": r.pk, "party": r.party.name, "reason": r.reason, "due": r.due.isoformat(),
        "status": r.status, "entry_ids": request_entries.get(r.pk, [])}) for r in requests]
    for c in certificates:
        steps.append(TrailStep(c.uploaded_at, "certificate_submitted", {
            "certificate_id": c.pk, "request_id": c.request_id, "method": c.method,
            "erased_on": c.erased_on.isoformat(), "media_count": len(c.media_identifiers), "sha256": c.sha256}))
        if c.decided_at:
            steps.append(TrailStep(c.decided_at, f"certificate_{c.status}", {
                "certificate_id": c.pk, "request_id": c.request_id}))
    steps += [TrailStep(ev.occurred_at, "local_erasure", {
        "audit_seq": ev.seq, "event": ev.name, "action": ev.data.get("action") or ev.data.get("reason", "")})
        for ev in erasures]
    steps.sort(key=lambda s: s.at)
    with transaction.atomic():
        audit_record("governance.subject_trail.queried", actor_id=actor.pk, subjects=[(subject_type, subject_id)],
                     tenant_id=next(iter(tenants)) if len(tenants) == 1 else None,
                     data={"subject_type": subject_type, "subject_id": subject_id, "tenant_ids": sorted(tenants),
                           "entries": len(entries), "requests": len(requests), "certificates": len(certificates),
                           "erasures": len(erasures)})
    return SubjectTrail(subject_type, subject_id, steps, entries, requests, certificates,
                        [ev.seq for ev in erasures])
