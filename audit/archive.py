"""Archiving a month of the audit log past its retention: export, verify, then drop its partitions (PostgreSQL).

For every tenant with events in the month, the archive ends at P, the chain position of the month's last event in
chain order (or where the tenant's previous archive ended, if further). Its export is the chain segment from the
previous archive's end (or the genesis) to P: the format of ``export_audit_log`` (events.jsonl, checkpoints,
public-key.pem), ``anchor.json`` (the previous archive's signed record) and ``archive.json`` (this one's). The
segment is read on to the first signed checkpoint at or after P and verified with the public key against it,
which proves the link hash at P. An ``AuditArchive`` record signed with the checkpoints' key names the tenant, P,
that hash and the events at or before P that stay in the database; then the month's partitions (events and
subject rows) are detached and dropped, all in one transaction.

The tenant's chain in the database then continues from P (``chain.verify``): every remaining event after P is
walked and linked as before, from the hash at P. Events of a later month at or before P (sealed before the month's
last event: seal order follows commits, not ``occurred_at``) are in the export and stay in the database too, each
listed in the signed record with its position, the link before it and its own, so deleting or altering one is
named by verification. Seal rows are kept: a few bytes per event, and the seal straddling P still places the
events after it.
"""

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from audit import chain, signing
from audit.models import AuditArchive, AuditEvent, AuditSeal
from audit.partitions import (
    EVENT_TABLE,
    SUBJECT_TABLE,
    add_months,
    month_of,
    month_start,
    partition_name,
    partitioned,
    partitions_list,
)


class ArchiveRefused(Exception):
    """A month that cannot be archived, and why."""


@dataclass
class MonthArchived:
    month: date
    events: int = 0  # the month's events, in this archive's export or in an earlier one's
    exported: int = 0  # events written to this archive's exports (from the previous archive on)
    chains: dict[int, int] = field(default_factory=dict)  # chain → position its database chain now starts after
    directory: Path | None = None
    seconds: float = 0.0


def archivable_before(now: datetime) -> date:
    """The first month that is still within the retention period: every month before it may be archived."""
    return add_months(month_of(now), -settings.AUDIT_RETENTION_MONTHS)


def _refuse_unless_archivable(month: date, now: datetime) -> None:
    if not partitioned():
        raise ArchiveRefused("The audit log is not partitioned on this database (PostgreSQL only): nothing to archive.")
    try:
        signing.private_key()
    except (ValueError, TypeError, AttributeError) as exc:
        raise ArchiveRefused(f"No usable signing key (MIMAMORI_AUDIT_SIGNING_KEY): the archive's checkpoint and "
                             f"record cannot be signed ({exc}).") from None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
                       "WHERE schemaname = current_schema() AND tablename = %s", [EVENT_TABLE])
        if not cursor.fetchone()[0]:
            raise ArchiveRefused("Archiving drops partitions: run audit_archive as the tables' owner "
                                 "(DATABASE_URL set to MIGRATION_DATABASE_URL's role), not as the application.")
    if month >= archivable_before(now):
        raise ArchiveRefused(f"{month:%Y-%m} is within the audit log's retention period "
                             f"({settings.AUDIT_RETENTION_MONTHS} months, MIMAMORI_AUDIT_RETENTION_MONTHS): months "
                             f"before {archivable_before(now):%Y-%m} may be archived.")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {EVENT_TABLE}_default WHERE occurred_at >= %s AND occurred_at < %s",
                       [month_start(month), month_start(add_months(month, 1))])
        if cursor.fetchone()[0]:
            raise ArchiveRefused(f"Events of {month:%Y-%m} wait in the DEFAULT partition: run audit_partitions first.")
    unsealed = _unsealed_in(month)
    if unsealed:
        raise ArchiveRefused(f"{month:%Y-%m} has {unsealed} event(s) not sealed yet: they would be lost from every "
                             "chain. Run seal_audit_log (and verify_audit_chain) first.")


def _unsealed_in(month: date) -> int:
    return chain.unsealed_events().filter(occurred_at__gte=month_start(month),
                                          occurred_at__lt=month_start(add_months(month, 1))).count()


