"""Benchmark: audit appends per second with 1–16 concurrent writer processes, against plain INSERT + commit.

In a database of its own on PostgreSQL. Each writer is a process of its own with its own connection; for a fixed
time every writer appends access events as a read does (``record_access`` outside any transaction: the event with
its MAC, committed before the call returns), with the events spread over 50 tenants, then all on one tenant. They
go through the host's appender, as in production (``manage.py audit_appender``: one process writing the events
that arrive together as one INSERT with one commit); a third measurement has each writer write its own events (an
INSERT + commit each, as with no appender running). The sealer runs meanwhile as the audit worker runs it (a
process running the sealing task every second), so the figures include its load. The baseline, in the same run
with the same writers, is the database's own limit for requests writing their rows: a single-row INSERT + commit
of the same event row into a copy of the event table (same columns and indexes, no trigger, no subject row), sent
as the append sends it (prepared once, executed by libpq).

Printed per writer count: events/s of each (median of the rounds), the ratio to the plain INSERT (the median of
each round's own ratio: plain and audit measured one after the other), p50/p99 per append, and the CPU time per
event of the writers, of the appender, of the sealer and of their database backends (from /proc: on two shared
cores it tells the database's own work from the Python of each process); then the sealing lag (its seal row's
sealed_at − the event's occurred_at: p50/p99/max) per writer count — after the writers of a measurement stop, the
sealer goes on until their events are sealed, as the audit worker does — and the verification of every chain
after the run.
Target: ≥ 0.8 × the plain INSERT throughput at 8 writers; sealing lag p99 ≤ 2 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_audit python bench/audit_append.py
"""

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mimamori_bench_audit")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The signed checkpoints of this benchmark's database, apart from those of the log `make run` keeps in var/.
os.environ.setdefault("MIMAMORI_AUDIT_CHECKPOINT_FILE", str(
    Path(os.environ.get("MIMAMORI_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    / f"bench-{os.environ['DATABASE_URL'].rsplit('/', 1)[1]}-checkpoints"))
os.environ.setdefault("MIMAMORI_AUDIT_CHECKPOINT_INTERVAL", "1")

import psycopg
from psycopg import pq
from psycopg.adapt import PyFormat, Transformer

TARGET = 0.8
TENANTS = 50
PLAIN = "bench_plain_event"


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _event_kwargs(i: int, tenant: int) -> dict:
    return {"subjects": [("childcare.child", 1000 + i % 5000)], "fields": ["child.name", "child.birth_date"],
            "purpose": "保育の実施", "tenant_id": tenant}


def _cpu(pid: int) -> float:
    """CPU seconds a process (a writer's or the sealer's database backend, on this machine) has used so far."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def writer(kind: str, spread: bool, seconds: float, start, results, index: int, writers: int) -> None:
    """Append until the time is up; put (count, latencies in ms, its CPU seconds, its backend's) on ``results``.
    ``kind``: "plain", "audit" (through the appender) or "direct" (the writer writes each event itself)."""
    from django.conf import settings
    from django.db import connection

    from audit.context import Channel, bound
    from audit.services import record_access

    latencies = []
    plain = None
    if kind == "plain":
        # Sent as the append is sent: a statement prepared once, executed by libpq with psycopg's dumpers.
        plain = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        columns = [c for c in _plain_columns() if c != "seq"]
        placeholders = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
        plain.pgconn.prepare(b"plain", f"INSERT INTO {PLAIN} ({', '.join(columns)}) VALUES ({placeholders})".encode())
        dumper, formats = Transformer(plain), [PyFormat.TEXT] * len(columns)
        backend = plain.info.backend_pid
    else:
        if kind == "direct":
            settings.AUDIT_APPENDER_SOCKET = ""
        connection.ensure_connection()  # the connection the writer writes its own events through
        backend = connection.connection.info.backend_pid
    start.wait()
    cpu, backend_cpu = time.process_time(), _cpu(backend)
    deadline = time.perf_counter() + seconds
    i = 0
    with bound(channel=Channel.API, actor_id=7, request_id=f"bench-{writers}-{index}"):
        while time.perf_counter() < deadline:
            tenant = 1 + (index * 7919 + i) % TENANTS if spread else 1
            began = time.perf_counter()
            if plain is not None:
                result = plain.pgconn.exec_prepared(b"plain", dumper.dump_sequence(_plain_row(i, tenant), formats))
                if result.status != pq.ExecStatus.COMMAND_OK:
                    raise RuntimeError(result.error_message.decode())
            else:
                record_access(**_event_kwargs(i, tenant))
            latencies.append((time.perf_counter() - began) * 1000)
            i += 1
    results.put((i, latencies, time.process_time() - cpu, _cpu(backend) - backend_cpu))


_COLUMNS: list[str] = []


def _plain_columns() -> list[str]:
    if not _COLUMNS:
        from audit.models import AuditEvent

        # xact is left to its default, as the append leaves it
        _COLUMNS.extend(f.column for f in AuditEvent._meta.concrete_fields if f.column != "xact")
    return _COLUMNS


def _plain_row(i: int, tenant: int) -> list:
    """The same values an access event row holds (its digest's and MAC's sizes included), as plain parameters."""
    from datetime import UTC, datetime

    from psycopg.types.json import Jsonb

    now = datetime.now(UTC)
    values = {"occurred_at": now, "name": "audit.personal_data.read", "tenant_id": tenant, "actor_id": 7,
              "channel": "api", "request_id": "bench", "ip_address": None, "object_type": "", "object_id": "",
              "fields": Jsonb(["child.birth_date", "child.name"]),
              "subjects": Jsonb([["childcare.child", str(1000 + i % 5000)]]), "purpose": "保育の実施",
              "data": Jsonb({"sensitive_fields": []}), "digest": "0" * 64, "mac": "0" * 64,
              "legacy_prev_hash": "", "legacy_hash": ""}
    return [values[c] for c in _plain_columns() if c != "seq"]


def appender(path: str, ready, stop) -> None:
    """The host's appender, as ``manage.py audit_appender`` runs it; its database backend's pid is put on ``ready``
    once it listens."""
    import threading
    from pathlib import Path

    from django.db import connection

    from audit.appender import serve

    stopping = threading.Event()
    threading.Thread(target=lambda: (stop.wait(), stopping.set()), daemon=True).start()

    def started():
        connection.ensure_connection()
        ready.put(connection.connection.info.backend_pid)

    serve(Path(path), stop=stopping, started=started)


def sealer(stop, spent) -> None:
    """As beat and the worker run the sealer: the "audit.seal" task every second (it seals again every
    AUDIT_SEAL_PAUSE within AUDIT_SEAL_SECONDS), until told to stop; then put (its CPU seconds, its backend's) on
    ``spent``."""
    from django.db import connection

    from audit.tasks import seal

    cpu, backend_cpu = time.process_time(), 0.0
    while not stop.is_set():
        began = time.monotonic()
        connection.ensure_connection()
        backend = connection.connection.info.backend_pid
        before = _cpu(backend)
        seal()
        backend_cpu += _cpu(backend) - before
        stop.wait(max(0.0, 1.0 - (time.monotonic() - began)))
    spent.put((time.process_time() - cpu, backend_cpu))


def run(kind: str, writers: int, spread: bool, seconds: float) -> tuple[float, list[float], list[float]]:
    """(events/s, latencies in ms, CPU µs per event: the writers', their backends', the sealer's, its backend's, the
    appender's, its backend's)."""
    from django.conf import settings
    from django.db import connections

    connections.close_all()  # each forked process opens its own
    start = multiprocessing.Barrier(writers + 1)
    results, spent, ready = multiprocessing.Queue(), multiprocessing.Queue(), multiprocessing.Queue()
    stop = multiprocessing.Event()
    seal_process = append_process = None
    if kind != "plain":
        seal_process = multiprocessing.Process(target=sealer, args=(stop, spent))
        seal_process.start()
    if kind == "audit":
        append_process = multiprocessing.Process(target=appender, args=(settings.AUDIT_APPENDER_SOCKET, ready, stop))
        append_process.start()
        appending = (append_process.pid, ready.get(timeout=30))
        appended = [_cpu(pid) for pid in appending]
    processes = [multiprocessing.Process(target=writer, args=(kind, spread, seconds, start, results, n, writers))
                 for n in range(writers)]
    for process in processes:
        process.start()
    start.wait()
    began = time.perf_counter()
    collected = [results.get() for _ in processes]
    elapsed = time.perf_counter() - began
    for process in processes:
        process.join()
    if append_process is not None:
        appended = [_cpu(pid) - before for pid, before in zip(appending, appended, strict=True)]
    if seal_process is not None:
        # As in production the sealer goes on after the writers stop: the events of this measurement are sealed
        # before the next one starts, so none of them waits through another measurement.
        from audit.chain import unsealed_events

        while unsealed_events().exists():
            time.sleep(0.05)
        stop.set()
        sealing = spent.get()
        seal_process.join()
        if append_process is not None:
            append_process.join()
    count = sum(c for c, *_ in collected)
    cpu = [sum(r[2] for r in collected), sum(r[3] for r in collected), *(sealing if seal_process else (0.0, 0.0)),
           *(appended if append_process else (0.0, 0.0))]
    return (count / max(elapsed, seconds), [ms for _, latencies, *_ in collected for ms in latencies],
            [seconds * 1e6 / count for seconds in cpu])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each measurement")
    parser.add_argument("--writers", default="1,2,4,8,16")
    parser.add_argument("--rounds", type=int, default=3, help="measurements of each kind per writer count")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from audit import chain
    from audit.models import AuditEvent, AuditSeal

    call_command("migrate", verbosity=0)
    settings.DEBUG = False  # as in production: no query log on the sealer's connection (the writers fork from here)
    settings.AUDIT_CHECKPOINT_FILE.parent.mkdir(parents=True, exist_ok=True)
    with connection.cursor() as cursor:
        # A fresh log each run (as the owner; row triggers do not see TRUNCATE): chains start from nothing.
        cursor.execute("TRUNCATE audit_auditeventsubject, audit_auditevent, audit_auditseal, audit_audittenanthead")
        settings.AUDIT_CHECKPOINT_FILE.unlink(missing_ok=True)
        cursor.execute(f"DROP TABLE IF EXISTS {PLAIN}")
        cursor.execute(f"CREATE TABLE {PLAIN} (LIKE audit_auditevent INCLUDING ALL)")
    counts = [int(n) for n in args.writers.split(",")]
    # The appender listens where the writers look for it (forked from here, they read this setting).
    settings.AUDIT_APPENDER_SOCKET = str(Path(tempfile.mkdtemp(prefix="mimamori-bench-")) / "appender.sock")
    print(f"PostgreSQL {connection.pg_version}; {os.cpu_count()} CPU cores shared with the database and other work; "
          f"{args.seconds:.0f} s per measurement, {args.rounds} rounds of (plain, 50 tenants, 1 tenant, each writer "
          "its own) per writer count; the sealer runs every second beside the audit writers")
    print(f"{'writers':>7} {'plain INSERT/s':>14} {'p50':>6} {'p99':>6} | {'audit, 50 tenants/s':>19} {'ratio':>6} "
          f"{'p50':>6} {'p99':>6} | {'audit, 1 tenant/s':>17} {'ratio':>6} {'p50':>6} {'p99':>6} | "
          f"{'each writer its own/s':>21} {'ratio':>6}")
    kinds = (("plain", False), ("audit", True), ("audit", False), ("direct", True))
    ratios = {}
    for writers in counts:
        # The machine's speed drifts between measurements (other work on it, the database's checkpoints): each
        # round measures the four one after the other, and a ratio is the median of each round's own ratio.
        rounds = [[run(kind, writers, spread, args.seconds) for kind, spread in kinds] for _ in range(args.rounds)]
        rates = [statistics.median(r[i][0] for r in rounds) for i in range(len(kinds))]
        latencies = [[ms for r in rounds for ms in r[i][1]] for i in range(len(kinds))]
        ratio = [statistics.median(r[i][0] / r[0][0] for r in rounds) for i in range(len(kinds))]
        ratios[writers] = tuple(ratio[1:])
        print(f"{writers:>7} {rates[0]:>14.0f} {percentile(latencies[0], .5):>6.2f} "
              f"{percentile(latencies[0], .99):>6.2f} | " + " | ".join(
                  f"{rates[i]:>{width}.0f} {ratio[i]:>6.2f} {percentile(latencies[i], .5):>6.2f} "
                  f"{percentile(latencies[i], .99):>6.2f}" for i, width in ((1, 19), (2, 17)))
              + f" | {rates[3]:>21.0f} {ratio[3]:>6.2f}", flush=True)
        if args.rounds > 1:
            print("        rounds' ratios: " + ", ".join("/".join(f"{r[i][0] / r[0][0]:.2f}" for i in (1, 2, 3))
                                                       for r in rounds), flush=True)
        cpu = [[statistics.median(r[i][2][k] for r in rounds) for k in range(6)] for i in range(len(kinds))]
        print(f"        CPU µs per event: plain {cpu[0][0]:.0f} + database {cpu[0][1]:.0f} | " + " | ".join(
            f"{name}: writers {c[0]:.0f} + database {c[1]:.0f}, "
            + (f"appender {c[4]:.0f} + database {c[5]:.0f}, " if c[4] or c[5] else "")
            + f"sealer {c[2]:.0f} + database {c[3]:.0f} (all {sum(c):.0f}; the plain INSERT's "
            f"{cpu[0][0] + cpu[0][1]:.0f})"
            for name, c in (("audit, 50 tenants", cpu[1]), ("1 tenant", cpu[2]), ("each its own", cpu[3]))),
              flush=True)
    print("(p50/p99: milliseconds per append, as the writer saw it; CPU: each kind of process + its database "
          "backend, per event)")

    began = time.perf_counter()
    result = chain.seal(force_checkpoint=True, wait=True)
    print(f"final seal: {result.total} events left to seal, sealed in {time.perf_counter() - began:.2f} s")
    sealed_at = {seq: at for seqs, at in AuditSeal.objects.filter(first__isnull=False).values_list("seqs", "sealed_at")
                 .iterator(chunk_size=2000) for seq in seqs}
    lags: dict[int, list[float]] = {}
    for seq, occurred, request_id in (AuditEvent.objects.filter(name="audit.personal_data.read")
                                      .values_list("seq", "occurred_at", "request_id").iterator(chunk_size=20000)):
        if seq in sealed_at:
            lags.setdefault(int(request_id.split("-")[1]), []).append((sealed_at[seq] - occurred).total_seconds())
    for writers, lag in sorted(lags.items()):
        print(f"sealing lag at {writers:>2} writers ({len(lag)} events): p50 {percentile(lag, .5):.2f} s, "
              f"p99 {percentile(lag, .99):.2f} s, max {max(lag):.2f} s")
    every = [value for lag in lags.values() for value in lag]
    if every:
        print(f"sealing lag over all {len(every)} events: p50 {percentile(every, .5):.2f} s, "
              f"p99 {percentile(every, .99):.2f} s (target p99 ≤ 2 s)")
    began = time.perf_counter()
    verified = [chain.verify(c) for c in chain.chains()]
    elapsed = time.perf_counter() - began
    checked = sum(v.checked for v in verified)
    print(f"verification of every chain after the run: {'all intact' if all(v.ok for v in verified) else 'BROKEN'} "
          f"({len(verified)} chains, {checked} events, {elapsed:.1f} s, {checked / elapsed:.0f} events/s)")
    for broken in (v for v in verified if not v.ok):
        print("  " + broken.summary())
    if 8 in ratios:
        spread, one, own = ratios[8]
        print(f"at 8 writers: {spread:.2f} × plain INSERT spread over {TENANTS} tenants, {one:.2f} × all on one "
              f"(target ≥ {TARGET}: {'met' if min(spread, one) >= TARGET else 'NOT met'}); "
              f"each writer writing its own: {own:.2f} ×")
    print(f"mean of the other figures: {statistics.mean(r[0] for r in ratios.values()):.2f} × over all writer counts")


if __name__ == "__main__":
    main()
