"""Loading encrypted records: the direct ``from_db`` equals Django's path; nothing outlives the instance."""

import datetime
import pickle

import pytest
from django.db import connection, models
from django.db.models.signals import post_init

from governance.crypto import DecryptionFailed, RecordShredded, keyring
from governance.crypto.fields import RECORD_CRYPTO, _loader, _plan
from governance.crypto.shredding import record_shred
from governance.deletion.models import DeletionCertificate
from governance.registry.models import RegisteredBusiness
from governance.tenancy.models import Department
from tests.crypto_testapp.models import Person, PersonNote, RetainedFile

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="binary results are PostgreSQL's")


def _cursor_kinds(run) -> list[str]:
    """Which cursor each query ``run`` makes runs on: "binary" (binds on the server, binary results) or "text"."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    kinds = []

    def spy(execute, sql, params, many, context):
        kinds.append("binary" if isinstance(context["cursor"].cursor, ServerBindingCursor) else "text")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(spy):
        run()
    return kinds


def test_a_loaded_instance_holds_what_djangos_own_path_would_hold(ward):
    person = Person.objects.create(municipality=ward, name="山田", phone="03-1234-5678", income=7)
    field_names = [f.attname for f in Person._meta.concrete_fields]
    assert _loader(Person)[0] == len(field_names)  # the direct path applies to this model
    row = Person.objects.filter(pk=person.pk).values_list(*field_names).get()  # what a queryset hands to from_db

    direct = Person.from_db("default", field_names, row)
    django = models.Model.from_db.__func__(Person, "default", field_names, row)

    # The same, but for the sealed fields' columns (empty for a sealed record): their values come from
    # the seal on first read, so they are not in the instance dict until then.
    sealed = _plan(Person).grouped_attnames
    assert {k: v for k, v in vars(django).items() if k in sealed} == dict.fromkeys(sealed)
    assert {k: v for k, v in vars(direct).items() if k != "_state"} == \
        {k: v for k, v in vars(django).items() if k != "_state" and k not in sealed}
    assert (direct._state.adding, direct._state.db) == (django._state.adding, django._state.db) == (False, "default")
    assert direct.get_deferred_fields() == sealed
    assert (direct.name, direct.phone, direct.income) == ("山田", "03-1234-5678", 7)


def test_a_loaded_instance_saves_as_an_update(ward):
    person = Person.objects.create(municipality=ward, name="山田", kana="ヤマダ")
    loaded = Person.objects.get(pk=person.pk)
    loaded.kana = "ヤマダ タロウ"
    loaded.save()

    assert Person.objects.count() == 1
    keyring.clear_caches()
    again = Person.objects.get(pk=person.pk)
    assert (again.name, again.kana) == ("山田", "ヤマダ タロウ")


def test_deferred_fields_take_djangos_path_and_still_open(ward):
    person = Person.objects.create(municipality=ward, name="山田", phone="03-1234-5678")
    keyring.clear_caches()

    partial = Person.objects.only("id", "name").get(pk=person.pk)

    assert "phone" in partial.get_deferred_fields()
    assert (partial.name, partial.phone) == ("山田", "03-1234-5678")


def test_a_post_init_receiver_is_still_called(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append((sender, instance.pk))

    post_init.connect(receiver, sender=Person)
    try:
        loaded = Person.objects.get(pk=person.pk)
    finally:
        post_init.disconnect(receiver, sender=Person)
    assert seen == [(Person, person.pk)]
    assert loaded.name == "山田"


def test_select_related_builds_the_encrypted_owner_too(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    PersonNote.objects.create(municipality=ward, person=person, text="メモ")
    keyring.clear_caches()

    note = PersonNote.objects.select_related("person").get()

    assert (note.text, note.person.name) == ("メモ", "山田")
    assert note.person._state.adding is False


def test_an_unknown_ciphertext_format_is_refused(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET sealed_personal = set_byte(sealed_personal, 0, 4) "
                       "WHERE id = %s", [person.pk])
    with pytest.raises(DecryptionFailed) as failure:
        _ = Person.objects.get(pk=person.pk).name
    assert str(failure.value) == (f"The personal values of crypto_testapp.Person record {person.record_uid} are "
                                  "not in a known format")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_person SET kana = %s, sealed_personal = NULL WHERE id = %s",
                       [b"\x05" + bytes(40), person.pk])
    with pytest.raises(DecryptionFailed) as failure:
        _ = Person.objects.get(pk=person.pk).kana
    assert str(failure.value) == (f"The value of crypto_testapp.Person.kana of record {person.record_uid} is not "
                                  "in a known ciphertext format")


def test_shredding_through_another_instance_applies_at_once_to_the_next_read(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    reader = Person.objects.get(pk=person.pk)
    assert reader.name == "山田"  # this request opened the data key
    assert RECORD_CRYPTO in reader.__dict__

    # Shredded through another instance, as another process would (no key cache is cleared here).
    record_shred(record=Person.objects.get(pk=person.pk), reason="erasure_request")

    with pytest.raises(RecordShredded):
        _ = Person.objects.get(pk=person.pk).name
    assert reader.name == "山田"  # an instance already read keeps what it read, as any loaded value


def test_in_a_list_a_record_that_does_not_open_fails_alone(ward):
    people = [Person.objects.create(municipality=ward, name=f"利用者{i}", health=f"所見{i}") for i in range(3)]
    with connection.cursor() as cursor:  # the middle record's seal moved to the first record's row
        cursor.execute("UPDATE crypto_testapp_person SET sealed_personal = (SELECT sealed_personal FROM "
                       "crypto_testapp_person WHERE id = %s) WHERE id = %s", [people[0].pk, people[1].pk])
    keyring.clear_caches()

    loaded = list(Person.objects.order_by("pk"))

    assert (loaded[0].name, loaded[2].name) == ("利用者0", "利用者2")
    with pytest.raises(DecryptionFailed):
        _ = loaded[1].name
    assert loaded[1].health == "所見1"  # its other group is its own: it opens
    assert [p.health for p in loaded] == ["所見0", "所見1", "所見2"]


def test_every_way_of_loading_a_list_reads_its_values(ward):
    people = [Person.objects.create(municipality=ward, name=f"利用者{i}", phone=f"03-0000-000{i}") for i in range(5)]
    for person in people:
        PersonNote.objects.create(municipality=ward, person=person, text=f"メモ{person.name}")
    names = [f"利用者{i}" for i in range(5)]
    keyring.clear_caches()

    assert [p.name for p in Person.objects.order_by("pk").iterator(chunk_size=2)] == names
    assert [p.name for p in Person.objects.order_by("pk").only("id", "name", "data_key", "record_uid",
                                                               "municipality")] == names
    notes = list(PersonNote.objects.select_related("person").order_by("pk"))
    assert [(n.text, n.person.name) for n in notes] == [(f"メモ{name}", name) for name in names]
    prefetched = Person.objects.prefetch_related("notes").order_by("pk")
    assert [[n.text for n in p.notes.all()] for p in prefetched] == [[f"メモ{name}"] for name in names]
    annotated = Person.objects.annotate(notes_count=models.Count("notes")).order_by("pk")
    assert [(p.name, p.notes_count) for p in annotated] == [(name, 1) for name in names]

    loaded = list(Person.objects.order_by("pk"))
    copy = pickle.loads(pickle.dumps(loaded[3]))  # the list's batch stays behind
    assert (copy.name, copy.phone) == ("利用者3", "03-0000-0003")
    assert [p.phone for p in loaded] == [f"03-0000-000{i}" for i in range(5)]


@postgresql_only
def test_a_list_in_binary_results_holds_what_djangos_text_results_hold(ward):
    department = Department.objects.create(municipality=ward, name="子ども家庭部")
    business = RegisteredBusiness.objects.create(municipality=ward, name="保育所等利用調整", department=department)
    person = Person.objects.create(municipality=ward, name="山田", profile={"アレルギー": ["卵"]}, income=7)
    RetainedFile.objects.create(municipality=ward, business=business, person=person, name="山田 太郎",
                                birth_year=2019, last_used_on=datetime.date(2024, 3, 31),
                                closed_at=datetime.datetime(2024, 4, 1, 9, 30, 15, 123456, tzinfo=datetime.UTC),
                                anonymised=True)
    RetainedFile.objects.create(municipality=ward, business=business, name="佐藤")  # NULLs of every type

    binary: list = []
    kinds = _cursor_kinds(lambda: binary.extend(RetainedFile.objects.order_by("pk")))
    text = list(RetainedFile._base_manager.order_by("pk"))  # Django's own iterable and text cursor

    assert kinds == ["binary"]
    assert [{k: v for k, v in vars(r).items() if not k.startswith("_")} for r in binary] == \
        [{k: v for k, v in vars(r).items() if not k.startswith("_")} for r in text]
    assert [(r.name, r.closed_at, r.closed_at and r.closed_at.tzinfo) for r in binary] == \
        [(r.name, r.closed_at, r.closed_at and r.closed_at.tzinfo) for r in text]
    assert [(p.profile, p.income) for p in Person.objects.all()] == [({"アレルギー": ["卵"]}, 7)]


@postgresql_only
def test_without_time_zones_a_binary_list_holds_the_same_naive_times(ward, settings):
    department = Department.objects.create(municipality=ward, name="子ども家庭部")
    business = RegisteredBusiness.objects.create(municipality=ward, name="保育所等利用調整", department=department)
    settings.USE_TZ = False  # the connection's session now runs in TIME_ZONE, and Django reads naive times
    closed_at = datetime.datetime(2024, 4, 1, 9, 30, 15)
    RetainedFile.objects.create(municipality=ward, business=business, name="山田", closed_at=closed_at)

    kinds = _cursor_kinds(lambda: RetainedFile.objects.get())

    assert kinds == ["binary"]
    assert RetainedFile.objects.get().closed_at == RetainedFile._base_manager.get().closed_at == closed_at


@postgresql_only
def test_a_query_of_many_parameters_or_with_annotations_of_its_own_reads_through_the_text_cursor(ward):
    people = [Person.objects.create(municipality=ward, name=f"利用者{i}") for i in range(3)]
    ids = [person.pk for person in people] + list(range(10**9, 10**9 + 1500))  # more than binding takes
    found: list = []

    kinds = _cursor_kinds(lambda: found.extend(Person.objects.filter(pk__in=ids).order_by("pk")))
    annotated: list = []
    kinds += _cursor_kinds(lambda: annotated.extend(
        Person.objects.annotate(data=models.Value({"a": 1}, output_field=models.JSONField())).order_by("pk")))
    grouped: list = []  # grouped, with a parameter in the SELECT clause
    kinds += _cursor_kinds(lambda: grouped.extend(
        Person.objects.annotate(n=models.Count("notes") + models.Value(1)).order_by("pk")))
    kinds += _cursor_kinds(lambda: list(DeletionCertificate.objects.all()))  # a jsonb column

    assert kinds == ["text", "text", "text", "text"]
    assert [p.name for p in found] == [p.name for p in annotated] == [p.name for p in grouped] == \
        ["利用者0", "利用者1", "利用者2"]
    assert [p.n for p in grouped] == [1, 1, 1]


def test_in_a_list_a_shredded_record_fails_alone_and_the_others_read(ward):
    people = [Person.objects.create(municipality=ward, name=f"利用者{i}") for i in range(3)]
    assert [p.name for p in Person.objects.order_by("pk")] == ["利用者0", "利用者1", "利用者2"]  # keys cached

    record_shred(record=Person.objects.get(pk=people[1].pk), reason="erasure_request")
    loaded = list(Person.objects.order_by("pk"))

    assert (loaded[0].name, loaded[2].name) == ("利用者0", "利用者2")
    with pytest.raises(RecordShredded):
        _ = loaded[1].name


def test_in_a_warm_list_a_value_assigned_before_reading_stays_and_a_tampered_seal_fails_alone(ward):
    person = Person.objects.create(municipality=ward, name="山田")
    notes = [PersonNote.objects.create(municipality=ward, person=person, text=f"メモ{i}") for i in range(3)]
    assert [n.text for n in PersonNote.objects.order_by("pk")] == ["メモ0", "メモ1", "メモ2"]  # the key now cached

    loaded = list(PersonNote.objects.order_by("pk"))
    loaded[0].text = "書き換え"  # before any value of the list is read
    assert [n.text for n in reversed(loaded)] == ["メモ2", "メモ1", "書き換え"]  # the list opens at the first

    sealed = bytearray(PersonNote.objects.values_list("sealed_personal", flat=True).get(pk=notes[1].pk))
    sealed[-1] ^= 1  # the last byte of the tag
    with connection.cursor() as cursor:
        cursor.execute("UPDATE crypto_testapp_personnote SET sealed_personal = %s WHERE id = %s",
                       [bytes(sealed), notes[1].pk])
    loaded = list(PersonNote.objects.order_by("pk"))

    assert (loaded[0].text, loaded[2].text) == ("メモ0", "メモ2")
    with pytest.raises(DecryptionFailed):
        _ = loaded[1].text
