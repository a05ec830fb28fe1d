import os
import shutil

import pytest
from django.db import connection, transaction
from django.test.utils import override_settings

from audit.context import Channel, bound
from governance.demo import demo_load

REQUIRE_SERVICES = os.environ.get("MIMAMORI_REQUIRE_SERVICES") == "1"


def require(available: bool, why: str) -> None:
    """Skip a test whose service is missing, except where every service must be there (CI)."""
    if not available:
        if REQUIRE_SERVICES:
            pytest.fail(f"{why} (MIMAMORI_REQUIRE_SERVICES=1 forbids skipping)")
        pytest.skip(why)


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    return [f"database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('HOST', '')}:{db.get('PORT', '')}",
            f"celery broker: {settings.CELERY_BROKER_URL.split('://')[0]}",
            f"chromium: {shutil.which('chromium') or 'absent'}"]


@pytest.fixture(scope="session", autouse=True)
def _suite_runs_on_postgresql(django_db_setup, django_db_blocker):
    """The suite's promise is PostgreSQL; SQLite would hide constraint, trigger and locking behaviour."""
    with django_db_blocker.unblock():
        assert connection.vendor == "postgresql", "Set DATABASE_URL to PostgreSQL (make test does)"


@pytest.fixture(autouse=True)
def _checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit-checkpoints"


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool({"transactional_db", "live_server"} & set(item.fixturenames)
                or (marker and marker.kwargs.get("transaction")))


def pytest_collection_modifyitems(items):
    """Note the modules whose every test takes the demo inside a transaction: those load it once."""
    by_module = {}
    for item in items:
        by_module.setdefault(item.module, []).append(item)
    for module, module_items in by_module.items():
        module._demo_once = all("demo" in item.fixturenames and not _transactional(item) for item in module_items)
        if module._demo_once:
            for item in module_items:  # opened before the test's own transaction, which nests inside it
                item.fixturenames.insert(0, "demo_module")


def _amendment_waiting(module) -> bool:
    """A module reviewing seed 004's LoGo amendment (or needing the state before it) says so with
    ``DEMO_AMENDMENT_WAITING = True``; the demo otherwise has the committee approve it."""
    return getattr(module, "DEMO_AMENDMENT_WAITING", False)


@pytest.fixture(scope="module")
def demo_module(request, django_db_setup, django_db_blocker):
    """The demo loaded once per module (it takes seconds) inside a transaction rolled back afterwards; each
    test runs in a savepoint inside it, so tests still cannot see each other's changes."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), bound(channel=Channel.CLI), \
            transaction.atomic():
        demo_load(amendment_waiting=_amendment_waiting(request.module))
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(db, request, settings):
    """The demo tenants, departments, facilities and one user per role.

    A test committing its work (a live server, real concurrent connections) or in a module where some test
    starts without the demo loads it itself (``db`` is then that test's own transaction or database)."""
    settings.DEBUG = True
    if not getattr(request.module, "_demo_once", False):
        with bound(channel=Channel.CLI):
            demo_load(amendment_waiting=_amendment_waiting(request.module))


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """A context manager: background jobs (and mails) queued inside it run when it ends, in this process, as the
    worker would run them (Celery eager); the test's transaction never commits, so on-commit work is captured."""
    from contextlib import contextmanager

    from config.celery import app

    @contextmanager
    def running():
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = True
        try:
            with django_capture_on_commit_callbacks(execute=True):
                yield
        finally:
            app.conf.task_always_eager = eager

    return running
