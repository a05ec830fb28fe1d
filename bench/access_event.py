"""Benchmark: the overhead of the access event on a child's detail API request (target ≤ 10 %).

In a database of its own on PostgreSQL (the demo loaded once), it times many
``GET /api/v1/childcare/children/<record_uid>/`` requests through the real stack — Django's test
client, every middleware, DRF token authentication, the selector narrowing to the actor, the access
policy on the embedded engine, decryption of the permitted fields, JSON rendering — as the nurse of
練馬ぴよぴよ opening 青木 陽向 (every field of the child and its guardian but the bank account).

The baseline is the SAME request path in the same run with only the access event removed:
``childcare.children.access.record_access`` (the one call that writes the event: one INSERT of the event with
its digest and MAC, committed before the response; the sealer chains and indexes it later, off the request) is
replaced by a function that does nothing. With ``--appender`` the events go through the host's appender, as in
production (``manage.py audit_appender``, started by the benchmark); without, the request writes its own.
Requests alternate with and without the event, so drift of the machine or the database hits both alike; the
figure is the median request time of each kind. The overhead is (with − without) / without. The run is checked to
have written exactly one event per "with" request. Last, the floor any durable event costs on this server under
the same load: a single-row INSERT + commit (WAL flushed) from psycopg, timed between the pairs.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_access python bench/access_event.py
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/mimamori_bench_access")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")  # the demo loads only with DEBUG on; switched off before timing (below)

import psycopg

TARGET = 0.10


def ensure_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="requests of each kind")
    parser.add_argument("--appender", action="store_true", help="the events through the host's appender")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from audit.context import Channel, bound
    from audit.models import AuditEvent
    from childcare.children import access
    from childcare.children.models import Child
    from governance.demo import demo_load
    from governance.security.tokens import api_token_issue
    from governance.tenancy.models import User

    call_command("migrate", verbosity=0)
    with bound(channel=Channel.CLI):
        demo_load()
        _, token = api_token_issue(user=User.objects.get(username="kango"))
    setup_test_environment()  # lets the test client accept the 'testserver' host
    appender = None
    if args.appender:
        folder = Path(tempfile.mkdtemp(prefix="mimamori-bench-"))
        settings.AUDIT_APPENDER_SOCKET = str(folder / "appender.sock")
        appender = subprocess.Popen([sys.executable, "manage.py", "audit_appender", "--socket",
                                     settings.AUDIT_APPENDER_SOCKET], cwd=Path(__file__).resolve().parent.parent,
                                    stdout=subprocess.PIPE, text=True)
        assert appender.stdout.readline().startswith("Writing the audit events"), "the appender did not start"
    else:
        settings.AUDIT_APPENDER_SOCKET = ""
    settings.DEBUG = False  # as in production: no query log on the connection
    (child,) = [c for c in Child.objects.all() if c.name == "青木 陽向"]
    client = Client(headers={"Authorization": f"Token {token}"})
    url = f"/api/v1/childcare/children/{child.record_uid}/"

    real_record_access = access.record_access

    def no_event(**_kwargs):
        return None

    def request_ms(with_event: bool) -> float:
        access.record_access = real_record_access if with_event else no_event
        start = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - start
        assert response.status_code == 200, response.content
        return elapsed * 1000

    body = client.get(url).json()
    assert body["fields_withheld"] == ["guardian.bank_account"] and body["fields_shown"], body
    for _ in range(100):  # warm: imports, the policy bundle, connection, key caches
        request_ms(True), request_ms(False)
    events_before = AuditEvent.objects.filter(name="audit.personal_data.read").count()
    with_event, without_event, floor = [], [], []
    plain = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    plain.execute("CREATE TABLE IF NOT EXISTS bench_commit_floor (id bigserial PRIMARY KEY, body text)")
    for i in range(args.requests):
        # Pairs in turn with and without first, so neither kind always follows the other's commit.
        for kind in ((True, False) if i % 2 else (False, True)):
            (with_event if kind else without_event).append(request_ms(kind))
        # The floor of any durable event, under the same load: a single-row INSERT + commit (WAL flushed).
        start = time.perf_counter()
        plain.execute("INSERT INTO bench_commit_floor (body) VALUES (%s)", ["x" * 300])
        floor.append((time.perf_counter() - start) * 1000)
    plain.execute("DROP TABLE bench_commit_floor")
    plain.close()
    access.record_access = real_record_access
    if appender is not None:
        appender.terminate()
        appender.wait(timeout=30)
    written = AuditEvent.objects.filter(name="audit.personal_data.read").count() - events_before
    assert written == args.requests, written
    w, wo = statistics.median(with_event), statistics.median(without_event)
    paired = statistics.median(a - b for a, b in zip(with_event, without_event, strict=True))
    overhead = (w - wo) / wo
    print(f"detail API request, {args.requests} requests of each kind (alternating), fields shown: "
          f"{len(body['fields_shown'])}; the events written by "
          f"{'the host appender' if appender else 'each request itself'}")
    for label, times in (("with the access event:   ", with_event), ("without the access event:", without_event)):
        q = statistics.quantiles(times, n=20)
        print(f"{label} median {statistics.median(times):6.2f} ms/request  (p5 {q[0]:.2f}, p95 {q[-1]:.2f})")
    print(f"access event cost: {w - wo:.2f} ms/request (median of the paired differences {paired:.2f} ms); "
          f"overhead {overhead * 100:.1f} % (target ≤ {TARGET * 100:.0f} %: "
          f"{'met' if overhead <= TARGET else 'NOT met'})")
    f = statistics.median(floor)
    print(f"the floor of one row committed before the response (a single-row INSERT + commit from psycopg, same "
          f"server, between the pairs): median {f:.2f} ms = {f / wo * 100:.1f} % of the request without the event")
    print("one client at a time; concurrent appends take no lock (bench/audit_append.py measures them)")


if __name__ == "__main__":
    main()
