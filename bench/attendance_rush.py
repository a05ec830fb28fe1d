"""Benchmark: the morning check-in rush at the kiosks (登園ラッシュ), through the whole request stack.

In a database of its own on PostgreSQL (the demo loaded once, then bench children added with the same
encrypted fields and blind indexes as the product's), it replays two rushes of guardians' QR check-ins,
each ``POST /operations/kiosk/<facility>/scan/`` through Django's test client, every middleware, the signed
one-time code check, the conditional UPDATE that spends the code, the attendance row and the audit event
(hash-chained, so appends serialise on the chain head):

1. one large nursery: 300 children checked in from 4 kiosks at once (the target: within 10 minutes);
2. the whole ward: 2,524 children across 8 nurseries, one kiosk each, 8 at once.

Each kiosk is a thread with its own client and database connection, as each tablet is its own browser. A
guardian's code is issued just before it is scanned (untimed: the phone shows it). In the same run, the
same number of requests of a trivial view (``/favicon.ico``, a redirect through the same middleware) from the
same number of threads gives the stack's floor. Figures: check-ins per second sustained (requests / wall
time; the wall time also holds issuing each code, one INSERT, as the phones would in parallel), median and
p99 latency of the scan request alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_attendance python bench/attendance_rush.py
"""

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mimamori_bench_attendance")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # the demo loads only with DEBUG on

import psycopg

WARD_CHILDREN = 2524
WARD_NURSERIES = 8
LARGE_NURSERY = 300
KIOSKS = 4


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def bench_families(count: int) -> list[tuple[int, list]]:
    """``count`` bench children spread over the bench nurseries, each with a guardian who has a login.

    Returns [(facility id, [guardian login, …]), …]. Created once; a later run reuses them."""
    from childcare.children.models import ChildGuardian
    from governance.registry.models import RegisteredBusiness
    from governance.tenancy.models import Department, Facility, User

    department = Department.objects.get(municipality__name="新宿区", name="保育課")
    tenant = department.municipality
    business = RegisteredBusiness.objects.get(municipality=tenant, name="保育業務支援システム")
    facilities = [Facility.objects.get_or_create(municipality=tenant, name=f"ベンチ保育園{n + 1}",
                                                 defaults={"department": department, "kind": "区立保育園"})[0]
                  for n in range(WARD_NURSERIES)]
    existing = User.objects.filter(username__startswith="bench-guardian-").count()
    if existing < count:
        _families_add(tenant, business, facilities, range(existing, count))
    logins: dict[int, list] = {f.pk: [] for f in facilities}
    for link in ChildGuardian.objects.filter(child__facility__in=facilities).select_related(
            "guardian__user", "child").order_by("pk"):
        logins[link.child.facility_id].append(link.guardian.user)
    return [(f.pk, logins[f.pk]) for f in facilities]


def _families_add(tenant, business, facilities, numbers: range) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from childcare.children.models import Child, ChildGuardian, Guardian
    from governance.crypto import data_keys_provision
    from governance.tenancy.models import Membership, Role, User

    def nursery(n: int):  # the first nursery is the large one (the first 300 children); the others share the rest
        return facilities[0 if n < LARGE_NURSERY else 1 + (n - LARGE_NURSERY) % (WARD_NURSERIES - 1)]

    blank = dict.fromkeys(["kana", "address"], "")
    with transaction.atomic():
        unusable = make_password(None)
        users = User.objects.bulk_create([User(username=f"bench-guardian-{n:05d}", password=unusable)
                                          for n in numbers])
        Membership.objects.bulk_create([Membership(user=u, municipality=tenant, role=Role.GUARDIAN) for u in users])
        guardians = [Guardian(municipality=tenant, user=u, name=f"ベンチ 保護者{n:05d}", phone=f"090-0000-{n:04d}",
                              email="", bank_account="", **blank) for n, u in zip(numbers, users, strict=True)]
        children = [Child(municipality=tenant, business=business, facility=nursery(n),
                          enrolled_on=datetime.date(2025, 4, 1), birth_date=datetime.date(2022, 5, 1),
                          name=f"ベンチ 児童{n:05d}", allergy_notes="", health_notes="", disability_notes="", **blank)
                    for n in numbers]
        data_keys_provision(guardians)
        data_keys_provision(children)
        Guardian.objects.bulk_create(guardians)
        Child.objects.bulk_create(children)
        ChildGuardian.objects.bulk_create([
            ChildGuardian(municipality=tenant, child=c, guardian=g, relationship="母", data_key_id=c.data_key_id)
            for c, g in zip(children, guardians, strict=True)])


