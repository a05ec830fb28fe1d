"""Deletion requests and certificates: the writes.

- ``deletion_requests_open_for_subjects``: the retention sweep, after each batch, asks every party the
  ledger shows received those subjects' data to erase it;
- ``deletion_requests_open_for_ended_channels``: the same at the end of a contract or connection period;
- ``deletion_certificate_upload`` / ``_confirm`` / ``_reject``: the party certifies, the ward decides;
- ``deletion_requests_escalate`` and ``certifications_watch``: the daily reminders, escalations and notices.

Opening is idempotent per ledger entry: ``DeletionRequestEntry.entry`` is unique, and the entries are
locked before they are checked, so two sweeps at once cannot ask twice for the same exchange.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AuditFinding
from audit.services import audit_record
from common.errors import ApplicationError, Conflict, InvalidInput
from common.uploads import upload_missing
from governance.deletion.models import (
    CertificateStatus,
    DeletionCertificate,
    DeletionNotice,
    DeletionReason,
    DeletionRequest,
    DeletionRequestEntry,
    DeletionStatus,
    ErasureMethod,
    NoticeKind,
)
from governance.deletion.selectors import deletion_request_for_vendor, ensure_ward_decider
from governance.deletion.uploads import certificate_pdf_check
from governance.exchange.models import Direction, HandoverLedgerEntry, LedgerSubject
from governance.notifications.services import members, notification_send_many
from governance.registry.models import Certification, ExternalConnection, OutsourcingContract
from governance.tenancy.models import Party, Role, User

logger = logging.getLogger(__name__)

SUBJECT_CHUNK = 1000  # subject ids per IN (...) lookup
OVERDUE_FINDING = AuditFinding.Kind.OVERDUE_DELETION


def _due(as_of: date) -> date:
    return as_of + timedelta(days=settings.DELETION_REQUEST_DUE_DAYS)


def _open_requests(*, tenant_id: int, entry_ids: Iterable[int], reason: str, reason_note: str, as_of: date,
                   subjects_by_entry: dict[int, set[tuple[str, str]]] | None = None) -> list[DeletionRequest]:
    """One request per party for the given sent entries not yet covered by any request (entries locked first)."""
    covered = DeletionRequestEntry.objects.filter(entry_id=OuterRef("pk"))
    entries = list(HandoverLedgerEntry.objects.select_for_update().filter(
        ~Exists(covered), pk__in=sorted(set(entry_ids)), municipality_id=tenant_id, direction=Direction.SEND,
    ).order_by("pk"))
    by_party: dict[int, list[HandoverLedgerEntry]] = defaultdict(list)
    for entry in entries:
        by_party[entry.party_id].append(entry)
    opened = []
    for party_id, party_entries in sorted(by_party.items()):
        items = list(dict.fromkeys(item for entry in party_entries for item in entry.items))
        request = DeletionRequest.objects.create(
            municipality_id=tenant_id, party_id=party_id, reason=reason, reason_note=reason_note[:200],
            items=items, opened_on=as_of, due=_due(as_of))
        DeletionRequestEntry.objects.bulk_create(
            [DeletionRequestEntry(request=request, entry=entry) for entry in party_entries])
        subjects = sorted({s for e in party_entries for s in (subjects_by_entry or {}).get(e.pk, ())})
        audit_record("governance.deletion_request.opened", obj=request, tenant_id=tenant_id, subjects=subjects,
                     fields=items, data={"party_id": party_id, "entry_ids": [e.pk for e in party_entries],
                                         "reason": reason, "reason_note": reason_note[:200],
                                         "due": request.due.isoformat(), "record_count": sum(
                                             e.record_count for e in party_entries)})
        opened.append(request)
    return opened


@transaction.atomic
def deletion_requests_open_for_subjects(*, tenant_id: int, subjects: list[tuple[str, str]], reason: str,
                                        as_of: date) -> list[DeletionRequest]:
    """Ask each party that received these subjects' data (per the ledger) to erase it; returns the new requests.

    ``subjects`` are audit-style references, ("payments.payer", "12"); ``reason`` a code or reference (the
    retention rule), kept with the request. An exchange already covered by a request is not asked for again,
    so calling this twice for the same batch opens nothing the second time.
    """
    by_type: dict[str, set[str]] = defaultdict(set)
    for kind, pk in subjects:
        by_type[str(kind)].add(str(pk))
    subjects_by_entry: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for kind, ids in by_type.items():
        ordered = sorted(ids)
        for start in range(0, len(ordered), SUBJECT_CHUNK):
            rows = LedgerSubject.objects.filter(
                municipality_id=tenant_id, subject_type=kind, subject_id__in=ordered[start:start + SUBJECT_CHUNK],
                entry__direction=Direction.SEND, entry__deletion_request_line__isnull=True,
            ).values_list("entry_id", "subject_id")
            for entry_id, subject_id in rows:
                subjects_by_entry[entry_id].add((kind, subject_id))
    if not subjects_by_entry:
        return []
    return _open_requests(tenant_id=tenant_id, entry_ids=subjects_by_entry, reason=DeletionReason.RETENTION_EXPIRY,
                          reason_note=reason, as_of=as_of, subjects_by_entry=subjects_by_entry)


def _channel_end(channel) -> date | None:
    """The last day of the approved period (of the newest version when never approved); None: still open."""
    from governance.committee.selectors import approval_for_part

    approval = approval_for_part(channel)
    version = approval.version if approval else channel.versions.order_by("-number").first()
    return version.period_end if version else None


def ended_channels(*, as_of: date) -> list[ExternalConnection | OutsourcingContract]:
    """Connections and contracts whose period ended before ``as_of`` and that sent data not yet requested back."""
    pending = HandoverLedgerEntry.objects.filter(direction=Direction.SEND, deletion_request_line__isnull=True)
    channels: list[Any] = [
        *ExternalConnection.objects.filter(pk__in=pending.values("connection_id")).order_by("pk"),
        *OutsourcingContract.objects.filter(pk__in=pending.values("contract_id")).order_by("pk"),
    ]
    return [c for c in channels if (end := _channel_end(c)) is not None and end < as_of]


@transaction.atomic
def deletion_requests_open_for_channel(*, channel, as_of: date) -> list[DeletionRequest]:
    """At the end of a contract or connection period: one request per party for everything sent over it."""
    end = _channel_end(channel)
    if end is None or end >= as_of:
        raise InvalidInput(
            _(
                "The period of '%(channel)s' has not ended on %(isoformat)s"
            )
            % {
                "channel": channel,
                "isoformat": as_of.isoformat(),
            }, field="channel")
    kind = "connection" if isinstance(channel, ExternalConnection) else "contract"
    entries = HandoverLedgerEntry.objects.filter(**{kind: channel}, direction=Direction.SEND,
                                                 deletion_request_line__isnull=True)
    entry_ids = list(entries.values_list("pk", flat=True))
    subjects_by_entry: dict[int, set[tuple[str, str]]] = defaultdict(set)
    for entry_id, subject_type, subject_id in LedgerSubject.objects.filter(entry_id__in=entry_ids).values_list(
            "entry_id", "subject_type", "subject_id"):
        subjects_by_entry[entry_id].add((subject_type, subject_id))
    return _open_requests(tenant_id=channel.municipality_id, entry_ids=entry_ids, reason=DeletionReason.CONTRACT_END,
                          reason_note=f"{kind}:{channel.pk} ended {end.isoformat()}", as_of=as_of,
                          subjects_by_entry=subjects_by_entry)


def deletion_requests_open_for_ended_channels(*, as_of: date) -> list[DeletionRequest]:
    """The beat job: every ended channel, each in its own transaction."""
    opened: list[DeletionRequest] = []
    for channel in ended_channels(as_of=as_of):
        opened += deletion_requests_open_for_channel(channel=channel, as_of=as_of)
    return opened


# --- the party certifies ------------------------------------------------------------------------------------

def _refused(*, actor: User, request_id, tenant_id: int | None, code: str, exc: ApplicationError) -> None:
    with transaction.atomic():
        audit_record("governance.deletion_certificate.refused", object_type="governance.deletionrequest",
                     object_id=str(request_id), tenant_id=tenant_id, actor_id=actor.pk, data={"code": code})
    raise exc


def deletion_certificate_upload(*, actor: User, request_id: int, method: str, media_identifiers: Sequence[str],
                                erased_on: date | None, witness: str, content: bytes | None, content_type: str,
                                today: date | None = None) -> DeletionCertificate:
    """A vendor user certifies erasure for a request of their own party. Every refusal is audited (in a
    transaction of its own, so the record survives the refusal) and changes nothing else. ``content`` is None
    when no file was sent.

    Call it outside any transaction of your own, like the exchange gate.
    """
    today = today or timezone.localdate()
    try:
        request = deletion_request_for_vendor(actor=actor, pk=request_id)
    except ApplicationError as exc:
        _refused(actor=actor, request_id=request_id, tenant_id=None, code="not_found", exc=exc)
    media = [m.strip() for m in media_identifiers if m and m.strip()]
    try:
        if request.status != DeletionStatus.OPEN:
            raise Conflict(
                _(
                    "Deletion request %(pk)s already has a certificate (status: %(status)s); wait for the ward's "
                    "decision."
                )
                % {
                    "pk": request.pk,
                    "status": request.status,
                }, field="request")
        if method not in ErasureMethod.values:
            raise InvalidInput(
                _(
                    "Choose the erasure method: one of %(items)s."
                )
                % {
                    "items": ', '.join(ErasureMethod.values),
                }, field="method")
        if not media:
            raise InvalidInput(_("Name the erased media (serial numbers or labels), one per line."),
                               field="media_identifiers")
        if erased_on is None:
            raise InvalidInput(_("Give the date the data was erased."), field="erased_on")
        if erased_on > today:
            raise InvalidInput(
                _(
                    "The erasure date %(isoformat)s is in the future."
                )
                % {
                    "isoformat": erased_on.isoformat(),
                }, field="erased_on")
        first_sent = request.entries.order_by("entry__occurred_at").values_list("entry__occurred_at", flat=True)[:1]
        if first_sent and erased_on < timezone.localdate(first_sent[0]):
            raise InvalidInput(
                _(
                    "The erasure date %(isoformat)s is before the data was sent (%(isoformat2)s)."
                )
                % {
                    "isoformat": erased_on.isoformat(),
                    "isoformat2": timezone.localdate(first_sent[0]).isoformat(),
                }, field="erased_on")
        if not witness.strip():
            raise InvalidInput(_("Name the witness of the erasure."), field="witness")
        if content is None:
            raise upload_missing(field="pdf")
        checked = certificate_pdf_check(content_type=content_type, content=content)
    except ApplicationError as exc:
        code = {"method": "method", "media_identifiers": "media", "erased_on": "date", "witness": "witness",
                "pdf": "pdf", "request": "status"}.get(exc.field or "", "invalid")
        _refused(actor=actor, request_id=request.pk, tenant_id=request.municipality_id, code=code, exc=exc)
    return _certificate_store(actor=actor, request=request, method=method, media=media, erased_on=erased_on,
                              witness=witness.strip(), checked=checked)


@transaction.atomic
def _certificate_store(*, actor, request, method, media, erased_on, witness, checked) -> DeletionCertificate:
    locked = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status != DeletionStatus.OPEN:  # a second upload raced this one
        raise Conflict(
            _(
                "Deletion request %(pk)s already has a certificate; wait for the ward's decision."
            )
            % {
                "pk": request.pk,
            },
                       field="request")
    certificate = DeletionCertificate.objects.create(
        municipality_id=locked.municipality_id, request=locked, uploaded_by=actor, method=method,
        media_identifiers=media, erased_on=erased_on, witness=witness,
        file_name=f"deletion-certificate-{locked.pk}.pdf", size=checked.size, sha256=checked.sha256,
        pdf=checked.content)
    locked.status = DeletionStatus.SUBMITTED
    locked.save(update_fields=["status"])
    audit_record("governance.deletion_certificate.uploaded", obj=certificate, tenant_id=locked.municipality_id,
                 actor_id=actor.pk, fields=["立会者", "消去証明書PDF"],
                 data={"request_id": locked.pk, "party_id": locked.party_id, "method": method,
                       "media_count": len(media), "erased_on": erased_on.isoformat(), "size": checked.size,
                       "sha256": checked.sha256})
    return certificate


def _decidable(actor: User, certificate: DeletionCertificate) -> tuple[DeletionCertificate, DeletionRequest]:
    certificate = DeletionCertificate.objects.select_for_update().get(pk=certificate.pk)
    request = DeletionRequest.objects.select_for_update().get(pk=certificate.request_id)
    ensure_ward_decider(actor=actor, request=request)
    if certificate.status != CertificateStatus.SUBMITTED:
        raise Conflict(
            _(
                "Certificate %(pk)s was already %(status)s."
            )
            % {
                "pk": certificate.pk,
                "status": certificate.get_status_display(),
            },
                       field="certificate")
    return certificate, request


@transaction.atomic
def deletion_certificate_confirm(*, actor: User, certificate: DeletionCertificate) -> DeletionCertificate:
    """The ward accepts the certificate: the request closes."""
    certificate, request = _decidable(actor, certificate)
    now = timezone.now()
    certificate.status, certificate.decided_by, certificate.decided_at = CertificateStatus.CONFIRMED, actor, now
    certificate.save(update_fields=["status", "decided_by", "decided_at"])
    request.status, request.closed_at = DeletionStatus.CONFIRMED, now
    request.save(update_fields=["status", "closed_at"])
    audit_record("governance.deletion_certificate.confirmed", obj=certificate, tenant_id=request.municipality_id,
                 actor_id=actor.pk, data={"request_id": request.pk, "party_id": request.party_id,
                                          "sha256": certificate.sha256})
    return certificate


@transaction.atomic
def deletion_certificate_reject(*, actor: User, certificate: DeletionCertificate, reason: str) -> DeletionCertificate:
    """The ward refuses the certificate, saying why: the request waits for a new one (its due date stands)."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say why the certificate is rejected; the party sees the reason."), field="reason")
    certificate, request = _decidable(actor, certificate)
    certificate.status, certificate.decided_by, certificate.decided_at = (CertificateStatus.REJECTED, actor,
                                                                          timezone.now())
    certificate.rejection_reason = reason[:500]
    certificate.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason"])
    request.status = DeletionStatus.OPEN
    request.save(update_fields=["status"])
    audit_record("governance.deletion_certificate.rejected", obj=certificate, tenant_id=request.municipality_id,
                 actor_id=actor.pk, data={"request_id": request.pk, "party_id": request.party_id})
    return certificate


