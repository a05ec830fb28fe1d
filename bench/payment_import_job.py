"""Benchmark: a large payment result file imported as a background job on the embedded run (`make run`'s set-up:
SQLite under a var folder, a real Celery worker on kombu's filesystem transport), against the same import called
directly in one process.

    .venv/bin/python bench/payment_import_job.py [--records 100000]

Each side gets a fresh var folder (migrations and the demo, as `make run` makes it) and the same result file of
``--records`` data records:

1. the baseline: ``payment_file_import`` called directly, in a process of its own;
2. the job: the file uploaded with ``job_start`` (sealed to disk), run by a worker process; the page's progress
   partial is polled every 0.2 s, as htmx would, through the same selector.

Prints both times and their ratio, how many distinct progress values the poll saw (a moving bar: several, rising),
the job's outcome and counts, and the worker's peak RSS.
"""

import argparse
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def environment(var: Path) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    }
    return {**env, "MIMAMORI_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1"}


def write_file(path: Path, records: int, fiscal_year: int) -> None:
    """Result file records in the demo agreement's layout (the bench of the direct import writes them the same way);
    the slips they pay do not exist, so each payment opens a case: the heaviest reconciliation for its size."""
    from payments.catalog.models import CollectionAgreement
    from payments.slips.barcode import barcode_build, ward_key

    agreement = CollectionAgreement.objects.filter(municipality__name="新宿区").get()
    deadline = datetime.date(fiscal_year, 7, 15)
    rows = []
    for i in range(records):
        barcode = barcode_build(
            company_code=agreement.company_code,
            client_code=agreement.client_code,
            key=ward_key(fiscal_year=fiscal_year, fee_code="01", slip_number=i + 1),
            reissue=0,
            deadline=deadline,
            amount=1000 + i % 5000,
        ).digits
        store = i % 3 != 0
        common = (
            f"{fiscal_year}06{1 + i % 28:02d}{i % 24:02d}{i % 60:02d}{'1' if store else '2'}{barcode}"
            f"{'003711' if store else '000820'}{f'{i % 9999999:07d}' if store else '0000000'}"
        )
        rows.append((f"201{common}0000000000000000" + " " * 31).encode("ascii"))
    total = sum(int(r[53:59]) for r in rows)
    header = f"1{fiscal_year}0711000710{1:04d}".ljust(120).encode()
    trailer = (f"8{len(rows):07d}{total:012d}" + f"{0:07d}{0:012d}" * 2 + f"{len(rows) + 2:08d}").ljust(120).encode()
    path.write_bytes(b"\r\n".join([header, *rows, trailer, b"9" + b" " * 119]) + b"\r\n")


def worker_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def prepared(var: Path) -> None:
    """A fresh embedded database in ``var``: migrations and the demo (as `make run` does)."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=environment(var), check=True
    )
    subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=environment(var),
        check=True,
        stdout=subprocess.DEVNULL,
    )


def direct_import(records: int) -> float:
    """The baseline, in a process and var folder of its own: the service called directly."""
    var = Path(tempfile.mkdtemp(prefix="mimamori-bench-direct-"))
    prepared(var)
    code = (
        f"import django,time;django.setup();from pathlib import Path;import sys;sys.path.insert(0,{str(ROOT)!r});"
        f"from bench.payment_import_job import write_file;from audit.context import Channel,bound;"
        f"from governance.tenancy.models import Municipality,User;"
        f"from payments.collection.services import payment_file_import;"
        f"t=Municipality.objects.get(name='新宿区');u=User.objects.get(username='hoiku');"
        f"p=Path({str(var)!r})/'direct.dat';write_file(p,{records},2026);s=time.perf_counter();"
        f"b=bound(channel=Channel.CLI,actor_id=u.pk,tenant_id=t.pk);b.__enter__();"
        f"o=payment_file_import(actor=u,municipality=t,stream=p.open('rb'),filename=p.name);"
        f"print(time.perf_counter()-s,o.status)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment(var), check=True, capture_output=True, text=True
    ).stdout.split()
    shutil.rmtree(var, ignore_errors=True)
    return float(out[-2])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    direct_seconds = direct_import(args.records)
    var = Path(tempfile.mkdtemp(prefix="mimamori-bench-job-"))
    prepared(var)
    os.environ.clear()
    os.environ.update(environment(var))
    import django

    django.setup()
    from audit.context import Channel, bound
    from governance.jobs.models import BackgroundJob
    from governance.jobs.selectors import job_state
    from governance.jobs.services import job_start
    from governance.tenancy.models import Municipality, User

    tenant, hoiku = Municipality.objects.get(name="新宿区"), User.objects.get(username="hoiku")
    job_file = var / "job.dat"
    write_file(job_file, args.records, 2026)

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=environment(var),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(3)  # the worker's start-up is not the job's time
        started = time.perf_counter()
        with bound(channel=Channel.WEB, actor_id=hoiku.pk, tenant_id=tenant.pk), job_file.open("rb") as stream:
            job = job_start(
                actor=hoiku, kind="payment_import", municipality_id=tenant.pk, upload=(stream, job_file.name)
            )
        staged_seconds = time.perf_counter() - started
        seen, polls = [], 0
        while True:
            job = BackgroundJob.objects.get(pk=job.pk)
            state = job_state(job=job)
            polls += 1
            if not job.finished and (not seen or seen[-1] != (state["percent"], str(state["stage"]))):
                seen.append((state["percent"], str(state["stage"])))
            if job.finished:
                break
            time.sleep(0.2)
        job_seconds = time.perf_counter() - started
        peak = worker_peak_mb(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    print(f"records per file: {args.records:,} (file of {job_file.stat().st_size / 1e6:.1f} MB)")
    print(f"direct import: {direct_seconds:.1f} s")
    print(
        f"background job: {job_seconds:.1f} s from upload to result, of which sealing the upload "
        f"{staged_seconds:.2f} s; ratio job ÷ direct {job_seconds / direct_seconds:.2f}"
    )
    print(
        f"progress: {polls} polls saw {len(seen)} distinct values: "
        + ", ".join(f"{p}% {s}" for p, s in seen[:12])
        + (" …" if len(seen) > 12 else "")
    )
    print(f"job: {job.status}; {job.summary}")
    print(f"worker peak RSS: {peak:.0f} MB")
    shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
