"""Monthly partitions of the audit log on PostgreSQL: the event table and its subject index, by ``occurred_at``.

Months are Asia/Tokyo calendar months (a partition holds [1st 00:00 JST, next 1st 00:00 JST)): the auditors'
periods are Tokyo days, so "a year of access to this child" reads exactly twelve partitions. Each table has a
DEFAULT partition as the safety net: an event of a month without its partition is still written; creating the
month later moves it (unaltered) into its partition.

Partitions are created ahead by beat (``audit.partitions``, daily) and ``manage.py audit_partitions``, through
``audit_partition_create(month)``: a SECURITY DEFINER function owned by the tables' owner, so the application's
role (which owns nothing, and so could not create a partition) can run it without being able to alter the tables.
On SQLite (``make run``) there are no partitions and all of this does nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection as default_connection
from django.db.backends.base.base import BaseDatabaseWrapper

from audit.chain import unsealed_events

TOKYO = ZoneInfo("Asia/Tokyo")
EVENT_TABLE, SUBJECT_TABLE = "audit_auditevent", "audit_auditeventsubject"
TABLES = (EVENT_TABLE, SUBJECT_TABLE)

# Creates one month's partition of both tables if missing (idempotent); rows of that month waiting in a DEFAULT
# partition are moved into it unaltered (the DEFAULT partition is detached, replaced by an empty one, and its rows
# re-inserted through the parent: DROP of the detached table fires no row trigger). Returns the rows moved, or -1
# when the month already had its partitions.
CREATE_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_partition_create(month date) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    first_day date := date_trunc('month', month)::date;
    start_at timestamptz := (first_day::timestamp AT TIME ZONE 'Asia/Tokyo');
    end_at timestamptz := ((first_day + interval '1 month')::timestamp AT TIME ZONE 'Asia/Tokyo');
    suffix text := to_char(first_day, 'YYYY_MM');
    tables text[] := ARRAY['audit_auditevent', 'audit_auditeventsubject'];
    parent text;
    waiting boolean := false;
    moved bigint := 0;
    n bigint;
    has_rows boolean;
BEGIN
    IF to_regclass('audit_auditevent_p' || suffix) IS NOT NULL
       AND to_regclass('audit_auditeventsubject_p' || suffix) IS NOT NULL THEN
        RETURN -1;
    END IF;
    -- One month's partitions at a time, whoever calls (beat, the command, a migration).
    PERFORM pg_advisory_xact_lock(1635083380);
    FOREACH parent IN ARRAY tables LOOP
        IF to_regclass(parent || '_default') IS NOT NULL THEN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE occurred_at >= $1 AND occurred_at < $2)',
                           parent || '_default') INTO has_rows USING start_at, end_at;
            waiting := waiting OR has_rows;
        END IF;
    END LOOP;
    FOREACH parent IN ARRAY tables LOOP
        IF waiting THEN
            EXECUTE format('ALTER TABLE %I DETACH PARTITION %I', parent, parent || '_default');
            EXECUTE format('ALTER TABLE %I RENAME TO %I', parent || '_default', parent || '_moving');
            EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', parent || '_default', parent);
        END IF;
        IF to_regclass(parent || '_p' || suffix) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO (%L)',
                           parent || '_p' || suffix, parent, start_at, end_at);
        END IF;
    END LOOP;
    IF waiting THEN
        FOREACH parent IN ARRAY tables LOOP
            EXECUTE format('INSERT INTO %I SELECT * FROM %I', parent, parent || '_moving');
            GET DIAGNOSTICS n = ROW_COUNT;
            IF parent = 'audit_auditevent' THEN moved := n; END IF;
            EXECUTE format('DROP TABLE %I', parent || '_moving');
        END LOOP;
    END IF;
    RETURN moved;
END;
$$;
REVOKE ALL ON FUNCTION audit_partition_create(date) FROM PUBLIC;
CREATE OR REPLACE FUNCTION audit_partition_default_months() RETURNS SETOF date
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
BEGIN
    RETURN QUERY
    SELECT date_trunc('month', occurred_at AT TIME ZONE 'Asia/Tokyo')::date FROM audit_auditevent_default
    UNION SELECT date_trunc('month', occurred_at AT TIME ZONE 'Asia/Tokyo')::date FROM audit_auditeventsubject_default;
END;
$$;
REVOKE ALL ON FUNCTION audit_partition_default_months() FROM PUBLIC;
DROP FUNCTION IF EXISTS audit_partition_counts();
CREATE FUNCTION audit_partition_counts()
RETURNS TABLE (partition text, events bigint, subject_rows bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
DECLARE
    child text;
BEGIN
    FOR child IN SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'audit_auditevent'::regclass ORDER BY 1 LOOP
        partition := child;
        EXECUTE format('SELECT count(*) FROM %I', child) INTO events;
        subject_rows := 0;
        IF to_regclass(replace(child, 'audit_auditevent_', 'audit_auditeventsubject_')) IS NOT NULL THEN
            EXECUTE format('SELECT count(*) FROM %I', replace(child, 'audit_auditevent_', 'audit_auditeventsubject_'))
                INTO subject_rows;
        END IF;
        RETURN NEXT;
    END LOOP;
END;
$$;
REVOKE ALL ON FUNCTION audit_partition_counts() FROM PUBLIC;
"""