# --- reminders, escalation, certification expiry -------------------------------------------------------------

def _mail(subject: str, body: str) -> None:
    """Tell the ward's mailbox, when one is configured; a mail failure never undoes a notice."""
    if not settings.DELETION_NOTICE_EMAILS:
        return
    try:
        send_mail(subject, body, None, settings.DELETION_NOTICE_EMAILS)
    except OSError:
        logger.exception("Could not send the deletion notice mail")


def _notice(*, kind: str, key: str, party: Party | int, day: date, tenant_id: int,
            request: DeletionRequest | None = None, certification: Certification | None = None) -> bool:
    """Create the notice unless it exists; True when it is new."""
    party_id = party if isinstance(party, int) else party.pk
    _notice, created = DeletionNotice.objects.get_or_create(key=key, defaults={
        "municipality_id": tenant_id, "kind": kind, "party_id": party_id, "day": day, "request": request,
        "certification": certification})
    return created


def _tell(*, municipality_id: int, party_id: int, **notification) -> None:
    """The party's own users (who must act) and the ward's administrators (who follow it up), in their inboxes."""
    from django.urls import reverse

    recipients = (members(municipality_id=municipality_id, roles=[Role.VENDOR_USER], party_id=party_id)
                  + members(municipality_id=municipality_id, roles=[Role.ADMINISTRATOR]))
    notification_send_many(recipients=recipients, municipality_id=municipality_id, link=reverse("deletion-requests"),
                           **notification)


