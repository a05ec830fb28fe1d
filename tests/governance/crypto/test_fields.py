"""Encrypted fields: round trips, binding to row and field, nothing readable in the database."""

import datetime

import pytest
from django.db import connection, transaction

from governance.crypto import DecryptionFailed, PlaintextRefused, data_keys_provision, keyring
from governance.crypto.fields import OPENED, _plan, _plans
from governance.crypto.models import DataKey, KeyRing
from tests.crypto_testapp.models import Person, PersonNote

from .tampering import records_swap

VALUES = {
    "name": "山田 太郎",
    "kana": "ヤマダ タロウ",
    "phone": "03-1234-5678",
    "email": "taro@example.jp",
    "birth_date": datetime.date(2021, 4, 1),
    "income": 4_820_000,
    "profile": {"allergies": ["卵", "小麦"], "notes": "エピペン所持", "siblings": 2},
}


def _raw(table: str, column: str, pk: int) -> bytes | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        value = cursor.fetchone()[0]
    return None if value is None else bytes(value)


def _fresh(pk: int) -> Person:
    keyring.clear_caches()
    return Person.objects.get(pk=pk)


def test_every_field_type_round_trips(ward):
    person = Person.objects.create(municipality=ward, **VALUES)

    loaded = _fresh(person.pk)

    assert {name: getattr(loaded, name) for name in VALUES} == VALUES
    assert isinstance(loaded.birth_date, datetime.date) and isinstance(loaded.income, int)


def test_values_given_as_strings_are_converted_on_save(ward):
    person = Person.objects.create(municipality=ward, name="A", birth_date="2020-02-29", income="12")
    loaded = _fresh(person.pk)
    assert (loaded.birth_date, loaded.income) == (datetime.date(2020, 2, 29), 12)


def test_empty_values_stay_null(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    loaded = _fresh(person.pk)
    assert (loaded.kana, loaded.birth_date, loaded.income, loaded.profile) == (None, None, None, None)
    assert _raw("crypto_testapp_person", "kana", person.pk) is None
    assert loaded.kana_index is None


def test_no_plaintext_reaches_the_database(ward):
    person = Person.objects.create(municipality=ward, **VALUES)

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM crypto_testapp_person WHERE id = %s", [person.pk])
        row = b"".join(bytes(v) if isinstance(v, memoryview) else str(v).encode() for v in cursor.fetchone())
        cursor.execute("SELECT wrapped FROM governance_datakey WHERE id = %s", [person.data_key_id])
        wrapped = bytes(cursor.fetchone()[0])
    for plain in ("山田", "ヤマダ", "03-1234-5678", "0312345678", "taro@example.jp", "2021-04-01",
                  "4820000", "小麦", "エピペン"):
        assert plain.encode() not in row, plain
    # The record's ordinary values are ONE value: format byte, 12-byte nonce, ciphertext and a 16-byte tag;
    # the per-field columns stay empty, and with no sensitive value the sensitive seal is empty too.
    sealed = _raw("crypto_testapp_person", "sealed_personal", person.pk)
    header = b"name,kana,phone,email,birth_date,income,profile"
    values = [VALUES[n] for n in ("name", "kana", "phone", "email")] + ["2021-04-01", "4820000"]
    profile = '{"allergies":["卵","小麦"],"notes":"エピペン所持","siblings":2}'
    assert sealed[:1] == b"\x03"
    assert len(sealed) == 1 + 12 + len(b"\x00".join([header, *(v.encode() for v in [*values, profile])])) + 16
    assert [_raw("crypto_testapp_person", c, person.pk) for c in ("name", "phone", "sealed_sensitive")] == [None] * 3
    assert len(wrapped) == 12 + 32 + 16


def test_each_save_uses_a_new_nonce(ward):
    a = Person.objects.create(municipality=ward, name="同じ名前")
    b = Person.objects.create(municipality=ward, name="同じ名前")
    assert _raw("crypto_testapp_person", "sealed_personal", a.pk) != _raw("crypto_testapp_person", "sealed_personal",
                                                                           b.pk)


def test_ciphertext_copied_to_another_row_does_not_decrypt(ward):
    victim = Person.objects.create(municipality=ward, name="被害者")
    attacker = Person.objects.create(municipality=ward, name="攻撃者")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET sealed_personal = (SELECT sealed_personal FROM "
                       "crypto_testapp_person WHERE id = %s) WHERE id = %s", [victim.pk, attacker.pk])

    loaded = _fresh(attacker.pk)
    with pytest.raises(DecryptionFailed) as failure:
        _ = loaded.name
    assert str(failure.value) == (
        f"The personal values of crypto_testapp.Person record {attacker.record_uid} do not decrypt: altered, or "
        "sealed for another row, tenant, relation or key")
    assert "被害者" not in str(failure.value)
    assert _fresh(victim.pk).name == "被害者"


def test_ciphertext_and_data_key_copied_together_still_fail_because_the_row_id_differs(ward):
    victim = Person.objects.create(municipality=ward, name="被害者")
    attacker = Person.objects.create(municipality=ward, name="攻撃者")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET sealed_personal = v.sealed_personal, "
                       "data_key_id = v.data_key_id "
                       "FROM crypto_testapp_person v WHERE v.id = %s AND crypto_testapp_person.id = %s",
                       [victim.pk, attacker.pk])
    with pytest.raises(DecryptionFailed):
        _ = _fresh(attacker.pk).name


