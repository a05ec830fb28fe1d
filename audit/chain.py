"""Hash-chaining, head checkpoints and verification of the audit log.

Each event's hash is HMAC-SHA256(AUDIT_CHAIN_KEY, previous hash + canonical content): without the
key an edited, inserted or reordered row cannot be given a valid hash. The head (newest position
and hash) is kept in its own table, updated with every append and authenticated with the same key,
so moving it back over deleted events needs the key. It is also checkpointed to an append-only file
outside the database whose lines are chained to each other; the head records the last line written,
so a checkpoint file that went missing or was shortened is detected as well.
"""

import functools
import hashlib
import hmac
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC
from operator import itemgetter

from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction

from audit.models import AuditChainHead, AuditEvent, AuditEventSubject

GENESIS = "0" * 64


def _key() -> bytes:
    return settings.AUDIT_CHAIN_KEY.encode()


def canonical_content(event: AuditEvent) -> str:
    content = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "name": event.name,
        "tenant_id": event.tenant_id,
        "actor_id": event.actor_id,
        "channel": event.channel,
        "request_id": event.request_id,
        "ip_address": event.ip_address,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "fields": event.fields,
        "subjects": event.subjects,
        "purpose": event.purpose,
        "data": event.data,
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_hash(event: AuditEvent) -> str:
    message = f"{event.prev_hash}\n{canonical_content(event)}".encode()
    return hmac.new(_key(), message, hashlib.sha256).hexdigest()


class ChainHeadInvalid(RuntimeError):
    """The head row fails its MAC: it was written without the chain key. Nothing is appended or checkpointed
    after it (building on it would sign the tampering); ``verify_audit_chain`` names what is wrong."""


class CheckpointFileInvalid(RuntimeError):
    """The checkpoint file does not continue the checkpoints the head records (missing, shortened, altered)."""


@dataclass(frozen=True)
class Head:
    """The chain's head: newest position and hash, the last checkpoint line written, and a MAC over all of it."""

    seq: int = 0
    hash: str = GENESIS
    checkpoint_line: int = 0
    checkpoint_mac: str = GENESIS
    mac: str = ""

    def expected_mac(self) -> str:
        message = f"head {self.seq} {self.hash} {self.checkpoint_line} {self.checkpoint_mac}"
        return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()

    def signed(self) -> "Head":
        return replace(self, mac=self.expected_mac())

    def authentic(self) -> bool:
        return hmac.compare_digest(self.mac, self.expected_mac())

    def after(self, event: AuditEvent) -> "Head":
        return replace(self, seq=event.seq, hash=event.hash).signed()


_HEAD_COLUMNS = "seq, hash, checkpoint_line, checkpoint_mac, mac"

# This process's last known head: a guess that makes an append one statement, because the statement
# moves the head only from exactly that head (its position and MAC). A stale guess costs a retry, never a fork.
_head_guess: Head | None = None


def _head(cursor, *, lock: bool) -> Head:
    """The head, checked against its MAC; with ``lock``, its row locked until the transaction ends (appends wait).

    (SQLite, for ``make run``, has no row locks: a no-op write takes its database write lock instead.)
    """
    table = AuditChainHead._meta.db_table
    query = f"SELECT {_HEAD_COLUMNS} FROM {table} WHERE id = 1"
    if lock and cursor.db.features.has_select_for_update:
        query += " FOR UPDATE"
    elif lock:
        cursor.execute(f"UPDATE {table} SET id = id WHERE id = 1")
    cursor.execute(query)
    row = cursor.fetchone()
    if row is None:
        genesis = Head().signed()
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1, seq=genesis.seq, hash=genesis.hash,
                                                           mac=genesis.mac)], ignore_conflicts=True)
        cursor.execute(query)
        row = cursor.fetchone()
    head = Head(*row)
    if not head.authentic():
        raise ChainHeadInvalid(f"The audit chain's head (#{head.seq}) fails its MAC: it was written without the "
                               "chain key. Run verify_audit_chain; nothing is appended until it is resolved.")
    return head


def _link(event: AuditEvent, head: Head) -> None:
    """Give the event the position after ``head`` and its hash."""
    event.seq, event.prev_hash = head.seq + 1, head.hash
    # Round-trip through JSON so the hash covers exactly what the database will give back.
    event.fields = json.loads(json.dumps(event.fields))
    event.subjects = json.loads(json.dumps(event.subjects))
    event.data = json.loads(json.dumps(event.data))
    event.hash = event_hash(event)