@transaction.atomic
def deletion_requests_escalate(*, today: date) -> dict[str, int]:
    """Remind parties whose certificate is due within DELETION_REMINDER_DAYS; escalate overdue requests once
    each (a notice for the party and the ward, an audit event, a finding for auditors, a mail to the ward).
    Idempotent: a second run the same day adds nothing; the finding's count follows the days overdue."""
    counts = {"reminded": 0, "escalated": 0}
    unclosed = DeletionRequest.objects.exclude(status=DeletionStatus.CONFIRMED).select_related("party")
    soon = today + timedelta(days=settings.DELETION_REMINDER_DAYS)
    for request in unclosed.filter(due__gte=today, due__lte=soon, status=DeletionStatus.OPEN):
        if _notice(kind=NoticeKind.DELETION_REMINDER, key=f"reminder:{request.pk}:{request.due}", party=request.party,
                   day=request.due, tenant_id=request.municipality_id, request=request):
            audit_record("governance.deletion_request.reminded", obj=request, tenant_id=request.municipality_id,
                         data={"party_id": request.party_id, "due": request.due.isoformat()})
            counts["reminded"] += 1
    for request in unclosed.filter(due__lt=today).select_for_update(of=("self",)):
        days_overdue = (today - request.due).days
        finding_key = f"{request.municipality_id}:{OVERDUE_FINDING}:request-{request.pk}:{request.due}"
        if _notice(kind=NoticeKind.DELETION_OVERDUE, key=f"overdue:{request.pk}:{request.due}", party=request.party,
                   day=request.due, tenant_id=request.municipality_id, request=request):
            event = audit_record("governance.deletion_request.escalated", obj=request,
                                 tenant_id=request.municipality_id,
                                 data={"party_id": request.party_id, "due": request.due.isoformat(),
                                       "days_overdue": days_overdue})
            request.escalated_on = today
            request.save(update_fields=["escalated_on"])
            AuditFinding.objects.get_or_create(key=finding_key, defaults={
                "tenant_id": request.municipality_id, "kind": OVERDUE_FINDING, "actor_id": None, "day": request.due,
                "event_seqs": [event.seq], "count": days_overdue,
                "note": f"Deletion request {request.pk} to {request.party.name} was due on "
                        f"{request.due.isoformat()} and has no confirmed certificate."})
            _tell(municipality_id=request.municipality_id, party_id=request.party_id, kind="deletion_overdue",
                  params={"request": request.pk, "party": request.party.name, "due": request.due.isoformat()},
                  subject=("governance.deletionrequest", request.pk),
                  key=f"deletion_overdue:{request.pk}:{request.due}")
            _mail(f"[Mimamori] Deletion certificate overdue: request {request.pk}",
                  f"The deletion certificate {request.party.name} owes for deletion request {request.pk} was due on "
                  f"{request.due.isoformat()}. See the deletion requests page.")
            counts["escalated"] += 1
        else:
            AuditFinding.objects.filter(key=finding_key).update(count=days_overdue)
    return counts


