"""On PostgreSQL the audit log is partitioned by Asia/Tokyo month: created ahead, a DEFAULT safety net, and months
past retention archived (exported, verified, dropped) with every chain still verifying from the archive."""

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit import chain, signing
from audit.archive import ArchiveRefused, audit_months_archive
from audit.models import AuditArchive, AuditEvent, AuditEventSubject, AuditSeal
from audit.partitions import partitioned, partitions_ensure, partitions_list
from tests.audit.test_chain import tamper
from tests.audit.test_runtime_role import acting_as, refused_as, runtime_role  # noqa: F401 — a fixture
from tests.support import audit_sealed

NOW = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def event_at(moment: datetime, *, tenant_id: int = 1, subject: str = "1") -> chain.NewEvent:
    """One access event written as of ``moment`` (the append takes its time from the caller here)."""
    with transaction.atomic():
        return chain.append(chain.NewEvent(
            occurred_at=moment, name="audit.personal_data.read", tenant_id=tenant_id, actor_id=None, channel="web",
            request_id="r", ip_address=None, object_type="", object_id="", fields=["child.name"],
            subjects=[["childcare.child", subject]], purpose="care", data={}))


def partition_of(seq: int, table: str = "audit_auditevent", column: str = "seq") -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT tableoid::regclass::text FROM {table} WHERE {column} = %s", [seq])
        return cursor.fetchone()[0]


def links(tenant: int = 1) -> list[dict]:
    """The tenant's sealed events in the database, in chain order, as exported: seq, position (chain_seq), prev_hash
    and hash (from the tenant's latest archive on)."""
    return [json.loads(line) for line in chain.export_lines(tenant, start=chain.latest_archive(tenant))]


def positions(tenant: int = 1) -> list[int]:
    """The positions of the tenant's chain whose event is still in the database (archived ones included)."""
    return [position for _row, events in chain.sealed(tenant) for position, _seq, event in events if event is not None]


def tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE tablename LIKE 'audit_auditevent%%'")
        return {name for (name,) in cursor.fetchall()}


