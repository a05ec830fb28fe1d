import contextlib
import html
import json
import os
import re
import shutil

import pytest
from django.conf import settings
from django.contrib import messages
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import translation

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


# ---------------------------------------------------------------------------------------------------------------
# Japanese first: every refusal the suite provokes through the test client, under Japanese (the default, or an
# Accept-Language asking for it), must be in Japanese. Each response is inspected as it comes back: the message
# of a 4xx JSON answer (``message``, ``detail``, DRF's per-field lists, a policy's reasons), the form errors and
# error notes of an HTML page, and the error messages the page queued for the next one. A message with English
# words and no Japanese fails the test that provoked it. Machine-readable parts (``error``, ``code``, ``field``,
# ``details``) stay English by design and are not read.

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff9f]")
_ENGLISH_WORDS = re.compile(r"[A-Za-z]{3,}(?:\s+[A-Za-z]{2,})+")  # a phrase, not a code or an identifier
_NOT_MESSAGES = frozenset({"error", "code", "codes", "field", "fields", "details", "column", "value", "values",
                           "state", "status", "kind", "transition", "direction", "side", "item", "certification"})
_HTML_ERRORS = re.compile(
    r'<(ul|span|p|div)\b[^>]*\bclass="(?:[^"]*\s)?(?:errorlist|error|message error)(?:\s[^"]*)?"[^>]*>(.*?)</\1>',
    re.S)
_TAGS = re.compile(r"<[^>]+>")
_foreign_messages: list[str] = []


def _not_japanese(message: str) -> bool:
    return bool(_ENGLISH_WORDS.search(message)) and not _JAPANESE.search(message)


def _json_messages(value, key: str | None = None):
    if isinstance(value, str):
        if key in ("message", "detail", "reason", "non_field_errors") or key == "[]":
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in _NOT_MESSAGES:
                yield from _json_messages(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _json_messages(item, key if isinstance(item, dict) else "[]" if key not in _NOT_MESSAGES
                                      else None)


def _response_messages(response) -> list[str]:
    """The user-facing error messages of one test-client response."""
    found: list[str] = []
    content_type = response.get("Content-Type", "")
    if 400 <= response.status_code < 500 and content_type.startswith("application/json"):
        with contextlib.suppress(ValueError):
            found += _json_messages(json.loads(response.content))
    elif content_type.startswith("text/html") and not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", "replace")
        if "technical_500" not in body and 'id="summary"' not in body:  # DEBUG's technical pages are for developers
            found += [html.unescape(_TAGS.sub(" ", m.group(2))).strip() for m in _HTML_ERRORS.finditer(body)]
    storage = getattr(getattr(response, "wsgi_request", None), "_messages", None)
    found += [str(m.message) for m in getattr(storage, "_queued_messages", ()) if m.level >= messages.ERROR]
    return [m for m in found if m]


def _inspected_request(original):
    def request(self, **request):
        response = original(self, **request)
        wsgi_request = getattr(response, "wsgi_request", None)
        if getattr(wsgi_request, "LANGUAGE_CODE", "ja") == "ja":
            path = getattr(wsgi_request, "path", "?")
            _foreign_messages.extend(f"{response.status_code} {path}: {m!r}"
                                     for m in _response_messages(response) if _not_japanese(m))
        return response
    return request


def pytest_configure(config):
    from django.test import client as django_client

    django_client.Client.request = _inspected_request(django_client.Client.request)


@pytest.fixture(autouse=True)
def _messages_are_japanese():
    """Fails the test when a response it provoked showed a user an error message that is not Japanese.

    Each test starts in the default language: a request asking for English leaves it active in the thread."""
    _foreign_messages.clear()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
    found, _foreign_messages[:] = list(dict.fromkeys(_foreign_messages)), []
    if found:
        pytest.fail("Messages shown under Japanese are not in Japanese:\n" + "\n".join(found), pytrace=False)
