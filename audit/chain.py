"""Queueing, sealing, checkpointing and verification of the audit log: one hash chain per tenant.

An append is one INSERT and takes no lock (a read's event is written by the host's appender, ``audit.appender``,
in one INSERT with the events of other reads that arrive with it): the event carries ``digest``, the SHA-256 of its
canonical content (its tenant included), and ``mac``, an HMAC (the chain key) over that digest, so an edit of any
committed event is evident, sealed or not. No event row is ever written again. The sealer (``seal``: Celery beat every
second, the ``seal_audit_log`` command, tests) integrates committed events into their tenant's chain in rounds:
each round writes one seal row per tenant (``AuditSeal``: the events' positions and the links before and after
them, each link a SHA-256 over the one before and the event's MAC and digest; a round checks each MAC and links
the digests without decoding any content), the events' subject index rows, and moves the tenant's head
(authenticated with the chain key). Checkpoints of each head are written to a file outside the database as
numbered lines, each chained to the line before it and signed with Ed25519, so an auditor verifies a tenant's log
with the public key alone. Once sealed, a deleted event is named by the seal that placed it; an edited one by its
MAC and by its digest, which the chain holds; an event left unsealed too long is a finding.

A round reads the events of the transactions that ended since the last round (``xact``, the writing
transaction's id), so events are sealed in the order of their transactions, not in ``seq`` order: a transaction
that took a lower ``seq`` may commit after a higher one. ``seq`` stays the event's id.
"""

import functools
import hashlib
import hmac
import itertools
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.conf import settings
from django.db import connection as default_connection
from django.db import transaction
from django.db.models import NOT_PROVIDED, Count, F, Q
from django.utils import timezone
from psycopg import pq
from psycopg.adapt import PyFormat, Transformer

from audit import appender, signing
from audit.models import AuditArchive, AuditEvent, AuditEventSubject, AuditSeal, AuditTenantHead
from common.database import binary_cursor

GENESIS = "0" * 64
LINE_TAG = "c2"  # checkpoint lines of per-tenant chains; the single chain's older lines have four fields
SEAL_LOCK = 0x61756469  # the sealer's PostgreSQL advisory lock: one sealer at a time
BATCH = 5000

CONTENT_FIELDS = ("occurred_at", "name", "tenant_id", "actor_id", "channel", "request_id", "ip_address",
                  "object_type", "object_id", "fields", "subjects", "purpose", "data")


@functools.lru_cache(maxsize=1)
def _keyed(key: str) -> hmac.HMAC:
    """The chain key's HMAC, copied for each MAC: keying it costs about as much as the MAC of an event itself."""
    return hmac.new(key.encode(), digestmod=hashlib.sha256)


def _hmac(message: str) -> str:
    mac = _keyed(settings.AUDIT_CHAIN_KEY).copy()
    mac.update(message.encode())
    return mac.hexdigest()


def chain_of(tenant_id: int | None) -> int:
    """The chain an event belongs to: its tenant's, or chain 0 for events of no tenant (logins, the system)."""
    return tenant_id or 0


def content_of(event: AuditEvent) -> dict:
    """What the event says, as plain JSON values: what its MAC and its link cover, and what an export holds."""
    content = {name: getattr(event, name) for name in CONTENT_FIELDS}
    content["occurred_at"] = event.occurred_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return content


def canonical(content: dict) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_digest(canonical_content: str) -> str:
    """An event's digest: the SHA-256 of its canonical content, made when it is written."""
    return hashlib.sha256(canonical_content.encode()).hexdigest()


def digest_mac(chain: int, digest: str) -> str:
    """The MAC an event carries: an HMAC of its chain and its digest under the chain key. The chain is in the
    digest too, but the sealer places an event by its row's tenant without recomputing the digest: a digest and
    MAC copied onto a row of another tenant fail here."""
    return _hmac(f"event-digest {chain}\n{digest}")


def linked_text(event: AuditEvent) -> str:
    """What the event's link covers, recomputed from its content: its digest. An event written before digests
    (``digest`` empty) has its MAC and link over the canonical content itself."""
    text = canonical(content_of(event))
    return content_digest(text) if event.digest else text


def expected_mac(event: AuditEvent, linked: str) -> str:
    """The MAC the event must carry, given ``linked_text(event)``."""
    return digest_mac(chain_of(event.tenant_id), linked) if event.digest else _hmac(f"event\n{linked}")


def genesis_hash(chain: int) -> str:
    return hashlib.sha256(f"mimamori audit chain {chain} genesis".encode()).hexdigest()


def link_hash(prev_hash: str, chain: int, chain_seq: int, seq: int, mac: str, linked: str) -> str:
    """The event's link in its tenant's chain (``linked``: its digest, see ``linked_text``): plain SHA-256, so the
    public key's holder can recompute it."""
    return hashlib.sha256(f"{prev_hash}\n{chain} {chain_seq} {seq} {mac}\n{linked}".encode()).hexdigest()


# --- append: one INSERT, no lock ---------------------------------------------------------------------------

# canonical()'s encoding (the circular check only slows: event content is checked to be plain JSON)
_encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
_string = json.encoder.encode_basestring  # how canonical() writes a str (ensure_ascii=False)
# canonical() sorts the content's keys; NewEvent writes them in that order without building the dict.
assert tuple(sorted(CONTENT_FIELDS)) == ("actor_id", "channel", "data", "fields", "ip_address", "name", "object_id",
                                         "object_type", "occurred_at", "purpose", "request_id", "subjects",
                                         "tenant_id")


def _utc_text(moment: datetime) -> str:
    """``moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")``, as content_of() writes it, in a quarter of the
    time."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


def _strings(values: list[str]) -> str:
    """``_encode(values)`` of a list of strings (the fields), without the encoder's machinery."""
    try:
        return f"[{','.join(map(_string, values))}]"
    except TypeError:  # not all strings: as the encoder writes them
        return _encode(values)


def _pairs(subjects: list[list[str]]) -> str:
    """``_encode(subjects)`` of a list of [type, id] pairs of strings, without the encoder's machinery."""
    try:
        return f"[{','.join([f'[{_string(kind)},{_string(ref)}]' for kind, ref in subjects])}]"
    except (TypeError, ValueError):  # not pairs of strings: as the encoder writes them
        return _encode(subjects)


def _scalar(value: str | int | None) -> str:
    if value is None:
        return "null"
    return str(int(value)) if isinstance(value, int) else _string(value)


class NewEvent:
    """An event about to be appended, then as appended (``seq`` and ``xact`` set): its content serialised ONCE, as
    its digest covers it and its row holds it. What an append hands back: it reads as the stored row does, without
    the cost of a model instance on the path of every read of personal data.

    ``canonical`` is exactly ``canonical(content_of(event))`` of the row the database gives back (the lists and
    the data are plain JSON: ``audit_record`` checks them; ``fields_json``/``subjects_json``/``data_json`` are the
    jsonb columns' text, pieces of the canonical text), so the digest and MAC made here verify like any other.
    """

    __slots__ = ("actor_id", "canonical", "channel", "data", "data_json", "digest", "fields", "fields_json",
                 "ip_address", "mac", "name", "object_id", "object_type", "occurred_at", "purpose", "request_id",
                 "seq", "subjects", "subjects_json", "tenant_id", "xact")

    def __init__(self, *, occurred_at: datetime, name: str, tenant_id: int | None, actor_id: int | None,
                 channel: str, request_id: str, ip_address: str | None, object_type: str, object_id: str,
                 fields: list[str], subjects: list[list[str]], purpose: str, data: dict) -> None:
        self.occurred_at, self.name, self.tenant_id, self.actor_id = occurred_at, name, tenant_id, actor_id
        self.channel, self.request_id, self.ip_address = channel, request_id, ip_address
        self.object_type, self.object_id, self.fields, self.subjects = object_type, object_id, fields, subjects
        self.purpose, self.data, self.seq, self.xact = purpose, data, None, None
        self.fields_json, self.subjects_json, self.data_json = _strings(fields), _pairs(subjects), _encode(data)
        self.canonical = (
            f'{{"actor_id":{_scalar(actor_id)},"channel":{_string(channel)},"data":{self.data_json},'
            f'"fields":{self.fields_json},"ip_address":{_scalar(ip_address)},"name":{_string(name)},'
            f'"object_id":{_string(object_id)},"object_type":{_string(object_type)},'
            f'"occurred_at":"{_utc_text(occurred_at)}","purpose":{_string(purpose)},'
            f'"request_id":{_string(request_id)},"subjects":{self.subjects_json},"tenant_id":{_scalar(tenant_id)}}}')
        self.digest = content_digest(self.canonical)
        self.mac = digest_mac(chain_of(tenant_id), self.digest)

    def params(self) -> list:
        """The INSERT's parameters, in ``_INSERT_COLUMNS`` order (the JSON columns as text, cast to jsonb)."""
        return [self.occurred_at, self.name, self.tenant_id, self.actor_id, self.channel, self.request_id,
                self.ip_address, self.object_type, self.object_id, self.fields_json, self.subjects_json,
                self.purpose, self.data_json, self.digest, self.mac]

    def event(self) -> AuditEvent:
        """The model instance of the event, for the ORM to write (SQLite)."""
        return AuditEvent(occurred_at=self.occurred_at, name=self.name, tenant_id=self.tenant_id,
                          actor_id=self.actor_id, channel=self.channel, request_id=self.request_id,
                          ip_address=self.ip_address, object_type=self.object_type, object_id=self.object_id,
                          fields=self.fields, subjects=self.subjects, purpose=self.purpose, data=self.data,
                          digest=self.digest, mac=self.mac)


