"""Benchmark: import + reconcile a 1,000,000-record result file on PostgreSQL, against plain COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench .venv/bin/python bench/payment_import.py

Uses (and migrates) the database it is given — never point it at one you care about. It creates
its own tenant with as many slips as the file pays, writes a result file of mixed 速報/確報/速報取消
in several groups, then in the same run: (1) COPYs the same data rows, split into the same columns,
into a bare table (the baseline), (2) imports and reconciles the file with ``payment_file_import``.
Prints records/s, the ratio import ÷ COPY and the RSS high-water mark after a small file and after
the big one (memory must not grow with file size). Targets: ratio ≤ 3, peak ≤ 300 MB.
"""

import argparse
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from audit.context import Channel, bound  # noqa: E402
from governance.models import Department, Membership, Municipality, Role, User  # noqa: E402
from payments.barcode import barcode_build, ward_key  # noqa: E402
from payments.importing.writer import Group, result_file_records  # noqa: E402
from payments.layouts import layout_get  # noqa: E402
from payments.models import CollectionAgreement, FeeType  # noqa: E402
from payments.services.imports import payment_file_import  # noqa: E402

LAYOUT = layout_get("standard_v1")
GROUP_SIZE = 200_000


def rss_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup_tenant(tag: str, slips: int):
    """A tenant, department, agreement, fee type and ``slips`` payers/charges/slips (loaded with COPY)."""
    code = f"9{abs(hash(tag)) % 100000:05d}"
    tenant = Municipality.objects.create(code=code, name=f"bench-{tag}-{code}")
    department = Department.objects.create(municipality=tenant, name="保育課", division="子ども家庭部")
    user = User.objects.create_user(f"bench-{tag}-{code}", None)
    Membership.objects.create(user=user, municipality=tenant, role=Role.DEPARTMENT_STAFF, department=department)
    agreement = CollectionAgreement.objects.create(
        municipality=tenant, department=department, company_code="9" + code[1:] + "0"[:0],
        client_code=code[1:], agency_code="00071")
    fee_type = FeeType.objects.create(municipality=tenant, department=department, code="01", name="延長保育料")
    deadline = datetime.date(2026, 7, 15)
    barcodes = []
    with connection.cursor() as cursor:
        with cursor.copy("COPY payments_payer (municipality_id, reference_number) FROM STDIN") as copy:
            for i in range(slips):
                copy.write_row((tenant.pk, f"B{i:09d}"))
        cursor.execute("SELECT min(id) FROM payments_payer WHERE municipality_id = %s", [tenant.pk])
        first_payer = cursor.fetchone()[0]
        with cursor.copy("COPY payments_charge (municipality_id, fee_type_id, payer_id, fiscal_year, amount, due_date,"
                         " created_at) FROM STDIN") as copy:
            for i in range(slips):
                copy.write_row((tenant.pk, fee_type.pk, first_payer + i, 2026, 1000 + i % 5000, "2026-06-30",
                                "2026-04-01T00:00:00+09:00"))
        cursor.execute("SELECT min(id) FROM payments_charge WHERE municipality_id = %s", [tenant.pk])
        first_charge = cursor.fetchone()[0]
        with cursor.copy("COPY payments_slip (municipality_id, agreement_id, charge_id, fee_type_id, fiscal_year,"
                         " slip_number, reissue, amount, due_date, handling_deadline, barcode, slip_key, status,"
                         " issued_at) FROM STDIN") as copy:
            for i in range(slips):
                amount = 1000 + i % 5000
                barcode = barcode_build(company_code=agreement.company_code, client_code=agreement.client_code,
                                        key=ward_key(fiscal_year=2026, fee_code="01", slip_number=i + 1),
                                        reissue=0, deadline=deadline, amount=amount).digits
                barcodes.append(barcode)
                copy.write_row((tenant.pk, agreement.pk, first_charge + i, fee_type.pk, 2026, i + 1, 0, amount,
                                "2026-06-30", "2026-07-15", barcode, barcode[:30], "payable",
                                "2026-04-01T00:00:00+09:00"))
    cursor.connection.commit() if not connection.in_atomic_block else None
    return tenant, user, barcodes


def data_rows(barcodes: list[str], records: int):
    """Mixed records: per slip a 速報 and then its 確報, every 20th 速報 cancelled instead, every 10th
    slip paid by 確報 only; stores and apps alternate."""
    n = 0
    for i, barcode in enumerate(barcodes):
        store = i % 3 != 0
        common = {"paid_on": f"202606{1 + i % 28:02d}", "paid_time": f"{i % 24:02d}{i % 60:02d}",
                  "usage": "1" if store else "2", "barcode": barcode,
                  "retailer_code": "003711" if store else "000820",
                  "store_code": f"{i % 9999999:07d}" if store else "0000000"}
        final = {**common, "data_kind": "02", "transfer_date": "20260710", "accounting_date": "20260705"}
        if i % 10 == 1:
            kinds = [final]
        elif i % 20 == 0:
            kinds = [{**common, "data_kind": "01"}, {**common, "data_kind": "03"}]
        else:
            kinds = [{**common, "data_kind": "01"}, final]
        for row in kinds:
            yield row
            n += 1
            if n == records:
                return


def write_file(path: Path, barcodes: list[str], records: int) -> None:
    rows = data_rows(barcodes, records)

    def groups():
        institution = 0
        while True:
            chunk = [row for _, row in zip(range(GROUP_SIZE), rows, strict=False)]
            if not chunk:
                return
            institution += 1
            yield Group({"created_on": "20260711", "agency_code": "00071", "institution_code": f"{institution:05d}"},
                        chunk)

    with path.open("wb") as out:
        for record in result_file_records(LAYOUT, groups()):
            out.write(record)


def copy_baseline(path: Path) -> float:
    """COPY the data rows, split into the same columns, into a bare table (no keys, no indexes)."""
    data = LAYOUT.records["data"]
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


def run(records: int, tag: str) -> dict:
    slips = records // 2 + records // 20
    tenant, user, barcodes = setup_tenant(tag, slips)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"result-{records}.dat"
        write_file(path, barcodes, records)
        del barcodes
        baseline = copy_baseline(path)
        started = time.perf_counter()
        with bound(channel=Channel.CLI, actor_id=user.pk), path.open("rb") as stream:
            outcome = payment_file_import(actor=user, municipality=tenant, stream=stream, filename=path.name)
        elapsed = time.perf_counter() - started
        size = path.stat().st_size
    return {"records": outcome.result_file.data_count, "size_mb": size / 1e6, "import_s": elapsed,
            "copy_s": baseline, "summary": outcome.summary, "rss_mb": rss_peak_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="a first, smaller file to show memory is flat")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {connection.settings_dict['NAME']}; RSS after setup {rss_peak_mb():.0f} MB")
    tag = str(int(time.time()))
    for size in (args.small, args.records):
        r = run(size, f"{tag}-{size}")
        print(f"\n{r['records']:,} data records ({r['size_mb']:.0f} MB file)")
        print(f"  COPY baseline : {r['copy_s']:7.2f} s  {r['records'] / r['copy_s']:>10,.0f} records/s")
        print(f"  import+recon. : {r['import_s']:7.2f} s  {r['records'] / r['import_s']:>10,.0f} records/s")
        print(f"  ratio import ÷ COPY: {r['import_s'] / r['copy_s']:.2f}  (target ≤ 3)")
        print(f"  peak RSS (process high-water so far): {r['rss_mb']:.0f} MB  (target ≤ 300)")
        print(f"  done: {r['summary']}")


if __name__ == "__main__":
    main()
