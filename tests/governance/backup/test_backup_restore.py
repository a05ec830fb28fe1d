"""A backup restores into an empty database and proves itself; the keys travel apart, sealed."""

import json
import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from childcare.children.models import Child
from governance.backup.services import DUMP, MANIFEST, backup_create, key_backup_open, key_backup_write
from tests.support import audit_sealed, database_url

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def target():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored"[:63]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield database_url().rsplit("/", 1)[0] + "/" + name
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(url: str, tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "MIMAMORI_AUDIT_CHECKPOINT_FILE": str(tmp_path / "restored-checkpoints"), **env}
    return subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "restore", *args], env=env,
                          capture_output=True, text=True, check=False)


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_an_empty_database_with_its_counts_chain_and_encrypted_records(demo, tmp_path, target):
    audit_sealed()  # sealed and checkpointed outside the database: the restored chains must match
    summary = backup_create(directory=tmp_path / "backup")
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert summary.rows == sum(manifest["tables"].values())
    assert manifest["tables"]["childcare_child"] == Child.objects.count() > 0
    assert (tmp_path / "backup" / "audit-checkpoints").read_bytes() == settings.AUDIT_CHECKPOINT_FILE.read_bytes()

    done = restore(target, tmp_path, str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    print(done.stdout)
    assert "the audit chain verifies" in done.stdout and "encrypted models open" in done.stdout
    restored, source = counts(target), counts(database_url())
    for table, rows in manifest["tables"].items():
        if not table.startswith("audit_"):  # the backup and the restore each add their own audit events
            assert restored[table] == rows == source[table], table
    models = int(done.stdout.split(" encrypted models")[0].rsplit(" ", 1)[1])
    assert models >= 5, done.stdout  # children, guardians, care registrations, payers, login secrets …

    again = restore(target, tmp_path, str(tmp_path / "backup"))
    assert again.returncode != 0 and "は空ではありません" in again.stderr
    assert counts(target) == restored, "a refused restore changes nothing"


@pytest.mark.django_db(transaction=True)
def test_an_altered_dump_or_other_keys_leave_the_target_empty(demo, tmp_path, target):
    backup_create(directory=tmp_path / "backup")
    dump = tmp_path / "backup" / DUMP
    original = dump.read_bytes()
    dump.write_bytes(original[:-10] + bytes(10))
    damaged = restore(target, tmp_path, str(tmp_path / "backup"))
    assert damaged.returncode != 0 and "database.dump がないか改変されています" in damaged.stderr
    assert counts(target) == {}

    dump.write_bytes(original)
    other_keys = restore(target, tmp_path, str(tmp_path / "backup"),
                         MIMAMORI_FIELD_KEYS="other:" + "B" * 43 + "=")
    assert other_keys.returncode != 0, other_keys.stdout
    assert "この環境の鍵で復号できません" in other_keys.stderr
    assert "データベースは空に戻しました" in other_keys.stderr and counts(target) == {}
    assert not (tmp_path / "restored-checkpoints").exists()


@pytest.mark.django_db(transaction=True)
def test_the_keys_are_sealed_apart_and_open_only_with_the_passphrase(tmp_path):
    path = tmp_path / "keys.sealed"
    assert key_backup_write(path=path, passphrase=PASSPHRASE) == [
        "MIMAMORI_AUDIT_CHAIN_KEY", "MIMAMORI_AUDIT_SIGNING_KEY", "MIMAMORI_FIELD_KEYS", "SECRET_KEY"]
    sealed = path.read_text()
    for secret in (settings.FIELD_ENCRYPTION_KEYS, settings.AUDIT_CHAIN_KEY, settings.AUDIT_SIGNING_KEY,
                   settings.SECRET_KEY):
        assert secret not in sealed
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert key_backup_open(path=path, passphrase=PASSPHRASE)["MIMAMORI_FIELD_KEYS"] == settings.FIELD_ENCRYPTION_KEYS

    opened = restore(database_url(), tmp_path, "--open-keys", str(path), MIMAMORI_BACKUP_PASSPHRASE=PASSPHRASE)
    assert f"MIMAMORI_AUDIT_CHAIN_KEY={settings.AUDIT_CHAIN_KEY}" in opened.stdout.splitlines()
    wrong = restore(database_url(), tmp_path, "--open-keys", str(path), MIMAMORI_BACKUP_PASSPHRASE="x" * 20)
    assert wrong.returncode != 0 and "このパスフレーズでは鍵のバックアップを開けません" in wrong.stderr

    inside = subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "backup", str(tmp_path / "b"),
                             "--keys", str(tmp_path / "b" / "keys")],
                            env={**os.environ, "DATABASE_URL": database_url(),
                                 "MIMAMORI_BACKUP_PASSPHRASE": PASSPHRASE},
                            capture_output=True, text=True, check=False)
    assert inside.returncode != 0 and "must not be written inside the backup directory" in inside.stderr
    assert not (tmp_path / "b").exists()