def append(new: NewEvent) -> NewEvent:
    """Write one event: inside the caller's transaction, with it; outside any, committed at once. The event is
    handed back with its ``seq`` (and, on PostgreSQL, its transaction's id).

    On PostgreSQL one prepared INSERT of one row, nothing else (the subject index rows are the sealer's to write,
    in batches). Outside a transaction the host's appender writes it, in one INSERT and one commit with the events
    of other requests (``audit.appender``); with no appender listening, the append is that INSERT, in autocommit.
    Elsewhere (SQLite) the ORM writes it.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        with transaction.atomic(savepoint=False):  # a failed append fails the caller's whole transaction
            event = new.event()
            event.save(force_insert=True)
            new.seq = event.seq
            return new
    if not _in_transaction(connection):
        placed = appender.appended(new.params())
        if placed is not None:
            new.seq, new.xact = placed
            return new
    try:
        (new.seq, new.xact), = insert_rows(connection, new.params())
    except BaseException:
        if connection.in_atomic_block:
            connection.needs_rollback = True  # the caller's transaction must not commit without its event
        raise
    return new


def _in_transaction(connection) -> bool:
    """Whether the caller has a transaction open: an atomic block, or a BEGIN of its own."""
    raw = connection.connection
    return connection.in_atomic_block or (raw is not None and (
        not connection.autocommit or raw.pgconn.transaction_status != pq.TransactionStatus.IDLE))


def insert_rows(connection, params: list, rows: int = 1) -> list[tuple[int, int]]:
    """INSERT ``rows`` events (``params``: their ``NewEvent.params()`` one after the other), as one statement
    prepared once per database session and number of rows, executed by libpq itself; (seq, xact) of each, in order.

    Django's cursors bind on the client, so the server would parse and plan every append again; psycopg's own
    cursor prepares (with Django's ``prepare_threshold`` let through), but its non-blocking wait loop, prepared
    statement bookkeeping and result handling cost the client about twice libpq's CPU (140 µs against 68 µs per
    INSERT). The parameters are still dumped by psycopg, and a failure is raised as psycopg, and Django, raise it.
    """
    if connection.connection is None:  # ensure_connection()'s own test, without its event-loop check every time
        connection.ensure_connection()
    raw = connection.connection
    try:
        with raw.lock:
            if raw.pgconn.status != pq.ConnStatus.OK:  # libpq would answer without a result at all
                raise psycopg.OperationalError("the connection to the database is lost")
            if not raw.autocommit and raw.pgconn.transaction_status == pq.TransactionStatus.IDLE:
                # A cursor's first statement in a transaction makes psycopg begin it (Django never sends BEGIN); a
                # statement sent by libpq alone would run, and commit, on its own.
                raw.wait(raw._start_query())
            try:
                return _prepared_insert(connection, raw, params, rows)
            except psycopg.errors.InvalidSqlStatementName:
                # The session lost the statement (DISCARD ALL, a pooler's reset): prepared again. Outside a
                # transaction the failed attempt did nothing, so the append is retried; inside one, that
                # transaction has failed.
                raw._mimamori_audit_insert = {}
                if raw.pgconn.transaction_status != pq.TransactionStatus.IDLE:
                    raise
                return _prepared_insert(connection, raw, params, rows)
    except psycopg.Error:
        with connection.wrap_database_errors:  # raised as Django's own database errors (entered on failure only)
            raise


def _prepared_insert(connection, raw, params: list, rows: int) -> list[tuple[int, int]]:
    # Kept on the session, not on Django's wrapper: a pooled connection handed to another wrapper still has it.
    statements = getattr(raw, "_mimamori_audit_insert", None)
    if statements is None:
        statements = raw._mimamori_audit_insert = {}
    kept = statements.get(rows)
    if kept is None:
        name = b"mimamori_audit_append_%d" % rows
        _result(raw, raw.pgconn.prepare(name, _insert_statement(connection, rows).encode()), pq.ExecStatus.COMMAND_OK)
        kept = statements[rows] = (name, Transformer(raw), [PyFormat.TEXT] * len(_INSERT_COLUMNS) * rows)
    name, dumper, formats = kept
    result = _result(raw, raw.pgconn.exec_prepared(name, dumper.dump_sequence(params, formats)),
                     pq.ExecStatus.TUPLES_OK)
    # A multi-row VALUES is inserted, and its RETURNING rows come back, in the order written.
    return [(int(result.get_value(n, 0)), int(result.get_value(n, 1))) for n in range(rows)]


def _result(raw, result, expected):
    """libpq's result, or the error psycopg raises for it."""
    if result.status != expected:
        if raw.pgconn.status != pq.ConnStatus.OK:  # the connection died under the statement: as a cursor raises it
            raise psycopg.OperationalError(result.error_message.decode(errors="replace").strip())
        raise psycopg.errors.error_from_result(result, encoding=raw.info.encoding)
    return result


# The columns an append sets, in NewEvent.params() order; the database fills the others (their db_default).
_INSERT_COLUMNS = ("occurred_at", "name", "tenant_id", "actor_id", "channel", "request_id", "ip_address",
                   "object_type", "object_id", "fields", "subjects", "purpose", "data", "digest", "mac")


_LENGTH = re.compile(r"\(\d+\)$")


def _insert_statement(connection, rows: int = 1) -> str:
    """The INSERT of ``rows`` events (PostgreSQL). Values are written as set: no field of AuditEvent does work in
    ``pre_save`` (no auto timestamp, no encryption)."""
    fields = {f.attname: f for f in AuditEvent._meta.concrete_fields}
    unset = [name for name, f in fields.items()
             if name not in _INSERT_COLUMNS and not f.primary_key and f.db_default is NOT_PROVIDED]
    if unset:
        raise RuntimeError(f"AuditEvent columns {unset} need a db_default: an append does not set them")
    columns = [fields[name] for name in _INSERT_COLUMNS]
    names = ", ".join(f'"{f.column}"' for f in columns)
    # Cast to the type without its length: an explicit cast to varchar(n) would cut a longer value silently (and
    # the MAC would then not match the row); assigned to the column, a value too long is refused.
    types = [_LENGTH.sub("", f.db_type(connection)) for f in columns]
    width = len(types)
    values = ", ".join("(" + ", ".join(f"${row * width + n}::{kind}" for n, kind in enumerate(types, start=1)) + ")"
                       for row in range(rows))
    return f"INSERT INTO {AuditEvent._meta.db_table} ({names}) VALUES {values} RETURNING seq, xact"


# --- tenant heads -----------------------------------------------------------------------------------------


