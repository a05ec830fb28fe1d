"""Crypto-shredding: a destroyed data key makes the record's values unreadable, and it is audited."""

import pytest
from django.db import connection

from audit.models import AuditEvent
from common.errors import Conflict, InvalidInput
from governance.crypto import RecordShredded, keyring
from governance.crypto.models import DataKey
from governance.crypto.shredding import record_shred, records_shred
from tests.crypto_testapp.models import Person, PersonNote


def test_shredding_makes_every_value_of_the_record_unreadable(ward):
    gone = Person.objects.create(municipality=ward, name="消去対象", phone="03-0000-0001", income=1)
    note = PersonNote.objects.create(municipality=ward, person=gone, text="共有鍵")
    kept = Person.objects.create(municipality=ward, name="残る人")

    record_shred(record=gone, reason="erasure_request")

    keyring.clear_caches()
    loaded = Person.objects.get(pk=gone.pk)
    for field in ("name", "phone", "income"):
        with pytest.raises(RecordShredded, match=f"The data key {gone.data_key_id} was shredded"):
            getattr(loaded, field)
    with pytest.raises(RecordShredded):
        _ = PersonNote.objects.get(pk=note.pk).text
    assert Person.objects.get(pk=kept.pk).name == "残る人"
    key = DataKey.objects.get(pk=gone.data_key_id)
    assert (key.wrapped, key.version_id, key.shredded_at is not None) == (None, None, True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT wrapped FROM governance_datakey WHERE id = %s", [gone.data_key_id])
        assert cursor.fetchone() == (None,)
    event = AuditEvent.objects.get(name="governance.data_key.shredded")
    assert (event.object_type, event.object_id, event.tenant_id) == ("crypto_testapp.person", str(gone.pk), ward.pk)
    assert event.data == {"data_key": str(gone.data_key_id), "reason": "erasure_request"}


def test_a_shredded_record_cannot_be_written_again(ward):
    person = Person.objects.create(municipality=ward, name="消去対象")
    record_shred(record=person, reason="retention_expired")
    loaded = Person.objects.get(pk=person.pk)
    loaded.name = "復活"
    with pytest.raises(RecordShredded):
        loaded.save()


def test_shredding_twice_or_for_an_unknown_reason_is_refused(ward):
    person = Person.objects.create(municipality=ward, name="消去対象")
    with pytest.raises(InvalidInput, match="消去理由「because」は不明です"):
        record_shred(record=person, reason="because")
    assert DataKey.objects.get(pk=person.data_key_id).shredded_at is None
    assert not AuditEvent.objects.filter(name="governance.data_key.shredded").exists()

    record_shred(record=person, reason="collected_in_error")
    with pytest.raises(Conflict, match="に既に消去されています"):
        record_shred(record=person, reason="collected_in_error")
    assert AuditEvent.objects.filter(name="governance.data_key.shredded").count() == 1


INDEXES = ("name_index", "kana_index", "phone_index", "email_index")


def _indexes(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(INDEXES)} FROM crypto_testapp_person WHERE id = %s", [pk])
        return cursor.fetchone()


def test_shredding_clears_every_blind_index_so_the_person_is_no_longer_found(ward):
    gone = Person.objects.create(municipality=ward, name="山田 太郎", kana="ヤマダ タロウ",
                                 phone="03-1234-5678", email="taro@example.jp")
    namesake = Person.objects.create(municipality=ward, name="山田 太郎", phone="03-1234-5678")

    record_shred(record=gone, reason="erasure_request")

    assert _indexes(gone.pk) == (None, None, None, None)
    assert (gone.name_index, gone.phone_index) == (None, None)  # a later save() cannot write them back
    for term in ({"name": "山田太郎"}, {"kana": "ﾔﾏﾀﾞﾀﾛｳ"}, {"phone": "0312345678"}, {"email": "taro@example.jp"}):
        assert gone.pk not in Person.objects.matching(tenant=ward, **term).values_list("pk", flat=True), term
    # Nothing links the erased person to a namesake any more; the namesake is still found.
    assert list(Person.objects.matching(tenant=ward, name="山田太郎", phone="0312345678")) == [namesake]
    assert all(_indexes(namesake.pk)[i] is not None for i in (0, 2))


def test_shredding_in_batches_clears_the_indexes_of_every_record_of_the_keys(ward):
    people = [Person.objects.create(municipality=ward, name=f"一括{i}", phone=f"03-0000-000{i}") for i in range(3)]
    kept = Person.objects.create(municipality=ward, name="残る人", phone="03-0000-0009")

    records_shred(model=Person, tenant_id=ward.pk, pks=[p.pk for p in people], reason="retention_expired")

    assert [_indexes(p.pk) for p in people] == [(None, None, None, None)] * 3
    assert Person.objects.matching(tenant=ward, phone="03-0000-0001").count() == 0
    assert Person.objects.matching(tenant=ward, phone="03-0000-0009").get().pk == kept.pk
