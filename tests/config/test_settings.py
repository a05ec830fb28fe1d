"""With DEBUG off the process refuses development secrets and serves HTTPS only; embedded defaults need no server."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings

PROBE = "import django; django.setup(); print('started')"
MANAGE = str(settings.BASE_DIR / "manage.py")
# Secrets of an install's own, strong enough for Django's deploy check (no reuse of the published ones).
OWN_SECRETS = {"SECRET_KEY": "x7Qm2-vR9pLk4eT8wZ1nB6cY3hJ5sD0fG_aU7iO2qE9rW4tKmN3pQ8",
               "MIMAMORI_AUDIT_CHAIN_KEY": "a" * 40, "MIMAMORI_FIELD_KEYS": "k1:" + "A" * 43 + "=",
               "MIMAMORI_AUDIT_SIGNING_KEY": "b3duLWluc3RhbGwtYXVkaXQtc2lnbmluZy1rZXktMzI="}
# The ward's own requester of the subsidy's transfer files (not a secret, but required with DEBUG off).
OWN_REQUESTER = {"MIMAMORI_SUBSIDY_ZENGIN_REQUESTER": (
    '{"code": "1310400099", "name": "ｼﾝｼﾞﾕｸｸ", "bank_code": "0005", "branch_code": "001", "account_kind": "1", '
    '"account_number": "7654321"}')}


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    # DJANGO_ALLOW_ASYNC_UNSAFE is set in this process by the browser tests; a deployment never has it.
    clean = {k: v for k, v in os.environ.items()
             if k not in {*OWN_SECRETS, *OWN_REQUESTER, "DEBUG", "ALLOWED_HOSTS", "MIMAMORI_ENV",
                          "MIMAMORI_PROXY_SSL_HEADER", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run([sys.executable, *args], env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
                          capture_output=True, text=True, check=False)


def start(**env: str) -> subprocess.CompletedProcess:
    return run("-c", PROBE, **env)


def on_empty_sqlite(tmp_path) -> dict[str, str]:
    """A database with no tables yet, as before the first migrate."""
    return {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "MIMAMORI_VAR_DIR": str(tmp_path)}


def test_production_refuses_development_secrets():
    result = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="mimamori.example")
    assert result.returncode != 0
    assert "SECRET_KEY, MIMAMORI_AUDIT_CHAIN_KEY, MIMAMORI_AUDIT_SIGNING_KEY, MIMAMORI_FIELD_KEYS" in result.stderr


def test_debug_off_refuses_development_secrets_without_the_production_switch():
    result = start(DEBUG="0", ALLOWED_HOSTS="mimamori.example")
    assert result.returncode != 0
    assert "set SECRET_KEY, MIMAMORI_AUDIT_CHAIN_KEY, MIMAMORI_AUDIT_SIGNING_KEY, MIMAMORI_FIELD_KEYS" in result.stderr
    for value in (settings.DEV_SECRET_KEY, settings.DEV_AUDIT_CHAIN_KEY, settings.DEV_AUDIT_SIGNING_KEY,
                  settings.DEV_FIELD_KEYS):
        assert value not in result.stderr


@pytest.mark.parametrize("variable", sorted(OWN_SECRETS))
def test_debug_off_names_the_one_development_secret_left(variable):
    own = {k: v for k, v in OWN_SECRETS.items() if k != variable}
    result = start(DEBUG="0", ALLOWED_HOSTS="h", **own)
    assert result.returncode != 0
    assert f"development secrets are in use: set {variable}\n" in result.stderr


def test_debug_off_needs_allowed_hosts():
    result = start(DEBUG="0", **OWN_SECRETS, **OWN_REQUESTER)
    assert result.returncode != 0 and "Set ALLOWED_HOSTS when DEBUG is off" in result.stderr


def test_debug_off_needs_the_wards_own_transfer_requester():
    missing = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="h", **OWN_SECRETS)
    assert missing.returncode != 0 and "Set MIMAMORI_SUBSIDY_ZENGIN_REQUESTER" in missing.stderr
    demo = json.dumps(settings.DEV_SUBSIDY_ZENGIN_REQUESTER, ensure_ascii=False)
    demo_value = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="h", MIMAMORI_SUBSIDY_ZENGIN_REQUESTER=demo,
                       **OWN_SECRETS)
    assert demo_value.returncode != 0 and "the demo's made-up account" in demo_value.stderr
    wrong = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="h", MIMAMORI_SUBSIDY_ZENGIN_REQUESTER='{"code": "1"}',
                  **OWN_SECRETS)
    assert wrong.returncode != 0 and "exactly the keys code, name, bank_code" in wrong.stderr


def test_production_refuses_debug():
    result = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="h", DEBUG="1", **OWN_SECRETS, **OWN_REQUESTER)
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_production_starts_with_its_own_secrets():
    result = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="h", **OWN_SECRETS, **OWN_REQUESTER)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_off_serves_https_only_and_trusts_only_the_named_proxy_header():
    probe = ("import django; django.setup(); from django.conf import settings as s; "
             "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, "
             "s.SECURE_PROXY_SSL_HEADER)")
    result = run("-c", probe, DEBUG="0", ALLOWED_HOSTS="h", **OWN_SECRETS, **OWN_REQUESTER)
    assert result.stdout.split() == ["True", "True", "True", "31536000", "None"], result.stderr
    behind_proxy = run("-c", probe, DEBUG="0", ALLOWED_HOSTS="h", MIMAMORI_PROXY_SSL_HEADER="X-Forwarded-Proto",
                       MIMAMORI_HSTS_SECONDS="300", **OWN_SECRETS, **OWN_REQUESTER)
    assert behind_proxy.stdout.split()[3:] == ["300", "('HTTP_X_FORWARDED_PROTO',", "'https')"]
    development = run("-c", probe)
    assert development.stdout.split() == ["False", "False", "False", "0", "None"]


def test_check_deploy_finds_nothing_in_the_production_settings(tmp_path):
    """Django's deployment checks, the demo-authenticator check and the API schema's pass with an install's own
    settings."""
    result = run(MANAGE, "check", "--deploy", MIMAMORI_ENV="production", ALLOWED_HOSTS="mimamori.example",
                 **OWN_SECRETS, **OWN_REQUESTER, **on_empty_sqlite(tmp_path))
    assert result.returncode == 0, result.stderr
    issues = set(re.findall(r"\(([\w.]+\.[CEW]\d{3})\)", result.stdout + result.stderr))
    assert issues == set(), issues


def test_migrate_on_an_empty_database_runs_with_debug_off(tmp_path):
    """The demo-authenticator check runs before migrate and finds no table yet: that is not an error."""
    result = run(MANAGE, "migrate", "--plan", DEBUG="0", ALLOWED_HOSTS="h", **OWN_SECRETS, **OWN_REQUESTER,
                 **on_empty_sqlite(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "governance.0001_initial" in result.stdout


def test_api_schema_and_docs_need_a_login_with_debug_off(tmp_path):
    probe = ("import django; django.setup(); from django.test import Client; c = Client(); "
             "print(*(c.get(p, secure=True).status_code for p in ('/api/schema/', '/api/docs/', '/api/redoc/')))")
    result = run("-c", probe, DEBUG="0", ALLOWED_HOSTS="testserver", **OWN_SECRETS, **OWN_REQUESTER,
                 **on_empty_sqlite(tmp_path))
    assert result.stdout.split() == ["403", "403", "403"], result.stderr


def test_api_schema_and_docs_stay_open_in_development(tmp_path):
    probe = ("import django; django.setup(); from django.test import Client; c = Client(); "
             "print(*(c.get(p).status_code for p in ('/api/schema/', '/api/docs/', '/api/redoc/')))")
    result = run("-c", probe, **on_empty_sqlite(tmp_path))
    assert result.stdout.split() == ["200", "200", "200"], result.stderr


def test_embedded_defaults_are_japanese_tokyo_sqlite_and_filesystem_broker(tmp_path):
    probe = ("import django; django.setup(); from django.conf import settings as s; "
             "print(s.LANGUAGE_CODE, s.TIME_ZONE, s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run([sys.executable, "-c", probe],
                            env={**env, "MIMAMORI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"},
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["ja", "Asia/Tokyo", "django.db.backends.sqlite3", "filesystem://"]