class ChainHeadInvalid(RuntimeError):
    """A tenant's head fails its MAC: it was written without the chain key. Nothing is sealed or checkpointed
    on it (building on it would sign the tampering); ``verify_audit_chain`` names what is wrong."""


class CheckpointFileInvalid(RuntimeError):
    """The checkpoint file does not continue the checkpoints the heads record (missing, shortened, altered)."""


@dataclass(frozen=True)
class Head:
    """A tenant's chain head: size and newest hash, the last checkpoint recording it, and a MAC over all of it."""

    chain: int
    size: int = 0
    hash: str = ""
    checkpoint_line: int = 0
    checkpoint_size: int = 0
    checkpoint_signature: str = ""
    cutover_size: int = 0
    mac: str = ""

    @classmethod
    def genesis(cls, chain: int) -> "Head":
        return cls(chain, hash=genesis_hash(chain)).signed()

    @classmethod
    def of(cls, row: AuditTenantHead) -> "Head":
        return cls(row.chain, row.size, row.hash, row.checkpoint_line, row.checkpoint_size,
                   row.checkpoint_signature, row.cutover_size, row.mac)

    def expected_mac(self) -> str:
        return _hmac(f"tenant-head {self.chain} {self.size} {self.hash} {self.checkpoint_line} "
                     f"{self.checkpoint_size} {self.checkpoint_signature} {self.cutover_size}")

    def signed(self) -> "Head":
        return replace(self, mac=self.expected_mac())

    def authentic(self) -> bool:
        return hmac.compare_digest(self.mac, self.expected_mac())

    def columns(self) -> dict:
        return {"size": self.size, "hash": self.hash, "checkpoint_line": self.checkpoint_line,
                "checkpoint_size": self.checkpoint_size, "checkpoint_signature": self.checkpoint_signature,
                "cutover_size": self.cutover_size, "mac": self.mac}


def _heads_locked(chains: Iterable[int]) -> dict[int, AuditTenantHead]:
    chains = sorted(set(chains))
    locked = AuditTenantHead.objects.select_for_update().order_by("chain")
    heads = {row.chain: row for row in locked.filter(chain__in=chains)}
    missing = set(chains) - set(heads)
    if missing:  # a tenant's first events: its head starts at the genesis
        AuditTenantHead.objects.bulk_create(
            [AuditTenantHead(chain=c, **Head.genesis(c).columns()) for c in missing], ignore_conflicts=True)
        heads |= {row.chain: row for row in locked.filter(chain__in=missing)}
    return heads


def _write_heads(cursor, moved: list[tuple[AuditTenantHead, Head]], **also) -> None:
    """Move the heads (their rows locked by this transaction): one statement for all of them on PostgreSQL."""
    if not moved:
        return
    if cursor.db.vendor != "postgresql":
        for row, head in moved:
            AuditTenantHead.objects.filter(pk=row.pk).update(**also, **head.columns())
        return
    columns = list(Head(0).columns())
    table = AuditTenantHead._meta.db_table
    assigned = ", ".join([f"{c} = v.{c}" for c in columns] + [f"{c} = %s" for c in also])
    written = _execute_bound(
        cursor,
        f"UPDATE {table} AS h SET {assigned} FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::bigint[], "
        "%s::bigint[], %s::text[], %s::bigint[], %s::text[]) AS v(id, " + ", ".join(columns) + ") WHERE h.id = v.id",
        [*also.values(), *(list(c) for c in zip(*[(row.pk, *head.columns().values()) for row, head in moved],
                                               strict=True))])
    if written != len(moved):
        raise RuntimeError("An audit chain head vanished while this sealer held it locked")


def _execute_bound(cursor, sql: str, params: list) -> int:
    """Run a batch statement (PostgreSQL) with its parameters sent apart from the SQL, in the transaction of
    ``cursor``; the number of rows it wrote. Django's cursor binds on the client: every element of a batch's arrays
    would be quoted into the SQL text in Python, for the server to parse back."""
    with binary_cursor(cursor.db) as bound:
        bound.execute(sql, params)
        return bound.rowcount


def _seal_lock(cursor, *, wait: bool) -> bool:
    """One sealer at a time (PostgreSQL advisory lock, released with the transaction; SQLite locks the database)."""
    if cursor.db.vendor != "postgresql":
        return True
    cursor.execute(f"SELECT {'pg_advisory_xact_lock' if wait else 'pg_try_advisory_xact_lock'}(%s)", [SEAL_LOCK])
    return wait or cursor.fetchone()[0]


# --- the sealer -------------------------------------------------------------------------------------------


@dataclass
class SealResult:
    sealed: Counter = field(default_factory=Counter)  # chain → events sealed
    refused: dict[int, str] = field(default_factory=dict)  # chain → why its sealing stopped
    checkpoints: int = 0
    busy: bool = False  # another sealer held the lock

    @property
    def total(self) -> int:
        return sum(self.sealed.values())

    def add(self, other: "SealResult") -> "SealResult":
        """This run's result followed by the next run's (a sealer that runs again and again)."""
        self.sealed.update(other.sealed)
        self.refused.update(other.refused)
        self.checkpoints += other.checkpoints
        self.busy = other.busy
        return self


def seal(*, batch: int = BATCH, checkpoint: bool = True, force_checkpoint: bool = False,
         wait: bool = False) -> SealResult:
    """Seal every committed unsealed event, round after round, then write the checkpoints that are due.

    Each round is one transaction: a sealer killed mid-round leaves nothing half-sealed, and the next round
    reads the same events. A chain whose head or next event fails its MAC stops there (its events are held:
    they wait, and become a finding when overdue); the other chains go on. Another sealer at work makes this
    one a no-op, unless ``wait``.
    """
    result = SealResult()
    while True:
        more = _seal_round(batch, result, wait=wait)
        if more is None:
            result.busy = True
            break
        if not more:
            break
    if checkpoint and not result.busy:
        result.checkpoints = write_checkpoints(force=force_checkpoint)
    return result


def _by_transaction(connection=default_connection) -> bool:
    """Whether events are read by their writing transaction (PostgreSQL) or by seq (SQLite: its one writer commits
    in seq order, so every event below a seq the sealer sees is committed)."""
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Bound:
    """Where sealing stands: every event of a transaction below ``horizon`` (a seq, on SQLite) was read, but those of
    the ``deferred`` transactions, still in progress when a round read past them."""

    horizon: int = 0
    deferred: tuple[int, ...] = ()


def _bound() -> Bound:
    """The last round's bound (the newest seal row's)."""
    row = AuditSeal.objects.order_by("-id").values_list("horizon", "deferred").first()
    return Bound(row[0], tuple(row[1])) if row else Bound()


def _held() -> dict[int, list[int]]:
    """Chain → seqs a round read but held back (the chain refused) and no later round of the chain sealed."""
    held: dict[int, list[int]] = {}
    for row in AuditSeal.objects.filter(first__isnull=True).order_by("id"):  # a partial index: rare rows
        if not AuditSeal.objects.filter(chain=row.chain, first__isnull=False, id__gt=row.id).exists():
            held.setdefault(row.chain, []).extend(row.seqs)
    return held


def _own() -> tuple[int | None, set[int]]:
    """This transaction's id if it wrote anything (PostgreSQL), and the events of it that it sealed itself (a caller
    writing and sealing in one transaction, as a test does: its events are never below a round's horizon)."""
    if not _by_transaction():
        return None, set()
    with default_connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id_if_assigned()::text::bigint")
        own = cursor.fetchone()[0]
    if own is None:
        return None, set()
    return own, {seq for seqs in AuditSeal.objects.filter(xact=own, first__isnull=False).values_list("seqs", flat=True)
                 for seq in seqs}


