"""Each tenant's audit chain names the first edited, inserted or deleted event — sealed or not yet sealed."""

import json
import os
import subprocess
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django.test.utils import CaptureQueriesContext

from audit import chain, context, signing
from audit.models import AuditEvent, AuditEventSubject, AuditFinding, AuditSeal, AuditTenantHead
from audit.registry import register_events
from audit.services import audit_log_seal, audit_record
from governance.tenancy.models import Municipality
from tests.support import audit_sealed, database_url

register_events({"audit.test_record.made": "A test event"})


def record(n: int, *, tenant_id: int = 1) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit_record("audit.test_record.made", object_type="test.record", object_id=i,
                                       tenant_id=tenant_id, fields=["name"], data={"index": i}))
    return events


def sealed(n: int, *, tenant_id: int = 1) -> list[AuditEvent]:
    """``n`` events, sealed; returned as stored, in chain order."""
    events = record(n, tenant_id=tenant_id)
    audit_sealed()
    order = links(tenant_id)
    return sorted(AuditEvent.objects.filter(seq__in=[e.seq for e in events]), key=lambda e: order[e.seq][0])


def links(tenant_id: int = 1) -> dict[int, tuple[int, str, str]]:
    """seq → (position, the link before, its link) of the chain's sealed events, as an export gives them."""
    return {line["seq"]: (line["chain_seq"], line["prev_hash"], line["hash"])
            for line in map(json.loads, chain.export_lines(tenant_id))}


