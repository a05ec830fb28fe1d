"""Benchmark: two large payment result files imported one after the other on the embedded SQLite (`make run`'s
database), the second meeting the first one's receipts in reconciliation.

    .venv/bin/python bench/payment_import_twice.py [--records 100000] [--statements]

A fresh var folder (migrations and the demo, as `make run` makes it), then two files of ``--records`` data records
(fiscal years 2026 and 2027: different payments), each imported by ``payment_file_import`` in this process. Prints
each import's seconds; ``--statements`` also prints every SQL statement that took more than half a second.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.payment_import_job import environment, prepared, write_file  # noqa: E402


def _slow_statements() -> None:
    from django.db.backends.utils import CursorWrapper

    execute = CursorWrapper.execute

    def timed(self, sql, params=None):
        started = time.perf_counter()
        try:
            return execute(self, sql, params)
        finally:
            seconds = time.perf_counter() - started
            if seconds > 0.5:
                print(f"  {seconds:7.2f} s  {' '.join(sql.split())[:140]}", flush=True)

    CursorWrapper.execute = timed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--statements", action="store_true", help="print the statements that took over 0.5 s")
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="mimamori-bench-twice-"))
    prepared(var)
    os.environ.clear()
    os.environ.update(environment(var))
    import django

    django.setup()
    from audit.context import Channel, bound
    from governance.tenancy.models import Municipality, User
    from payments.collection.services import payment_file_import

    if args.statements:
        _slow_statements()
    tenant, hoiku = Municipality.objects.get(name="新宿区"), User.objects.get(username="hoiku")
    try:
        for number, fiscal_year in enumerate((2026, 2027), start=1):
            path = var / f"file{number}.dat"
            write_file(path, args.records, fiscal_year)
            started = time.perf_counter()
            with bound(channel=Channel.CLI, actor_id=hoiku.pk, tenant_id=tenant.pk), path.open("rb") as stream:
                outcome = payment_file_import(actor=hoiku, municipality=tenant, stream=stream, filename=path.name)
            print(f"import {number}: {time.perf_counter() - started:.1f} s ({outcome.status}, "
                  f"{outcome.summary.get('records_new', 0):,} new records)", flush=True)
    finally:
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