def test_a_seal_moved_to_the_other_group_does_not_decrypt(ward):
    person = Person.objects.create(municipality=ward, name="山田", health="喘息")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET sealed_sensitive = sealed_personal WHERE id = %s",
                       [person.pk])
    loaded = _fresh(person.pk)
    assert loaded.name == "山田"
    with pytest.raises(DecryptionFailed, match=r"The sensitive values of crypto_testapp\.Person record"):
        _ = loaded.health


def test_altered_ciphertext_does_not_decrypt(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET sealed_personal = set_byte(sealed_personal, 20, "
                       "(get_byte(sealed_personal, 20) + 1) %% 256) WHERE id = %s", [person.pk])
    with pytest.raises(DecryptionFailed):
        _ = _fresh(person.pk).name


def test_data_keys_are_per_record_and_wrapped_by_the_tenant_ring(ward, other_ward):
    a = Person.objects.create(municipality=ward, name="A")
    b = Person.objects.create(municipality=ward, name="B")
    c = Person.objects.create(municipality=other_ward, name="C")

    keys = {k.pk: k for k in DataKey.objects.select_related("ring", "version")}
    assert len({a.data_key_id, b.data_key_id, c.data_key_id}) == 3
    assert keys[a.data_key_id].ring.scope == keys[b.data_key_id].ring.scope == f"tenant:{ward.pk}"
    assert keys[c.data_key_id].ring.scope == f"tenant:{other_ward.pk}"
    assert keys[a.data_key_id].version.master_key_id == "ka"
    assert KeyRing.objects.count() == 2


def test_a_record_sharing_its_owners_key_reads_and_is_bound_to_its_own_row(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    first = PersonNote.objects.create(municipality=ward, person=person, text="一つ目")
    second = PersonNote.objects.create(municipality=ward, person=person, text="二つ目")
    assert first.data_key_id == second.data_key_id == person.data_key_id

    keyring.clear_caches()
    assert [n.text for n in PersonNote.objects.order_by("pk")] == ["一つ目", "二つ目"]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_personnote SET sealed_personal = (SELECT sealed_personal FROM "
                       "crypto_testapp_personnote WHERE id = %s) WHERE id = %s", [first.pk, second.pk])
    with pytest.raises(DecryptionFailed):
        _ = PersonNote.objects.get(pk=second.pk).text


def test_a_list_reads_in_one_query_and_one_for_the_keys_not_cached(ward, django_assert_num_queries):
    for index in range(5):
        Person.objects.create(municipality=ward, name=f"人{index}", phone=f"090-0000-000{index}")
    keyring.clear_caches()
    Person.objects.first().name  # noqa: B018  (warm the ring's key version: one query per version and process)

    with django_assert_num_queries(2):  # the records; the wrapped keys of the whole list
        names = [(p.name, p.phone) for p in Person.objects.order_by("pk")]
    assert names == [(f"人{i}", f"090-0000-000{i}") for i in range(5)]
    with django_assert_num_queries(1):  # the keys in the process's cache, under an unchanged shredding mark
        names = [(p.name, p.phone) for p in Person.objects.order_by("pk")]
    assert names == [(f"人{i}", f"090-0000-000{i}") for i in range(5)]


def test_unchanged_groups_are_not_re_encrypted_on_save(ward):
    person = Person.objects.create(municipality=ward, name="山田", kana="ヤマダ", health="喘息")
    before = _raw("crypto_testapp_person", "sealed_sensitive", person.pk)
    loaded = _fresh(person.pk)
    loaded.kana = "ヤマダ タロウ"
    loaded.save()
    assert _raw("crypto_testapp_person", "sealed_sensitive", person.pk) == before
    reread = _fresh(person.pk)
    assert (reread.name, reread.kana, reread.health) == ("山田", "ヤマダ タロウ", "喘息")


def test_changing_one_field_with_update_fields_keeps_the_rest_of_its_group(ward):
    person = Person.objects.create(municipality=ward, name="山田", kana="ヤマダ", phone="03-1234-5678")
    loaded = _fresh(person.pk)
    loaded.phone = "090-0000-0000"
    loaded.save(update_fields=["phone"])
    reread = _fresh(person.pk)
    assert (reread.name, reread.kana, reread.phone) == ("山田", "ヤマダ", "090-0000-0000")
    assert Person.objects.matching(tenant=ward, phone="09000000000").get().pk == person.pk


def test_reading_ordinary_fields_never_decrypts_the_sensitive_ones(ward):
    person = Person.objects.create(municipality=ward, name="山田", health="喘息")
    loaded = _fresh(person.pk)
    assert loaded.name == "山田"
    assert loaded.__dict__[OPENED] == {"personal"} and "health" not in loaded.__dict__
    assert loaded.health == "喘息"
    assert loaded.__dict__[OPENED] == {"personal", "sensitive"}


def test_a_value_of_format_2_still_reads_and_moves_into_the_seal_on_save(ward):
    person = Person.objects.create(municipality=ward, name="山田", kana="ヤマダ")
    loaded = _fresh(person.pk)
    # As the previous version stored it: each value in its own column, no seal.
    legacy = [Person._meta.get_field(n).seal(loaded, v) for n, v in (("name", "山田 花子"), ("kana", "ヤマダ ハナコ"))]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET name = %s, kana = %s, sealed_personal = NULL WHERE id = %s",
                       [*legacy, person.pk])
    loaded = _fresh(person.pk)
    assert (loaded.name, loaded.kana, loaded.phone) == ("山田 花子", "ヤマダ ハナコ", None)
    loaded.save()
    assert [_raw("crypto_testapp_person", c, person.pk) for c in ("name", "kana")] == [None, None]
    assert _raw("crypto_testapp_person", "sealed_personal", person.pk)[:1] == b"\x03"
    assert (_fresh(person.pk).name, _fresh(person.pk).kana) == ("山田 花子", "ヤマダ ハナコ")


def test_a_field_added_after_a_record_was_sealed_reads_as_its_default(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    plan = _plan(Person)
    plan.layouts.clear()
    kana = Person._meta.get_field("kana")
    plan.fields["personal"] = tuple(f for f in plan.fields["personal"] if f is not kana)  # not yet declared
    try:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE crypto_testapp_person SET sealed_personal = NULL WHERE id = %s", [person.pk])
        loaded = _fresh(person.pk)
        loaded.name = "山田"
        loaded.save()  # sealed without kana in its header
    finally:
        _plans.pop(Person)
    loaded = _fresh(person.pk)
    assert (loaded.name, loaded.kana) == ("山田", None)


def test_plaintext_is_refused_in_filters_and_updates(ward):
    Person.objects.create(municipality=ward, name="山田")
    with pytest.raises(PlaintextRefused) as refused:
        list(Person.objects.filter(name="山田"))
    assert "山田" not in str(refused.value)
    with pytest.raises(PlaintextRefused), transaction.atomic():
        Person.objects.update(name="上書き")
    assert _fresh(Person.objects.get().pk).name == "山田"


def test_bulk_create_after_provisioning_keys(ward, django_assert_num_queries):
    Person.objects.create(municipality=ward, name="一括")  # the tenant's key ring exists from here on
    people = [Person(municipality=ward, name=f"一括{i}", phone=f"03-0000-{i:04d}") for i in range(50)]
    # ring, its current version, one INSERT of 50 data keys, one INSERT of 50 people
    with django_assert_num_queries(4):
        data_keys_provision(people)
        Person.objects.bulk_create(people)
    keyring.clear_caches()
    assert sorted(p.name for p in Person.objects.all()) == sorted(["一括", *(f"一括{i}" for i in range(50))])
    assert Person.objects.matching(tenant=ward, phone="03-0000-0042").get().name == "一括42"


def test_encrypted_field_refuses_unique_and_db_index():
    from governance.crypto import EncryptedTextField

    with pytest.raises(ValueError, match="cannot be unique; add a BlindIndexField"):
        EncryptedTextField(unique=True)


def test_a_whole_record_swapped_with_a_row_of_another_tenant_reads_in_neither(ward, other_ward):
    shinjuku = Person.objects.create(municipality=ward, name="新宿の人", birth_date=datetime.date(2021, 4, 1))
    nerima = Person.objects.create(municipality=other_ward, name="練馬の人", birth_date=datetime.date(2022, 5, 2))

    records_swap(Person, shinjuku.pk, nerima.pk)  # record_uid, data key, ciphertexts and indexes

    for pk, ring_tenant, row_tenant in ((shinjuku.pk, other_ward, ward), (nerima.pk, ward, other_ward)):
        loaded = _fresh(pk)
        with pytest.raises(DecryptionFailed) as failure:
            _ = loaded.name
        assert str(failure.value) == (
            f"The data key {loaded.data_key_id} belongs to the key ring of tenant:{ring_tenant.pk}, not to that of "
            f"the record's tenant:{row_tenant.pk}: it was moved from another tenant's record")
        with pytest.raises(DecryptionFailed):
            _ = loaded.birth_date


def test_a_value_in_the_old_format_fails_with_a_clear_error(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET name = %s, sealed_personal = NULL WHERE id = %s",
                       [b"\x01" + bytes(40), person.pk])
    with pytest.raises(DecryptionFailed) as failure:
        _ = _fresh(person.pk).name
    assert str(failure.value) == (
        f"The value of crypto_testapp.Person.name of record {person.record_uid} was sealed in format 1, which "
        "bound it to no tenant; this version reads format 2 only (recreate the database: make clean)")


def test_the_tenant_a_record_is_bound_to_cannot_change_once_its_values_are_sealed(ward, other_ward):
    person = Person.objects.create(municipality=ward, name="山田")
    loaded = _fresh(person.pk)
    assert loaded.name == "山田"
    loaded.municipality = other_ward
    loaded.name = "山田 太郎"
    with pytest.raises(ValueError, match="municipality are bound into the record's encrypted values and cannot "
                                         "change once they are sealed"), transaction.atomic():
        loaded.save()
    assert _fresh(person.pk).name == "山田" and Person.objects.get(pk=person.pk).municipality_id == ward.pk
