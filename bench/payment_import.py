"""Benchmark: import + reconcile payment result files on PostgreSQL, against plain COPY of the same rows.

    .venv/bin/python bench/payment_import.py [--sizes 250000 1000000] [--runs 3]

Works in a database of its own, ``mimamori_bench_payment_import`` (or $BENCH_DATABASE) on the server
of DATABASE_URL (or 127.0.0.1), dropped and created afresh for every run, migrated and loaded with the
demo. Per size it adds as many charges and slips as the file pays to the demo ward (新宿区, whose
collection agreement has the approved connection the exchange gate admits files over), writes a result
file of mixed 速報/確報/速報取消 in several groups, then, each on a vacuumed database after a checkpoint:

1. the baseline: COPY the same data rows, split into the same columns, into a bare table;
2. the import: ``payment_file_import`` (gate, whole-file validation, records, reconciliation, slip
   statuses) in a fresh Python process, which reports its own peak RSS — so the figures of two file
   sizes show whether memory grows with the file.

Prints records/s, import and COPY seconds, the ratio import ÷ COPY and peak RSS. Targets: ratio ≤ 3,
peak ≤ 300 MB, and no growth with file size.
"""

import argparse
import datetime
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = os.environ.get("BENCH_DATABASE", "mimamori_bench_payment_import")  # another name: two runs side by side
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")
GROUP_SIZE = 200_000
TENANT = "新宿区"