def tamper(sql: str, params=()) -> None:
    """Bypass the append-only trigger the way only a database superuser could."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET session_replication_role = DEFAULT")


def forged_row(seq: int, *, tenant_id: int = 1) -> str:
    """An event written without the chain key: its MAC cannot be right."""
    return (
        "INSERT INTO audit_auditevent (seq, occurred_at, name, tenant_id, channel, request_id, object_type, object_id,"
        " fields, subjects, purpose, data, mac, legacy_prev_hash, legacy_hash)"
        f" VALUES ({seq}, now(), 'audit.test_record.made', {tenant_id}, 'web', 'x', 'test.record', '99', '[]', '[]',"
        f" '', '{{}}', '{'e' * 64}', '', '')"
    )


def forged_seal(first: int, seqs: list[int], prev_hash: str, *, chain_id: int = 1) -> str:
    """A seal row placing events at positions from ``first``, written without the sealer."""
    return ("INSERT INTO audit_auditseal (chain, first, seqs, prev_hash, hash, occurred_from, occurred_to, horizon, "
            f"deferred, sealed_at) VALUES ({chain_id}, {first}, '{json.dumps(seqs)}', '{prev_hash}', '{'f' * 64}', "
            "now() - interval '1 day', now(), 0, '[]', now())")


def test_intact_chain_verifies(db):
    events = sealed(5)

    result = chain.verify(1)

    assert result.ok and result.checked == 5 and result.head_seq == 5 and result.unsealed == 0, result.summary()
    placed = links(1)
    assert [placed[e.seq][0] for e in events] == [1, 2, 3, 4, 5]
    assert placed[events[0].seq][1] == chain.genesis_hash(1) and placed[events[1].seq][1] == placed[events[0].seq][2]
    assert AuditSeal.objects.count() == 1  # one round of one tenant: one seal row, no event row written again


def test_an_append_is_integrity_protected_before_it_is_sealed(db):
    (event,) = record(1)
    stored = AuditEvent.objects.get(seq=event.seq)

    assert not AuditSeal.objects.exists() and stored.digest == chain.linked_text(stored)
    assert stored.mac == chain.expected_mac(stored, stored.digest)
    assert list(chain.unsealed_events().values_list("seq", flat=True)) == [event.seq]
    result = chain.verify(1)
    assert result.ok and result.checked == 0 and result.unsealed == 1, result.summary()


def test_fields_and_subjects_that_are_not_strings_are_digested_as_the_database_gives_them_back(db):
    with transaction.atomic():
        event = audit_record("audit.test_record.made", tenant_id=1, fields=[2, 1], subjects=[(7, 8)])
    stored = AuditEvent.objects.get(seq=event.seq)

    assert (stored.fields, stored.subjects) == ([1, 2], [[7, "8"]])
    assert stored.digest == chain.linked_text(stored) == event.digest
    assert stored.mac == chain.expected_mac(stored, stored.digest)


def test_events_hold_field_names_and_references_not_values(db):
    (event,) = record(1)
    stored = AuditEvent.objects.get(seq=event.seq)
    assert stored.fields == ["name"] and stored.data == {"index": 0}
    with pytest.raises(TypeError, match="store a reference"), transaction.atomic():
        audit_record("audit.test_record.made", data={"child": object()})
    assert AuditEvent.objects.count() == 1


class Code(str):
    """A str subclass (as a TextChoices member is): stored and covered by the MAC as its text."""


def test_an_appends_mac_covers_exactly_the_content_the_database_gives_back(db):
    """The append serialises the content once, by hand, in canonical key order: it must be the canonical JSON of
    the row as read back (else a genuine event would fail verification), whatever the text holds."""
    awkward = 'quote " backslash \\ tab \t newline \n bell \x07 日本語 é 😀 </script>'
    with context.bound(channel="web", request_id=awkward, ip_address="2001:0db8:0000::0001"), transaction.atomic():
        appended = [
            audit_record("audit.test_record.made", object_type=Code("test.record"), object_id=7, tenant_id=3,
                         actor_id=9, fields=["b", awkward, "a", "a"], subjects=[("childcare.child", 5), ("x", awkward)],
                         purpose=awkward,
                         data={"z": [1, (2, True)], "a": {"n": None, awkward: [awkward]}, "k": -2**62}),
            audit_record("audit.test_record.made"),
        ]
    with context.bound(ip_address="192.0.2.1"):
        appended.append(audit_record("audit.test_record.made", data={"empty": [], "nested": [[], {}]}))

    for event in appended:
        stored = AuditEvent.objects.get(seq=event.seq)
        assert (stored.mac, stored.digest) == (chain.expected_mac(stored, event.digest), chain.linked_text(stored))
        assert (stored.mac, stored.digest) == (event.mac, event.digest)
        assert chain.content_of(stored) == chain.content_of(event)
    first = AuditEvent.objects.get(seq=appended[0].seq)
    assert (first.ip_address, first.fields, first.subjects) == (
        "2001:db8::1", ["a", "b", awkward], [["childcare.child", "5"], ["x", awkward]])
    assert first.data == appended[0].data == {"z": [1, [2, True]], "a": {"n": None, awkward: [awkward]}, "k": -2**62}
    assert appended[1].tenant_id is None and appended[1].data == {} and appended[1].channel == "web"
    audit_sealed()
    assert all(chain.verify(c).ok for c in (0, 3))


@pytest.mark.django_db(transaction=True)
def test_an_append_commits_with_the_callers_change_and_alone_is_committed_at_once():
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        inside = audit_record("audit.test_record.made", tenant_id=1)
        assert AuditEvent.objects.filter(seq=inside.seq).exists()
        1 / 0  # noqa: B018 — the caller's change fails after the event was written
    assert not AuditEvent.objects.exists()

    alone = audit_record("audit.test_record.made", tenant_id=1)
    with psycopg.connect(database_url()) as other:  # another connection sees it: committed already
        assert other.execute("SELECT mac FROM audit_auditevent WHERE seq = %s", [alone.seq]).fetchone() == (alone.mac,)


def test_the_append_is_planned_once_per_connection_and_django_still_binds_its_own_queries(db):
    for tenant_id in (1, 2, 3):
        audit_record("audit.test_record.made", tenant_id=tenant_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [statement for (statement,) in cursor.fetchall()]

    assert [s for s in prepared if s.startswith("INSERT INTO audit_auditevent")] and len(prepared) == 1
    assert connection.connection.prepare_threshold is None  # Django's own queries are never prepared


@pytest.mark.django_db(transaction=True)
def test_a_session_that_lost_the_prepared_append_prepares_it_again():
    audit_record("audit.test_record.made", tenant_id=1)
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")  # as a pooler's reset does
    alone = audit_record("audit.test_record.made", tenant_id=1)  # outside a transaction: prepared again, retried

    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with pytest.raises(ProgrammingError, match="mimamori_audit_append"), transaction.atomic():
        Municipality.objects.create(code="999998", name="x")
        audit_record("audit.test_record.made", tenant_id=1)  # inside one: that transaction fails, nothing half-done
    after = audit_record("audit.test_record.made", tenant_id=1)

    assert list(AuditEvent.objects.values_list("seq", flat=True))[1:] == [alone.seq, after.seq]
    assert not Municipality.objects.filter(code="999998").exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_append_fails_the_callers_transaction():
    with pytest.raises(Exception, match="too long"), transaction.atomic():
        Municipality.objects.create(code="999999", name="x")
        try:
            audit_record("audit.test_record.made", tenant_id=1, purpose="x" * 201)
        except Exception:
            assert connection.needs_rollback  # the caller cannot carry on and commit its change without its event
            raise
    assert not Municipality.objects.filter(code="999999").exists() and not AuditEvent.objects.exists()


def test_unregistered_event_name_is_refused(db):
    with pytest.raises(ValueError, match="not registered"), transaction.atomic():
        audit_record("audit.unknown.happened")
    assert not AuditEvent.objects.exists()


def test_no_update_or_delete_path_in_code(db):
    event = AuditEvent.objects.get(seq=record(1)[0].seq)
    with pytest.raises(TypeError, match="append-only"):
        event.save()
    with pytest.raises(TypeError, match="append-only"):
        event.delete()
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.filter(seq=event.seq).update(name="x")
    with pytest.raises(TypeError, match="append-only"):
        AuditEvent.objects.all().delete()


def _refused(sql: str, params=()) -> None:
    with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_any_update_or_delete_of_an_event_or_a_seal(db):
    record(1)
    for sql in ("UPDATE audit_auditevent SET name = 'x'", "DELETE FROM audit_auditevent",
                "UPDATE audit_auditevent SET xact = 0", "UPDATE audit_auditevent SET mac = mac"):
        _refused(sql)
    audit_sealed()
    for sql in ("UPDATE audit_auditseal SET hash = repeat('b', 64)", "UPDATE audit_auditseal SET seqs = '[]'",
                "DELETE FROM audit_auditseal", "UPDATE audit_auditevent SET data = '{}'"):
        _refused(sql)
    assert AuditSeal.objects.get().seqs == list(AuditEvent.objects.values_list("seq", flat=True))


def test_edited_sealed_event_is_named(db):
    events = sealed(5)
    tamper("UPDATE audit_auditevent SET data = '{\"index\": 7}' WHERE seq = %s", [events[2].seq])

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == events[2].seq
    assert "content does not match its MAC" in result.problem


def test_an_event_edited_before_it_is_sealed_is_named_and_its_seal_keeps_the_digest_it_was_written_with(db):
    events = sealed(2) + record(2)
    tamper("UPDATE audit_auditevent SET actor_id = 42 WHERE seq = %s", [events[2].seq])

    result = chain.verify(1)
    assert not result.ok and result.first_bad_seq == events[2].seq and "not sealed yet" in result.problem
    assert "content does not match its MAC" in result.problem

    # A round checks the MAC over the stored digest and links that digest without reading the content: the chain
    # holds the event as the append wrote it, which the edited content no longer matches, with or without the key.
    assert chain.seal().total == 2
    keyed, public = chain.verify(1), chain.verify(1, public_key=signing.public_key())
    assert not keyed.ok and keyed.first_bad_seq == events[2].seq and "content does not match its MAC" in keyed.problem
    assert not public.ok and public.first_bad_seq == events[2].seq
    assert public.problem == "its digest does not match its content (edited 'audit.test_record.made' event)"


def test_an_event_whose_digest_was_remade_for_an_edit_is_never_sealed(db):
    events = sealed(2) + record(2)
    edited = AuditEvent.objects.get(seq=events[2].seq)
    edited.actor_id = 42
    tamper("UPDATE audit_auditevent SET actor_id = 42, digest = %s WHERE seq = %s",
           [chain.content_digest(chain.canonical(chain.content_of(edited))), edited.seq])

    refused = chain.seal()
    assert refused.refused == {1: f"event #{edited.seq} fails its MAC (forged, its digest edited, or copied from "
                                  "another tenant): sealing it would sign it. Run verify_audit_chain."}
    assert sorted(chain.unsealed_events().values_list("seq", flat=True)) == [events[2].seq, events[3].seq]
    assert chain.seal().refused  # held back, round after round: never sealed
    assert chain.unsealed_events().count() == 2 and AuditSeal.objects.filter(first__isnull=True).count() == 1
    result = chain.verify(1)
    assert not result.ok and result.first_bad_seq == edited.seq and "content does not match its MAC" in result.problem


@pytest.mark.parametrize("digest", ["reverse(digest)", "''"], ids=["edited", "emptied"])
def test_a_sealed_events_digest_edited_or_emptied_is_named(db, digest):
    events = sealed(3)
    tamper(f"UPDATE audit_auditevent SET digest = {digest} WHERE seq = %s", [events[1].seq])

    result = chain.verify(1)

    # Emptied, the event reads as one written before digests: its MAC then covers the content, and does not match.
    assert not result.ok and result.first_bad_seq == events[1].seq
    assert result.problem.startswith("its digest does not match its content" if digest != "''"
                                     else "its content does not match its MAC")


def test_a_digest_and_mac_copied_onto_a_row_of_another_tenant_are_never_sealed(db):
    (genuine,) = record(1, tenant_id=1)
    columns = "occurred_at, name, channel, request_id, object_type, object_id, fields, subjects, purpose, data"
    tamper(f"INSERT INTO audit_auditevent ({columns}, tenant_id, digest, mac) SELECT {columns}, 2, digest, mac "
           "FROM audit_auditevent WHERE seq = %s", [genuine.seq])
    copy = AuditEvent.objects.get(tenant_id=2)

    result = chain.seal()

    # The MAC binds the digest to its tenant's chain: the row is held, the genuine event sealed.
    assert result.sealed == {1: 1} and "fails its MAC" in result.refused[2]
    assert list(chain.unsealed_events().values_list("seq", flat=True)) == [copy.seq]
    assert chain.verify(1).ok and not chain.verify(2).ok


@pytest.mark.parametrize("subjects", ['{"x": 1}', f'[["a"], "b", 7, ["c", "d"], [1, "e"], ["f", "{"9" * 65}"]]'],
                         ids=["object", "odd pairs"])
def test_subjects_edited_out_of_shape_before_sealing_stop_no_tenants_sealing(db, subjects):
    events = record(1) + record(1, tenant_id=2)
    tamper("UPDATE audit_auditevent SET subjects = %s::jsonb WHERE seq = %s", [subjects, events[0].seq])

    result = chain.seal()

    # Its MAC vouches for its digest, so it is sealed (the chain holds the digest as written); the database indexes
    # only the pairs of strings it finds, and verification names the edit.
    assert result.total == 2 and not result.refused
    assert list(AuditEventSubject.objects.filter(event_id=events[0].seq).values_list("subject_type", "subject_id")) \
        == ([("c", "d")] if subjects.startswith("[") else [])
    broken = chain.verify(1)
    assert not broken.ok and broken.first_bad_seq == events[0].seq and "content does not match" in broken.problem
    assert chain.verify(2).ok


def test_deleted_sealed_event_in_the_middle_is_named(db):
    events = sealed(5)
    tamper("DELETE FROM audit_auditeventsubject WHERE event_id = %s", [events[1].seq])
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [events[1].seq])

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == events[1].seq
    assert "position 2 of the chain is missing" in result.problem


def test_deleted_newest_sealed_event_is_named_by_the_head(db):
    events = sealed(4)
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [events[-1].seq])

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == events[-1].seq and "position 4" in result.problem


def test_a_subject_row_added_for_an_unsealed_event_is_named_and_the_sealer_writes_them(db):
    with transaction.atomic():
        event = audit_record("audit.test_record.made", tenant_id=1, subjects=[("childcare.child", 5)])
    assert not AuditEventSubject.objects.exists()  # the append is one row: the sealer indexes subjects
    tamper("INSERT INTO audit_auditeventsubject (event_id, tenant_id, subject_type, subject_id, occurred_at) "
           "SELECT seq, 1, 'childcare.child', '6', occurred_at FROM audit_auditevent WHERE seq = %s", [event.seq])

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == event.seq and "before it was sealed" in result.problem
    tamper("DELETE FROM audit_auditeventsubject")
    audit_sealed()
    assert list(AuditEventSubject.objects.values_list("event_id", "subject_id")) == [(event.seq, "5")]
    assert chain.verify(1).ok


def test_inserted_unsealed_event_is_named(db):
    events = sealed(3)
    tamper(forged_row(events[-1].seq + 10))

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == events[-1].seq + 10 and "MAC" in result.problem


def test_inserted_sealed_event_at_the_end_is_named(db):
    events = sealed(3)
    tamper(forged_row(events[-1].seq + 10))
    tamper(forged_seal(4, [events[-1].seq + 10], links(1)[events[-1].seq][2]))

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == events[-1].seq + 10


def test_inserted_sealed_event_in_the_middle_is_named(db):
    events = sealed(4)
    # The round's seal replaced by one with a forged event slipped in after position 2.
    seqs = [e.seq for e in events]
    tamper("DELETE FROM audit_auditseal")
    tamper(forged_row(events[-1].seq + 10))
    tamper(forged_seal(1, [*seqs[:2], events[-1].seq + 10, *seqs[2:]], chain.genesis_hash(1)))

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == events[-1].seq + 10


def test_a_replayed_copy_of_a_genuine_event_is_named(db):
    events = sealed(2)
    columns = ("occurred_at, name, tenant_id, actor_id, channel, request_id, ip_address, object_type, object_id, "
               "fields, subjects, purpose, data, digest, mac, legacy_prev_hash, legacy_hash")
    tamper(f"INSERT INTO audit_auditevent ({columns}) SELECT {columns} FROM audit_auditevent WHERE seq = %s",
           [events[0].seq])
    copy = AuditEvent.objects.order_by("-seq").first()

    result = chain.verify(1)

    assert not result.ok and result.first_bad_seq == copy.seq and "copy of event" in result.problem


def test_truncated_tail_with_a_replayed_head_is_caught_by_the_signed_checkpoint(db):
    """A head row saved earlier carries a valid MAC: only a checkpoint written since can tell it is old."""
    sealed(2)
    saved = AuditTenantHead.objects.values("size", "hash", "checkpoint_line", "checkpoint_size",
                                           "checkpoint_signature", "mac").get(chain=1)
    events = sealed(2)
    tamper("DELETE FROM audit_auditevent WHERE seq = ANY(%s)", [[e.seq for e in events]])
    tamper("DELETE FROM audit_auditseal WHERE first > 2")
    AuditTenantHead.objects.filter(chain=1).update(**saved)

    result = chain.verify(1)

    assert not result.ok and "signed checkpoint outside the database reached 4" in result.problem
    assert result.first_bad_seq is not None and result.first_bad_seq < events[0].seq


def test_a_subject_index_row_added_changed_or_removed_is_detected(db):
    events = []
    for i in range(3):
        with transaction.atomic():
            events.append(audit_record("audit.test_record.made", tenant_id=1, fields=["name"],
                                       subjects=[("childcare.child", i + 1), ("childcare.guardian", i + 10)]))
    audit_sealed()
    second, third = events[1].seq, events[2].seq
    assert chain.verify(1).ok and AuditEventSubject.objects.count() == 6

    # Re-pointing event #2's row at another child would make "who accessed child 99" find it.
    tamper("UPDATE audit_auditeventsubject SET subject_id = '99' WHERE event_id = %s AND subject_id = '2'", [second])
    result = chain.verify(1)
    assert not result.ok and result.first_bad_seq == second and "subject index" in result.problem
    tamper("UPDATE audit_auditeventsubject SET subject_id = '2' WHERE event_id = %s AND subject_id = '99'", [second])
    assert chain.verify(1).ok

    # Re-pointing a row at another event of the tenant.
    tamper("UPDATE audit_auditeventsubject SET event_id = %s WHERE event_id = %s AND subject_id = '2'",
           [third, second])
    assert chain.verify(1).first_bad_seq == second
    tamper("UPDATE audit_auditeventsubject SET event_id = %s WHERE event_id = %s AND subject_id = '2'",
           [second, third])

    # Emptying an event's rows (a TRUNCATE passes row triggers by) leaves it unmatched.
    tamper("DELETE FROM audit_auditeventsubject WHERE event_id = %s", [third])
    result = chain.verify(1)
    assert not result.ok and result.first_bad_seq == third

    # A row added for an event that does not exist.
    tamper("INSERT INTO audit_auditeventsubject (event_id, tenant_id, subject_type, subject_id, occurred_at) "
           "SELECT 999999, 1, 'childcare.child', '7', now()")
    assert not chain.verify(1).ok
    tamper("DELETE FROM audit_auditeventsubject WHERE event_id = 999999")  # the test's own foreign keys


def test_a_tenant_is_verified_without_reading_another_tenants_events(db):
    sealed(3, tenant_id=1)
    other = sealed(3, tenant_id=2)
    tamper("UPDATE audit_auditevent SET data = '{}' WHERE seq = %s", [other[0].seq])

    with CaptureQueriesContext(connection) as queries:
        result = chain.verify(1)

    assert result.ok and result.checked == 3, result.summary()
    event_reads = [q["sql"] for q in queries.captured_queries if 'FROM "audit_auditevent"' in q["sql"]]
    assert event_reads and all('"audit_auditevent"."tenant_id" = 1' in sql for sql in event_reads), event_reads
    assert chain.verify(2).first_bad_seq == other[0].seq


def test_the_sealing_task_seals_again_after_each_pause_until_its_time_is_spent(db, settings, monkeypatch):
    """Beat sends the task every second; within it, events written during a pause are sealed by the next round."""
    from audit import services, tasks

    (first,) = record(1)
    written = []

    def pause(seconds):
        assert seconds == 0.01
        if not written:  # an event written while the sealer pauses
            written.extend(record(1, tenant_id=2))

    monkeypatch.setattr(services, "sleep", pause)
    settings.AUDIT_SEAL_SECONDS, settings.AUDIT_SEAL_PAUSE = 60.0, 0.01
    clock = iter([0.0, 0.1, 0.2, 0.3, 0.4, 59.9])  # two rounds of 0.1 s; then the time is spent
    monkeypatch.setattr(services, "monotonic", lambda: next(clock, 60.0))

    outcome = tasks.seal()

    assert outcome == {"sealed": 2, "chains": 2, "refused": {}, "checkpoints": 2, "busy": False}
    assert not chain.unsealed_events().filter(seq__in=[first.seq, written[0].seq]).exists()
    assert chain.verify(1).ok and chain.verify(2).ok


def test_the_sealer_stops_at_a_forged_event_of_one_tenant_and_seals_the_others(db, settings):
    sealed(1, tenant_id=1)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('audit_auditevent', 'seq'))")
        forged = cursor.fetchone()[0]
    tamper(forged_row(forged, tenant_id=1))
    later = record(1, tenant_id=1)
    others = record(2, tenant_id=2)

    result = chain.seal()

    assert set(result.refused) == {1} and result.sealed[2] == 2
    assert sorted(chain.unsealed_events().values_list("seq", flat=True)) == [forged, later[0].seq]
    assert sorted(links(2)) == [e.seq for e in others]

    # Left unsealed past the deadline, the waiting events become the auditors' finding.
    settings.AUDIT_SEAL_OVERDUE = 0
    audit_log_seal()
    finding = AuditFinding.objects.get(kind=AuditFinding.Kind.UNSEALED)
    assert (finding.tenant_id, finding.event_seqs, finding.count) == (1, [forged, later[0].seq], 2)


def test_verify_command_verifies_one_tenant_by_its_municipality_code(db, capsys):
    ward = Municipality.objects.create(code="139998", name="検証区")
    sealed(2, tenant_id=ward.pk)
    other = sealed(1, tenant_id=ward.pk + 1)
    tamper("UPDATE audit_auditevent SET object_id = '5' WHERE seq = %s", [other[0].seq])

    call_command("verify_audit_chain", "--tenant", "139998")

    assert f"Audit chain of tenant {ward.pk} intact: 2 events verified" in capsys.readouterr().out
    with pytest.raises(CommandError, match=f"broken at event #{other[0].seq}"):
        call_command("verify_audit_chain")
    with pytest.raises(CommandError, match="no municipality has this code"):
        call_command("verify_audit_chain", "--tenant", "999999")


@pytest.mark.django_db(transaction=True)
def test_verify_command_exit_status_as_run_from_a_shell(settings):
    """The command a cron job or an auditor runs: exit 0 when intact, non-zero naming the event."""
    events = sealed(3)
    env = {**os.environ, "DATABASE_URL": database_url(),
           "MIMAMORI_AUDIT_CHECKPOINT_FILE": str(settings.AUDIT_CHECKPOINT_FILE)}
    intact = subprocess.run([sys.executable, "manage.py", "verify_audit_chain", "--tenant", "1"], env=env,
                            capture_output=True, text=True, check=False)
    tamper("DELETE FROM audit_auditevent WHERE seq = %s", [events[0].seq])
    broken = subprocess.run([sys.executable, "manage.py", "verify_audit_chain", "--tenant", "1"], env=env,
                            capture_output=True, text=True, check=False)

    assert intact.returncode == 0, intact.stderr
    assert broken.returncode == 1
    assert f"broken at event #{events[0].seq}: position 1 of the chain is missing" in broken.stderr


SQLITE_APPEND = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from audit.chain import seal, verify
from audit.models import AuditEventSubject
from audit.services import record_access
record_access(subjects=[("childcare.child", 1), ("childcare.guardian", 2)], fields=["child.name"], purpose="care",
              tenant_id=1)
record_access(subjects=[("childcare.child", 1)], fields=["child.kana"], purpose="care", tenant_id=1)
print(verify(1).summary())
seal(force_checkpoint=True)
print(verify(1).summary(), AuditEventSubject.objects.count())
"""


