"""Benchmark: verifying the per-tenant audit chains, and the auditor's "all access to one subject in a year".

In a database of its own on PostgreSQL. It fills the log with ``--events`` sealed access events (default
1 M) spread over 50 tenants and one year, each naming one of 20,000 children per tenant, exactly as the
append and the sealer would write them (MAC, chain position, links, subject index rows, heads, signed
checkpoints) but in bulk (COPY), once: a later run on the same database reuses them. Then it prints:

- verification of one tenant's chain and of every chain (events/s), with the chain key (MACs, links,
  subject index, head, checkpoints) and with the public key alone (links and signatures);
- the auditor's question "who accessed this child in the past year" through the selector the API uses
  (``audit_event_search``, first page of 100 and the count), p50/p95/max over 200 random children.
  Target p95 ≤ 100 ms. On PostgreSQL the log is partitioned by Asia/Tokyo month (the year's months are
  created before the events are written): the figures are over the partitions, which it names.

``--events 10000000`` takes about 9 GB and, on two cores, about 10 minutes to generate; run ``VACUUM (ANALYZE)``
on both tables afterwards, as after the cut-over (until the visibility maps are set, the subject query's
index-only scans visit the heap).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_verify python bench/audit_verify.py
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mimamori_bench_verify")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# The signed checkpoints of this benchmark's database, apart from those of the log `make run` keeps in var/.
os.environ.setdefault("MIMAMORI_AUDIT_CHECKPOINT_FILE", str(
    Path(os.environ.get("MIMAMORI_VAR_DIR", Path(__file__).resolve().parent.parent / "var"))
    / f"bench-{os.environ['DATABASE_URL'].rsplit('/', 1)[1]}-checkpoints"))

import psycopg

TENANTS = 50
CHILDREN = 20000
TARGET_MS = 100


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def generate(total: int, year_start: datetime) -> None:
    """Sealed events, their subject rows and heads, as append + seal would have written them."""
    from django.db import connection

    from audit import chain
    from audit.models import AuditEvent, AuditSeal, AuditTenantHead

    columns = [f.column for f in AuditEvent._meta.concrete_fields]
    per_tenant = total // TENANTS
    step = timedelta(days=365) / per_tenant
    sealed_at = datetime.now(UTC)
    seq = (AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0)
    connection.ensure_connection()
    raw = connection.connection  # autocommit: each COPY commits on its own
    rng = random.Random(7)
    for tenant in range(1, TENANTS + 1):
        prev, size = chain.genesis_hash(tenant), 0
        seals, round_size = [], 0  # the sealer's rounds: a few of the tenant's events each, at this rate
        with raw.cursor() as cursor:
            subject_rows = []
            with cursor.copy(f"COPY audit_auditevent ({', '.join(columns)}) FROM STDIN") as events:
                for i in range(per_tenant):
                    seq += 1
                    size += 1
                    occurred = year_start + step * i + timedelta(microseconds=rng.randrange(1000))
                    child = str(rng.randrange(1, CHILDREN + 1))
                    content = {"occurred_at": occurred.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                               "name": "audit.personal_data.read", "tenant_id": tenant, "actor_id": rng.randrange(100),
                               "channel": "web", "request_id": f"r{seq}", "ip_address": None, "object_type": "",
                               "object_id": "", "fields": ["child.birth_date", "child.name"],
                               "subjects": [["childcare.child", child]], "purpose": "保育の実施",
                               "data": {"sensitive_fields": []}}
                    canonical = chain.canonical(content)
                    event_digest = chain.content_digest(canonical)
                    mac = chain.digest_mac(tenant, event_digest)
                    link = chain.link_hash(prev, tenant, size, seq, mac, event_digest)
                    row = {"seq": seq, "occurred_at": occurred, "digest": event_digest, "mac": mac, "xact": None,
                           "legacy_prev_hash": "", "legacy_hash": "",
                           **{k: v for k, v in content.items() if k not in {"occurred_at"}}}
                    if round_size == 0:
                        round_size = rng.randrange(1, 21)
                        seals.append(AuditSeal(chain=tenant, first=size, seqs=[], prev_hash=prev,
                                               occurred_from=occurred, horizon=0, sealed_at=sealed_at))
                    seals[-1].seqs.append(seq)
                    seals[-1].hash, seals[-1].occurred_to = link, occurred
                    round_size -= 1
                    for name in ("fields", "subjects", "data"):
                        row[name] = json.dumps(row[name], ensure_ascii=False)
                    events.write_row([row[c] for c in columns])
                    subject_rows.append((seq, tenant, "childcare.child", child, occurred))
                    prev = link
            with cursor.copy("COPY audit_auditeventsubject (event_id, tenant_id, subject_type, subject_id, "
                             "occurred_at) FROM STDIN") as subjects:
                for subject_row in subject_rows:
                    subjects.write_row(subject_row)
        AuditSeal.objects.bulk_create(seals, batch_size=2000)
        head = chain.Head(tenant, size, prev).signed()
        AuditTenantHead.objects.update_or_create(chain=tenant, defaults=head.columns())
        print(f"  tenant {tenant}: {size} events", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT setval(pg_get_serial_sequence('audit_auditevent', 'seq'), %s)", [seq])
        cursor.execute("ANALYZE audit_auditevent")
        cursor.execute("ANALYZE audit_auditeventsubject")
        cursor.execute("ANALYZE audit_auditseal")
    chain.write_checkpoints(force=True)
    print()


def archive_month(year_start: datetime) -> None:
    """Time the archive of the oldest month (export, verification, drop), then roll it back.

    The sealer checkpoints every head each minute; the generated log has one checkpoint per chain at its end,
    so the checkpoints the sealer would have written at the month's end are added first (signed, numbered and
    chained after the file's last line), or the archive would export each whole chain.
    """
    import dataclasses
    import tempfile

    from django.conf import settings
    from django.db import transaction

    from audit import chain, signing
    from audit.archive import last_position_in, month_archive
    from audit.partitions import month_of

    month = month_of(year_start)
    ends = []
    for tenant in chain.chains():
        size = last_position_in(tenant, month)
        if size:
            *_, last = chain.export_lines(tenant, until=size)
            ends.append((tenant, size, json.loads(last)["hash"]))
    key = signing.public_key()
    missing = [(t, size, digest) for t, size, digest in ends
               if size not in {c.size for c in chain.read_checkpoints(t, key).mine}]
    if missing:
        line, prev = chain._file_tail()
        stamp = (year_start + timedelta(days=31)).strftime("%Y-%m-%dT%H:%M:%SZ")
        with open(settings.AUDIT_CHECKPOINT_FILE, "a", encoding="ascii") as out:
            for tenant, size, digest in missing:
                line += 1
                unsigned = chain.Checkpoint(line, tenant, size, digest, stamp, prev, "")
                checkpoint = dataclasses.replace(unsigned, signature=signing.sign(unsigned.message()))
                out.write(checkpoint.text() + "\n")
                prev = checkpoint.signature
    settings.AUDIT_RETENTION_MONTHS = 0
    with tempfile.TemporaryDirectory() as directory, transaction.atomic():
        settings.AUDIT_ARCHIVE_DIR = Path(directory) / "archive"
        began = time.perf_counter()
        archived = month_archive(month)
        elapsed = time.perf_counter() - began
        exported = sum(f.stat().st_size for f in settings.AUDIT_ARCHIVE_DIR.rglob("*") if f.is_file())
        began = time.perf_counter()
        after = chain.verify(1)
        verified = time.perf_counter() - began
        print(f"archive of {month:%Y-%m}: {archived.events} events of {len(archived.chains)} chains, "
              f"{archived.exported} exported ({exported / 1e6:.1f} MB), verified and dropped in {elapsed:.1f} s "
              "(rolled back); tenant 1 then "
              f"verifies from its archive in {verified:.2f} s ({'intact' if after.ok else after.summary()})")
        transaction.set_rollback(True)


class Auditor:
    """An authenticated auditor of every tenant, as the scope resolver sees one."""

    is_authenticated = True
    pk = 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--every-chain", action="store_true", help="also time the verification of every chain")
    parser.add_argument("--archive", action="store_true",
                        help="also time audit_archive of the oldest month (rolled back: the events stay)")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from audit import chain, signing
    from audit.models import AuditEvent
    from audit.partitions import partitions_ensure, partitions_list
    from audit.scope import AuditScope, register_audit_scope
    from audit.selectors import EventFilter, audit_event_search

    call_command("migrate", verbosity=0)
    settings.AUDIT_CHECKPOINT_FILE.parent.mkdir(parents=True, exist_ok=True)
    year_start = datetime(2025, 12, 1, tzinfo=UTC)
    # PostgreSQL: the log is partitioned by Asia/Tokyo month; the year's months get theirs before the events come.
    partitions_ensure(now=year_start, ahead=13)
    present = AuditEvent.objects.filter(name="audit.personal_data.read").count()
    if present < args.events:
        began = time.perf_counter()
        print(f"generating {args.events - present} sealed events over {TENANTS} tenants and one year…")
        generate(args.events - present, year_start)
        print(f"generated in {time.perf_counter() - began:.0f} s")
    total = AuditEvent.objects.count()
    months = [p for p in partitions_list() if p.events]
    print(f"{total} events in the log, {TENANTS} tenants, in {len(months)} monthly partition(s) "
          f"({', '.join(p.month.strftime('%Y-%m') if p.month else 'DEFAULT' for p in months)}); "
          f"{os.cpu_count()} CPU cores shared with the database and other work")

    began = time.perf_counter()
    one = chain.verify(1)
    elapsed = time.perf_counter() - began
    print(f"one tenant, chain key:  {one.checked} events in {elapsed:.2f} s = {one.checked / elapsed:,.0f} events/s "
          f"({'intact' if one.ok else one.summary()})")
    began = time.perf_counter()
    public = chain.verify(1, public_key=signing.public_key())
    elapsed_public = time.perf_counter() - began
    print(f"one tenant, public key: {public.checked} events in {elapsed_public:.2f} s = "
          f"{public.checked / elapsed_public:,.0f} events/s ({'intact' if public.ok else public.summary()})")
    register_audit_scope(lambda user: AuditScope(frozenset(range(1, TENANTS + 1)), ()))
    rng = random.Random(11)
    times = []
    for _ in range(args.questions):
        filters = EventFilter(subject_type="childcare.child", subject_id=str(rng.randrange(1, CHILDREN + 1)),
                              start=year_start.date(), end=(year_start + timedelta(days=364)).date(),
                              name="audit.personal_data.read")
        began = time.perf_counter()
        events = audit_event_search(actor=Auditor(), filters=filters)
        page = list(events[:100])
        count = events.count()
        times.append((time.perf_counter() - began) * 1000)
        assert len(page) == min(count, 100)
    times.sort()
    p95 = times[int(0.95 * len(times))]
    print(f"'all access to one child in a year' ({args.questions} children, ~{total // (TENANTS * CHILDREN)} "
          f"events each across {TENANTS} tenants' index): p50 {times[len(times) // 2]:.1f} ms, p95 {p95:.1f} ms, "
          f"max {times[-1]:.1f} ms (target p95 ≤ {TARGET_MS} ms: {'met' if p95 <= TARGET_MS else 'NOT met'})")
    if args.archive:
        archive_month(year_start)
    if not args.every_chain:
        print(f"every chain: {total / (one.checked / elapsed) / 60:.0f} min extrapolated from one tenant's rate in "
              "one process (chains are independent: per tenant in parallel, ÷ cores); --every-chain measures it")
        return
    began = time.perf_counter()
    results = [chain.verify(c) for c in chain.chains()]
    elapsed_all = time.perf_counter() - began
    checked = sum(r.checked for r in results)
    rate = checked / elapsed_all
    print(f"every chain, chain key: {checked} events in {elapsed_all:.1f} s = {rate:,.0f} events/s "
          f"({'all intact' if all(r.ok for r in results) else 'BROKEN'}) in one process; chains are independent, "
          "so per tenant in parallel it divides by the cores")


if __name__ == "__main__":
    main()