def unsealed_events():
    """Events written and not sealed yet: past the last round's horizon, of a transaction it deferred, or held back
    by a round."""
    bound = _bound()
    if _by_transaction():
        # Bounded above by the snapshot's xmax (every committed transaction is below it), so the planner estimates
        # a range, not "a third of the table" as it does for an open bound on stale statistics: the events waiting
        # are read through the xact index, never by scanning the month's partition. (Read in a statement of its
        # own: the events then are those waiting as of that statement.)
        with default_connection.cursor() as cursor:
            cursor.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint")
            pending = Q(xact__gte=bound.horizon, xact__lt=cursor.fetchone()[0])
    else:
        pending = Q(seq__gte=bound.horizon)
    if bound.deferred:
        pending |= Q(xact__in=bound.deferred)
    held = [seq for seqs in _held().values() for seq in seqs]
    if held:
        pending |= Q(seq__in=held)
    own, sealed_here = _own()
    if own is not None:
        pending |= Q(xact=own)
    events = AuditEvent.objects.filter(pending)
    return events.exclude(seq__in=sealed_here) if sealed_here else events


# What a round reads of each event: what it links, none of the content the digest covers.
_PENDING = ("seq", "mac", "digest", "tenant_id", "occurred_at")
_PENDING_TENANT = _PENDING.index("tenant_id")
_PENDING_COLUMNS = ", ".join(_PENDING)


def _pending(cursor, bound: Bound, limit: int) -> tuple[list[tuple], Bound, bool]:
    """The next committed events past ``bound``, in the order they are sealed, as tuples (``_PENDING``); the bound
    after them; and whether more may wait past it (``limit`` was reached).

    On PostgreSQL, by the round's snapshot: the events of the transactions the last round deferred that have ended
    since, then those of the transactions from the horizon to the snapshot's xmax, but the ones still in progress
    (deferred in turn: a long transaction holds back its own events only). Every transaction below xmax that is
    not in progress has ended, so each event is read once. A transaction open in another database of the cluster
    cannot write here and is not deferred (a session whose database is hidden from this role is). The caller's own
    transaction's events are read too, those it sealed itself excepted. A round stops at a transaction's boundary:
    one transaction's events are never split. Read in binary results: timestamps and JSON come out of the driver's
    C loaders.
    """
    if not _by_transaction(cursor.db):
        rows = list(AuditEvent.objects.filter(seq__gte=bound.horizon).order_by("seq").values_list(*_PENDING)[:limit])
        return rows, Bound(rows[-1][0] + 1 if rows else bound.horizon), len(rows) == limit
    columns, table = _PENDING_COLUMNS, AuditEvent._meta.db_table
    with binary_cursor(cursor.db) as read:
        read.execute(_SNAPSHOT)
        upper, running, own = read.fetchone()
        running = set(running)
        ended = sorted(set(bound.deferred) - running)
        rows = []
        if ended:
            read.execute(f"SELECT xact, {columns} FROM {table} WHERE xact = ANY(%s) ORDER BY xact, seq", [ended])
            rows = read.fetchall()
        skipped = sorted(running | ({own} if own is not None else set()))
        read.execute(f"SELECT xact, {columns} FROM {table} WHERE xact >= %s AND xact < %s AND NOT xact = ANY(%s) "
                     "ORDER BY xact, seq LIMIT %s", [bound.horizon, upper, skipped, limit])
        fresh = read.fetchall()
        full = len(fresh) == limit
        if full:
            last = fresh[-1][0]
            fresh = [row for row in fresh if row[0] < last]
            if fresh:
                upper = last
            else:  # one transaction wrote more than a round's events: all of them, together
                read.execute(f"SELECT xact, {columns} FROM {table} WHERE xact = %s ORDER BY seq", [last])
                fresh, upper = read.fetchall(), last + 1
        rows += fresh
        deferred = tuple(sorted(x for x in running if x in bound.deferred or bound.horizon <= x < upper))
        if own is not None:
            read.execute(f"SELECT xact, {columns} FROM {table} WHERE xact = %s AND NOT seq = ANY(%s) ORDER BY seq",
                         [own, sorted(_own()[1])])
            rows += read.fetchall()
    return [row[1:] for row in rows], Bound(upper, deferred), full


# A round's snapshot (PostgreSQL): its xmax; the transactions in progress below it, but those of sessions known to be
# in another database (a session of another role may hide its database: it counts); the caller's own transaction,
# if it has written anything.
_SNAPSHOT = """
SELECT pg_snapshot_xmax(s)::text::bigint,
       ARRAY(SELECT x::text::bigint FROM pg_snapshot_xip(s) AS x
             WHERE x::xid NOT IN (SELECT backend_xid FROM pg_stat_activity WHERE backend_xid IS NOT NULL
                                  AND datname IS DISTINCT FROM current_database())),
       pg_current_xact_id_if_assigned()::text::bigint
FROM (SELECT pg_current_snapshot() AS s) AS snapshot
"""


def _held_events(cursor, held: dict[int, list[int]]) -> list[tuple]:
    """The held events (``_PENDING`` tuples), in the order they were held."""
    seqs = [seq for chain_seqs in held.values() for seq in chain_seqs]
    if not seqs:
        return []
    order = {seq: n for n, seq in enumerate(seqs)}
    if not _by_transaction(cursor.db):
        rows = list(AuditEvent.objects.filter(seq__in=seqs).values_list(*_PENDING))
    else:
        with binary_cursor(cursor.db) as read:
            read.execute(f"SELECT {_PENDING_COLUMNS} FROM {AuditEvent._meta.db_table} WHERE seq = ANY(%s)", [seqs])
            rows = read.fetchall()
    return sorted(rows, key=lambda row: order[row[0]])


@dataclass
class _Round:
    """One chain's part of a round: the events sealed (in chain order) or held back."""

    chain: int
    first: int = 0
    prev_hash: str = ""
    hash: str = ""
    seqs: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    times: list[datetime] = field(default_factory=list)
    held_times: list[datetime] = field(default_factory=list)


def _seal_round(limit: int, result: SealResult, *, wait: bool) -> bool | None:
    """Seal up to about ``limit`` events; whether more may wait (None: another sealer is at work)."""
    if not unsealed_events().exists():
        return False  # nothing to seal: no lock taken (on SQLite, a writer's transaction would block the others)
    with transaction.atomic(), default_connection.cursor() as cursor:
        if not _seal_lock(cursor, wait=wait):
            return None
        held = {chain: seqs for chain, seqs in _held().items() if chain not in result.refused}
        already_held = {seq for seqs in held.values() for seq in seqs}
        fresh, bound, more = _pending(cursor, _bound(), limit)
        events = _held_events(cursor, held) + fresh
        if not events:
            return False
        heads = _heads_locked(chain_of(row[_PENDING_TENANT]) for row in events)
        rounds: dict[int, _Round] = {}
        before_digests = _before_digests([row[0] for row in events if not row[2]])
        for seq, mac, digest, tenant_id, occurred_at in events:
            chain = chain_of(tenant_id)
            part = rounds.get(chain)
            if part is None:
                head = Head.of(heads[chain])
                part = rounds[chain] = _Round(chain, head.size + 1, head.hash, head.hash)
                if not head.authentic():
                    result.refused[chain] = (f"the head of chain {chain} fails its MAC: it was written without the "
                                             "chain key. Run verify_audit_chain; nothing is sealed on it until it is "
                                             "resolved.")
            # The MAC vouches for the digest as the append made it: the link commits to that digest, so an edit of
            # the content (before or after this round) no longer matches what the chain holds.
            expected, linked = (digest_mac(chain, digest), digest) if digest else before_digests[seq]
            if chain not in result.refused and not hmac.compare_digest(mac, expected):
                result.refused[chain] = (f"event #{seq} fails its MAC (forged, its digest edited, or copied from "
                                         "another tenant): sealing it would sign it. Run verify_audit_chain.")
            if chain in result.refused:  # the chain's events from here on wait
                if seq not in already_held:
                    part.held.append(seq)
                    part.held_times.append(occurred_at)
                continue
            part.hash = link_hash(part.hash, chain, part.first + len(part.seqs), seq, mac, linked)
            part.seqs.append(seq)
            part.times.append(occurred_at)
            result.sealed[chain] += 1
        parts = list(rounds.values())
        now = timezone.now()
        AuditSeal.objects.bulk_create(
            [AuditSeal(chain=p.chain, first=p.first, seqs=p.seqs, prev_hash=p.prev_hash, hash=p.hash,
                       occurred_from=min(p.times), occurred_to=max(p.times), horizon=bound.horizon,
                       deferred=list(bound.deferred), sealed_at=now)
             for p in parts if p.seqs]
            + [AuditSeal(chain=p.chain, seqs=p.held, occurred_from=min(p.held_times), occurred_to=max(p.held_times),
                         horizon=bound.horizon, deferred=list(bound.deferred), sealed_at=now)
               for p in parts if p.held])
        _write_subjects(cursor, [seq for p in parts for seq in p.seqs], [t for p in parts for t in p.times])
        _write_heads(cursor, [(heads[p.chain], replace(Head.of(heads[p.chain]), size=p.first + len(p.seqs) - 1,
                                                       hash=p.hash).signed()) for p in parts if p.seqs])
        return more