def append(event: AuditEvent) -> AuditEvent:
    """Give the event the next position in the chain, its hash, and save it with the new head."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("Audit events are appended inside the caller's transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            appended = _head_guess is not None and _append_after(cursor, event, _head_guess)
            if not appended and not _append_after(cursor, event, _head(cursor, lock=True)):
                raise RuntimeError("The audit chain's head moved while it was locked")
        else:
            head = _head(cursor, lock=True)
            _link(event, head)
            event.save(force_insert=True)
            AuditEventSubject.objects.bulk_create(
                AuditEventSubject(event=event, tenant_id=event.tenant_id, subject_type=subject_type,
                                  subject_id=subject_id, occurred_at=event.occurred_at)
                for subject_type, subject_id in event.subjects)
            new = head.after(event)
            AuditChainHead.objects.filter(pk=1).update(seq=new.seq, hash=new.hash, mac=new.mac)
    return event


def append_alone(event: AuditEvent) -> AuditEvent:
    """Append an event that no caller's transaction carries (a read), as a transaction of its own.

    On PostgreSQL that is one statement, committed at once, when this process's guess of the head is
    right (the access event on every response that shows personal data costs one round trip); else
    the head is read again, and after a few lost races the append waits for the head's lock.
    """
    global _head_guess
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        raise RuntimeError("Inside a transaction, audit events are appended with append()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for _ in range(3):
                if _append_after(cursor, event, _head_guess or _head(cursor, lock=False)):
                    return event
                _head_guess = None
    with transaction.atomic(savepoint=False):
        return append(event)


def _append_after(cursor, event: AuditEvent, head: Head) -> bool:
    """Write the event after ``head``, its subject index rows and the new head, in one statement (PostgreSQL).

    Nothing is written, and False returned, unless the head is still exactly ``head``. Values are written
    as set: no field of AuditEvent does work in ``pre_save`` (no auto timestamp, no encryption).
    """
    global _head_guess
    _link(event, head)
    connection = cursor.db
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in AuditEvent._meta.concrete_fields]
    new = head.after(event)
    cursor.execute(_append_statement(), [
        new.seq, new.hash, new.mac, head.seq, head.mac, *values, event.seq, event.tenant_id, event.occurred_at,
        [subject_type for subject_type, _ in event.subjects], [str(subject_id) for _, subject_id in event.subjects]])
    if cursor.fetchone()[0] != 1:
        return False
    event._state.adding = False
    event._state.db = connection.alias
    _head_guess = new
    return True


@functools.cache
def _append_statement() -> str:
    connection = transaction.get_connection()
    fields = AuditEvent._meta.concrete_fields
    columns = ", ".join(f'"{f.column}"' for f in fields)
    # Typed placeholders: in a SELECT list an untyped literal would be text, which jsonb or inet refuse.
    typed = ", ".join(f"%s::{f.db_type(connection)}" for f in fields)
    return (
        f"WITH head AS (UPDATE {AuditChainHead._meta.db_table} SET seq = %s, hash = %s, mac = %s "
        "WHERE id = 1 AND seq = %s AND mac = %s RETURNING id), "
        f"event AS (INSERT INTO {AuditEvent._meta.db_table} ({columns}) SELECT {typed} FROM head), "
        f"subjects AS (INSERT INTO {AuditEventSubject._meta.db_table} "
        "(event_id, tenant_id, subject_type, subject_id, occurred_at) "
        "SELECT %s::bigint, %s::bigint, subject.type, subject.id, %s::timestamptz "
        "FROM head, unnest(%s::text[], %s::text[]) AS subject(type, id)) "
        "SELECT count(*) FROM head")


def _checkpoint_mac(line: int, seq: int, hash_: str, prev_mac: str) -> str:
    """Each checkpoint line's MAC covers its number and the previous line's MAC: lines cannot be dropped,
    reordered or spliced from another file without the key."""
    message = f"checkpoint {line} {seq} {hash_} {prev_mac}"
    return hmac.new(_key(), message.encode(), hashlib.sha256).hexdigest()


def _parse_checkpoint(text: str) -> tuple[int, int, str, str] | None:
    parts = text.split()
    if len(parts) != 4 or not parts[0].isdigit() or not parts[1].isdigit():
        return None
    return int(parts[0]), int(parts[1]), parts[2], parts[3]


def _last_checkpoint() -> tuple[int, str]:
    """(number, MAC) of the checkpoint file's last line, checked against the line before it; (0, GENESIS) if none."""
    path = settings.AUDIT_CHECKPOINT_FILE
    if not path.exists():
        return 0, GENESIS
    with open(path, "rb") as file:
        file.seek(max(0, file.seek(0, os.SEEK_END) - 4096))
        tail = file.read().decode("ascii", errors="replace").splitlines()[-2:]
    if not tail:
        return 0, GENESIS
    last = _parse_checkpoint(tail[-1])
    before = _parse_checkpoint(tail[0]) if len(tail) == 2 else None
    prev_mac = GENESIS if last and last[0] == 1 else (before[3] if before and last and before[0] == last[0] - 1
                                                         else None)
    if last is None or prev_mac is None or not hmac.compare_digest(last[3], _checkpoint_mac(*last[:3], prev_mac)):
        raise CheckpointFileInvalid(f"The checkpoint file {path} does not end with a valid chained checkpoint: "
                                    "run verify_audit_chain")
    return last[0], last[3]


