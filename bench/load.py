"""Load: the production server (`make serve`: Gunicorn's workers, WhiteNoise, MIMAMORI_ENV=production) on loopback,
driven for a bounded time by Locust with the real pages and API calls of each role; then a database check that
every answered read of personal data has its audit event.

Three steps, the first and last in processes of their own (Locust patches the standard library with gevent,
which the database driver of the other two must not see):

1. prepare: migrate a database of its own, load the demo (with the same test secrets the server gets), and give
   each role's demo user a signed-in session and an API token, as a log-in would;
2. load: start `scripts/serve` on a free port and run Locust's users (each role in turn) for ``--seconds``;
   print requests/s, p50/p99 and errors, overall and per request kind;
3. check: every answered request that reads a child's data (the list, the detail page and API, the guardian's
   own children) is matched, by the X-Request-ID the server sent, with its ``audit.personal_data.read`` event in
   the audit event table.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mimamori_bench_load python bench/load.py --seconds 60 --users 10

The secrets are test values (as in tests/config/test_production_server.py): the data and its keys are the demo's.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mimamori_bench_load"
SECRETS = {
    "SECRET_KEY": "bench-load-x7Qm2-vR9pLk4eT8wZ1nB6cY3hJ5sD0fG_aU7iO2qE9rW4t",
    "MIMAMORI_AUDIT_CHAIN_KEY": "b" * 40,
    "MIMAMORI_FIELD_KEYS": "k1:" + "B" * 43 + "=",
    "MIMAMORI_AUDIT_SIGNING_KEY": "YmVuY2gtbG9hZC1hdWRpdC1zaWduaW5nLWtleS0zMmI=",
    # The ward's own requester of subsidy transfer files: required with DEBUG off.
    "MIMAMORI_SUBSIDY_ZENGIN_REQUESTER": '{"code": "1310400099", "name": "ｼﾝｼﾞﾕｸｸ", "bank_code": "0005", '
                                         '"branch_code": "001", "account_kind": "1", "account_number": "7654321"}',
}
HTTPS = {"X-Forwarded-Proto": "https"}  # what the ward's TLS proxy adds
EVENT = "audit.personal_data.read"

# Per role: its demo login and the requests its users make, as (kind, path, audited). ``{child}`` is a child the
# role may read; an audited request must leave an access event carrying the request's id.
ROLES = {
    "department": (
        "hoiku",
        "岡田 葵",
        [
            ("home", "/", False),
            ("registry page", "/registry/", False),
            ("businesses API", "/api/v1/governance/businesses/", False),
            ("children page", "/children/", True),
            ("child API", "/api/v1/childcare/children/{child}/", True),
        ],
    ),
    "facility": (
        "piyopiyo",
        "青木 陽向",
        [
            ("home", "/", False),
            ("children page", "/children/", True),
            ("child page", "/children/{child}/", True),
            ("child API", "/api/v1/childcare/children/{child}/", True),
            ("care registrations page", "/care/registrations/", False),
        ],
    ),
    "vendor": (
        "uchida",
        None,
        [
            ("home", "/", False),
            ("ledger page", "/exchanges/ledger/", False),
            ("deletion page", "/deletion/", False),
            ("ledger API", "/api/v1/governance/ledger/", False),
        ],
    ),
    "auditor": (
        "auditor",
        None,
        [
            ("home", "/", False),
            ("audit page", "/audit/", False),
            ("events API", "/api/v1/audit/events/", False),
            ("registry page", "/registry/", False),
        ],
    ),
    "guardian": (
        "guardian",
        "岡田 葵",
        [
            ("home", "/", False),
            ("care page", "/care/", False),
            ("my children page", "/children/mine/", True),
            ("child API", "/api/v1/childcare/children/{child}/", True),
        ],
    ),
}


def environment(database_url: str, **extra: str) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "MIMAMORI_ENV", "ALLOWED_HOSTS"}
    }
    return {**clean, **SECRETS, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "config.settings", **extra}


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(plan_file: Path) -> None:
    """Step 1, in its own process (DEBUG on: the demo loads only then): the database, the demo, the sign-ins."""
    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from audit.context import Channel, bound
    from childcare.children.models import Child
    from governance.demo import demo_load
    from governance.security.tokens import api_token_issue
    from governance.tenancy.models import User

    call_command("migrate", verbosity=0)
    with bound(channel=Channel.CLI):
        demo_load()
    children = {c.name: str(c.record_uid) for c in Child.objects.all()}
    plan = {}
    for role, (username, child, requests) in ROLES.items():
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user, backend="governance.tenancy.auth.RoleBackend")
        with bound(channel=Channel.CLI):
            _, token = api_token_issue(user=user)
        plan[role] = {
            "session": client.cookies["sessionid"].value,
            "token": token,
            "user_id": user.pk,
            "requests": [
                (kind, path.format(child=children.get(child, "")), audited) for kind, path, audited in requests
            ],
        }
    plan_file.write_text(json.dumps(plan))


def check(plan_file: Path, results_file: Path) -> None:
    """Step 3: every audited answer has its access event, found by the request id the server sent."""
    import django

    django.setup()
    from audit.models import AuditEvent

    results = json.loads(results_file.read_text())
    wanted = {request_id: kind for kind, request_id in results["audited"]}
    found: set[str] = set()
    ids = list(wanted)
    for start in range(0, len(ids), 5000):
        found |= set(
            AuditEvent.objects.filter(name=EVENT, request_id__in=ids[start : start + 5000]).values_list(
                "request_id", flat=True
            )
        )
    missing = [f"{wanted[i]} {i}" for i in ids if i not in found]
    print(
        f"audit check: {len(found)} of {len(wanted)} answered reads of personal data have their "
        f"{EVENT} event (by X-Request-ID); missing: {len(missing)}"
    )
    for line in missing[:10]:
        print("  missing:", line)
    sys.exit(1 if missing else 0)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(database_url: str, port: int, workdir: Path, workers: int) -> subprocess.Popen:
    env = environment(
        database_url,
        MIMAMORI_ENV="production",
        ALLOWED_HOSTS="127.0.0.1",
        MIMAMORI_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
        MIMAMORI_PROXY_SSL_HEADER="X-Forwarded-Proto",
        MIMAMORI_STATIC_ROOT=str(workdir / "static"),
        MIMAMORI_VAR_DIR=str(workdir / "var"),
        MIMAMORI_AUDIT_CHECKPOINT_FILE=str(workdir / "checkpoints"),
        VENV=str(Path(sys.executable).parent.parent),
    )
    log = (workdir / "serve.log").open("w")
    process = subprocess.Popen([str(ROOT / "scripts" / "serve")], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the server did not start:\n{(workdir / 'serve.log').read_text()[-3000:]}") from None
            time.sleep(0.5)


def load(plan: dict, port: int, seconds: int, users: int, warmup: int) -> dict:
    """Step 2: Locust's users, spread over the roles, for ``warmup`` then ``seconds`` (timed); the figures and the
    audited request ids (of both)."""
    import gevent
    from locust import HttpUser, constant, task
    from locust.env import Environment

    audited: list[tuple[str, str]] = []

    def role_user(role: str, entry: dict) -> type:
        headers = {**HTTPS, "Cookie": f"sessionid={entry['session']}"}
        api_headers = {**HTTPS, "Authorization": f"Token {entry['token']}"}

        class RoleUser(HttpUser):
            host = f"http://127.0.0.1:{port}"
            wait_time = constant(0)

            @task
            def browse(self):
                for kind, path, must_audit in entry["requests"]:
                    api = path.startswith("/api/")
                    with self.client.get(
                        path,
                        headers=api_headers if api else headers,
                        allow_redirects=False,
                        name=f"{role}: {kind}",
                        catch_response=True,
                    ) as response:
                        if response.status_code != 200:
                            response.failure(f"{response.status_code} {response.text[:200]}")
                        elif must_audit:
                            audited.append((f"{role}: {kind}", response.headers["X-Request-ID"]))

        RoleUser.__name__ = f"{role.title()}User"
        return RoleUser

    classes = [role_user(role, entry) for role, entry in plan.items()]
    env = Environment(user_classes=classes)
    runner = env.create_local_runner()
    runner.start(user_count=max(users, len(classes)), spawn_rate=max(users, len(classes)))
    # The first requests of each worker load the policy bundle, the keys and the templates: timed apart.
    gevent.sleep(warmup)
    env.stats.reset_all()
    gevent.spawn_later(seconds, runner.quit)
    runner.greenlet.join()
    total = env.stats.total
    rows = [
        {
            "name": s.name,
            "requests": s.num_requests,
            "failures": s.num_failures,
            "p50": s.get_response_time_percentile(0.5),
            "p99": s.get_response_time_percentile(0.99),
        }
        for s in sorted(env.stats.entries.values(), key=lambda s: s.name)
    ]
    errors = [f"{e.occurrences} × {e.name}: {e.error}" for e in env.stats.errors.values()]
    return {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.total_rps,
        "p50": total.get_response_time_percentile(0.5),
        "p99": total.get_response_time_percentile(0.99),
        "rows": rows,
        "errors": errors,
        "audited": audited,
        "users": max(users, len(classes)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="how long the users run")
    parser.add_argument("--warmup", type=int, default=10, help="seconds of load before the timing starts")
    parser.add_argument("--users", type=int, default=10, help="concurrent users, spread over the roles")
    parser.add_argument("--workers", type=int, default=2, help="Gunicorn worker processes (WEB_CONCURRENCY)")
    parser.add_argument("--step", choices=["prepare", "check"], help=argparse.SUPPRESS)
    parser.add_argument("--plan", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--results", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    if args.step == "prepare":
        return prepare(args.plan)
    if args.step == "check":
        return check(args.plan, args.results)

    with tempfile.TemporaryDirectory(prefix="mimamori-load-") as folder:
        workdir = Path(folder)
        plan_file, results_file = workdir / "plan.json", workdir / "results.json"
        started = time.monotonic()
        subprocess.run(
            [sys.executable, __file__, "--step", "prepare", "--plan", str(plan_file)],
            env=environment(database_url, DEBUG="1"),
            check=True,
        )
        print(f"prepared (migrate, demo, sign-ins) in {time.monotonic() - started:.0f} s")
        port = free_port()
        server = serve(database_url, port, workdir, args.workers)
        try:
            figures = load(json.loads(plan_file.read_text()), port, args.seconds, args.users, args.warmup)
        finally:
            server.terminate()
            server.wait(timeout=60)
        results_file.write_text(json.dumps({"audited": figures["audited"]}))
        print(
            f"\nproduction server (Gunicorn, {args.workers} workers × {os.environ.get('MIMAMORI_WEB_THREADS', '4')} "
            f"threads, MIMAMORI_ENV=production) on loopback; {figures['users']} Locust users over "
            f"{len(ROLES)} roles for {args.seconds} s after {args.warmup} s of warm-up"
        )
        print(f"{'request':44} {'count':>7} {'errors':>6} {'p50 ms':>7} {'p99 ms':>7}")
        for row in figures["rows"]:
            print(f"{row['name']:44} {row['requests']:7} {row['failures']:6} {row['p50']:7.0f} {row['p99']:7.0f}")
        print(f"{'all':44} {figures['requests']:7} {figures['failures']:6} {figures['p50']:7.0f} {figures['p99']:7.0f}")
        print(f"throughput: {figures['rps']:.1f} requests/s; errors: {figures['failures']} (target 0)")
        for error in figures["errors"][:10]:
            print("  error:", error)
        checked = subprocess.run(
            [sys.executable, __file__, "--step", "check", "--plan", str(plan_file), "--results", str(results_file)],
            env=environment(database_url),
            check=False,
        )
        sys.exit(1 if figures["failures"] or checked.returncode else 0)


if __name__ == "__main__":
    main()