@transaction.atomic
def certifications_watch(*, today: date) -> dict[str, int]:
    """Notices for parties' certifications expiring within CERTIFICATION_EXPIRY_NOTICE_DAYS or already
    expired (the gate denies those); one notice per certification, expiry date and stage."""
    horizon = today + timedelta(days=settings.CERTIFICATION_EXPIRY_NOTICE_DAYS)
    counts = {"expiring": 0, "expired": 0}
    watched = Certification.objects.filter(valid_until__isnull=False, valid_until__lte=horizon).select_related(
        "party").order_by("pk")
    new: list[int] = []
    for certification in watched:
        expired = certification.valid_until < today
        kind = NoticeKind.CERTIFICATION_EXPIRED if expired else NoticeKind.CERTIFICATION_EXPIRING
        if _notice(kind=kind, key=f"{kind}:{certification.pk}:{certification.valid_until}",
                   party=certification.party_id, day=certification.valid_until,
                   tenant_id=certification.municipality_id, certification=certification):
            counts["expired" if expired else "expiring"] += 1
            new.append(certification.pk)
            _tell(municipality_id=certification.municipality_id, party_id=certification.party_id,
                  kind="certification_expiring",
                  params={"party": certification.party.name, "certification": certification.kind,
                          "valid_until": certification.valid_until.isoformat()},
                  subject=("governance.certification", certification.pk),
                  key=f"certification_expiring:{kind}:{certification.pk}:{certification.valid_until}")
    if new:
        tenants = sorted(set(Certification.objects.filter(pk__in=new).values_list("municipality_id", flat=True)))
        for tenant_id in tenants:
            ids = list(Certification.objects.filter(pk__in=new, municipality_id=tenant_id).values_list("pk", flat=True))
            audit_record("governance.certification.expiry_noticed", tenant_id=tenant_id,
                         data={"certification_ids": ids, "within_days": settings.CERTIFICATION_EXPIRY_NOTICE_DAYS})
    return counts



@transaction.atomic
def certificate_downloaded(*, actor: User, certificate: DeletionCertificate) -> None:
    """Record that someone took the certificate's PDF out of the platform."""
    audit_record("governance.deletion_certificate.downloaded", obj=certificate, tenant_id=certificate.municipality_id,
                 actor_id=actor.pk, fields=["消去証明書PDF"],
                 data={"request_id": certificate.request_id, "sha256": certificate.sha256})