def last_position_in(chain_id: int, month: date) -> int:
    """The chain position of the month's last event in chain order (0: none sealed): in the last seal row, in chain
    order, holding one of the month's events."""
    first, following = month_start(month), month_start(add_months(month, 1))
    rows = AuditSeal.objects.filter(chain=chain_id, first__isnull=False, occurred_from__lt=following,
                                    occurred_to__gte=first).order_by("-first")
    for row in rows.iterator(chunk_size=20):
        in_month = set(AuditEvent.objects.filter(seq__in=row.seqs, occurred_at__gte=first, occurred_at__lt=following)
                       .values_list("seq", flat=True))
        positions = [position for position, seq in enumerate(row.seqs, start=row.first) if seq in in_month]
        if positions:
            return positions[-1]
    return 0


def _checkpoint_at_or_after(chain_id: int, position: int) -> chain.Checkpoint:
    """The chain's first signed checkpoint at or after ``position``; written now if the file has none yet."""
    key = signing.public_key()
    for attempt in range(2):
        file = chain.read_checkpoints(chain_id, key)
        if file.problems:
            raise ArchiveRefused(f"The checkpoint file does not verify for chain {chain_id}: "
                                 + "; ".join(file.problems) + ". Run verify_audit_chain.")
        found = sorted((c for c in file.mine if c.size >= position), key=lambda c: c.size)
        if found:
            return found[0]
        if attempt == 0:
            chain.write_checkpoints(chains=[chain_id], force=True)
    raise ArchiveRefused(f"No signed checkpoint of chain {chain_id} covers position {position}.")


def _export(chain_id: int, month: date, start: AuditArchive | None, size: int,
            directory: Path) -> tuple[int, str, str, str, list]:
    """Write the chain segment (start, size] as export_audit_log does, read on to the first signed checkpoint at or
    after ``size`` and verified against it with the public key alone.

    (events written, SHA-256 of events.jsonl, the link hash at ``size``, the covering checkpoint line or "" when the
    segment is empty, [seq, position, previous link, link] of the segment's events of other months: they stay in
    the database).
    """
    directory.mkdir(parents=True, exist_ok=False)
    after = start.size if start is not None else 0
    if start is not None:
        (directory / "anchor.json").write_text(start.statement() + "\n", encoding="utf-8")
    (directory / "public-key.pem").write_text(signing.public_key_pem(), encoding="ascii")
    if size == after:  # the month's events all went with an earlier archive's export
        (directory / "events.jsonl").write_bytes(b"")
        (directory / "checkpoints").write_text("", encoding="ascii")
        return 0, hashlib.sha256(b"").hexdigest(), start.hash, "", []
    end = _checkpoint_at_or_after(chain_id, size)
    key = signing.public_key()
    covering = [c for c in chain.read_checkpoints(chain_id, key).mine if after < c.size <= end.size]
    digest, count, at_size, kept = hashlib.sha256(), 0, None, []
    first, following = month_start(month), month_start(add_months(month, 1))
    with open(directory / "events.jsonl", "w", encoding="utf-8") as out:

        def segment():
            nonlocal count, at_size
            for line in chain.export_lines(chain_id, start=start, until=end.size):
                event = json.loads(line)
                if event["chain_seq"] <= size:
                    out.write(text := line + "\n")
                    digest.update(text.encode())
                    count += 1
                    if event["chain_seq"] == size:
                        at_size = event["hash"]
                    if not first <= datetime.fromisoformat(event["content"]["occurred_at"]) < following:
                        kept.append([event["seq"], event["chain_seq"], event["prev_hash"], event["hash"]])
                yield line

        result = chain.verify_export(chain_id, segment(), [c.text() for c in covering], key, start=start)
    if not result.ok or result.checked != end.size or at_size is None:
        raise ArchiveRefused(f"The export of chain {chain_id} for {month:%Y-%m} does not verify to its signed "
                             f"checkpoint at #{end.size}: {result.summary()}")
    (directory / "checkpoints").write_text("".join(f"{c.text()}\n" for c in covering if c.size <= size),
                                           encoding="ascii")
    return count, digest.hexdigest(), at_size, end.text(), kept