def test_the_chain_appends_seals_and_verifies_on_the_embedded_sqlite_database(tmp_path):
    # `make run` keeps its audit log in SQLite, where appends take the ORM's path rather than one statement.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    result = subprocess.run([sys.executable, "-c", SQLITE_APPEND], capture_output=True, text=True, check=False,
                            env={**env, "MIMAMORI_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings"})
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.splitlines()[-2:]
    assert "0 events verified, head at #0, 2 not sealed yet" in before
    assert after.split()[-1] == "3" and "2 events verified, head at #2, 0 not sealed yet" in after


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_of_two_tenants_from_many_connections_seal_into_two_gapless_chains():
    import threading

    from django.db import connections

    from audit.services import record_access

    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(25):
                if i % 5 == 0:  # now and then inside a caller's transaction
                    with transaction.atomic():
                        audit_record("audit.test_record.made", tenant_id=1 + n % 2)
                else:
                    record_access(subjects=[("childcare.child", n * 100 + i)], fields=["child.name"],
                                  purpose="care", tenant_id=1 + n % 2)
                if i == 12 and n == 0:
                    chain.seal()  # a sealer running while the others append
        except BaseException as error:  # reported below: a thread's failure must fail the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    audit_sealed()
    for tenant in (1, 2):
        result = chain.verify(tenant)
        assert result.ok and result.checked == 50 and result.head_seq == 50, result.summary()
    assert AuditEventSubject.objects.count() == 80