def write_checkpoint() -> tuple[int, str]:
    """Append the current head to the checkpoint file outside the database, chained to the line before it.

    The head then records the line (its number and MAC), under the head's lock: from then on a missing or
    shortened file is a finding. A crash between the two leaves one line the head does not record, which
    the next checkpoint continues from.
    """
    with transaction.atomic(), default_connection.cursor() as cursor:
        head = _head(cursor, lock=True)
        line, prev_mac = _last_checkpoint()
        if line < head.checkpoint_line or (line == head.checkpoint_line and prev_mac != head.checkpoint_mac):
            raise CheckpointFileInvalid(
                f"The checkpoint file {settings.AUDIT_CHECKPOINT_FILE} ends at line {line}, but the chain head "
                f"records line {head.checkpoint_line}: it is missing, shortened or replaced. Run verify_audit_chain.")
        line += 1
        mac = _checkpoint_mac(line, head.seq, head.hash, prev_mac)
        path = settings.AUDIT_CHECKPOINT_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="ascii") as out:
            out.write(f"{line} {head.seq} {head.hash} {mac}\n")
            out.flush()
            os.fsync(out.fileno())
        new = replace(head, checkpoint_line=line, checkpoint_mac=mac).signed()
        AuditChainHead.objects.filter(pk=1).update(checkpoint_line=new.checkpoint_line,
                                                   checkpoint_mac=new.checkpoint_mac, mac=new.mac)
    return head.seq, head.hash


@dataclass
class _CheckpointFile:
    exists: bool = False
    lines: int = 0
    macs: list[str] | None = None
    hashes: dict[int, set[str]] | None = None  # chain position → the hashes checkpointed there
    problems: list[str] | None = None


def _file_checkpoints() -> _CheckpointFile:
    path = settings.AUDIT_CHECKPOINT_FILE
    found = _CheckpointFile(macs=[], hashes={}, problems=[])
    if not path.exists():
        return found
    found.exists = True
    prev_mac = GENESIS
    for number, text in enumerate(path.read_text(encoding="ascii", errors="replace").splitlines(), start=1):
        found.lines = number
        parsed = _parse_checkpoint(text)
        if parsed is None:
            found.problems.append(f"checkpoint file line {number} is malformed")
            found.macs.append("")
            continue
        line, seq, hash_, mac = parsed
        found.macs.append(mac)
        if line != number:
            found.problems.append(f"checkpoint file line {number} is numbered {line} (lines removed or reordered)")
        elif not hmac.compare_digest(mac, _checkpoint_mac(line, seq, hash_, prev_mac)):
            found.problems.append(f"checkpoint file line {number} has an invalid signature "
                                  "(forged, or not chained to the line before it)")
        else:
            found.hashes.setdefault(seq, set()).add(hash_)
        prev_mac = mac
    return found


def _checkpoint_record_problem(head: Head, file: _CheckpointFile) -> str:
    """What is wrong with the file against the last checkpoint the (authentic) head records; "" if nothing."""
    if head.checkpoint_line == 0:
        return ""
    if not file.exists:
        return (f"the checkpoint file is missing, but the chain head records {head.checkpoint_line} checkpoint "
                "line(s) written")
    if file.lines < head.checkpoint_line:
        return (f"the checkpoint file was shortened: it has {file.lines} line(s), the chain head records "
                f"{head.checkpoint_line}")
    if file.macs[head.checkpoint_line - 1] != head.checkpoint_mac:
        return f"checkpoint file line {head.checkpoint_line} is not the one the chain head records (replaced)"
    return ""


