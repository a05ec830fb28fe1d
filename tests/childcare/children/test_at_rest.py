"""At rest: a dump of the database after the demo holds no personal value; rotation keeps every child readable."""

import glob
import re
import shutil
import subprocess

import pytest
from django.core.management import call_command
from django.db import connection

from childcare.children.demo import CHILDREN
from childcare.children.models import Child, ChildGuardian, Guardian
from governance.crypto import keyring
from governance.crypto.models import KeyVersion
from governance.crypto.rotation import master_key_retire
from governance.tenancy.models import Municipality
from tests.support import database_url

NEW_KEY = "rot2:" + "UkVQTEFDRU1FTlQtS0VZLTMyLUJZVEVTLUxPTkctISE="


def demo_values() -> list[str]:
    """Names, kana, phone numbers, addresses, allergy and health notes and account numbers of the demo people."""
    values = []
    for *_, child, guardians in CHILDREN:
        name, kana, _birth, _enrolled, address, allergies, illness, disabilities = child
        values += [name, name.replace(" ", ""), kana, address, allergies, illness, disabilities]
        for g_name, g_kana, _relationship, phone, email, account, _login in guardians:
            values += [g_name, g_name.replace(" ", ""), g_kana, phone, phone.replace("-", ""), email, account]
            if account:
                values.append(account.rsplit(" ", 1)[1])  # the account number alone
    return [v for v in values if v]


def dump_database() -> str:
    """pg_dump of the whole test database when a pg_dump that can read this server is at hand, else COPY of
    every table (both are full dumps: every row of every table)."""
    candidates = [shutil.which("pg_dump"), *sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), reverse=True)]
    for binary in filter(None, candidates):
        done = subprocess.run([binary, "--no-owner", database_url()], capture_output=True)
        if done.returncode == 0:
            return done.stdout.decode("utf-8")
    parts = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = [row[0] for row in cursor.fetchall()]
        raw = cursor.connection
        for table in tables:
            with raw.cursor().copy(f'COPY "{table}" TO STDOUT') as copy:
                parts.append(b"".join(bytes(chunk) for chunk in copy).decode("utf-8"))
    return "\n".join(parts)


@pytest.mark.django_db(transaction=True)
def test_a_dump_after_the_demo_holds_none_of_the_demo_peoples_values(demo):
    assert Child.objects.count() == 6 and Guardian.objects.count() == 8
    dump = dump_database()
    assert "childcare_child" in dump and "childcare_guardian" in dump and "audit_auditevent" in dump
    values = demo_values()
    assert len(values) > 60
    assert [v for v in values if _found(v, dump)] == []


def _found(value: str, dump: str) -> bool:
    """In plain text, or as the hex a plaintext bytea column would show. A number alone (an account or phone
    number) counts only outside hex runs: ciphertext and uuids are hex and may contain any short digit run."""
    if value.isdigit():
        return re.search(rf"(?<![0-9a-fA-F]){value}(?![0-9a-fA-F])", dump) is not None
    return value in dump or value.encode("utf-8").hex() in dump


@pytest.mark.django_db(transaction=True)
def test_after_rotation_every_child_reads_and_the_old_key_is_retired(demo, settings):
    expected = {c.record_uid: (c.name, c.kana, c.birth_date, c.address, c.allergy_notes) for c in Child.objects.all()}
    guardians = {g.record_uid: (g.name, g.phone, g.bank_account) for g in Guardian.objects.all()}
    relationships = sorted(link.relationship for link in ChildGuardian.objects.all())
    old = settings.FIELD_ENCRYPTION_KEYS.split(",")[0].split(":")[0]
    settings.FIELD_ENCRYPTION_KEYS = f"{NEW_KEY},{settings.FIELD_ENCRYPTION_KEYS}"
    keyring.clear_caches()

    call_command("rotate_keys", "--tenant", "131202", "--tenant", "131041", "--batch-size", "3")
    call_command("rotate_keys", "--platform")  # the login secrets (TOTP) use the platform ring
    retired = master_key_retire(key_id=old)
    settings.FIELD_ENCRYPTION_KEYS = NEW_KEY  # the old key leaves the environment
    keyring.clear_caches()

    assert retired.versions_destroyed == 3 and not KeyVersion.objects.filter(master_key_id=old).exists()
    assert {c.record_uid: (c.name, c.kana, c.birth_date, c.address, c.allergy_notes)
            for c in Child.objects.all()} == expected
    assert {g.record_uid: (g.name, g.phone, g.bank_account) for g in Guardian.objects.all()} == guardians
    assert sorted(link.relationship for link in ChildGuardian.objects.all()) == relationships
    nerima = Municipality.objects.get(code="131202")
    assert Child.objects.matching(tenant=nerima, kana="ｱｵｷ ﾋﾅﾀ").get().name == "青木 陽向"  # indexes still work
    assert Guardian.objects.matching(tenant=nerima, phone="09048213357").get().name == "青木 美咲"
    keyring.clear_caches()