@pytest.mark.django_db(transaction=True)
def test_a_long_transaction_holds_back_its_own_events_only_and_they_are_sealed_once_it_commits():
    import threading

    from django.db import connections

    written, release, errors = threading.Event(), threading.Event(), []

    def long_transaction() -> None:
        try:
            with transaction.atomic():
                audit_record("audit.test_record.made", tenant_id=1, object_id="long")
                written.set()
                release.wait(timeout=60)
        except BaseException as error:  # reported below: the thread's failure must fail the test
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=long_transaction)
    thread.start()
    assert written.wait(timeout=60)
    later = record(2, tenant_id=1) + record(1, tenant_id=2)  # written after the long transaction began

    chain.seal()  # it does not wait for the long transaction

    assert sorted(links(1)) == [e.seq for e in later[:2]] and sorted(links(2)) == [later[2].seq]
    assert AuditSeal.objects.order_by("-id").first().deferred  # the open transaction is remembered
    release.set()
    thread.join()
    assert errors == []
    (long,) = AuditEvent.objects.filter(object_id="long")
    assert list(chain.unsealed_events().values_list("seq", flat=True)) == [long.seq]

    chain.seal()

    assert list(links(1)) == [*(e.seq for e in later[:2]), long.seq]  # once, after the events sealed before it
    assert not chain.unsealed_events().exists() and chain.verify(1).ok and chain.verify(2).ok
