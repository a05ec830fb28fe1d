"""Production refuses development secrets; the embedded defaults need no server."""

import os
import subprocess
import sys

PROBE = "import django; django.setup(); print('started')"


def start(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in {"SECRET_KEY", "MIMAMORI_AUDIT_CHAIN_KEY", "MIMAMORI_FIELD_KEYS", "DEBUG", "ALLOWED_HOSTS"}}
    return subprocess.run([sys.executable, "-c", PROBE], env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings",
                                                               **env},
                          capture_output=True, text=True, check=False)


def test_production_refuses_development_secrets():
    result = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="mimamori.example")
    assert result.returncode != 0
    assert "SECRET_KEY, MIMAMORI_AUDIT_CHAIN_KEY, MIMAMORI_FIELD_KEYS" in result.stderr


def test_production_refuses_debug():
    result = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="h", DEBUG="1", SECRET_KEY="s" * 50,
                   MIMAMORI_AUDIT_CHAIN_KEY="a" * 40, MIMAMORI_FIELD_KEYS="k1:" + "A" * 44)
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_production_starts_with_its_own_secrets():
    result = start(MIMAMORI_ENV="production", ALLOWED_HOSTS="h", SECRET_KEY="s" * 50,
                   MIMAMORI_AUDIT_CHAIN_KEY="a" * 40, MIMAMORI_FIELD_KEYS="k1:" + "A" * 44)
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_embedded_defaults_are_japanese_tokyo_sqlite_and_filesystem_broker(tmp_path):
    probe = ("import django; django.setup(); from django.conf import settings as s; "
             "print(s.LANGUAGE_CODE, s.TIME_ZONE, s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL)")
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run([sys.executable, "-c", probe],
                            env={**env, "MIMAMORI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"},
                            capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["ja", "Asia/Tokyo", "django.db.backends.sqlite3", "filesystem://"]
