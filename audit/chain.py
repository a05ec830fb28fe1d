"""Hash-chaining, head checkpoints and verification of the audit log.

Each event's hash is HMAC-SHA256(AUDIT_CHAIN_KEY, previous hash + canonical content): without the
key an edited, inserted or reordered row cannot be given a valid hash. The head (newest position
and hash) is kept in its own table, updated with every append, and also checkpointed to an
append-only file outside the database, so truncating the tail is detected as well.
"""

import functools
import hashlib
import hmac
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from operator import itemgetter

from django.conf import settings
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


# This process's last known head, (seq, hash): a guess that makes an append one statement, because the
# statement moves the head only from exactly that (seq, hash). A stale guess costs a retry, never a fork.
_head_guess: tuple[int, str] | None = None


def _head(cursor, *, lock: bool) -> tuple[int, str]:
    """The head's position and hash; with ``lock``, its row locked until the transaction ends (appends wait).

    (SQLite, for ``make run``, has no row locks: it serialises every writing transaction instead.)
    """
    query = f"SELECT seq, hash FROM {AuditChainHead._meta.db_table} WHERE id = 1"
    if lock and cursor.db.features.has_select_for_update:
        query += " FOR UPDATE"
    cursor.execute(query)
    row = cursor.fetchone()
    if row is None:
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=1, seq=0, hash=GENESIS)], ignore_conflicts=True)
        cursor.execute(query)
        row = cursor.fetchone()
    return row


def _link(event: AuditEvent, head: tuple[int, str]) -> None:
    """Give the event the position after ``head`` and its hash."""
    event.seq, event.prev_hash = head[0] + 1, head[1]
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
            _link(event, _head(cursor, lock=True))
            event.save(force_insert=True)
            AuditEventSubject.objects.bulk_create(
                AuditEventSubject(event=event, tenant_id=event.tenant_id, subject_type=subject_type,
                                  subject_id=subject_id, occurred_at=event.occurred_at)
                for subject_type, subject_id in event.subjects)
            AuditChainHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
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


def _append_after(cursor, event: AuditEvent, head: tuple[int, str]) -> bool:
    """Write the event after ``head``, its subject index rows and the new head, in one statement (PostgreSQL).

    Nothing is written, and False returned, unless the head is still exactly ``head``. Values are written
    as set: no field of AuditEvent does work in ``pre_save`` (no auto timestamp, no encryption).
    """
    global _head_guess
    _link(event, head)
    connection = cursor.db
    values = [f.get_db_prep_save(getattr(event, f.attname), connection) for f in AuditEvent._meta.concrete_fields]
    cursor.execute(_append_statement(), [
        event.seq, event.hash, *head, *values, event.seq, event.tenant_id, event.occurred_at,
        [subject_type for subject_type, _ in event.subjects], [str(subject_id) for _, subject_id in event.subjects]])
    if cursor.fetchone()[0] != 1:
        return False
    event._state.adding = False
    event._state.db = connection.alias
    _head_guess = (event.seq, event.hash)
    return True


@functools.cache
def _append_statement() -> str:
    connection = transaction.get_connection()
    fields = AuditEvent._meta.concrete_fields
    columns = ", ".join(f'"{f.column}"' for f in fields)
    # Typed placeholders: in a SELECT list an untyped literal would be text, which jsonb or inet refuse.
    typed = ", ".join(f"%s::{f.db_type(connection)}" for f in fields)
    return (
        f"WITH head AS (UPDATE {AuditChainHead._meta.db_table} SET seq = %s, hash = %s "
        "WHERE id = 1 AND seq = %s AND hash = %s RETURNING id), "
        f"event AS (INSERT INTO {AuditEvent._meta.db_table} ({columns}) SELECT {typed} FROM head), "
        f"subjects AS (INSERT INTO {AuditEventSubject._meta.db_table} "
        "(event_id, tenant_id, subject_type, subject_id, occurred_at) "
        "SELECT %s::bigint, %s::bigint, subject.type, subject.id, %s::timestamptz "
        "FROM head, unnest(%s::text[], %s::text[]) AS subject(type, id)) "
        "SELECT count(*) FROM head")


def _checkpoint_mac(seq: int, hash_: str) -> str:
    return hmac.new(_key(), f"checkpoint {seq} {hash_}".encode(), hashlib.sha256).hexdigest()


def write_checkpoint() -> tuple[int, str]:
    """Append the current head to the checkpoint file outside the database."""
    head = AuditChainHead.objects.filter(pk=1).first()
    seq, hash_ = (head.seq, head.hash) if head else (0, GENESIS)
    path = settings.AUDIT_CHECKPOINT_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="ascii") as out:
        out.write(f"{seq} {hash_} {_checkpoint_mac(seq, hash_)}\n")
    return seq, hash_


def _file_checkpoints() -> tuple[dict[int, str], list[str]]:
    path = settings.AUDIT_CHECKPOINT_FILE
    checkpoints: dict[int, str] = {}
    problems: list[str] = []
    if not path.exists():
        return checkpoints, problems
    for number, line in enumerate(path.read_text(encoding="ascii").splitlines(), start=1):
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit():
            problems.append(f"checkpoint file line {number} is malformed")
            continue
        seq, hash_, mac = int(parts[0]), parts[1], parts[2]
        if not hmac.compare_digest(mac, _checkpoint_mac(seq, hash_)):
            problems.append(f"checkpoint file line {number} has an invalid signature")
            continue
        checkpoints[seq] = hash_
    return checkpoints, problems


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
    checkpoints, checkpoint_problems = _file_checkpoints()
    head = AuditChainHead.objects.filter(pk=1).first()
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
        if event.seq in checkpoints and checkpoints[event.seq] != event.hash:
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
    if checkpoint_problems:
        return broken(last, "; ".join(checkpoint_problems), checked)
    return ChainVerification(True, checked, head_seq)
