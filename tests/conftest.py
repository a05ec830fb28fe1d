import os
import shutil

import pytest
from django.db import connection

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


@pytest.fixture
def demo(db, settings):
    """The demo tenants, departments, facilities and one user per role."""
    settings.DEBUG = True
    with bound(channel=Channel.CLI):
        demo_load()