def _before_digests(seqs: list[int]) -> dict[int, tuple[str, str]]:
    """seq → (the MAC expected, what the link covers) of the events written before digests (waiting at the
    migration, or forged without one): their MAC and link cover the content itself, read whole."""
    found = {}
    for event in AuditEvent.objects.filter(seq__in=seqs) if seqs else ():
        linked = linked_text(event)
        found[event.seq] = expected_mac(event, linked), linked
    return found


def _write_subjects(cursor, seqs: list[int], times: list[datetime]) -> None:
    """The subject index ("who accessed this child") of the events just sealed (the append writes one row only):
    on PostgreSQL made by the database from the events' subjects, in the months they span, without the round
    decoding them. Only [type, id] pairs of strings that fit the index's columns are indexed (what ``audit_record``
    writes): a subject list edited or forged out of shape, which verification names, never stops every tenant's
    sealing."""
    if not seqs:
        return
    if cursor.db.vendor == "postgresql":
        _execute_bound(cursor, f"""
            INSERT INTO {AuditEventSubject._meta.db_table} (event_id, tenant_id, subject_type, subject_id, occurred_at)
            SELECT e.seq, e.tenant_id, s.pair ->> 0, s.pair ->> 1, e.occurred_at
            FROM {AuditEvent._meta.db_table} AS e CROSS JOIN LATERAL jsonb_array_elements(
                CASE jsonb_typeof(e.subjects) WHEN 'array' THEN e.subjects ELSE '[]' END) AS s(pair)
            WHERE e.seq = ANY(%b) AND e.occurred_at BETWEEN %b AND %b
              AND jsonb_typeof(s.pair -> 0) = 'string' AND jsonb_typeof(s.pair -> 1) = 'string'
              AND length(s.pair ->> 0) <= %b AND length(s.pair ->> 1) <= %b""",
                       [seqs, min(times), max(times), *_SUBJECT_LENGTHS])
    else:
        type_length, id_length = _SUBJECT_LENGTHS
        AuditEventSubject.objects.bulk_create(
            [AuditEventSubject(event_id=seq, tenant_id=tenant, subject_type=pair[0], subject_id=pair[1],
                               occurred_at=at)
             for seq, tenant, subjects, at in AuditEvent.objects.filter(seq__in=seqs).values_list(
                 "seq", "tenant_id", "subjects", "occurred_at").iterator(chunk_size=2000)
             for pair in (subjects if isinstance(subjects, list) else ())
             if isinstance(pair, list) and len(pair) > 1 and isinstance(pair[0], str) and isinstance(pair[1], str)
             and len(pair[0]) <= type_length and len(pair[1]) <= id_length], batch_size=500)


_SUBJECT_LENGTHS = (AuditEventSubject._meta.get_field("subject_type").max_length,
                    AuditEventSubject._meta.get_field("subject_id").max_length)


def unsealed_overdue(*, older_than: float | None = None) -> dict[int, list[int]]:
    """Chain → seqs of events still unsealed this many seconds after they were written (default: the setting)."""
    cutoff = timezone.now() - timedelta(seconds=settings.AUDIT_SEAL_OVERDUE if older_than is None else older_than)
    found: dict[int, list[int]] = {}
    overdue = unsealed_events().filter(occurred_at__lt=cutoff).order_by("seq")
    for seq, tenant_id in overdue.values_list("seq", "tenant_id")[:100000]:
        found.setdefault(chain_of(tenant_id), []).append(seq)
    return found


# --- signed checkpoints outside the database --------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """One line of the checkpoint file: ``c2 LINE CHAIN SIZE HASH TIME PREV_SIGNATURE SIGNATURE``."""

    line: int
    chain: int
    size: int
    hash: str
    time: str
    prev: str
    signature: str

    def message(self) -> str:
        return (f"mimamori-audit-checkpoint\n{self.line} {self.chain} {self.size} {self.hash} {self.time} "
                f"{self.prev}")

    def text(self) -> str:
        return f"{LINE_TAG} {self.line} {self.chain} {self.size} {self.hash} {self.time} {self.prev} {self.signature}"

    def valid(self, key: Ed25519PublicKey) -> bool:
        return signing.signature_valid(key, self.message(), self.signature)

    @classmethod
    def parse(cls, text: str) -> "Checkpoint | None":
        parts = text.split()
        if len(parts) != 8 or parts[0] != LINE_TAG or not all(p.isdigit() for p in parts[1:4]):
            return None
        return cls(int(parts[1]), int(parts[2]), int(parts[3]), *parts[4:])


def _last_token(text: str) -> str:
    parts = text.split()
    return parts[-1] if parts else GENESIS


def _file_tail() -> tuple[int, str]:
    """(number, signature) of the checkpoint file's last line, its signature checked; (0, GENESIS) if none.

    Lines of the single chain before the cut-over (four fields: number first, MAC last) are continued from.
    """
    path = settings.AUDIT_CHECKPOINT_FILE
    if not path.exists():
        return 0, GENESIS
    with open(path, "rb") as file:
        file.seek(max(0, file.seek(0, os.SEEK_END) - 4096))
        tail = file.read().decode("ascii", errors="replace").splitlines()
    if not tail:
        return 0, GENESIS
    last = Checkpoint.parse(tail[-1])
    if last is None:
        parts = tail[-1].split()
        if len(parts) == 4 and parts[0].isdigit():  # the single chain's last line: continued from
            return int(parts[0]), parts[3]
    else:
        before = _last_token(tail[-2]) if len(tail) >= 2 else GENESIS
        if last.prev == before and last.valid(signing.public_key()):
            return last.line, last.signature
    raise CheckpointFileInvalid(f"The checkpoint file {path} does not end with a valid signed checkpoint: "
                                "run verify_audit_chain")


def write_checkpoints(*, chains: Iterable[int] | None = None, force: bool = False) -> int:
    """Append a signed checkpoint of each head that moved since its last one and is due; the number written.

    Due: its last checkpoint is older than AUDIT_CHECKPOINT_INTERVAL (or ``force``). The lines are written
    (fsync) under the seal lock, then the heads record their line: from then on a missing or shortened file
    is a finding. A crash between the two leaves lines no head records, which the next checkpoint continues.
    """
    now = timezone.now()
    # Only the heads due are read and locked. The sealer asks several times a second and most often none is: one
    # query then, outside the transaction and the seal lock (asked again under them when some are).
    heads = AuditTenantHead.objects.exclude(size=0).filter(Q(checkpoint_line=0) | ~Q(size=F("checkpoint_size")))
    if chains is not None:
        heads = heads.filter(chain__in=list(chains))
    if not force:
        cutoff = now - timedelta(seconds=settings.AUDIT_CHECKPOINT_INTERVAL)
        heads = heads.filter(Q(checkpointed_at__isnull=True) | Q(checkpointed_at__lte=cutoff))
    if not heads.exists():
        return 0
    with transaction.atomic(), default_connection.cursor() as cursor:
        _seal_lock(cursor, wait=True)
        due = list(heads.select_for_update().order_by("chain"))
        if not due:
            return 0
        line, prev = _file_tail()
        recorded = AuditTenantHead.objects.order_by("-checkpoint_line").values_list("checkpoint_line", flat=True)
        if line < (recorded.first() or 0):
            raise CheckpointFileInvalid(
                f"The checkpoint file {settings.AUDIT_CHECKPOINT_FILE} ends at line {line}, but a chain head records "
                f"line {recorded.first()}: it is missing, shortened or replaced. Run verify_audit_chain.")
        stamp = now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        written = []
        for row in due:
            head = Head.of(row)
            if not head.authentic():
                raise ChainHeadInvalid(f"The head of chain {row.chain} fails its MAC: it was written without the chain "
                                       "key. Run verify_audit_chain; nothing is checkpointed until it is resolved.")
            line += 1
            unsigned = Checkpoint(line, head.chain, head.size, head.hash, stamp, prev, "")
            checkpoint = replace(unsigned, signature=signing.sign(unsigned.message()))
            prev = checkpoint.signature
            written.append((row, head, checkpoint))
        path = settings.AUDIT_CHECKPOINT_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="ascii") as out:
            out.write("".join(f"{c.text()}\n" for _, _, c in written))
            out.flush()
            os.fsync(out.fileno())
        _write_heads(cursor, [(row, replace(head, checkpoint_line=checkpoint.line, checkpoint_size=checkpoint.size,
                                            checkpoint_signature=checkpoint.signature).signed())
                              for row, head, checkpoint in written], checkpointed_at=now)
    return len(written)


