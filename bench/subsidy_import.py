"""Benchmark: import and rule-check babysitter-subsidy applications from a LoGo CSV export on PostgreSQL.

    .venv/bin/python bench/subsidy_import.py [--count 20000] [--encoding utf-8|cp932]

Works in a database of its own, ``mimamori_bench_subsidy_import`` (or $BENCH_DATABASE) on the server of
DATABASE_URL (or 127.0.0.1), dropped and created afresh, migrated and loaded with the demo with seed 004's amendment
left waiting (so no demo application is there); the committee then approves the amendment (the LoGo form) and this
year's renewal, so that the exchange gate admits the file.
The file (``count`` answers, 10× a year of 新宿区's ~2,000, one to three uses each) is made by the demo's
generator; the import is ``logo_import`` as the ward's staff: whole-file check, the gate, encryption of every
personal value, the Rego rules per application (hours counted across the child's applications).

Prints applications/s, the share of the import spent evaluating the rules (building their input, the policy
engine, writing the results on the rows), and the process's peak RSS.
"""

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE = os.environ.get("BENCH_DATABASE", "mimamori_bench_subsidy_import")
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
os.environ["DATABASE_URL"] = f"{SERVER}/{DATABASE}"
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")


def rss_reset() -> bool:
    """Reset the kernel's high-water mark of this process's RSS (Linux ≥ 4.0); False where it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def rss_now_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_peak_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DATABASE}")


def prepare() -> None:
    """Migrations, the demo, and the committee's approval of the LoGo amendment and this year's renewal."""
    from django.conf import settings
    from django.core.management import call_command

    from audit.context import Channel, bound
    from childcare.subsidy.demo import contract_renewal_load
    from governance.committee import transitions
    from governance.committee.models import Submission
    from governance.demo import demo_load
    from governance.registry.models import OutsourcingContract
    from governance.tenancy.models import User

    call_command("migrate", verbosity=0)
    settings.DEBUG = True  # the demo loads only with DEBUG on
    with bound(channel=Channel.CLI):
        demo_load(amendment_waiting=True)
        amendment = Submission.objects.get(amends__isnull=False, title__contains="ベビーシッター")
        member = User.objects.get(username="committee")
        transitions.submission_review_start(submission=amendment, actor=member)
        transitions.submission_decide(submission=amendment, outcome="approve", actor=member,
                                      meeting=amendment.meeting)
        contract = OutsourcingContract.objects.get(title__startswith="ベビーシッター")
        contract_renewal_load(contract=contract, staff=User.objects.get(username="shien"))
    settings.DEBUG = False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--encoding", choices=["utf-8", "cp932"], default="utf-8")
    args = parser.parse_args()

    recreate_database()
    import django

    django.setup()
    prepare()

    from audit.context import Channel, bound
    from childcare.subsidy import services
    from childcare.subsidy.demo import DEMO_FORM, demo_logo_csv
    from childcare.subsidy.models import Application, Use
    from childcare.subsidy.selectors import subsidy_actor
    from governance.tenancy.models import User

    content = demo_logo_csv(count=args.count, encoding=args.encoding)
    spent = {"rules": 0.0}
    evaluate = services.rules_evaluate

    def timed(*a, **k):
        started = time.perf_counter()
        try:
            return evaluate(*a, **k)
        finally:
            spent["rules"] += time.perf_counter() - started

    services.rules_evaluate = timed  # measured where the import calls it
    staff = User.objects.get(username="shien")
    whole_process_peak = rss_peak_mb()
    reset = rss_reset()
    before = rss_now_mb()
    with bound(channel=Channel.CLI, actor_id=staff.pk):
        started = time.perf_counter()
        result = services.logo_import(who=subsidy_actor(actor=staff), form=DEMO_FORM, content=content,
                                      filename="bench.csv")
        elapsed = time.perf_counter() - started
    uses = Use.objects.count()
    print(f"file: {args.count:,} answers, {uses:,} uses, {len(content) / 1e6:.1f} MB ({result.encoding})")
    print(f"imported: {result.created:,} applications in {elapsed:.1f} s = {result.created / elapsed:,.0f} "
          f"applications/s")
    print(f"rule evaluation: {spent['rules']:.1f} s = {100 * spent['rules'] / elapsed:.0f}% of the import "
          f"({1000 * spent['rules'] / max(result.created, 1):.2f} ms per application)")
    peak = rss_peak_mb()
    print(f"peak RSS: {max(peak, whole_process_peak):.0f} MB for the whole process; during the import "
          f"{peak:.0f} MB" + (f" ({peak - before:+.0f} MB over the {before:.0f} MB before it)" if reset else
                              " (high-water mark not resettable here)"))
    assert Application.objects.count() == result.created == args.count


if __name__ == "__main__":
    main()
