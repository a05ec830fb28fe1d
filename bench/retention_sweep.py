"""Benchmark: the retention sweep crypto-shreds 100,000 expired encrypted records on PostgreSQL.

The real sweep (``governance.retention.sweeper.sweep``) runs over a source registered at run time,
in a database of its own; every batch is its own transaction, timed around its atomic block by the
sweep's ``on_batch`` report. Baseline in the same run: ``record_shred`` (one transaction per
record) on a sample, extrapolated. Targets: whole sweep ≤ 60 s; no transaction longer than 1 s.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_retention python bench/retention_sweep.py
"""

import argparse
import statistics
import time
from datetime import date

from _crypto_tables import declare, ensure_table, setup, tenant

SOURCE = "bench.retainedrecord"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--baseline-sample", type=int, default=500)
    args = parser.parse_args()
    setup("postgres://postgres@127.0.0.1:5432/mimamori_bench_retention")

    from django.db import connection, models

    from audit.context import Channel, bound
    from governance.crypto import EncryptedModel, EncryptedTextField, data_keys_provision
    from governance.crypto.models import DataKey
    from governance.crypto.shredding import record_shred
    from governance.registry.models import RegisteredBusiness
    from governance.retention.models import RetentionErasure, RetentionProgress, RetentionRule, RetentionRun
    from governance.retention.sources import register_source
    from governance.retention.sweeper import sweep
    from governance.tenancy.models import Department

    Record = declare("RetainedRecord", {
        "municipality": models.ForeignKey("governance.Municipality", on_delete=models.PROTECT, related_name="+"),
        "last_used_on": models.DateField(null=True),
        "name": EncryptedTextField(), "address": EncryptedTextField(), "phone": EncryptedTextField(),
    }, base=EncryptedModel)
    ensure_table(Record)
    register_source(name=SOURCE, model=Record, triggers={"last_use": "last_used_on"}, subject_type="resident")

    ward = tenant()
    department, _ = Department.objects.get_or_create(municipality=ward, name="ベンチ課")
    business, _ = RegisteredBusiness.objects.get_or_create(municipality=ward, name="ベンチ業務",
                                                           defaults={"department": department})
    # A fresh start: the previous run's rows go (erasures and runs first, they point at the rule).
    RetentionErasure.objects.filter(source=SOURCE).delete()
    RetentionProgress.objects.all().delete()
    RetentionRun.objects.all().delete()
    RetentionRule.objects.filter(source=SOURCE).delete()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Record._meta.db_table}")

    def make(count: int, day: date) -> list:
        rows = [Record(municipality=ward, last_used_on=day, name=f"保存期間 太郎{i}", address=f"東京都新宿区{i}",
                       phone=f"090-{i // 10000:04d}-{i % 10000:04d}") for i in range(count)]
        data_keys_provision(rows)
        Record.objects.bulk_create(rows, batch_size=2000)
        return rows

    started = time.perf_counter()
    make(args.records, date(2019, 3, 31))
    kept = make(1000, date(2030, 3, 31))   # not expired: must survive
    with connection.cursor() as cursor:
        # Fresh statistics, as autovacuum gives a table that was not bulk-loaded a second ago; without
        # them the planner scans every remaining row per batch instead of walking the primary key.
        cursor.execute(f"ANALYZE {Record._meta.db_table}")
        cursor.execute("ANALYZE governance_datakey")
    print(f"setup: {args.records:,} expired + 1,000 current encrypted records in {time.perf_counter() - started:.1f} s")

    with bound(channel=Channel.CLI):
        # Baseline: one transaction per record (record_shred), on a sample of records of their own.
        sample = make(args.baseline_sample, date(2030, 3, 31))
        t0 = time.perf_counter()
        for record in sample:
            record_shred(record=record, reason="retention_expired")
        per_record = (time.perf_counter() - t0) / len(sample)
        Record.objects.filter(pk__in=[r.pk for r in sample]).delete()

        RetentionRule.objects.create(municipality=ward, business=business, source=SOURCE, trigger="last_use",
                                     period_years=5, action="crypto_shred")
        timings = []
        t0 = time.perf_counter()
        result = sweep(as_of=date(2025, 4, 1), batch_size=args.batch_size, on_batch=lambda r: timings.append(r.seconds))
        total = time.perf_counter() - t0

    shredded = DataKey.objects.filter(pk__in=Record.objects.values("data_key_id"), shredded_at__isnull=False).count()
    assert result.erased == args.records == shredded, (result.erased, shredded)
    assert not DataKey.objects.filter(pk__in=[r.data_key_id for r in kept], shredded_at__isnull=False).exists()
    assert RetentionErasure.objects.filter(source=SOURCE).count() == args.records
    longest = max(timings)
    print(f"records shredded: {result.erased:,} in {len(timings)} batches of {args.batch_size}")
    print(f"sweep total:      {total:6.2f} s  ({args.records / total:,.0f} records/s)  "
          f"(target ≤ 60 s: {'met' if total <= 60 else 'NOT met'})")
    print(f"transactions:     longest {longest * 1000:6.1f} ms, median {statistics.median(timings) * 1000:6.1f} ms  "
          f"(target ≤ 1 s: {'met' if longest <= 1 else 'NOT met'})")
    print(f"baseline record_shred, one transaction per record: {per_record * 1000:.2f} ms/record → "
          f"{per_record * args.records:.1f} s for {args.records:,}; sweep is {per_record * args.records / total:.1f}× "
          "faster")


if __name__ == "__main__":
    main()