def test_the_event_table_and_subject_index_are_partitioned_with_the_append_only_triggers_on_every_partition(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, relkind FROM pg_class WHERE relname IN "
                       "('audit_auditevent', 'audit_auditeventsubject') ORDER BY 1")
        kinds = cursor.fetchall()
        cursor.execute("SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                       "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = 'audit_auditevent'::regclass "
                       "AND i.indisprimary ORDER BY a.attnum")
        key = [name for (name,) in cursor.fetchall()]
        cursor.execute("SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                       "WHERE i.inhparent = 'audit_auditevent'::regclass AND NOT EXISTS (SELECT 1 FROM pg_trigger t "
                       "WHERE t.tgrelid = c.oid AND t.tgname = 'audit_event_append_only')")
        without_trigger = cursor.fetchall()

    assert kinds == [("audit_auditevent", "p"), ("audit_auditeventsubject", "p")]
    assert key == ["seq", "occurred_at"]
    assert without_trigger == []
    assert partitioned() and partitions_list()[-1].month is None  # the DEFAULT partition comes last


def test_partitions_are_created_ahead_once_and_events_land_in_their_tokyo_month(db):
    first = partitions_ensure(now=datetime(2031, 3, 10, tzinfo=UTC), ahead=2)
    again = partitions_ensure(now=datetime(2031, 3, 10, tzinfo=UTC), ahead=2)
    # 2031-03-31 15:30 UTC is 2031-04-01 00:30 in Tokyo: April's partition.
    march, april = event_at(datetime(2031, 3, 31, 14, 59, tzinfo=UTC)), event_at(datetime(2031, 3, 31, 15, 30,
                                                                                            tzinfo=UTC))
    audit_sealed()

    assert first.created == [date(2031, 3, 1), date(2031, 4, 1), date(2031, 5, 1)] and not first.moved
    assert again.created == [] and not again.moved
    assert partition_of(march.seq) == "audit_auditevent_p2031_03"
    assert partition_of(april.seq) == "audit_auditevent_p2031_04"
    assert partition_of(april.seq, "audit_auditeventsubject", "event_id") == "audit_auditeventsubject_p2031_04"
    assert chain.verify(1).ok


def test_an_event_of_a_month_without_partition_waits_in_default_and_is_moved_unaltered_when_it_is_created(db):
    event = event_at(datetime(2040, 7, 1, 3, 0, tzinfo=UTC))
    audit_sealed()
    stored = AuditEvent.objects.get(seq=event.seq)
    assert partition_of(event.seq) == "audit_auditevent_default"
    assert partition_of(event.seq, "audit_auditeventsubject", "event_id") == "audit_auditeventsubject_default"

    ensured = partitions_ensure(now=datetime(2040, 6, 15, tzinfo=UTC), ahead=0)

    assert ensured.created == [date(2040, 6, 1), date(2040, 7, 1)] and ensured.moved == {date(2040, 7, 1): 1}
    assert partition_of(event.seq) == "audit_auditevent_p2040_07"
    assert partition_of(event.seq, "audit_auditeventsubject", "event_id") == "audit_auditeventsubject_p2040_07"
    moved = AuditEvent.objects.get(seq=event.seq)
    assert [getattr(moved, f.attname) for f in AuditEvent._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in AuditEvent._meta.concrete_fields]
    assert [p.events for p in partitions_list() if p.month is None] == [0]
    assert chain.verify(1).ok


def test_the_audit_partitions_command_reports_what_it_created_and_each_partition(db):
    event_at(datetime(2041, 2, 3, tzinfo=UTC))
    from io import StringIO
    out = StringIO()

    call_command("audit_partitions", "--ahead", "1", stdout=out)

    assert "Created the partitions of: " in out.getvalue() and "2041-02" in out.getvalue()
    assert "Moved 1 event(s) of 2041-02 out of the DEFAULT partition." in out.getvalue()
    assert "2041-02: 1 event(s), 1 not sealed, 0 subject row(s)" in out.getvalue()
    assert "DEFAULT: 0 event(s)" in out.getvalue()


@pytest.fixture
def three_months(db, settings, tmp_path):
    """Tenants 1 and 2 with events in January, February and March 2026, sealed and checkpointed month by month;
    retention of 3 months, so months before September 2026 may be archived on NOW."""
    settings.AUDIT_RETENTION_MONTHS = 3
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "archive"
    partitions_ensure(now=datetime(2026, 1, 10, tzinfo=UTC), ahead=2)
    events = {}
    for month in (1, 2, 3):
        for day in (3, 17):
            for tenant in (1, 2):
                moment = datetime(2026, month, day, 1, tzinfo=UTC)
                events.setdefault(month, []).append(event_at(moment, tenant_id=tenant, subject=str(day)))
        audit_sealed()
    return events


def test_a_month_past_retention_is_exported_verified_and_dropped_and_every_chain_verifies_from_its_archive(
        three_months, settings):
    archived = audit_months_archive(before=date(2026, 2, 1), now=NOW)

    (january,) = archived
    assert january.month == date(2026, 1, 1) and january.chains == {1: 2, 2: 2}
    assert (january.events, january.exported) == (4, 4)
    assert "audit_auditevent_p2026_01" not in tables() and "audit_auditeventsubject_p2026_01" not in tables()
    assert "audit_auditevent_p2026_02" in tables()
    assert not AuditEvent.objects.filter(seq__in=[e.seq for e in three_months[1]]).exists()
    assert not AuditEventSubject.objects.filter(event_id__in=[e.seq for e in three_months[1]]).exists()
    for tenant in (1, 2):
        result = chain.verify(tenant)
        assert result.ok and result.checked == 4 and result.head_seq == 6, result.summary()
        assert "4 events verified after its archive ending at #2, head at #6" in result.summary()
        assert chain.verify(tenant, public_key=signing.public_key()).ok
        # The database's chain continues from the archive: February's seal row links to the archive's end.
        row, events = next((row, events) for row, events in chain.sealed(tenant, after=2) if events)
        assert (row.first, events[0][:2]) == (3, (3, three_months[2][tenant - 1].seq))
        assert row.prev_hash == AuditArchive.objects.get(chain=tenant).hash
        assert positions(tenant) == [3, 4, 5, 6]
    # The archive verifies with the public key alone, as exported.
    public_key = settings.AUDIT_ARCHIVE_DIR.parent / "public.pem"
    public_key.write_text(signing.public_key_pem())
    call_command("verify_audit_export", str(january.directory / "chain-1"), "--public-key", str(public_key))
    assert (january.directory / "chain-1" / "events.jsonl").read_text().count("\n") == 2
    # An export made after the archive starts from its checkpoint, and verifies with the public key alone.
    start = AuditArchive.objects.get(chain=1)
    lines = [c.text() for c in chain.read_checkpoints(1, signing.public_key()).mine]
    assert chain.verify_export(1, list(chain.export_lines(1, start=start)), lines, signing.public_key(), start=start).ok
    audit_months_archive(before=date(2026, 3, 1), now=NOW)
    assert chain.verify(1).ok and chain.verify(1).checked == 2
    assert list(AuditArchive.objects.filter(chain=1).order_by("size").values_list("month", "size")) == [
        (date(2026, 1, 1), 2), (date(2026, 2, 1), 4)]


def test_tampering_after_an_archive_is_still_detected(three_months):
    audit_months_archive(before=date(2026, 2, 1), now=NOW)
    remaining = links(1)
    assert [(e["chain_seq"], e["prev_hash"]) for e in remaining[:1]] == [(3, AuditArchive.objects.get(chain=1).hash)]

    with transaction.atomic():
        tamper("UPDATE audit_auditevent SET purpose = 'x' WHERE seq = %s", [remaining[1]["seq"]])
        assert chain.verify(1).first_bad_seq == remaining[1]["seq"]
        transaction.set_rollback(True)
    with transaction.atomic():  # the first event after the archive: its link no longer starts from the archive
        tamper("DELETE FROM audit_auditevent WHERE seq = %s", [remaining[0]["seq"]])
        result = chain.verify(1)
        assert not result.ok and "position 3 of the chain is missing" in result.problem, result.summary()
        transaction.set_rollback(True)
    with transaction.atomic():  # February's events deleted with the seal row placing them
        tamper("DELETE FROM audit_auditevent WHERE seq = ANY(%s)", [[e["seq"] for e in remaining[:2]]])
        tamper("DELETE FROM audit_auditseal WHERE chain = 1 AND first = 3")
        result = chain.verify(1)
        assert not result.ok and "positions 3 to 4 of the chain are missing" in result.problem, result.summary()
        assert result.first_bad_seq == remaining[2]["seq"]
        transaction.set_rollback(True)
    with transaction.atomic():
        tamper("UPDATE audit_auditeventsubject SET event_id = %s WHERE event_id = %s",
               [remaining[1]["seq"], remaining[2]["seq"]])
        assert not chain.verify(1).ok
        transaction.set_rollback(True)
    with transaction.atomic():  # forgetting the archive: the chain no longer starts anywhere
        AuditArchive.objects.filter(chain=1).delete()
        assert "position 1 of the chain is missing" in chain.verify(1).problem
        transaction.set_rollback(True)
    with transaction.atomic():  # moving the archive forward over events deleted since needs the signing key
        AuditArchive.objects.filter(chain=1).update(size=3, hash=remaining[0]["hash"])
        assert "is not signed with the checkpoints' key" in chain.verify(1).problem
        transaction.set_rollback(True)
    with transaction.atomic():  # a record listing kept events as events held their links once: named, not guessed
        record = AuditArchive.objects.get(chain=1)
        record.kept = [[remaining[0]["seq"], 3, remaining[0]["hash"]]]
        AuditArchive.objects.filter(pk=record.pk).update(kept=record.kept, signature=signing.sign(record.message()))
        assert "without the link before each (written before seal rows)" in chain.verify(1).problem
        transaction.set_rollback(True)
    assert chain.verify(1).ok


def test_an_archive_is_refused_within_retention_with_unsealed_events_or_without_a_signing_key(three_months, settings):
    def refused(match: str, **kwargs):
        with pytest.raises(ArchiveRefused, match=match):
            audit_months_archive(before=date(2026, 2, 1), **kwargs)
        assert "audit_auditevent_p2026_01" in tables() and not AuditArchive.objects.exists()
        assert not settings.AUDIT_ARCHIVE_DIR.exists()

    refused(r"within the audit log's retention period \(3 months", now=datetime(2026, 4, 20, tzinfo=UTC))
    event_at(datetime(2026, 1, 20, tzinfo=UTC))
    refused(r"2026-01 has 1 event\(s\) not sealed yet", now=NOW)
    audit_sealed()
    settings.AUDIT_SIGNING_KEY = ""
    refused("No usable signing key", now=NOW)

    with pytest.raises(CommandError, match="give a month as YYYY-MM"):
        call_command("audit_archive", "--before", "2026/02")


# A database at 0009 as the sealer of that time left it: events sealed in place (their chain position, previous
# link and link in the event's own columns), the tenants' heads, the subject rows of the sealed events; the last
# event not sealed yet. Written with SQL: today's models no longer have those columns.
SEED_0009 = textwrap.dedent("""
    import json
    from datetime import UTC, datetime, timedelta
    from django.db import connection
    from django.utils import timezone
    from audit import chain
    from audit.models import AuditEvent
    heads = {}
    with connection.cursor() as cursor:
        for i in range(13):
            at = (datetime(2026, 8, 31, 15, tzinfo=UTC) + timedelta(days=7 * i - 1) if i < 12
                  else datetime(2026, 11, 30, tzinfo=UTC))
            event = AuditEvent(occurred_at=at, name="x.y.z", tenant_id=1 + i % 2, channel="web", request_id="r",
                               subjects=[["t", str(i)]])
            linked = chain.linked_text(event)
            mac = chain.expected_mac(event, linked)
            cursor.execute("SELECT nextval(pg_get_serial_sequence('audit_auditevent', 'seq'))")
            seq = cursor.fetchone()[0]
            seal = [None, None, None, None]
            if i < 12:
                size, prev = heads.get(event.tenant_id, (0, chain.genesis_hash(event.tenant_id)))
                digest = chain.link_hash(prev, event.tenant_id, size + 1, seq, mac, linked)
                seal = [size + 1, prev, digest, timezone.now()]
                heads[event.tenant_id] = (size + 1, digest)
            cursor.execute(
                "INSERT INTO audit_auditevent (seq, occurred_at, name, tenant_id, channel, request_id, object_type,"
                " object_id, fields, subjects, purpose, data, mac, legacy_prev_hash, legacy_hash, chain_seq,"
                " prev_hash, hash, sealed_at) VALUES (%s, %s, %s, %s, 'web', 'r', '', '', '[]', %s::jsonb, '', '{}',"
                " %s, '', '', %s, %s, %s, %s)",
                [seq, at, event.name, event.tenant_id, json.dumps(event.subjects), mac, *seal])
            if i < 12:
                cursor.execute("INSERT INTO audit_auditeventsubject (event_id, tenant_id, subject_type, subject_id,"
                               " occurred_at) VALUES (%s, %s, 't', %s, %s)", [seq, event.tenant_id, str(i), at])
        for tenant, (size, digest) in heads.items():
            head = chain.Head(tenant, size, digest).signed()
            cursor.execute("INSERT INTO audit_audittenanthead (chain, size, hash, checkpoint_line, checkpoint_size,"
                           " checkpoint_signature, cutover_size, mac) VALUES (%s, %s, %s, 0, 0, '', 0, %s)",
                           [tenant, size, digest, head.mac])
""")

# After the migration: the seal rows made from the old columns place every sealed event as it was; the chains
# verify; the unsealed event waits (xact 0, below every transaction) and the first round seals it.
CHECK_MIGRATED = textwrap.dedent("""
    import json
    from audit import chain
    from audit.models import AuditSeal
    rows = [[r.chain, r.first, r.seqs, r.prev_hash, r.hash, r.occurred_from.isoformat(), r.occurred_to.isoformat()]
            for r in AuditSeal.objects.order_by("chain", "first")]
    waiting = list(chain.unsealed_events().values_list("seq", flat=True))
    before = [chain.verify(tenant) for tenant in (1, 2)]
    sealed = chain.seal(checkpoint=False)
    after = [chain.verify(tenant) for tenant in (1, 2)]
    last = [[r.chain, r.first, r.seqs] for r in AuditSeal.objects.order_by("-id")[:1]]
    # An event with a digest sealed after the older ones: the chain, and its export, hold both formulas.
    from django.conf import settings
    from django.db import transaction
    from audit import signing
    from audit.services import audit_record
    with transaction.atomic():
        audit_record("audit.chain.verified", tenant_id=1, data={"ok": True})
    chain.seal(force_checkpoint=True)
    lines = list(chain.export_lines(1))
    exported = chain.verify_export(1, lines, settings.AUDIT_CHECKPOINT_FILE.read_text().splitlines(),
                                   signing.public_key())
    mixed = [chain.verify(1).ok, chain.verify(1, public_key=signing.public_key()).ok, exported.ok, exported.checked,
             ["digest" in json.loads(line) for line in lines]]
    print(json.dumps({"mixed": mixed, "rows": rows, "waiting": waiting, "sealed": dict(sealed.sealed),
                      "refused": sealed.refused,
                      "before": [[v.ok, v.checked, v.unsealed, v.summary()] for v in before],
                      "after": [[v.ok, v.checked, v.unsealed, v.summary()] for v in after],
                      "last": last}))
""")

# The columns an event keeps through the migrations (0014 drops the seal columns and adds xact).
KEPT_COLUMNS = ("seq, occurred_at, name, tenant_id, actor_id, channel, request_id, ip_address, object_type, "
                "object_id, fields, subjects, purpose, data, mac, legacy_prev_hash, legacy_hash")


def test_the_migrations_copy_events_and_subject_rows_unaltered_into_partitions_and_seal_rows_from_their_columns(
        db, tmp_path):
    """A database at 0009 with events sealed in place over three months is migrated: every event and subject row is
    as it was, in its month's partition; each tenant's seal row places the sealed events as their own columns did;
    the chains verify, and the event not sealed yet is sealed by the first round."""
    name = f"{connection.settings_dict['NAME']}_partitioning"[:63]
    admin = {k: connection.settings_dict[k] for k in ("HOST", "PORT", "USER")}
    with psycopg.connect(host=admin["HOST"], port=admin["PORT"], user=admin["USER"], dbname="postgres",
                         autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}"')
        server.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings",
           "DATABASE_URL": f"postgres://{admin['USER']}@{admin['HOST']}:{admin['PORT']}/{name}",
           "MIMAMORI_AUDIT_CHECKPOINT_FILE": str(tmp_path / "checkpoints")}
    rows = (f"SELECT md5(string_agg(row({KEPT_COLUMNS})::text, ',' ORDER BY seq)), count(*) FROM audit_auditevent",
            "SELECT md5(string_agg(t::text, ',' ORDER BY id)), count(*) FROM audit_auditeventsubject t")

    def manage(*args: str) -> str:
        done = subprocess.run([sys.executable, "manage.py", *args], env=env, capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    try:
        manage("migrate", "audit", "0009")
        manage("shell", "-c", SEED_0009)
        with psycopg.connect(host=admin["HOST"], port=admin["PORT"], user=admin["USER"], dbname=name) as db_:
            before = [db_.execute(sql).fetchone() for sql in rows]
            placed = db_.execute("SELECT tenant_id, chain_seq, seq, prev_hash, hash FROM audit_auditevent "
                                 "WHERE chain_seq IS NOT NULL ORDER BY tenant_id, chain_seq").fetchall()
            unsealed = db_.execute("SELECT seq FROM audit_auditevent WHERE chain_seq IS NULL").fetchall()
        manage("migrate", "audit")
        with psycopg.connect(host=admin["HOST"], port=admin["PORT"], user=admin["USER"], dbname=name) as db_:
            after = [db_.execute(sql).fetchone() for sql in rows]
            spread = db_.execute("SELECT tableoid::regclass::text, count(*) FROM audit_auditevent GROUP BY 1 "
                                 "ORDER BY 1").fetchall()
            xacts = db_.execute("SELECT seq, xact FROM audit_auditevent WHERE xact IS NOT NULL").fetchall()
            columns = {c for (c,) in db_.execute("SELECT column_name FROM information_schema.columns "
                                                 "WHERE table_name = 'audit_auditevent'").fetchall()}
        checked = json.loads(manage("shell", "-c", CHECK_MIGRATED).splitlines()[-1])
        with psycopg.connect(host=admin["HOST"], port=admin["PORT"], user=admin["USER"], dbname=name) as db_:
            next_seq = db_.execute("SELECT nextval(pg_get_serial_sequence('audit_auditevent', 'seq'))").fetchone()
            subject_rows = db_.execute("SELECT count(*) FROM audit_auditeventsubject").fetchone()
    finally:
        with psycopg.connect(host=admin["HOST"], port=admin["PORT"], user=admin["USER"], dbname="postgres",
                             autocommit=True) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    assert before[0][1] == 13 and before[1][1] == 12 and len(placed) == 12 and len(unsealed) == 1
    assert after == before
    assert spread == [("audit_auditevent_p2026_08", 1), ("audit_auditevent_p2026_09", 4),
                      ("audit_auditevent_p2026_10", 4), ("audit_auditevent_p2026_11", 4)]
    assert not {"chain_seq", "prev_hash", "hash", "sealed_at"} & columns and "xact" in columns
    assert xacts == [(unsealed[0][0], 0)]  # only the unsealed event is read again by the sealer
    expected = []
    for tenant in (1, 2):
        mine = [row for row in placed if row[0] == tenant]
        assert [row[1] for row in mine] == [1, 2, 3, 4, 5, 6]
        expected.append([tenant, 1, [row[2] for row in mine], mine[0][3], mine[-1][4]])
    assert [row[:5] for row in checked["rows"]] == expected
    assert expected[0][3] == chain.genesis_hash(1) and expected[1][3] == chain.genesis_hash(2)
    assert checked["waiting"] == [unsealed[0][0]]
    assert [v[:3] for v in checked["before"]] == [[True, 6, 1], [True, 6, 0]], checked["before"]
    assert checked["sealed"] == {"1": 1} and checked["refused"] == {}
    assert checked["last"] == [[1, 7, [unsealed[0][0]]]]
    assert [v[:3] for v in checked["after"]] == [[True, 7, 0], [True, 6, 0]], checked["after"]
    assert checked["mixed"] == [True, True, True, 8, [False] * 7 + [True]]
    assert next_seq == (15,) and subject_rows == (13,)


def test_the_subject_query_reads_only_the_months_asked(db):
    from audit.models import AuditEventSubject as Subject

    partitions_ensure(now=datetime(2027, 6, 1, tzinfo=UTC), ahead=0)
    query = Subject.objects.filter(tenant_id=1, subject_type="childcare.child", subject_id="1",
                                   occurred_at__gte=datetime(2026, 12, 31, 15, tzinfo=UTC),
                                   occurred_at__lt=datetime(2027, 1, 31, 15, tzinfo=UTC))
    plan = query.explain()

    assert "audit_auditeventsubject_p2027_01" in plan
    assert "audit_auditeventsubject_p2026_12" not in plan and "audit_auditeventsubject_p2027_06" not in plan
    assert "audit_auditeventsubject_default" not in plan


def test_the_application_role_creates_months_ahead_but_cannot_reach_a_partition_directly(db, runtime_role):  # noqa: F811

    event = event_at(datetime(2026, 12, 10, tzinfo=UTC))
    with acting_as(runtime_role):
        ensured = partitions_ensure(now=datetime(2032, 1, 5, tzinfo=UTC), ahead=1)
    refusals = [refused_as(runtime_role, sql) for sql in (
        "SELECT count(*) FROM audit_auditevent_p2026_12", "DELETE FROM audit_auditevent_p2026_12",
        "TRUNCATE audit_auditevent_p2026_12", "ALTER TABLE audit_auditevent DETACH PARTITION audit_auditevent_p2026_12",
        "DROP TABLE audit_auditeventsubject_p2026_12", "DELETE FROM audit_auditarchive")]

    assert ensured.created == [date(2032, 1, 1), date(2032, 2, 1)]
    assert all(refusals) and AuditEvent.objects.filter(seq=event.seq).exists()


def test_a_round_writes_one_seal_row_per_tenant_updates_no_event_and_its_events_are_read_in_their_month_only(db):
    """Sealing no longer updates events: a round inserts one seal row per tenant (naming the months of its events)
    and the subject rows; reading a seal's events back touches only those months' partitions."""
    partitions_ensure(now=datetime(2031, 3, 10, tzinfo=UTC), ahead=2)
    ours = [event_at(datetime(2031, 4, 2, tzinfo=UTC)), event_at(datetime(2031, 4, 3, tzinfo=UTC))]
    theirs = event_at(datetime(2031, 4, 4, tzinfo=UTC), tenant_id=2)

    def written() -> dict[str, list[int]]:
        """Rows this transaction inserted, updated and deleted so far, by audit table and partition."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
                           "WHERE relname LIKE 'audit_auditevent%%' OR relname = 'audit_auditseal'")
            return {name: counts for name, *counts in cursor.fetchall()}

    before = written()
    audit_sealed()
    after = written()

    rows = {row.chain: row for row in AuditSeal.objects.all()}
    assert set(rows) == {1, 2}
    assert (rows[1].first, rows[1].seqs, rows[2].first, rows[2].seqs) == (1, [e.seq for e in ours], 1, [theirs.seq])
    assert (rows[1].occurred_from, rows[1].occurred_to) == (ours[0].occurred_at, ours[1].occurred_at)
    assert rows[1].prev_hash == chain.genesis_hash(1) and rows[1].hash == links(1)[-1]["hash"]
    done = {name: [n - m for n, m in zip(counts, before.get(name, [0, 0, 0]), strict=True)]
            for name, counts in after.items()}
    assert done["audit_auditeventsubject_p2031_04"] == [3, 0, 0] and done["audit_auditseal"] == [2, 0, 0]
    assert all(counts == [0, 0, 0] for name, counts in done.items()
               if name.startswith("audit_auditevent_")), done  # not one event row written, updated or deleted

    with CaptureQueriesContext(connection) as queries:
        assert [(p, s) for _row, events in chain.sealed(1) for p, s, _e in events] == [(1, ours[0].seq),
                                                                                        (2, ours[1].seq)]
    (read,) = [q["sql"] for q in queries.captured_queries if 'FROM "audit_auditevent"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {read}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "audit_auditevent_p2031_04" in plan
    assert "audit_auditevent_p2031_03" not in plan and "audit_auditevent_default" not in plan
    assert chain.verify(1).ok and chain.verify(1).checked == 2


def test_the_application_role_lists_the_partitions_but_is_told_to_archive_as_the_owner(three_months, runtime_role):  # noqa: F811
    with acting_as(runtime_role):
        listed = {p.month: (p.events, p.unsealed, p.subject_rows) for p in partitions_list()}
        with pytest.raises(ArchiveRefused, match="run audit_archive as the tables' owner"):
            audit_months_archive(before=date(2026, 2, 1), now=NOW)

    assert listed[date(2026, 1, 1)] == (4, 0, 4) and listed[None] == (0, 0, 0)
    assert "audit_auditevent_p2026_01" in tables()


@pytest.fixture
def interleaved(db, settings, tmp_path):
    """Tenant 1's January and February sealed in one batch, in commit order: January's last event (position 4)
    was committed after a February one (position 3); two more of February follow (5, 6), the checkpoint is at 6;
    March (7) is sealed later. Archiving January ends at 4, keeps position 3 in the database and drops the rest."""
    settings.AUDIT_RETENTION_MONTHS = 3
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "archive"
    partitions_ensure(now=datetime(2026, 1, 10, tzinfo=UTC), ahead=2)
    events = [event_at(datetime(2026, month, day, 1, tzinfo=UTC), subject=str(day))
              for month, day in ((1, 3), (1, 17), (2, 1), (1, 31), (2, 3), (2, 17))]
    audit_sealed()
    events.append(event_at(datetime(2026, 3, 3, 1, tzinfo=UTC)))
    audit_sealed()
    return events


def test_an_archive_ends_at_the_months_last_event_and_every_event_left_in_the_database_is_verified(interleaved,
                                                                                                     settings):
    before = links(1)
    assert [(e["seq"], e["chain_seq"]) for e in before] == [(e.seq, n) for n, e in enumerate(interleaved, start=1)]

    (january,) = audit_months_archive(before=date(2026, 2, 1), now=NOW)

    record = AuditArchive.objects.get(chain=1)
    february_first, january_last, after_end, february_last = interleaved[2:6]
    assert january.chains == {1: 4} and (january.events, january.exported) == (3, 4)
    assert (record.size, record.hash) == (4, before[3]["hash"]) and before[4]["prev_hash"] == before[3]["hash"]
    assert record.kept == [[february_first.seq, 3, before[2]["prev_hash"], before[2]["hash"]]]
    assert chain.Checkpoint.parse(record.checkpoint).size == 6  # the hash at 4 was verified against it
    assert not AuditEvent.objects.filter(seq=january_last.seq).exists()
    assert positions(1) == [3, 5, 6, 7]
    assert [(e["chain_seq"], e["hash"]) for e in links(1)] == [(e["chain_seq"], e["hash"]) for e in before[4:]]
    result = chain.verify(1)
    assert result.ok and (result.checked, result.head_seq, result.archived) == (3, 7, 4), result.summary()
    assert chain.verify(1, public_key=signing.public_key()).ok
    exported = [json.loads(line) for line in (january.directory / "chain-1" / "events.jsonl").read_text().splitlines()]
    assert [e["chain_seq"] for e in exported] == [1, 2, 3, 4]
    public_key = settings.AUDIT_ARCHIVE_DIR.parent / "public.pem"
    public_key.write_text(signing.public_key_pem())
    call_command("verify_audit_export", str(january.directory / "chain-1"), "--public-key", str(public_key))
    # An export made now continues from the archive's end: positions 5 to 7, verified with the public key alone.
    later = settings.AUDIT_ARCHIVE_DIR.parent / "export"
    call_command("export_audit_log", "--tenant", "1", str(later))
    assert [json.loads(line)["chain_seq"] for line in (later / "events.jsonl").read_text().splitlines()] == [5, 6, 7]
    call_command("verify_audit_export", str(later), "--public-key", str(public_key))

    deletions = {after_end.seq: "position 5 of the chain is missing",  # right after the archive's end
                 february_last.seq: "position 6 of the chain is missing",  # a later month's, after the end
                 february_first.seq: "position 3 is missing: the signed archive record of 2026-01 lists it"}
    for seq, problem in deletions.items():
        with transaction.atomic():
            tamper("DELETE FROM audit_auditevent WHERE seq = %s", [seq])
            for key in (None, signing.public_key()):
                found = chain.verify(1, public_key=key)
                assert not found.ok and found.first_bad_seq is not None and problem in found.problem, found.summary()
            with pytest.raises(CommandError, match=problem):
                call_command("verify_audit_chain", "--tenant", "1")
            transaction.set_rollback(True)
    with transaction.atomic():  # the kept event edited
        tamper("UPDATE audit_auditevent SET purpose = 'x' WHERE seq = %s", [february_first.seq])
        assert chain.verify(1).first_bad_seq == february_first.seq
        assert chain.verify(1, public_key=signing.public_key()).first_bad_seq == february_first.seq
        transaction.set_rollback(True)
    with transaction.atomic():  # its subject rows removed
        tamper("DELETE FROM audit_auditeventsubject WHERE event_id = %s", [february_first.seq])
        assert chain.verify(1).first_bad_seq == february_first.seq
        transaction.set_rollback(True)
    with transaction.atomic():  # the kept list shortened: the signature no longer holds
        AuditArchive.objects.filter(pk=record.pk).update(kept=[])
        assert "is not signed with the checkpoints' key" in chain.verify(1).problem
        transaction.set_rollback(True)
    assert chain.verify(1).ok


def test_the_next_months_archive_continues_from_the_previous_end_and_drops_the_kept_events(interleaved, settings):
    audit_months_archive(before=date(2026, 2, 1), now=NOW)

    (february,) = audit_months_archive(before=date(2026, 3, 1), now=NOW)

    record = AuditArchive.objects.get(chain=1, month=date(2026, 2, 1))
    assert february.chains == {1: 6} and (february.events, february.exported) == (3, 2)
    assert (record.size, record.kept) == (6, [])
    directory = february.directory / "chain-1"
    assert [json.loads(line)["chain_seq"] for line in (directory / "events.jsonl").read_text().splitlines()] == [5, 6]
    assert json.loads((directory / "anchor.json").read_text())["size"] == 4
    assert positions(1) == [7] and list(AuditEvent.objects.filter(tenant_id=1).values_list("seq", flat=True)) == [
        interleaved[6].seq]
    assert chain.verify(1).ok and chain.verify(1).archived == 6
    assert chain.verify_export_directory(directory, signing.public_key()).ok
    with transaction.atomic():  # going back to January's record: its kept event has gone with February
        AuditArchive.objects.filter(pk=record.pk).delete()
        found = chain.verify(1)
        assert not found.ok and "position 3 is missing" in found.problem, found.summary()
        transaction.set_rollback(True)
    # An archive altered after it was written no longer verifies with the public key.
    events = (directory / "events.jsonl").read_text().splitlines()
    (directory / "events.jsonl").write_text(events[0] + "\n")
    result = chain.verify_export_directory(directory, signing.public_key())
    assert not result.ok and "events.jsonl is not the file the signed archive record names" in result.problem


def test_a_month_whose_events_were_all_in_an_earlier_archive_gets_a_record_that_drops_them_from_the_kept(
        db, settings, tmp_path):
    """February's only event was sealed before January's last: January's archive holds it and keeps it in the
    database; February's archive exports nothing new, and its record no longer lists it."""
    settings.AUDIT_RETENTION_MONTHS = 3
    settings.AUDIT_ARCHIVE_DIR = tmp_path / "archive"
    partitions_ensure(now=datetime(2026, 1, 10, tzinfo=UTC), ahead=2)
    early = [event_at(datetime(2026, month, day, 1, tzinfo=UTC)) for month, day in ((1, 3), (2, 1), (1, 31))]
    audit_sealed()
    event_at(datetime(2026, 3, 3, 1, tzinfo=UTC))
    audit_sealed()
    before = links(1)
    assert [e["seq"] for e in before[:3]] == [e.seq for e in early]
    audit_months_archive(before=date(2026, 2, 1), now=NOW)
    assert AuditArchive.objects.get(chain=1).kept == [[early[1].seq, 2, before[1]["prev_hash"], before[1]["hash"]]]

    (february,) = audit_months_archive(before=date(2026, 3, 1), now=NOW)

    record = AuditArchive.objects.get(chain=1, month=date(2026, 2, 1))
    assert (february.chains, february.events, february.exported) == ({1: 3}, 1, 0)
    assert (record.size, record.kept, record.checkpoint) == (3, [], "")
    assert chain.verify(1).ok and chain.verify(1, public_key=signing.public_key()).ok
    assert chain.verify_export_directory(february.directory / "chain-1", signing.public_key()).ok


def test_the_audit_archive_command_reports_each_month_and_where_the_chains_start(three_months):
    from io import StringIO
    out = StringIO()

    call_command("audit_archive", "--before", "2026-03", stdout=out)

    assert "Archived 2026-01: 4 event(s) dropped" in out.getvalue()
    assert "after 4 event(s) were exported" in out.getvalue() and "chains now start at: 1 from #3, 2 from #3." in (
        out.getvalue())
    assert "Archived 2026-02: 4 event(s) dropped" in out.getvalue() and "1 from #5, 2 from #5." in out.getvalue()
    assert all(chain.verify(t).ok for t in (1, 2))
