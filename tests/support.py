"""Helpers for tests that start real processes against the test database."""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection

MANAGE = Path(__file__).resolve().parents[1] / "manage.py"


def database_url() -> str:
    """The URL of the test database, for a worker or command started as a separate process."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def command_process(*args: str, **env: str) -> subprocess.Popen:
    """`manage.py ARGS` as its own process on the test database (and this test's audit checkpoint file)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "DATABASE_URL": database_url(),
           "MIMAMORI_AUDIT_CHECKPOINT_FILE": str(settings.AUDIT_CHECKPOINT_FILE), **env}
    return subprocess.Popen([sys.executable, str(MANAGE), *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def on_fresh_sqlite(code: str, var: Path) -> dict:
    """Run ``code`` in a process of its own on a `make run` database (SQLite under the fresh folder ``var``, which
    the code migrates); what it printed last, read as JSON."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MIGRATION_DATABASE_URL",
                                                             "CELERY_BROKER_URL"}}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False,
                            env={**env, "MIMAMORI_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@contextmanager
def rows_locked(sql: str, params: list):
    """Hold rows locked from another connection: a process needing them waits there, wherever the machine's speed."""
    blocker = psycopg.connect(database_url())
    blocker.execute(sql, params)
    try:
        yield
    finally:
        blocker.rollback()
        blocker.close()


def kill_when(process: subprocess.Popen, reached: Callable[[], bool], *, timeout: float = 60) -> None:
    """SIGKILL the process once ``reached()`` holds, as a crash at that point would."""
    deadline = time.monotonic() + timeout
    try:
        while not reached():
            assert process.poll() is None, process.stdout.read()
            assert time.monotonic() < deadline, "the process never reached the point to kill it at"
            time.sleep(0.1)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL


def audit_sealed():
    """Seal every audit event written so far into its tenant's chain and checkpoint the heads, as the sealer
    (beat, every second) would: for a test that verifies or inspects the chains right after acting."""
    from audit.chain import seal

    result = seal(force_checkpoint=True)
    assert not result.refused, result.refused
    return result