@dataclass
class CheckpointFile:
    exists: bool = False
    lines: int = 0
    signatures: list[str] = field(default_factory=list)  # the last token of each line, by line number - 1
    mine: list[Checkpoint] = field(default_factory=list)  # the checked chain's lines
    problems: list[str] = field(default_factory=list)


def read_checkpoints(chain: int, key: Ed25519PublicKey, lines: Iterable[str] | None = None) -> CheckpointFile:
    """The checkpoint file (or the given lines) for one chain: each line's number and its link to the line before
    are checked; the signatures of this chain's lines are verified (other tenants' lines are theirs to check)."""
    found = CheckpointFile()
    if lines is None:
        path = settings.AUDIT_CHECKPOINT_FILE
        if not path.exists():
            return found
        lines = path.read_text(encoding="ascii", errors="replace").splitlines()
    found.exists = True
    prev = GENESIS
    for number, text in enumerate(lines, start=1):
        found.lines = number
        checkpoint = Checkpoint.parse(text)
        found.signatures.append(_last_token(text))
        if checkpoint is None:
            parts = text.split()
            if not (len(parts) == 4 and parts[0] == str(number)):  # the single chain's lines stay as they were
                found.problems.append(f"checkpoint file line {number} is malformed")
        elif checkpoint.line != number:
            found.problems.append(f"checkpoint file line {number} is numbered {checkpoint.line} "
                                  "(lines removed or reordered)")
        elif checkpoint.prev != prev:
            found.problems.append(f"checkpoint file line {number} is not chained to the line before it")
        elif checkpoint.chain == chain:
            if checkpoint.valid(key):
                found.mine.append(checkpoint)
            else:
                found.problems.append(f"checkpoint file line {number} has an invalid signature (forged or altered)")
        prev = found.signatures[-1]
    return found


# --- verification -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainVerification:
    ok: bool
    checked: int
    head_seq: int
    first_bad_seq: int | None = None
    problem: str = ""
    chain: int = 0
    unsealed: int = 0
    archived: int = 0  # where the latest archive (audit_archive) ends: the walk starts after it

    def summary(self) -> str:
        name = f"Audit chain of tenant {self.chain}" if self.chain else "Audit chain without a tenant"
        if self.ok:
            since = f" after its archive ending at #{self.archived}" if self.archived else ""
            return (f"{name} intact: {self.checked} events verified{since}, head at #{self.head_seq}, "
                    f"{self.unsealed} not sealed yet.")
        return f"{name} broken at event #{self.first_bad_seq}: {self.problem}"


def chains() -> list[int]:
    """Every chain with a head or with events waiting to be sealed."""
    found = set(AuditTenantHead.objects.values_list("chain", flat=True))
    found |= {chain_of(t) for t in unsealed_events().values_list("tenant_id", flat=True).distinct()}
    return sorted(found)


def _of_chain(queryset, chain: int):
    return queryset.filter(Q(tenant_id__isnull=True) | Q(tenant_id=0)) if chain == 0 else queryset.filter(
        tenant_id=chain)


def chain_events(chain: int):
    """The events of one chain (sealed or not), as a queryset."""
    return _of_chain(AuditEvent.objects.all(), chain)


def _subject_rows(chain: int) -> dict[int, list[tuple]]:
    """The chain's subject index rows by event: one scan of the index's tenant range (the index has no event
    column first, and a lookup per event would be a query per event)."""
    rows: dict[int, list[tuple]] = {}
    for seq, *rest in _of_chain(AuditEventSubject.objects.all(), chain).values_list(
            "event_id", "subject_type", "subject_id", "tenant_id", "occurred_at").iterator(chunk_size=20000):
        rows.setdefault(seq, []).append(tuple(rest))
    return rows


def _events_by_seq(chain: int, seqs: list[int], since: datetime | None = None,
                   until: datetime | None = None) -> dict:
    """seq → event of those of the chain that exist; read in the months of ``since``–``until`` first (PostgreSQL
    prunes the other partitions), then, for any not found there (an edited occurred_at), in every month."""
    found = {}
    for start in range(0, len(seqs), 5000):
        chunk = seqs[start:start + 5000]
        events = _of_chain(AuditEvent.objects.filter(seq__in=chunk), chain)
        if since is not None:
            events = events.filter(occurred_at__gte=since, occurred_at__lte=until)
        found.update((e.seq, e) for e in events)
    missing = [seq for seq in seqs if seq not in found]
    if missing and since is not None:
        found.update(_events_by_seq(chain, missing))
    return found


Placed = tuple[int, int, AuditEvent | None]  # (chain position, seq, the event: None if it no longer exists)


def sealed(chain: int, *, after: int = 0, until: int | None = None) -> Iterator[tuple[AuditSeal, list[Placed]]]:
    """The chain's seal rows in chain order, each with its events at positions after ``after`` (to ``until``).

    Rows are read a few at a time and their events by seq, in the months the rows name.
    """
    rows = AuditSeal.objects.filter(chain=chain, first__isnull=False)
    straddling = list(rows.filter(first__lte=after).order_by("-first")[:1]) if after else []
    later = rows.filter(first__gt=after).order_by("first")
    if until is not None:
        later = later.filter(first__lte=until)
    batch: list[AuditSeal] = []

    def placed() -> Iterator[tuple[AuditSeal, list[Placed]]]:
        events = _events_by_seq(chain, [seq for row in batch for seq in row.seqs], min(r.occurred_from for r in batch),
                                max(r.occurred_to for r in batch))
        for row in batch:
            yield row, [(position, seq, events.get(seq)) for position, seq in enumerate(row.seqs, start=row.first)
                        if position > after and (until is None or position <= until)]
        batch.clear()

    for row in itertools.chain(straddling, later.iterator(chunk_size=200)):
        batch.append(row)
        if sum(len(r.seqs) for r in batch) >= 5000:
            yield from placed()
    if batch:
        yield from placed()