# The DEFAULT partitions.
CREATE_DEFAULTS = [
    f"CREATE TABLE IF NOT EXISTS {EVENT_TABLE}_default PARTITION OF {EVENT_TABLE} DEFAULT",
    f"CREATE TABLE IF NOT EXISTS {SUBJECT_TABLE}_default PARTITION OF {SUBJECT_TABLE} DEFAULT",
]


def partitioned(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Whether the event table is partitioned here (PostgreSQL after migration 0010; never on SQLite)."""
    connection = connection or default_connection
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind = 'p' FROM pg_class WHERE oid = to_regclass(%s)", [EVENT_TABLE])
        row = cursor.fetchone()
    return bool(row and row[0])


def month_start(month: date) -> datetime:
    """The instant a month begins, Asia/Tokyo."""
    return datetime.combine(month.replace(day=1), time.min, tzinfo=TOKYO)


def add_months(month: date, n: int) -> date:
    index = month.year * 12 + month.month - 1 + n
    return date(index // 12, index % 12 + 1, 1)


def month_of(moment: datetime) -> date:
    """The Asia/Tokyo month an instant falls in (its partition's)."""
    return moment.astimezone(TOKYO).date().replace(day=1)


def partition_name(table: str, month: date) -> str:
    return f"{table}_p{month.year:04d}_{month.month:02d}"


@dataclass
class PartitionsEnsured:
    created: list[date] = field(default_factory=list)
    moved: dict[date, int] = field(default_factory=dict)  # month → events moved out of the DEFAULT partition


def partitions_ensure(*, now: datetime, ahead: int | None = None,
                      connection: BaseDatabaseWrapper | None = None) -> PartitionsEnsured:
    """Create this month's and the next ``ahead`` months' partitions (default AUDIT_PARTITIONS_AHEAD); idempotent.

    Also the partitions of months whose events wait in a DEFAULT partition (a clock far off, a month the beat
    missed): their rows are moved into the new partition.
    """
    connection = connection or default_connection
    result = PartitionsEnsured()
    if not partitioned(connection):
        return result
    ahead = settings.AUDIT_PARTITIONS_AHEAD if ahead is None else ahead
    current = month_of(now)
    months = [add_months(current, n) for n in range(ahead + 1)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT audit_partition_default_months()")  # the owner's: the DEFAULT partitions' months
        months += [m for (m,) in cursor.fetchall() if m not in months]
        for month in sorted(months):
            cursor.execute("SELECT audit_partition_create(%s)", [month])
            moved = cursor.fetchone()[0]
            if moved >= 0:
                result.created.append(month)
            if moved > 0:
                result.moved[month] = moved
    return result


@dataclass
class Partition:
    month: date | None  # None: the DEFAULT partition
    events: int
    subject_rows: int
    unsealed: int


def partitions_list(connection: BaseDatabaseWrapper | None = None) -> list[Partition]:
    """The event table's partitions, oldest month first (DEFAULT last), with their row counts."""
    connection = connection or default_connection
    if not partitioned(connection):
        return []
    months = [month_of(at) for at in unsealed_events().values_list("occurred_at", flat=True)]
    found = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_partition_counts()")  # the owner's: the partitions are not granted
        for name, events, subject_rows in cursor.fetchall():
            suffix = name.removeprefix(f"{EVENT_TABLE}_")
            month = None if suffix == "default" else date(int(suffix[1:5]), int(suffix[6:8]), 1)
            found.append(Partition(month, events, subject_rows, 0))
    named = {p.month for p in found}
    for partition in found:  # an unsealed event of a month without its partition waits in the DEFAULT one
        partition.unsealed = sum(1 for m in months if m == partition.month or (partition.month is None
                                                                                and m not in named))
    return sorted(found, key=lambda p: (p.month is None, p.month or date.min))
