"""Importing a result file (収納データ) from the collection service, and working the cases it opens."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit.services import audit_record
from common.errors import Conflict, Forbidden, InvalidInput, NotFound
from common.uploads import BINARY, SNIFF_BYTES, TEXT, UploadRefused, upload_kind_check, upload_name, upload_size_check
from governance.exchange.models import HandoverLedgerEntry, IncomingOutcome
from governance.tenancy.models import Municipality
from payments.catalog.access import require_department, staff_department_ids
from payments.catalog.models import CollectionAgreement, FeeType
from payments.collection.gate import result_file_receive, result_file_settle
from payments.collection.importing.reconcile import reconcile, records_write
from payments.collection.importing.scan import FileScan, Problem
from payments.collection.layouts import layout_get
from payments.collection.models import CaseStatus, ReconciliationCase, ResultFile


class PaymentFileRejected(InvalidInput):
    """A result file that fails validation: nothing from it is applied."""

    def __init__(self, problems: list[Problem], problem_count: int, filename: str,
                 code: str = "result_file_rejected"):
        listed = [{"line": p.line, "reason": p.reason} for p in problems]
        more = problem_count - len(problems)
        # The file's name is not repeated: a name is the sender's to choose and may carry anything.
        message = (ngettext("The result file was refused for %(count)d problem; nothing was applied.",
                            "The result file was refused for %(count)d problems; nothing was applied.",
                            problem_count) % {"count": problem_count} + " "
                   + "; ".join(str(p) for p in problems[:5]) + (" …" if problem_count > 5 else ""))
        super().__init__(message, field="file", code=code,
                         details={"problems": listed, "problem_count": problem_count, "not_listed": more})
        self.problems = problems
        self.problem_count = problem_count
        self.ledger_entry: HandoverLedgerEntry | None = None

    def recorded_in(self, entry: HandoverLedgerEntry) -> "PaymentFileRejected":
        """The refusal as the handover ledger records it (the answer names the entry)."""
        self.ledger_entry = entry
        self.details["ledger_entry_id"] = entry.pk
        return self


@dataclass
class ImportOutcome:
    status: str  # "imported" or "already_imported"
    result_file: ResultFile
    summary: dict[str, int] = field(default_factory=dict)
    ledger_entry: HandoverLedgerEntry | None = None  # the file's arrival, as the handover ledger records it

    @property
    def message(self) -> str:
        f = self.result_file
        if self.status == "already_imported":
            return _("This file (sha256 %(sha256)s…) was imported on %(at)s; nothing changed.") % {
                "sha256": f.sha256[:12], "at": timezone.localtime(f.imported_at).strftime("%Y-%m-%d %H:%M")}
        s = self.summary
        return _("Imported %(data)d data records: %(new)d new, %(duplicate)d already imported (unchanged); "
                 "%(provisional)d provisional receipts, %(confirmed)d confirmed, %(reversed)d reversed; "
                 "%(cases)d cases opened.") % {
            "data": f.data_count, "new": s.get("records_new", 0), "duplicate": s.get("records_duplicate", 0),
            "provisional": s.get("receipts_provisional", 0),
            "confirmed": s.get("receipts_confirmed", 0) + s.get("receipts_confirmed_without_flash", 0),
            "reversed": s.get("receipts_reversed", 0),
            "cases": sum(v for k, v in s.items() if k.startswith("cases_"))}


def _agreement_for(municipality: Municipality) -> CollectionAgreement:
    agreement = CollectionAgreement.objects.filter(municipality=municipality).order_by("pk").first()
    if agreement is None:
        raise NotFound(_("This municipality has no collection agreement to import files for"))
    return agreement


def _may_import(actor, agreement: CollectionAgreement) -> bool:
    departments = staff_department_ids(actor)
    return agreement.department_id in departments or FeeType.objects.filter(
        municipality_id=agreement.municipality_id, department_id__in=departments).exists()


Progress = Callable[[int, int, str], None]
# How far an import has got, in three stages over the file's bytes: hashing it, scanning and writing its records
# (the longest), reconciling them; a progress callback sees (bytes done over both passes, twice the size and one
# step for the reconciliation, stage): the bar reaches its end only when the import has.
STAGES = ("hashing", "scanning", "reconciling")


class _ProgressReader:
    """The file as the scan reads it, telling ``progress`` how many bytes it has read (out of band: nothing in
    the import's transaction changes)."""

    def __init__(self, stream: BinaryIO, *, progress: Progress, offset: int, total: int):
        self._stream, self._progress, self._offset, self._total = stream, progress, offset, total
        self._read = 0

    def read(self, size: int = -1) -> bytes:
        data = self._stream.read(size)
        self._read += len(data)
        self._progress(min(self._offset + self._read, self._total), self._total, "scanning")
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        if (offset, whence) == (0, 0):
            self._read = 0
        return self._stream.seek(offset, whence)

    def __getattr__(self, name):
        return getattr(self._stream, name)


def _sha256(stream: BinaryIO, progress: Progress | None = None, size_hint: int = 0) -> tuple[str, int, int]:
    """(hash, size in bytes, number of lines) in one streaming pass."""
    digest, size, lines, last = hashlib.sha256(), 0, 0, b""
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
        size += len(chunk)
        lines += chunk.count(b"\n")
        last = chunk[-1:]
        if progress is not None and size_hint:
            progress(min(size, size_hint), 2 * size_hint + 1, "hashing")
    stream.seek(0)
    return digest.hexdigest(), size, lines + (1 if last not in (b"", b"\n") else 0)


def _head(stream: BinaryIO) -> bytes:
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    return head


def _refuse(*, actor, agreement, entry, sha256: str, rejected: PaymentFileRejected) -> PaymentFileRejected:
    """Record a refused file on its ledger entry and in the audit log (in one transaction of its own)."""
    with transaction.atomic():
        entry = result_file_settle(actor=actor, entry=entry, outcome=IncomingOutcome.REFUSED,
                                   problems=[{**p.stored(), "reason": p.reason} for p in rejected.problems],
                                   problem_count=rejected.problem_count)
        audit_record("payments.result_file.rejected", object_type="payments.collectionagreement",
                     object_id=agreement.pk, tenant_id=agreement.municipality_id,
                     data={"sha256": sha256, "problem_count": rejected.problem_count, "ledger_entry_id": entry.pk,
                           "lines": sorted({p.line for p in rejected.problems})[:100]})
    return rejected.recorded_in(entry)


def payment_file_import(*, actor, municipality: Municipality, stream: BinaryIO, filename: str,
                        agreement: CollectionAgreement | None = None, progress: Progress | None = None,
                        size_hint: int = 0) -> ImportOutcome:
    """Validate a whole result file, then apply it; a file with any problem is rejected whole.

    Every file the gate lets in is entered in the handover ledger with its name and hash, and the entry then
    says what became of it: taken in, already taken in (the same content hash; nothing changes) or refused
    (empty, not a text file, too large, or any record with a problem), in agreement with this outcome.
    ``stream`` is a seekable binary file; it is read in a streaming fashion, never whole. ``progress``
    (``(done, total, stage)``, stages in :data:`STAGES`) is told how far the import got; ``size_hint`` (the
    file's size, when known) lets it count the first pass too.
    """
    agreement = agreement or _agreement_for(municipality)
    if agreement.municipality_id != municipality.pk:
        raise InvalidInput(_("The agreement belongs to another municipality"), field="agreement")
    if not _may_import(actor, agreement):
        raise Forbidden(_("Only staff of a department that collects through this agreement may import its files"))
    filename = upload_name(filename, field="file",
                           max_length=HandoverLedgerEntry._meta.get_field("file_name").max_length)
    sha256, size, records = _sha256(stream, progress, size_hint)
    # Outside any transaction: the gate's own audit event of a denial must survive the refusal.
    entry = result_file_receive(actor=actor, agreement=agreement, sha256=sha256, record_count=records,
                                filename=filename)
    existing = ResultFile.objects.filter(municipality=municipality, sha256=sha256).first()
    if existing is not None:
        entry = result_file_settle(actor=actor, entry=entry, outcome=IncomingOutcome.ALREADY_TAKEN_IN)
        return ImportOutcome("already_imported", existing, ledger_entry=entry)
    try:
        upload_size_check(size=size, field="file", max_bytes=settings.PAYMENT_RESULT_FILE_MAX_BYTES)
        # Images, PDFs, archives and HTML are refused by their signature; anything else is text to the scan,
        # which names the line and byte of every NUL or character the layout's encoding does not have.
        upload_kind_check(head=_head(stream), name=filename, field="file", accepted={TEXT, BINARY})
    except UploadRefused as refused:
        raise _refuse(actor=actor, agreement=agreement, entry=entry, sha256=sha256, rejected=PaymentFileRejected(
            [Problem(0, refused.message)], 1, filename, code=refused.code)) from refused
    layout = layout_get(agreement.layout)
    try:
        with transaction.atomic():
            if progress is not None:
                stream = _ProgressReader(stream, progress=progress, offset=size, total=2 * size + 1)
            return _apply(actor=actor, agreement=agreement, layout=layout, stream=stream, filename=filename,
                          sha256=sha256, entry=entry, progress=progress)
    except PaymentFileRejected as rejected:
        raise _refuse(actor=actor, agreement=agreement, entry=entry, sha256=sha256, rejected=rejected) from None


def _apply(*, actor, agreement, layout, stream, filename, sha256, entry, progress=None) -> ImportOutcome:
    # One import per tenant at a time: reconciliation reads what earlier files left, and tells this
    # file's records from others by id.
    list(CollectionAgreement.objects.select_for_update().filter(municipality_id=agreement.municipality_id)
         .order_by("pk").values_list("pk", flat=True))
    if ResultFile.objects.filter(municipality_id=agreement.municipality_id, sha256=sha256).exists():
        entry = result_file_settle(actor=actor, entry=entry, outcome=IncomingOutcome.ALREADY_TAKEN_IN)
        return ImportOutcome("already_imported",
                             ResultFile.objects.get(municipality_id=agreement.municipality_id, sha256=sha256),
                             ledger_entry=entry)

    def scan_file() -> FileScan:
        stream.seek(0)
        return FileScan(layout, stream, expected_header={"agency_code": agreement.agency_code})

    # The file's row first (its records name it), its figures once the scan has read them all.
    result_file = ResultFile.objects.create(
        municipality_id=agreement.municipality_id, agreement=agreement, sha256=sha256, filename=filename[:255],
        size_bytes=0, record_count=0, data_count=0, imported_by=actor if getattr(actor, "pk", None) else None)
    scan, records_before, records_new = records_write(
        scan_file, layout=layout, municipality_id=agreement.municipality_id, result_file_id=result_file.pk)
    result = scan.result
    if result.problem_count:
        raise PaymentFileRejected(result.problems, result.problem_count, filename)  # rolls back the records
    result_file.size_bytes, result_file.record_count = result.size_bytes, result.records
    result_file.data_count = result.data_records
    if progress is not None:
        progress(2 * result.size_bytes, 2 * result.size_bytes + 1, "reconciling")
    summary = {"records_new": records_new,
               **reconcile(layout=layout, municipality_id=agreement.municipality_id, result_file_id=result_file.pk,
                           department_id=agreement.department_id, records_before=records_before)}
    summary["records_duplicate"] = result.data_records - summary["records_new"]
    summary["groups"] = result.groups
    result_file.summary = summary
    result_file.save(update_fields=["size_bytes", "record_count", "data_count", "summary"])
    audit_record("payments.result_file.imported", obj=result_file, tenant_id=agreement.municipality_id,
                 data={"sha256": sha256, **summary})
    entry = result_file_settle(actor=actor, entry=entry, outcome=IncomingOutcome.TAKEN_IN)
    return ImportOutcome("imported", result_file, summary, ledger_entry=entry)


@transaction.atomic
def case_resolve(*, actor, case: ReconciliationCase, resolution: str) -> ReconciliationCase:
    """Close a case with what was done (e.g. 還付済, 再消込済); staff of the case's department only."""
    case = ReconciliationCase.objects.select_for_update().select_related("department").get(pk=case.pk)
    require_department(actor, case.department, "resolve this case")
    if case.status != CaseStatus.OPEN:
        raise Conflict(
            _(
                "Case %(pk)s is already %(status)s"
            )
            % {
                "pk": case.pk,
                "status": case.status,
            }, field="status")
    resolution = resolution.strip()
    if not resolution:
        raise InvalidInput(_("Say what was done to resolve the case"), field="resolution")
    case.status, case.resolution = CaseStatus.RESOLVED, resolution[:500]
    case.resolved_at, case.resolved_by = timezone.now(), actor
    case.save(update_fields=["status", "resolution", "resolved_at", "resolved_by"])
    audit_record("payments.case.resolved", obj=case, tenant_id=case.municipality_id, data={"kind": case.kind})
    return case