def verify(chain: int, *, public_key: Ed25519PublicKey | None = None) -> ChainVerification:
    """Walk one tenant's chain (reading no other tenant's events) and name the first bad event.

    With the chain key (the default) every event's MAC is checked too, sealed or not, and so are the head
    and the subject index. With ``public_key`` alone, what the signatures vouch for: the links of the sealed
    events and that the chain passes through every signed checkpoint.
    """
    keyed = public_key is None
    key = public_key or signing.public_key()
    file = read_checkpoints(chain, key)
    checkpoints = {c.size: c.hash for c in file.mine}
    row = AuditTenantHead.objects.filter(chain=chain).first()
    head = Head.of(row) if row else None
    head_size = head.size if head else 0

    def broken(seq: int | None, problem: str, checked: int) -> ChainVerification:
        return ChainVerification(False, checked, head_size, seq, problem, chain)

    # After an archive (audit_archive) the chain starts where the signed archive record ends, not at its genesis.
    archive, problem = archive_anchor(chain, key)
    if problem:
        return broken(None, problem, 0)
    start, start_hash = (archive.size, archive.hash) if archive else (0, genesis_hash(chain))
    expected, prev, checked, last_seq, subject_rows = start + 1, start_hash, 0, None, 0
    subjects = _subject_rows(chain) if keyed else {}
    placed_seqs: set[int] = set()
    if archive is not None:
        kept = _verify_kept(archive, subjects, keyed=keyed)
        if isinstance(kept, ChainVerification):
            return replace(kept, head_seq=head_size)
        subject_rows += kept
        placed_seqs |= {seq for seq, *_ in archive.kept}
    for seal_row, events in sealed(chain, after=start):
        if seal_row.first > expected:
            return broken(seal_row.seqs[0], f"positions {expected} to {seal_row.first - 1} of the chain are missing "
                                            "(the next present is "
                                            f"{seal_row.first}): sealed events were deleted with their seal", checked)
        if seal_row.first < expected and seal_row.first > start:
            return broken(seal_row.seqs[0], f"a seal of positions {seal_row.first} to {seal_row.last} overlaps the "
                                            "seals before it (inserted)", checked)
        if seal_row.first == expected and seal_row.prev_hash != prev:
            return broken(seal_row.seqs[0], "its seal's link to the previous seal does not match (inserted or "
                                            "replaced)", checked)
        for position, seq, event in events:
            if event is None:
                return broken(seq, f"position {position} of the chain is missing: a sealed event was deleted",
                              checked)
            if seq in placed_seqs:
                return broken(seq, "it is placed in the chain twice (a seal was copied)", checked)
            linked = linked_text(event)
            problem = _mismatch(event, linked, keyed=keyed)
            if problem:
                return broken(seq, f"{problem} (edited '{event.name}' event)", checked)
            digest = link_hash(prev, chain, position, seq, event.mac, linked)
            if checkpoints.get(position, digest) != digest:
                return broken(seq, "it differs from the signed checkpoint written outside the database", checked)
            if keyed:
                problem = _subject_problem(event, subjects.get(seq, []))
                if problem:
                    return broken(seq, problem, checked)
                subject_rows += len(event.subjects)
            placed_seqs.add(seq)
            prev, expected, checked, last_seq = digest, position + 1, checked + 1, seq
        if seal_row.hash != prev:
            return broken(last_seq, f"its content does not match its seal (positions {seal_row.first} to "
                                    f"{seal_row.last}: an event of them was edited)", checked)
    size = expected - 1
    beyond = [s for s in checkpoints if s > size]
    if beyond:
        return broken(last_seq, f"position {size + 1} is missing: a signed checkpoint outside the database "
                                f"reached {max(beyond)} (sealed events were deleted)", checked)
    if file.problems:
        return broken(last_seq, "; ".join(file.problems), checked)
    if not keyed:
        return ChainVerification(True, checked, size, chain=chain, archived=start)
    if head is None and size > 0:
        return broken(None, "the chain's head row is missing", checked)
    if head is not None:
        if not head.authentic():
            return broken(last_seq, f"the chain head (size {head.size}) fails its MAC: it was written without the "
                                    "chain key (sealed events may have been cut)", checked)
        if head.size > size:
            return broken(last_seq, f"position {size + 1} is missing: the chain head records {head.size} events "
                                    "(sealed events were deleted)", checked)
        if head.size < size:
            return broken(last_seq, f"the chain has {size} sealed events, past its head ({head.size}): inserted",
                          checked)
        if head.hash != prev:
            return broken(last_seq, "the chain head's hash does not match the newest event", checked)
        problem = _checkpoint_record_problem(head, file)
        if problem:
            return broken(last_seq, problem, checked)
    unsealed = _verify_unsealed(chain, subjects, placed_seqs)
    if isinstance(unsealed, ChainVerification):
        return replace(unsealed, checked=checked, head_seq=size)
    copies = (_of_chain(AuditEvent.objects.all(), chain).values("mac").annotate(n=Count("seq")).filter(n__gt=1)
              .values_list("mac", flat=True)[:1])
    for mac in copies:
        seqs = list(_of_chain(AuditEvent.objects.filter(mac=mac), chain).order_by("seq").values_list("seq", flat=True))
        return broken(seqs[1], f"it is a copy of event #{seqs[0]} (inserted)", checked)
    if _of_chain(AuditEvent.objects.all(), chain).count() != len(placed_seqs) + len(unsealed):
        stray = next(seq for seq in _of_chain(AuditEvent.objects.all(), chain).order_by("seq")
                     .values_list("seq", flat=True).iterator(chunk_size=20000) if seq not in placed_seqs
                     and seq not in unsealed)
        return broken(stray, "no seal places it in the chain, and it is not waiting to be sealed (inserted with a "
                             "past transaction)", checked)
    indexed = _of_chain(AuditEventSubject.objects.all(), chain).count()
    if indexed != subject_rows:
        stray = (_of_chain(AuditEventSubject.objects.all(), chain).exclude(
            event_id__in=_of_chain(AuditEvent.objects.all(), chain).values("seq")).values_list("event_id", flat=True)
            .first())
        return broken(stray, "the subject index has rows for events that do not exist or name other subjects",
                      checked)
    return ChainVerification(True, checked, size, chain=chain, unsealed=len(unsealed), archived=start)


def latest_archive(chain: int) -> AuditArchive | None:
    """The chain's latest archive record: the one reaching furthest (the latest written, on a tie)."""
    return AuditArchive.objects.filter(chain=chain).order_by("-size", "-id").first()


def archive_anchor(chain: int, key: Ed25519PublicKey) -> tuple[AuditArchive | None, str]:
    """(record, problem): the archive record the chain in the database continues from (None: from its genesis).
    It must carry the archive signature, made with the checkpoints' key."""
    row = latest_archive(chain)
    if row is not None and not row.valid(key):
        return row, (f"the archive record of {row.month:%Y-%m} (chain to #{row.size}) is not signed with the "
                     "checkpoints' key: forged or altered")
    return row, ""


def _verify_kept(archive: AuditArchive, subjects: dict, *, keyed: bool) -> int | ChainVerification:
    """The events at or before the archive's end still in the database (a later month's, sealed before the archived
    month's last event; the archive holds them too) must be exactly those its signed record lists, each with the
    link it lists. With the chain key, each one's MAC and subject rows too; the subject rows counted."""
    chain, count = archive.chain, 0
    if any(len(entry) != 4 for entry in archive.kept):  # [seq, position, link]: events then held their own links
        return ChainVerification(False, 0, 0, None, f"the archive record of {archive.month:%Y-%m} lists its kept "
                                 "events without the link before each (written before seal rows): they cannot be "
                                 "checked", chain)
    listed = {seq: (position, prev, digest) for seq, position, prev, digest in archive.kept}
    events = _events_by_seq(chain, sorted(listed))

    def broken(seq: int, problem: str) -> ChainVerification:
        return ChainVerification(False, 0, 0, seq, problem, chain)

    for seq, (position, prev, digest) in sorted(listed.items(), key=lambda item: item[1][0]):
        event = events.get(seq)
        if event is None:
            return broken(seq, f"position {position} is missing: the signed archive record of {archive.month:%Y-%m} "
                               "lists it as kept in the database (a sealed event was deleted)")
        linked = linked_text(event)
        problem = _mismatch(event, linked, keyed=keyed)
        if problem:
            return broken(seq, f"{problem} (edited '{event.name}' event, kept in the database by an archive)")
        if link_hash(prev, chain, position, seq, event.mac, linked) != digest:
            return broken(seq, f"it differs from the link the signed archive record of {archive.month:%Y-%m} lists "
                               f"for it (edited '{event.name}' event)")
        if keyed:
            problem = _subject_problem(event, subjects.get(seq, []))
            if problem:
                return broken(seq, problem)
            count += len(event.subjects)
    return count