def _percentile(times: list[float], q: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def rush(*, lanes: list[tuple[int, list]], tablet, trivial: bool = False) -> tuple[float, list[float], int]:
    """Run every lane (a kiosk: a facility and the guardians in its queue) in its own thread at once."""
    from django.db import connection
    from django.test import Client

    from childcare.operations.attendance import checkin_pass_issue

    times: list[float] = []
    failures = [0]
    lock = threading.Lock()
    start_line = threading.Barrier(len(lanes))

    def kiosk(facility_id: int, guardians: list) -> None:
        client = Client()
        client.force_login(tablet, backend="governance.tenancy.auth.RoleBackend")
        local, failed = [], 0
        start_line.wait()
        for guardian in guardians:
            if trivial:
                started = time.perf_counter()
                response = client.get("/favicon.ico")
                ok = response.status_code == 301
            else:
                token = checkin_pass_issue(actor=guardian).token
                started = time.perf_counter()
                response = client.post(f"/operations/kiosk/{facility_id}/scan/", {"token": token},
                                       HTTP_HX_REQUEST="true")
                ok = response.status_code == 200
            local.append((time.perf_counter() - started) * 1000)
            failed += not ok
        with lock:
            times.extend(local)
            failures[0] += failed
        connection.close()

    threads = [threading.Thread(target=kiosk, args=lane) for lane in lanes]
    wall = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - wall, times, failures[0]


def report(label: str, wall: float, times: list[float], failures: int) -> None:
    print(f"{label}: {len(times)} requests in {wall:.1f} s = {len(times) / wall:6.1f} /s sustained; "
          f"median {statistics.median(times):6.1f} ms, p99 {_percentile(times, 0.99):6.1f} ms, "
          f"max {max(times):6.1f} ms; failures {failures}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ward-children", type=int, default=WARD_CHILDREN)
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from audit.context import Channel, bound
    from governance.demo import demo_load
    from governance.tenancy.models import Facility, Membership, Role, User

    if not User.objects.filter(username="hoikushi").exists():
        with bound(channel=Channel.CLI):
            demo_load()
    from django.conf import settings

    settings.DEBUG = False  # no query log, as in production
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    lanes_by_facility = bench_families(args.ward_children)
    from childcare.operations.models import Attendance, CheckInPass

    tablet = User.objects.get(username="bench-kiosk") if User.objects.filter(username="bench-kiosk").exists() \
        else User.objects.create(username="bench-kiosk")
    for facility_id, _ in lanes_by_facility:
        Membership.objects.get_or_create(user=tablet, municipality=Facility.objects.get(pk=facility_id).municipality,
                                         role=Role.FACILITY_STAFF, facility_id=facility_id)
    print(f"PostgreSQL, {os.cpu_count()} cores; each figure through the whole stack (test client, middleware, "
          "session, the code's signature, the spend, the attendance row, the audit event)")

    def fresh() -> None:
        Attendance.objects.all().delete()
        CheckInPass.objects.all().delete()

    # 1. One large nursery: its 300 families split over 4 kiosks.
    fresh()
    facility_id, queue = lanes_by_facility[0][0], lanes_by_facility[0][1][:LARGE_NURSERY]
    lanes = [(facility_id, queue[k::KIOSKS]) for k in range(KIOSKS)]
    wall, times, failures = rush(lanes=lanes, tablet=tablet)
    report(f"large nursery, {LARGE_NURSERY} check-ins from {KIOSKS} kiosks", wall, times, failures)
    print(f"  target: {LARGE_NURSERY} within 600 s; took {wall:.1f} s ({600 / wall:.0f}x headroom)")
    wall, times, failures = rush(lanes=lanes, tablet=tablet, trivial=True)
    report(f"trivial view, same {KIOSKS} threads", wall, times, failures)

    # 2. The whole ward: every nursery's kiosk at once.
    fresh()
    lanes = lanes_by_facility
    wall, times, failures = rush(lanes=lanes, tablet=tablet)
    total = sum(len(us) for _, us in lanes)
    report(f"whole ward, {total} check-ins from {len(lanes)} kiosks", wall, times, failures)
    wall, times, failures = rush(lanes=lanes, tablet=tablet, trivial=True)
    report(f"trivial view, same {len(lanes)} threads", wall, times, failures)


if __name__ == "__main__":
    main()
