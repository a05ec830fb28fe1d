"""Benchmark: the auditor's question "all access to one subject in a year" over 10,000,000 events.

Loads (once; reruns reuse it) a year of read events for one ward — 20,000 children, each event naming
one child, a tenth of them list events naming ten — into a database of its own on PostgreSQL, then
times the real selector (`audit_event_search`) as the API question runs it (count + first page of 100)
and fetching every event of the year (as the CSV export streams them), against, as the baseline in the
same run, a bare scan of the subject index for the same children. Target: p95 ≤ 100 ms.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_audit python bench/audit_query.py [--events N]
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mimamori_bench_audit")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import psycopg


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


CHILDREN = 20_000


def load(events: int) -> None:
    from django.db import connection

    from governance.tenancy.models import Membership, Municipality, Role, User

    tenant, _ = Municipality.objects.get_or_create(code="131041", defaults={"name": "新宿区"})
    auditor, created = User.objects.get_or_create(username="bench-auditor")
    if created:
        Membership.objects.create(user=auditor, municipality=tenant, role=Role.AUDITOR)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        have = cursor.fetchone()[0]
        if have >= events:
            return
        print(f"loading {events - have:,} events (once) …", flush=True)
        started = time.perf_counter()
        step = 1_000_000
        for first in range(have + 1, events + 1, step):
            last = min(first + step - 1, events)
            # Every tenth event is a list page naming ten children; the rest name one.
            cursor.execute(f"""
                INSERT INTO audit_auditevent (seq, occurred_at, name, tenant_id, actor_id, channel, request_id,
                    ip_address, object_type, object_id, fields, subjects, purpose, data, mac, xact)
                SELECT g, timestamptz '2025-04-01 00:00+09' + g * (interval '1 year' / {events}),
                    'audit.personal_data.read', {tenant.pk}, (g % 300) + 1, 'web', md5(g::text), '10.0.0.1', '', '',
                    '["氏名", "生年月日"]',
                    CASE WHEN g % 10 = 0 THEN
                        (SELECT jsonb_agg(jsonb_build_array('childcare.child', ((g * 7919 + k) % {CHILDREN})::text))
                         FROM generate_series(0::bigint, 9) k)
                    ELSE jsonb_build_array(jsonb_build_array('childcare.child', ((g * 7919) % {CHILDREN})::text)) END,
                    '一時保育の利用確認', '{{}}', repeat('0', 64), NULL
                FROM generate_series({first}::bigint, {last}) g""")
            cursor.execute(f"""
                INSERT INTO audit_auditeventsubject (event_id, tenant_id, subject_type, subject_id, occurred_at)
                SELECT seq, tenant_id, s->>0, s->>1, occurred_at
                FROM audit_auditevent, jsonb_array_elements(subjects) s WHERE seq BETWEEN {first} AND {last}""")
            print(f"  … {last:,} events ({time.perf_counter() - started:.0f} s)", flush=True)
        cursor.execute("INSERT INTO audit_auditchainhead (id, seq, hash) VALUES (1, %s, %s) "
                       "ON CONFLICT (id) DO NOTHING", [events, "0" * 64])
        cursor.execute("ANALYZE audit_auditevent")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from audit.selectors import EventFilter, audit_event_search
    from governance.tenancy.models import User

    call_command("migrate", verbosity=0)
    load(args.events)
    auditor = User.objects.get(username="bench-auditor")
    tenant_id = auditor.memberships.get().municipality_id
    rng = random.Random(7)
    children = [str(rng.randrange(CHILDREN)) for _ in range(args.queries)]
    year = {"start": date(2025, 4, 1), "end": date(2026, 3, 31)}

    def timed(run) -> tuple[list[float], int]:
        times, rows = [], 0
        for child in children:
            started = time.perf_counter()
            rows += run(child)
            times.append((time.perf_counter() - started) * 1000)
        return times, rows

    def api_page(child: str) -> int:
        """What GET /api/v1/audit/questions/subject_access/ does: the count and the first page of 100."""
        found = audit_event_search(actor=auditor, filters=EventFilter(subject_type="childcare.child",
                                                                        subject_id=child, **year))
        found.count()
        return len(list(found[:100]))

    def selector(child: str) -> int:
        """Every event of the year, fetched (what the CSV export streams)."""
        filters = EventFilter(subject_type="childcare.child", subject_id=child, **year)
        return len(list(audit_event_search(actor=auditor, filters=filters)))

    def bare_index(child: str) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT event_id FROM audit_auditeventsubject WHERE tenant_id = %s AND subject_type = %s "
                           "AND subject_id = %s AND occurred_at >= '2025-04-01 00:00+09' "
                           "AND occurred_at < '2026-04-01 00:00+09'", [tenant_id, "childcare.child", child])
            return len(cursor.fetchall())

    with connection.cursor() as cursor:  # index-only scans need the visibility map autovacuum keeps on a live log
        cursor.execute("VACUUM ANALYZE audit_auditeventsubject")
    timed(selector)  # warm the cache the way a running server's would be
    base_times, base_rows = timed(bare_index)
    page_times, _ = timed(api_page)
    sel_times, sel_rows = timed(selector)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        total = cursor.fetchone()[0]
    print(f"events in the log:            {total:,}")
    print(f"queries (random children):    {len(children)}, {sel_rows / len(children):.0f} events per child on average")
    print(f"API question (count + first 100) p50 / p95 / max: {statistics.median(page_times):.1f} / "
          f"{percentile(page_times, 95):.1f} / {max(page_times):.1f} ms   (target p95 ≤ 100 ms)")
    print(f"every event of the year fetched  p50 / p95 / max: {statistics.median(sel_times):.1f} / "
          f"{percentile(sel_times, 95):.1f} / {max(sel_times):.1f} ms")
    print(f"bare subject-index scan p50 / p95: {statistics.median(base_times):.1f} / "
          f"{percentile(base_times, 95):.1f} ms   (baseline, {base_rows / len(children):.0f} rows)")
    print(f"ratio API question ÷ bare scan (p95): {percentile(page_times, 95) / percentile(base_times, 95):.2f}")


if __name__ == "__main__":
    main()