def _mismatch(event: AuditEvent, linked: str, *, keyed: bool) -> str:
    """What the event's MAC (checked with the chain key) and stored digest say against its content (``linked``:
    ``linked_text``); "" if they match."""
    if keyed and not hmac.compare_digest(event.mac, expected_mac(event, linked)):
        return "its content does not match its MAC"
    if event.digest and event.digest != linked:
        return "its digest does not match its content"
    return ""


def _subject_problem(event: AuditEvent, rows: list[tuple]) -> str:
    # The subject index answers "who accessed this child": it must hold exactly the subjects the event names.
    if sorted(rows) != sorted((t, str(i), event.tenant_id, event.occurred_at) for t, i in event.subjects):
        return "its rows in the subject index differ from the subjects it names (a search by subject would mislead)"
    return ""


def _verify_unsealed(chain: int, subjects: dict, placed: set[int]) -> set[int] | ChainVerification:
    """Events written but not sealed yet (their seqs): each must still match its MAC, have no subject rows yet, and
    not be placed in the chain already."""
    seqs = set()
    for chunk in _chunks(_of_chain(unsealed_events(), chain).order_by("seq")):
        for event in chunk:
            problem = _mismatch(event, linked_text(event), keyed=True)
            if problem:
                return ChainVerification(False, 0, 0, event.seq, f"{problem} (edited or forged '{event.name}' event, "
                                         "not sealed yet)", chain)
            if subjects.get(event.seq) or event.seq in placed:
                return ChainVerification(False, 0, 0, event.seq, "it is placed in the chain, or the subject index "
                                         "has rows for it, before it was sealed (inserted)", chain)
            seqs.add(event.seq)
    return seqs


def _chunks(queryset, size: int = 5000) -> Iterator[list[AuditEvent]]:
    chunk = []
    for event in queryset.iterator(chunk_size=size):
        chunk.append(event)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _checkpoint_record_problem(head: Head, file: CheckpointFile) -> str:
    """What is wrong with the file against the last checkpoint the (authentic) head records; "" if nothing."""
    if head.checkpoint_line == 0:
        return ""
    if not file.exists:
        return (f"the checkpoint file is missing, but the chain head records its checkpoint on line "
                f"{head.checkpoint_line}")
    if file.lines < head.checkpoint_line:
        return (f"the checkpoint file was shortened: it has {file.lines} line(s), the chain head records line "
                f"{head.checkpoint_line}")
    if file.signatures[head.checkpoint_line - 1] != head.checkpoint_signature:
        return f"checkpoint file line {head.checkpoint_line} is not the one the chain head records (replaced)"
    return ""


# --- export, and verification with the public key alone ---------------------------------------------------


def export_lines(chain: int, *, start: AuditArchive | None = None, until: int | None = None) -> Iterator[str]:
    """One tenant's sealed events as JSON lines, in chain order, each with its position and its link recomputed from
    the one before: what ``verify_export`` needs beside the checkpoints.

    ``start``: the archive record the chain in the database continues from (its positions are exported after it);
    ``until``: the last position exported. An event that no longer exists is left out (its position is missing).
    """
    prev, after = (start.hash, start.size) if start is not None else (genesis_hash(chain), 0)
    for _row, events in sealed(chain, after=after, until=until):
        for position, seq, event in events:
            if event is None:
                continue
            linked = linked_text(event)
            digest = link_hash(prev, chain, position, seq, event.mac, linked)
            line = {"seq": seq, "chain_seq": position, "mac": event.mac, "prev_hash": prev, "hash": digest,
                    "content": content_of(event)}
            if event.digest:  # an event written before digests is linked over its content itself
                line["digest"] = linked
            yield json.dumps(line, ensure_ascii=False, sort_keys=True)
            prev = digest


def verify_export(chain: int, events: Iterable[str], checkpoint_lines: Iterable[str],
                  key: Ed25519PublicKey, *, start: AuditArchive | None = None,
                  end: AuditArchive | None = None) -> ChainVerification:
    """Verify an exported chain with the public key alone: no database, no chain key.

    The events must link from the chain's genesis; the newest signed checkpoint must be reached and every
    checkpoint passed must match. The checkpoint lines may be the tenant's own (each carries the signature
    of the line before it, so each verifies alone). ``start``: the signed archive record the events continue from
    (an export made after an archive), instead of the chain's genesis. ``end``: the signed archive record the
    events end at (an archive's own export), exactly, instead of a checkpoint.
    """
    for record, which in ((start, "starts from"), (end, "ends at")):
        if record is not None and (record.chain != chain or not record.valid(key)):
            return ChainVerification(False, 0, 0, None, f"the archive record the export {which} is not signed with "
                                     "the checkpoints' key (forged or altered)", chain)
    mine = []
    for number, text in enumerate(checkpoint_lines, start=1):
        checkpoint = Checkpoint.parse(text)
        if checkpoint is None or checkpoint.chain != chain:
            continue
        if not checkpoint.valid(key):
            return ChainVerification(False, 0, 0, None, f"checkpoint line {number} has an invalid signature", chain)
        mine.append(checkpoint)
    checkpoints = {c.size: c.hash for c in mine}
    prev, expected, seq = (start.hash, start.size + 1, None) if start else (genesis_hash(chain), 1, None)
    for text in events:
        event = json.loads(text)
        seq = event["seq"]
        if event["chain_seq"] != expected:
            return ChainVerification(False, expected - 1, 0, seq, f"position {expected} is missing", chain)
        if event["prev_hash"] != prev:
            return ChainVerification(False, expected - 1, 0, seq, "its link to the previous event does not match",
                                     chain)
        linked = canonical(event["content"])
        if "digest" in event:
            linked = content_digest(linked)
            if event["digest"] != linked:
                return ChainVerification(False, expected - 1, 0, seq, "its content does not match its digest",
                                         chain)
        digest = link_hash(prev, chain, expected, seq, event["mac"], linked)
        if digest != event["hash"] or checkpoints.get(expected, digest) != digest:
            return ChainVerification(False, expected - 1, 0, seq, "its content does not match its hash or the "
                                     "signed checkpoint", chain)
        prev, expected = digest, expected + 1
    size = expected - 1
    if end is not None:
        if (size, prev) != (end.size, end.hash):
            return ChainVerification(False, size, size, seq, f"the export ends at {size}; its signed archive record "
                                     f"at {end.size} with another hash: events are missing or altered", chain)
    elif not mine:
        return ChainVerification(False, size, size, None, "no signed checkpoint of this chain was given", chain)
    if checkpoints and max(checkpoints) > size:
        return ChainVerification(False, size, size, seq, f"a signed checkpoint reached {max(checkpoints)}, "
                                 f"the export ends at {size}: events are missing", chain)
    return ChainVerification(True, size, size, chain=chain)


def verify_export_directory(directory: Path, key: Ed25519PublicKey) -> ChainVerification:
    """Verify an export (``export_audit_log``) or an archive (``audit_archive``) directory with the public key alone.

    ``anchor.json``, if present, is the signed archive record the events continue from; ``archive.json``, in an
    archive, the signed record they end at, which also names the SHA-256 of ``events.jsonl``. Unreadable files
    raise OSError or ValueError.
    """
    raw = (directory / "events.jsonl").read_bytes()
    events = raw.decode("utf-8").splitlines()
    lines = (directory / "checkpoints").read_text(encoding="ascii").splitlines()
    anchor, archived = directory / "anchor.json", directory / "archive.json"
    start = AuditArchive.from_statement(anchor.read_text(encoding="utf-8")) if anchor.exists() else None
    end = AuditArchive.from_statement(archived.read_text(encoding="utf-8")) if archived.exists() else None
    if end is not None:
        chain = end.chain
    else:
        first = next((c for c in map(Checkpoint.parse, lines) if c is not None), None)
        if first is None:
            raise ValueError(f"{directory / 'checkpoints'} holds no signed checkpoint")
        chain = first.chain
    if end is not None and (hashlib.sha256(raw).hexdigest(), len(events)) != (end.export_sha256, end.events):
        return ChainVerification(False, 0, 0, None, "events.jsonl is not the file the signed archive record names "
                                 "(its SHA-256 or its number of events differs)", chain)
    return verify_export(chain, events, lines, key, start=start, end=end)
