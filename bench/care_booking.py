"""Benchmark: temporary care's opening-moment rush and its availability endpoint, on PostgreSQL.

In a database of its own (the demo loaded once, then 2,000 children of 練馬区 with approved registrations):

(a) The rush: 2,000 bookings attempted at once, one per distinct child, for the 300 places of one morning
    at 練馬ぴよぴよ, from 16 client threads, each with its own database connection, through the real booking
    service (``childcare.care.services.booking_create``: rules, the child's lock, the conditional UPDATE of
    the place's counter, the booking row and its audit event). Printed: booked, refused (by code), oversold
    (bookings beyond the capacity, which must be 0; checked against the bookings table and the counter),
    and the p50/p99 latency of an attempt.
(b) ``GET /api/v1/care/availability/`` for a month against a trivial JSON view behind the same
    authentication and middleware (a DRF view with the same permission returning ``{"ok": true}``), in
    the same run through Django's test client, alternating; printed: requests/s of each and the ratio
    (target ≥ 0.5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_care python bench/care_booking.py
"""

import argparse
import datetime
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mimamori_bench_care")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # the demo loads only with DEBUG on; switched off before timing (below)

import psycopg

PLACES = 300
RATIO_TARGET = 0.5


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--children", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=1000, help="requests of each kind for (b)")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import clear_url_caches, path
    from rest_framework.response import Response
    from rest_framework.views import APIView

    import config.urls
    from audit.context import Channel, bound
    from childcare.care import rules, services
    from childcare.care.api import CareUser
    from childcare.care.errors import CareConflict
    from childcare.care.models import CareBooking, CareFacility, CarePlace, CareRegistration, CareSlotBand
    from childcare.children.models import Child
    from common.errors import ApplicationError
    from governance.crypto import data_keys_provision
    from governance.demo import demo_load
    from governance.registry.models import RegisteredBusiness
    from governance.security.tokens import api_token_issue
    from governance.tenancy.models import User

    call_command("migrate", verbosity=0)
    with bound(channel=Channel.CLI):
        demo_load()
    care = CareFacility.objects.select_related("facility").get(facility__name="練馬ぴよぴよ")
    care.window_opens_day, care.window_opens_time = 1, datetime.time(0, 0)
    care.save()
    day = timezone_today() + datetime.timedelta(days=10)
    day += datetime.timedelta(days=1) if day.weekday() in care.closed_weekdays else datetime.timedelta()
    birth = datetime.date(rules.fiscal_year(day) - 4, 6, 1)  # every child in the band 3歳以上
    CareSlotBand.objects.filter(slot__care_facility=care, slot__code="am", band="3+").update(capacity=PLACES)
    staff = User.objects.get(username="piyopiyo")
    business = RegisteredBusiness.objects.get(municipality=care.facility.municipality, name="子育て支援に関する業務")
    started = time.perf_counter()
    with bound(channel=Channel.CLI):
        children = [Child(municipality=care.facility.municipality, facility=care.facility, business=business,
                          enrolled_on=datetime.date(2025, 4, 1), name=f"試験 児童{i:04d}", kana="シケン ジドウ",
                          birth_date=birth, address="", allergy_notes="", health_notes="",
                          disability_notes="") for i in range(args.children)]
        data_keys_provision(children)
        Child.objects.bulk_create(children, batch_size=500)
        registrations = [CareRegistration(
            municipality=care.facility.municipality, child=c, facility=care.facility,
            fiscal_year=rules.fiscal_year(day), status="approved", applied_by=staff,
            valid_until=rules.fiscal_year_end(rules.fiscal_year(day))) for c in children]
        data_keys_provision(registrations)
        CareRegistration.objects.bulk_create(registrations, batch_size=500)
    print(f"setup: {args.children} children with registrations in {time.perf_counter() - started:.1f} s")
    settings.DEBUG = False
    connection.close()

    # (a) the rush
    queue = list(Child.objects.filter(pk__in=[c.pk for c in children]).order_by("?"))
    lock = threading.Lock()
    latencies: list[float] = []
    outcomes: Counter = Counter()
    gate = threading.Barrier(args.clients)

    def client() -> None:
        from django.db import connection as own

        gate.wait()
        while True:
            with lock:
                if not queue:
                    break
                child = queue.pop()
            t0 = time.perf_counter()
            try:
                with bound(channel=Channel.API, actor_id=staff.pk):
                    services.booking_create(actor=staff, child=child, facility_id=care.facility_id, date=day,
                                            slot_code="am")
                outcome = "booked"
            except CareConflict as exc:
                outcome = exc.code
            except ApplicationError as exc:
                outcome = getattr(exc, "code", type(exc).__name__)
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                outcomes[outcome] += 1
        own.close()

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    place = CarePlace.objects.get(slot__care_facility=care, slot__code="am", date=day, band="3+")
    booked_rows = CareBooking.objects.filter(place=place, status="booked").count()
    oversold = max(booked_rows - place.capacity, 0) + max(place.taken - place.capacity, 0)
    refused = sum(n for code, n in outcomes.items() if code != "booked")
    print(f"(a) rush: {len(latencies)} attempts by distinct children for {PLACES} places, {args.clients} clients, "
          f"{wall:.2f} s wall")
    reasons = {code: n for code, n in outcomes.items() if code != "booked"}
    print(f"    booked {outcomes['booked']}, refused {refused} {reasons}, oversold {oversold} "
          f"(bookings {booked_rows}, counter {place.taken}/{place.capacity})")
    print(f"    latency p50 {percentile(latencies, 0.50) * 1000:.1f} ms, "
          f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms")

    # (b) availability vs a trivial JSON view, same authentication and middleware
    class Trivial(APIView):
        permission_classes = [CareUser]

        def get(self, request):
            return Response({"ok": True})

    config.urls.urlpatterns.append(path("bench/trivial/", Trivial.as_view()))
    clear_url_caches()
    setup_test_environment()
    with bound(channel=Channel.CLI):
        _, token = api_token_issue(user=staff)
    web = Client(headers={"Authorization": f"Token {token}"})
    first, last = rules.month_of(day)
    availability = f"/api/v1/care/availability/?facility={care.facility_id}&from={first}&to={last}"
    for url in (availability, "/bench/trivial/"):
        assert web.get(url).status_code == 200, url
    spent = {availability: 0.0, "/bench/trivial/": 0.0}
    for _ in range(args.requests):
        for url in spent:
            t0 = time.perf_counter()
            web.get(url)
            spent[url] += time.perf_counter() - t0
    rates = {url: args.requests / seconds for url, seconds in spent.items()}
    ratio = rates[availability] / rates["/bench/trivial/"]
    print(f"(b) availability ({(last - first).days + 1} days × slots × bands): {rates[availability]:.0f} req/s; "
          f"trivial JSON view: {rates['/bench/trivial/']:.0f} req/s; ratio {ratio:.2f} "
          f"({'meets' if ratio >= RATIO_TARGET else 'misses'} the {RATIO_TARGET} target)")
    if oversold:
        sys.exit("OVERSOLD")


def timezone_today() -> datetime.date:
    from django.utils import timezone

    return timezone.localdate()


if __name__ == "__main__":
    main()