def rss_peak_mb() -> float:
    """This process's RSS high-water mark. VmHWM rather than ru_maxrss, which a child inherits from
    the parent that forked it (the parent here holds the barcodes of a million slips)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")


def django_setup() -> None:
    import django

    django.setup()


def prepare_database() -> None:
    """Fresh database: migrations and the demo (tenants, departments, the approved connection, agreement)."""
    from django.conf import settings
    from django.core.management import call_command

    from audit.context import Channel, bound
    from governance.demo import demo_load

    call_command("migrate", verbosity=0)
    settings.DEBUG = True  # the demo loads only with DEBUG on; nothing else here reads it
    with bound(channel=Channel.CLI):
        demo_load()
    settings.DEBUG = False


def add_slips(fiscal_year: int, count: int) -> list[str]:
    """``count`` charges and slips of fiscal year ``fiscal_year`` for the demo ward, loaded with COPY;
    they share 1,000 payers (with encrypted personal fields, made as the product makes them)."""
    from django.db import connection, transaction

    from governance.crypto import data_keys_provision
    from governance.tenancy.models import Municipality
    from payments.catalog.models import CollectionAgreement, FeeType, Payer
    from payments.slips.barcode import barcode_build, ward_key

    tenant = Municipality.objects.get(name=TENANT)
    agreement = CollectionAgreement.objects.get(municipality=tenant)
    fee_type = FeeType.objects.get(municipality=tenant, code="01")
    prefix = f"B{fiscal_year}"
    payers = [Payer(municipality=tenant, reference_number=f"{prefix}{i:06d}", name=f"収納 太郎{i}",
                    kana=f"シュウノウ タロウ{i}", address=f"東京都新宿区架空町{i % 9 + 1}-{i % 30 + 1}",
                    phone=f"090-0000-{i:04d}") for i in range(1000)]
    with transaction.atomic():
        data_keys_provision(payers)
        Payer.objects.bulk_create(payers, batch_size=1000)
    payer_ids = list(Payer.objects.filter(municipality=tenant, reference_number__startswith=prefix)
                     .order_by("pk").values_list("pk", flat=True))
    deadline = datetime.date(fiscal_year, 7, 15)
    barcodes = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM payments_charge")
        first_charge = cursor.fetchone()[0] + 1
        with cursor.copy("COPY payments_charge (id, municipality_id, fee_type_id, payer_id, fiscal_year, amount,"
                         " due_date, created_at) FROM STDIN") as copy:
            for i in range(count):
                copy.write_row((first_charge + i, tenant.pk, fee_type.pk, payer_ids[i % len(payer_ids)],
                                fiscal_year, 1000 + i % 5000, f"{fiscal_year}-06-30", f"{fiscal_year}-04-01T00:00Z"))
        cursor.execute("SELECT setval(pg_get_serial_sequence('payments_charge', 'id'), %s)",
                       [first_charge + count])
        with cursor.copy("COPY payments_slip (municipality_id, agreement_id, charge_id, fee_type_id, fiscal_year,"
                         " slip_number, reissue, amount, due_date, handling_deadline, barcode, slip_key, status,"
                         " issued_at) FROM STDIN") as copy:
            for i in range(count):
                amount = 1000 + i % 5000
                barcode = barcode_build(company_code=agreement.company_code, client_code=agreement.client_code,
                                        key=ward_key(fiscal_year=fiscal_year, fee_code="01", slip_number=i + 1),
                                        reissue=0, deadline=deadline, amount=amount).digits
                barcodes.append(barcode)
                copy.write_row((tenant.pk, agreement.pk, first_charge + i, fee_type.pk, fiscal_year, i + 1, 0,
                                amount, f"{fiscal_year}-06-30", deadline.isoformat(), barcode, barcode[:30],
                                "payable", f"{fiscal_year}-04-01T00:00Z"))
    return barcodes


def data_records(barcodes: list[str], records: int, fiscal_year: int):
    """Mixed records: per slip a 速報 and then its 確報, every 20th 速報 cancelled instead, every 10th
    slip paid by 確報 only; stores and apps alternate."""
    n = 0
    for i, barcode in enumerate(barcodes):
        store = i % 3 != 0
        paid_on = f"{fiscal_year}06{1 + i % 28:02d}"
        common = (f"{paid_on}{i % 24:02d}{i % 60:02d}{'1' if store else '2'}{barcode}"
                  f"{'003711' if store else '000820'}{f'{i % 9999999:07d}' if store else '0000000'}")
        final = f"202{common}{fiscal_year}0710{fiscal_year}0705"
        flash = f"201{common}0000000000000000"
        if i % 10 == 1:
            kinds = [final]
        elif i % 20 == 0:
            kinds = [flash, f"203{common}0000000000000000"]
        else:
            kinds = [flash, final]
        for row in kinds:
            yield (row + " " * 31).encode("ascii")
            n += 1
            if n == records:
                return


def write_file(path: Path, barcodes: list[str], records: int, fiscal_year: int) -> None:
    """The result file, in the layout of payments.md (the same bytes ``payments.collection.importing.writer`` makes;
    formatted directly here because a million records through the generic writer take a while)."""
    def group(institution: int, rows: list[bytes]) -> list[bytes]:
        totals = {b"01": [0, 0], b"02": [0, 0], b"03": [0, 0]}
        for row in rows:
            total = totals[row[1:3]]
            total[0] += 1
            total[1] += int(row[53:59])
        header = f"1{fiscal_year}0711000710{institution:04d}".ljust(120).encode()
        trailer = ("8" + "".join(f"{totals[k][0]:07d}{totals[k][1]:012d}" for k in (b"01", b"02", b"03"))
                   + f"{len(rows) + 2:08d}").ljust(120).encode()
        return [header, *rows, trailer]

    rows = data_records(barcodes, records, fiscal_year)
    with path.open("wb") as out:
        institution = 0
        while True:
            chunk = [row for _, row in zip(range(GROUP_SIZE), rows, strict=False)]
            if not chunk:
                break
            institution += 1
            out.write(b"\r\n".join(group(institution, chunk)) + b"\r\n")
        out.write(b"9" + b" " * 119 + b"\r\n")


def copy_baseline(path: Path) -> float:
    """COPY the data rows, split into the same columns, into a bare table (no keys, no indexes)."""
    from django.db import connection

    from payments.collection.layouts import layout_get

    data = layout_get("standard_v1").records["data"]
    cuts = [(f.start, f.end) for f in data.fields if f.name not in ("record_type", "filler")]
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_baseline")
        cursor.execute("CREATE TABLE bench_copy_baseline (line_number integer, kind text, paid_on date, "
                       "paid_time text, usage text, barcode text, retailer_code text, store_code text, "
                       "transfer_date date, accounting_date date, raw text)")
        started = time.perf_counter()
        with cursor.copy("COPY bench_copy_baseline FROM STDIN") as copy, path.open("rb") as source:
            buffer = []
            for line, raw in enumerate(source, 1):
                if raw[:1] != b"2":
                    continue
                record = raw.rstrip(b"\r\n").decode("shift_jis")
                values = [record[s:e] for s, e in cuts]
                for i in (7, 8):
                    if values[i] == "00000000":
                        values[i] = "\\N"
                buffer.append(f"{line}\t" + "\t".join(values) + f"\t{record}\n")
                if len(buffer) >= 2000:
                    copy.write("".join(buffer))
                    buffer.clear()
            copy.write("".join(buffer))
        elapsed = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy_baseline")
    return elapsed


def settle() -> None:
    """Vacuum the database, as autovacuum will have by the time slips issued weeks ago are paid (hint bits
    set, visibility map current): the import does not pay for the first reads of rows just loaded. Then a
    checkpoint (the server's role needs pg_checkpoint), so that neither the baseline nor the import starts
    inside one."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
        cursor.execute("CHECKPOINT")


def child_import(path: Path, profile: bool) -> None:
    """In a fresh process: import one file as the demo's 保育課 staff member; print JSON figures."""
    django_setup()
    from django.db import connection

    from audit.context import Channel, bound
    from governance.tenancy.models import Municipality, User
    from payments.collection.services import payment_file_import

    tenant = Municipality.objects.get(name=TENANT)
    user = User.objects.get(username="hoiku")
    before = rss_peak_mb()
    statements: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - started, " ".join(sql.split())[:100]))

    if profile:  # the records' phase (scan + COPY) runs on the raw connection: timed as a whole
        import payments.collection.services as imports

        write = imports.records_write

        def timed_write(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return write(*args, **kwargs)
            finally:
                statements.append((time.perf_counter() - wall, f"records written (scan + COPY, and the statements "
                                                               f"above it ran); this process's CPU "
                                                               f"{time.process_time() - cpu:.2f} s"))

        imports.records_write = timed_write
    started = time.perf_counter()
    with bound(channel=Channel.CLI, actor_id=user.pk, tenant_id=tenant.pk), path.open("rb") as stream:
        if profile:
            with connection.execute_wrapper(timed):
                outcome = payment_file_import(actor=user, municipality=tenant, stream=stream, filename=path.name)
        else:
            outcome = payment_file_import(actor=user, municipality=tenant, stream=stream, filename=path.name)
    elapsed = time.perf_counter() - started
    print(json.dumps({"import_s": elapsed, "records": outcome.result_file.data_count, "summary": outcome.summary,
                      "rss_before_mb": before, "rss_peak_mb": rss_peak_mb(),
                      "slowest": sorted(statements, reverse=True)[:12]}))


def run_size(records: int, fiscal_year: int, folder: Path, profile: bool) -> dict:
    slips = records // 2 + records // 20
    barcodes = add_slips(fiscal_year, slips)
    path = folder / f"result-{records}.dat"
    write_file(path, barcodes, records, fiscal_year)
    del barcodes
    settle()
    baseline = copy_baseline(path)
    settle()
    child = subprocess.run([sys.executable, __file__, "--child", str(path)] + (["--profile"] if profile else []),
                           capture_output=True, text=True, check=False, cwd=ROOT)
    if child.returncode:
        raise SystemExit(f"the import failed:\n{child.stderr}")
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    figures.update(copy_s=baseline, size_mb=path.stat().st_size / 1e6)
    path.unlink()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--profile", action="store_true", help="print the slowest statements of each import")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_import(args.child, args.profile)
        return
    results = []
    for run in range(1, args.runs + 1):
        recreate_database()
        django_setup() if run == 1 else None
        from django.db import connections

        connections.close_all()
        prepare_database()
        print(f"\nrun {run}: database {DATABASE}, fresh, migrated, demo loaded")
        with tempfile.TemporaryDirectory() as folder:
            for index, size in enumerate(args.sizes):
                r = run_size(size, 2030 + index, Path(folder), args.profile)
                results.append((run, r))
                print(f"  {r['records']:>9,} data records ({r['size_mb']:.0f} MB file)")
                print(f"    COPY baseline : {r['copy_s']:7.2f} s  {r['records'] / r['copy_s']:>10,.0f} records/s")
                print(f"    import+recon. : {r['import_s']:7.2f} s  {r['records'] / r['import_s']:>10,.0f} records/s")
                print(f"    ratio import ÷ COPY: {r['import_s'] / r['copy_s']:.2f}  (target ≤ 3)")
                print(f"    import process RSS: {r['rss_before_mb']:.0f} MB after start-up, peak "
                      f"{r['rss_peak_mb']:.0f} MB  (target ≤ 300, flat across sizes)")
                print(f"    done: {r['summary']}")
                for seconds, statement in r["slowest"] if args.profile else ():
                    print(f"      {seconds:6.2f} s  {statement}")
    if args.runs > 1:
        print("\nrun  records    import s  COPY s  ratio  records/s  peak RSS MB")
        for run, r in results:
            print(f"{run:>3}  {r['records']:>9,}  {r['import_s']:7.2f}  {r['copy_s']:6.2f}  "
                  f"{r['import_s'] / r['copy_s']:5.2f}  {r['records'] / r['import_s']:>9,.0f}  {r['rss_peak_mb']:8.0f}")


if __name__ == "__main__":
    main()