def _subject_index() -> Iterator[tuple[int, list[tuple]]]:
    """The subject index in event order, one sorted scan: (event seq, its sorted (type, id, tenant, time) rows)."""
    rows = AuditEventSubject.objects.order_by("event_id", "subject_type", "subject_id").values_list(
        "event_id", "subject_type", "subject_id", "tenant_id", "occurred_at").iterator(chunk_size=10000)
    for seq, group in itertools.groupby(rows, key=itemgetter(0)):
        yield seq, sorted(row[1:] for row in group)  # in Python's order: the database's collation may differ


@dataclass(frozen=True)
class ChainVerification:
    ok: bool
    checked: int
    head_seq: int
    first_bad_seq: int | None = None
    problem: str = ""

    def summary(self) -> str:
        if self.ok:
            return f"Audit chain intact: {self.checked} events verified, head at #{self.head_seq}."
        return f"Audit chain broken at event #{self.first_bad_seq}: {self.problem}"


def verify() -> ChainVerification:
    """Walk the whole chain and name the first event that was edited, inserted or deleted."""
    file = _file_checkpoints()
    checkpoints = file.hashes
    row = AuditChainHead.objects.filter(pk=1).values_list(*_HEAD_COLUMNS.split(", ")).first()
    head = Head(*row) if row else None
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)

    def broken(seq: int, problem: str, checked: int) -> ChainVerification:
        return ChainVerification(False, checked, head_seq, seq, problem)

    index = _subject_index()
    indexed = next(index, None)
    expected, prev, checked = 1, GENESIS, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        if event.seq != expected:
            return broken(expected, f"event #{expected} is missing (the next present is #{event.seq})", checked)
        if event.prev_hash != prev:
            return broken(event.seq, "its link to the previous event does not match (inserted or replaced)",
                          checked)
        if not hmac.compare_digest(event.hash, event_hash(event)):
            return broken(event.seq, f"its content does not match its hash (edited '{event.name}' event)",
                          checked)
        if checkpoints.get(event.seq, {event.hash}) != {event.hash}:
            return broken(event.seq, "it differs from the checkpoint written outside the database", checked)
        # The subject index answers "who accessed this child": it must hold exactly the subjects the event names.
        if indexed is not None and indexed[0] < event.seq:
            return broken(indexed[0], "the subject index has rows for an event that does not exist", checked)
        rows = indexed[1] if indexed is not None and indexed[0] == event.seq else []
        if rows != sorted((t, str(i), event.tenant_id, event.occurred_at) for t, i in event.subjects):
            return broken(event.seq, "its rows in the subject index differ from the subjects it names "
                          "(a search by subject would mislead)", checked)
        if rows:
            indexed = next(index, None)
        prev, expected, checked = event.hash, expected + 1, checked + 1
    if indexed is not None:
        return broken(indexed[0], "the subject index has rows for an event that does not exist", checked)

    last = expected - 1
    if head is None and last > 0:
        return broken(1, "the chain head row is missing", checked)
    if head is not None and not head.authentic():
        first = min(head_seq, last) + 1
        return broken(first, f"the chain head (#{head_seq}) fails its MAC: it was written without the chain key "
                             f"(events from #{first} on may have been cut)", checked)
    if head_seq > last:
        return broken(last + 1, f"event #{last + 1} is missing: the chain head is at #{head_seq}", checked)
    if head_seq < last:
        return broken(head_seq + 1, f"event #{head_seq + 1} is past the chain head (#{head_seq}): inserted",
                      checked)
    if head_hash != prev:
        return broken(last, "the chain head's hash does not match the newest event", checked)
    beyond = [seq for seq in checkpoints if seq > last]
    if beyond:
        first = last + 1
        return broken(first, f"event #{first} is missing: a checkpoint outside the database reached "
                             f"#{max(beyond)}", checked)
    problems = [*file.problems, _checkpoint_record_problem(head, file) if head is not None else ""]
    if any(problems):
        return broken(last, "; ".join(p for p in problems if p), checked)
    return ChainVerification(True, checked, head_seq)