def month_archive(month: date, *, now: datetime | None = None) -> MonthArchived:
    """Export, verify and drop one month's partitions (the oldest first: ``audit_archive`` calls this in order)."""
    began = time.monotonic()
    now = now or timezone.now()
    month = month.replace(day=1)
    _refuse_unless_archivable(month, now)
    result = MonthArchived(month, directory=settings.AUDIT_ARCHIVE_DIR / f"{month:%Y-%m}")
    if result.directory.exists():
        raise ArchiveRefused(f"{result.directory} exists already: move it away (an earlier archive of "
                             f"{month:%Y-%m} that did not finish) and run again.")
    table = partition_name(EVENT_TABLE, month)
    with transaction.atomic():
        with connection.cursor() as cursor:
            # Nothing is written into the month while it is exported; the drop below needs this lock anyway.
            cursor.execute(f'LOCK TABLE "{table}" IN SHARE MODE')
            if _unsealed_in(month):
                raise ArchiveRefused(f"{month:%Y-%m} has events not sealed yet: run seal_audit_log first.")
            cursor.execute(f'SELECT coalesce(tenant_id, 0), count(*) FROM "{table}" GROUP BY 1 ORDER BY 1')
            newest = [(chain_id, last_position_in(chain_id, month), events)
                      for chain_id, events in cursor.fetchall()]
        records, key = [], signing.public_key()
        first, following = month_start(month), month_start(add_months(month, 1))
        for chain_id, newest_position, events in newest:
            result.events += events
            start = chain.latest_archive(chain_id)
            size = max(newest_position, start.size if start is not None else 0)
            directory = result.directory / f"chain-{chain_id}"
            count, sha, digest, checkpoint, kept = _export(chain_id, month, start, size, directory)
            # What stays in the database at or before the archive's end: a later month's events sealed early, and
            # an earlier archive's kept events of months other than this one.
            if start is not None and start.kept:
                elsewhere = set(chain.chain_events(chain_id).filter(seq__in=[seq for seq, *_ in start.kept])
                                .exclude(occurred_at__gte=first, occurred_at__lt=following)
                                .values_list("seq", flat=True))
                kept = sorted([entry for entry in start.kept if entry[0] in elsewhere] + kept, key=lambda e: e[1])
            record = AuditArchive(chain=chain_id, month=month, size=size, hash=digest, checkpoint=checkpoint,
                                  kept=kept, events=count, export_sha256=sha, directory=str(directory),
                                  archived_at=now)
            record.signature = signing.sign(record.message())
            (directory / "archive.json").write_text(record.statement() + "\n", encoding="utf-8")
            verified = chain.verify_export_directory(directory, key)  # as an auditor will, with the public key
            if not verified.ok:
                raise ArchiveRefused(f"The archive of chain {chain_id} for {month:%Y-%m} does not verify: "
                                     f"{verified.summary()}")
            records.append(record)
            result.chains[chain_id] = size
            result.exported += count
        AuditArchive.objects.bulk_create(records)
        with connection.cursor() as cursor:
            for parent in (EVENT_TABLE, SUBJECT_TABLE):
                name = partition_name(parent, month)
                cursor.execute(f'ALTER TABLE {parent} DETACH PARTITION "{name}"')
                cursor.execute(f'DROP TABLE "{name}"')
    result.seconds = time.monotonic() - began
    return result


def months_to_archive(before: date) -> list[date]:
    """The months with a partition before ``before``, oldest first."""
    return [p.month for p in partitions_list() if p.month is not None and p.month < before]


def audit_months_archive(*, before: date, now: datetime | None = None) -> list[MonthArchived]:
    """Archive every month before ``before``, oldest first; the first refusal stops (nothing of it dropped)."""
    now = now or timezone.now()
    if not partitioned():
        raise ArchiveRefused("The audit log is not partitioned on this database (PostgreSQL only): nothing to archive.")
    if before.replace(day=1) > archivable_before(now):
        raise ArchiveRefused(f"{add_months(before, -1):%Y-%m} is within the audit log's retention period "
                             f"({settings.AUDIT_RETENTION_MONTHS} months, MIMAMORI_AUDIT_RETENTION_MONTHS): months "
                             f"before {archivable_before(now):%Y-%m} may be archived.")
    return [month_archive(month, now=now) for month in months_to_archive(before.replace(day=1))]

