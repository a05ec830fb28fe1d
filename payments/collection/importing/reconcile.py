"""Reconciliation (消込) of one imported file, set-based: a handful of statements whatever the file's size.

The scan's rows — raw text, the fields the reconciliation reads (cut at the layout's positions) and
the identity digest — are written as payment records (``records_write``). Then, for the
payments this file reports (a payment is one barcode paid at one store at one minute), each receipt
is written once in its final state:

- 速報 (01): a provisional receipt; the slip stops going to dunning or reissue.
- 速報取消 (03): reverses the provisional receipt (an earlier file's, or this file's 速報) and opens a
  review case; with no matching 速報, a case says so.
- 確報 (02): confirms the provisional receipt with 支払予定日 and 経理処理日; with no provisional
  receipt to confirm (no 速報, or one that was cancelled), it is a new confirmed receipt.
- Within a file a 取消 is applied before a 確報, so a 速報, its 取消 and a 確報 leave a reversed receipt
  and a new confirmed one.
- Then cases: unknown barcode, amount differing from the slip, paid after the handling deadline,
  the same charge paid twice (same slip, or an original and its reissue; every payment after the
  first, in order of payment); and slip statuses.
Fiscal year: the charge's year up to 31 May after it ends (出納整理期間), else the year of payment
(the same rule as ``payments.catalog.fiscal.attributed_fiscal_year``).

The statements run on PostgreSQL (the product) and SQLite (``make run``); only date arithmetic, how
records are written (COPYed beside the scan, or staged and inserted) and how the three per-receipt checks
(unknown barcode, amount, deadline) run — one statement that counts what it opened, or one each —
differ. Imports of one tenant run one at a time (the caller locks the tenant's agreements); a file's
records are found by id (all above the last one before the file), every receipt the file writes
carries it as ``last_file``, and the tables keep few indexes — each one is written for every record
and receipt of a file.
"""

from collections.abc import Callable
from queue import Queue

from django.db import connection, transaction
from django.utils import timezone
from psycopg.copy import QueuedLibpqWriter
from psycopg.errors import UniqueViolation

from payments.catalog.fiscal import CLOSING_PERIOD_END
from payments.collection.importing.scan import FileScan, row_columns
from payments.collection.layouts import Layout

STAGING = "payments_staging"
MATCH = "payments_match"
SLIPS = "payments_touched_slips"
ACTIVE = "('provisional', 'confirmed')"
BATCH_RECORDS = 50_000  # records sorted and sent at a time (PostgreSQL): about 12 MB of COPY text
_SAME_PAYMENT = ("{a}.barcode = {b}.barcode AND {a}.paid_on = {b}.paid_on AND {a}.paid_time = {b}.paid_time "
                 "AND {a}.store_code = {b}.store_code AND {a}.retailer_code = {b}.retailer_code")
_PAYMENT_COLUMNS = "barcode, paid_on, paid_time, store_code, retailer_code"
# A record's slip: the one whose key is the barcode's first 30 digits (whatever the amount).
_SLIP_OF_BARCODE = ("LEFT JOIN payments_slip sl ON sl.municipality_id = %(municipality)s "
                    "AND sl.slip_key = substr({r}.barcode, 1, 30)")


class _Sql:
    """The few expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"

    def fiscal_year_of(self, day: str) -> str:
        if self.postgres:
            return (f"(CASE WHEN EXTRACT(MONTH FROM {day}) >= 4 THEN EXTRACT(YEAR FROM {day}) "
                    f"ELSE EXTRACT(YEAR FROM {day}) - 1 END)::int")
        return (f"(CAST(strftime('%%Y', {day}) AS integer) - "
                f"(CASE WHEN CAST(strftime('%%m', {day}) AS integer) >= 4 THEN 0 ELSE 1 END))")

    def closing_end(self, fiscal_year: str) -> str:
        month, day = CLOSING_PERIOD_END
        if self.postgres:
            return f"make_date({fiscal_year} + 1, {month}, {day})"
        return f"printf('%%04d-{month:02d}-{day:02d}', {fiscal_year} + 1)"


def _staging_create(cursor, columns: list[str], postgres: bool) -> None:
    """A session-private staging table of the scan's rows, typed as the records' columns; dropped at the end."""
    cursor.execute(f"DROP TABLE IF EXISTS pg_temp.{STAGING}" if postgres else f"DROP TABLE IF EXISTS temp.{STAGING}")
    types = {"line_number": "integer", "record_key": "uuid" if postgres else "text", "amount": "integer",
             "paid_on": "date", "transfer_date": "date", "accounting_date": "date"}
    typed = ", ".join(f"{c} {types.get(c, 'text')}" for c in columns)
    cursor.execute(f"CREATE TEMP TABLE {STAGING} ({typed}){' ON COMMIT DROP' if postgres else ''}")


class _QueuedWriter(QueuedLibpqWriter):
    """COPY data sent by a worker thread while this one scans on; psycopg queues up to 1,024 pieces of
    128 KiB, which a server slower than the scan would fill — 160 (about two batches) keep memory flat.
    (``_queue`` is psycopg's own attribute, read by its worker: psycopg is pinned in requirements.lock.)"""

    def __init__(self, cursor):
        super().__init__(cursor)
        self._queue = Queue(maxsize=160)


def _records_copy(scan: FileScan, columns: list[str], suffix: bytes) -> int:
    """COPY the scan's rows straight into the records table (PostgreSQL); return how many. Each batch is sorted
    by identity first: its keys are random, and inserted in order they reach each page of the identity index
    once per batch rather than once a record (measured: 3.5 s rather than 4.6 s for a million records)."""
    statement = f"COPY payments_paymentrecord ({', '.join(columns)}, municipality_id, result_file_id) FROM STDIN"
    with connection.connection.cursor() as cursor:
        with cursor.copy(statement, writer=_QueuedWriter(cursor)) as copy:
            batch: list[bytes] = []
            for chunk in scan.record_chunks(copy=True, suffix=suffix):
                batch += chunk
                if len(batch) >= BATCH_RECORDS:
                    batch.sort()  # a line starts with its identity
                    copy.write(b"".join(batch))
                    batch = []
            batch.sort()
            copy.write(b"".join(batch))
        return cursor.rowcount


def records_write(scan_file: Callable[[], FileScan], *, layout: Layout, municipality_id: int,
                  result_file_id: int) -> tuple[FileScan, int, int]:
    """Scan the file (``scan_file`` starts a scan from its first byte) and write its valid data records as payment
    records, a record already imported (same identity) skipped; return (the scan, the last record id before the
    file, how many records are new).

    On PostgreSQL the rows are COPYed straight into the records table while the scan goes on, and the
    identity index refuses a known record; then, rarely, the copy is rolled back and the file scanned again
    into a staging table, from which only the new records are inserted. Nothing is visible before the
    transaction commits, so a file found bad halfway is still rejected whole; the scan hands on no rows
    after a problem.
    """
    postgres = connection.vendor == "postgresql"
    columns = row_columns(layout)
    with connection.cursor() as cursor:
        if postgres:
            # Room for the joins and groupings of a large file in memory (the server's, for this transaction);
            # no JIT: these statements are cheap per row, and compiling them costs up to a second each.
            cursor.execute("SET LOCAL work_mem = '128MB'")
            cursor.execute("SET LOCAL jit = off")
        # This file's records get ids above this one (imports of a tenant run one at a time).
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM payments_paymentrecord")
        before = cursor.fetchone()[0]
    suffix = b"\t%d\t%d" % (municipality_id, result_file_id)
    if postgres:
        scan = scan_file()
        try:
            with transaction.atomic():
                return scan, before, _records_copy(scan, columns, suffix)
        except UniqueViolation:
            # A record imported before, or twice in this file. The refusal is read once the whole file is sent.
            if scan.result.problem_count:
                return scan, before, 0  # rejected anyway: the first scan found every problem
            # Otherwise scan again, staging, and insert only the new records.
    scan = scan_file()
    listed = ", ".join(columns)
    with connection.cursor() as cursor:
        _staging_create(cursor, columns, postgres)
        if postgres:
            with cursor.copy(f"COPY {STAGING} ({listed}) FROM STDIN") as copy:
                for chunk in scan.record_chunks(copy=True):
                    copy.write(b"".join(chunk))
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            for chunk in scan.record_chunks(copy=False):
                cursor.executemany(f"INSERT INTO {STAGING} ({listed}) VALUES ({placeholders})", chunk)
        # The first of a file's records with one identity, by line.
        cursor.execute(f"""
            INSERT INTO payments_paymentrecord ({listed}, municipality_id, result_file_id)
            SELECT {listed}, %s, %s FROM {STAGING} WHERE true ORDER BY line_number
            ON CONFLICT (municipality_id, record_key) DO NOTHING""", [municipality_id, result_file_id])
        new = cursor.rowcount
        cursor.execute(f"DROP TABLE {STAGING}")
    return scan, before, new


_RECEIPT_COLUMNS = ("municipality_id, slip_id, fee_type_id, department_id, barcode, amount, channel_kind, channel_id, "
                    "retailer_code, store_code, paid_on, paid_time, transfer_date, accounting_date, fiscal_year, "
                    "status, flash_record_id, final_record_id, cancel_record_id, last_file_id, created_at, updated_at")


def reconcile(*, layout: Layout, municipality_id: int, result_file_id: int, department_id: int,
              records_before: int) -> dict[str, int]:
    """Reconcile the records of one file (those above ``records_before``); return what was done, by count."""
    sql = _Sql(connection.vendor)
    codes = {kind: code for code, kind in layout.kinds.items()}
    flash, final, cancel = codes["flash"], codes["final"], codes["flash_cancel"]
    usage_case = "CASE r.usage " + " ".join(
        f"WHEN '{usage}' THEN '{kind}'" for usage, kind in layout.usage_channels.items()) + " ELSE 'other' END"
    fiscal_year = (f"CASE WHEN sl.id IS NULL THEN {sql.fiscal_year_of('r.paid_on')} "
                   f"WHEN r.paid_on <= {sql.closing_end('sl.fiscal_year')} THEN sl.fiscal_year "
                   f"ELSE {sql.fiscal_year_of('r.paid_on')} END")
    receipt_source = f"""
        %(municipality)s, sl.id, sl.fee_type_id, COALESCE(ft.department_id, %(department)s), r.barcode,
        r.amount, COALESCE(ch.kind, {usage_case}), ch.id, r.retailer_code, r.store_code, r.paid_on, r.paid_time"""
    receipt_joins = f"""
        {_SLIP_OF_BARCODE.format(r='r')}
        LEFT JOIN payments_feetype ft ON ft.id = sl.fee_type_id
        LEFT JOIN payments_channel ch ON ch.municipality_id = %(municipality)s
          AND ch.retailer_code = r.retailer_code"""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = {"municipality": municipality_id, "file": result_file_id, "department": department_id, "now": now,
              "records_before": records_before}
    done: dict[str, int] = {}
    with connection.cursor() as cursor:
        def run(name: str | None, statement: str) -> int:
            cursor.execute(statement, params)
            if name:
                done[name] = done.get(name, 0) + max(cursor.rowcount, 0)
            return cursor.rowcount

        this_file = "r.id > %(records_before)s AND r.result_file_id = %(file)s"
        # One row per payment this file reports (barcode, so slip and amount, too): its first 速報, 取消 and 確報
        # (by line), with the 速報's 利用区分 and the 確報's dates — all that its receipt needs of the records.
        cursor.execute(f"DROP TABLE IF EXISTS {MATCH}")
        run(None, f"""
            CREATE TEMP TABLE {MATCH} AS
            SELECT {_PAYMENT_COLUMNS}, MIN(amount) AS amount,
              MIN(CASE WHEN kind = '{flash}' THEN id END) AS flash_id,
              MIN(CASE WHEN kind = '{cancel}' THEN id END) AS cancel_id,
              MIN(CASE WHEN kind = '{final}' THEN id END) AS final_id,
              MIN(CASE WHEN kind = '{flash}' THEN usage END) AS usage,
              MIN(CASE WHEN kind = '{final}' THEN transfer_date END) AS transfer_date,
              MIN(CASE WHEN kind = '{final}' THEN accounting_date END) AS accounting_date
            FROM (SELECT {_PAYMENT_COLUMNS}, id, kind, amount, usage, transfer_date, accounting_date,
                    ROW_NUMBER() OVER (PARTITION BY {_PAYMENT_COLUMNS}, kind ORDER BY line_number) AS n
                  FROM payments_paymentrecord r
                  WHERE r.id > {int(records_before)} AND r.result_file_id = {int(result_file_id)}) r
            WHERE n = 1
            GROUP BY {_PAYMENT_COLUMNS}""")
        if sql.postgres:
            run(None, f"ANALYZE {MATCH}")
        else:
            # SQLite runs the two UPDATE … FROM below with the tenant's provisional receipts outside and this table
            # inside, and builds no automatic index for it: each receipt of the earlier files scanned the whole
            # table, so a second 100,000-record import spent hours there (10^10 row visits). Looked up instead.
            run(None, f"CREATE INDEX {MATCH}_payment ON {MATCH} ({_PAYMENT_COLUMNS})")
        # Receipts of earlier files: a 取消 reverses a provisional one, then a 確報 confirms one still provisional.
        run("receipts_reversed", f"""
            UPDATE payments_receipt AS rc SET status = 'reversed', cancel_record_id = m.cancel_id,
              last_file_id = %(file)s, updated_at = %(now)s
            FROM {MATCH} m
            WHERE m.flash_id IS NULL AND m.cancel_id IS NOT NULL AND rc.municipality_id = %(municipality)s
              AND rc.status = 'provisional' AND {_SAME_PAYMENT.format(a='rc', b='m')}""")
        run("receipts_confirmed", f"""
            UPDATE payments_receipt AS rc SET status = 'confirmed', final_record_id = m.final_id,
              transfer_date = m.transfer_date, accounting_date = m.accounting_date, last_file_id = %(file)s,
              updated_at = %(now)s
            FROM {MATCH} m
            WHERE m.flash_id IS NULL AND m.final_id IS NOT NULL AND rc.municipality_id = %(municipality)s
              AND rc.status = 'provisional' AND {_SAME_PAYMENT.format(a='rc', b='m')}""")
        # This file's 速報: one receipt each, written in its final state.
        cursor.execute(f"""
            SELECT COUNT(*), COUNT(cancel_id), COUNT(CASE WHEN cancel_id IS NULL THEN final_id END)
            FROM {MATCH} WHERE flash_id IS NOT NULL""")
        provisional, reversed_, confirmed = cursor.fetchone()
        done["receipts_provisional"] = provisional
        done["receipts_reversed"] += reversed_
        done["receipts_confirmed"] += confirmed
        run(None, f"""
            INSERT INTO payments_receipt ({_RECEIPT_COLUMNS})
            SELECT {receipt_source},
              CASE WHEN r.cancel_id IS NULL THEN r.transfer_date END,
              CASE WHEN r.cancel_id IS NULL THEN r.accounting_date END, {fiscal_year},
              CASE WHEN r.cancel_id IS NOT NULL THEN 'reversed' WHEN r.final_id IS NOT NULL THEN 'confirmed'
                ELSE 'provisional' END,
              r.flash_id, CASE WHEN r.cancel_id IS NULL THEN r.final_id END, r.cancel_id, %(file)s, %(now)s, %(now)s
            FROM {MATCH} r
            {receipt_joins}
            WHERE r.flash_id IS NOT NULL""")
        # Every 確報 that confirmed nothing is a receipt of its own.
        run("receipts_confirmed_without_flash", f"""
            INSERT INTO payments_receipt ({_RECEIPT_COLUMNS})
            SELECT {receipt_source},
              r.transfer_date, r.accounting_date, {fiscal_year}, 'confirmed', NULL, r.id, NULL, %(file)s, %(now)s,
              %(now)s
            FROM payments_paymentrecord r
            {receipt_joins}
            WHERE {this_file} AND r.kind = '{final}' AND r.id NOT IN (
              SELECT final_record_id FROM payments_receipt
              WHERE last_file_id = %(file)s AND final_record_id IS NOT NULL)""")

        def case_insert(kind: str, where: str) -> str:
            return f"""
                INSERT INTO payments_reconciliationcase (municipality_id, department_id, kind, status, slip_id,
                  receipt_id, record_id, opened_at, resolution)
                SELECT rc.municipality_id, rc.department_id, '{kind}', 'open', rc.slip_id, rc.id,
                  COALESCE(rc.cancel_record_id, rc.final_record_id, rc.flash_record_id), %(now)s, ''
                FROM payments_receipt rc LEFT JOIN payments_slip sl ON sl.id = rc.slip_id
                WHERE rc.municipality_id = %(municipality)s AND {where}
                ON CONFLICT (kind, receipt_id) DO NOTHING"""

        mine = "rc.last_file_id = %(file)s"
        run("cases_flash_cancelled", case_insert("flash_cancelled",
                                                 f"{mine} AND rc.cancel_record_id > %(records_before)s"))
        run("cases_cancel_without_flash", f"""
            INSERT INTO payments_reconciliationcase (municipality_id, department_id, kind, status, slip_id,
              record_id, opened_at, resolution)
            SELECT r.municipality_id, COALESCE(ft.department_id, %(department)s), 'cancel_without_flash', 'open',
              sl.id, r.id, %(now)s, ''
            FROM payments_paymentrecord r {_SLIP_OF_BARCODE.format(r='r')}
            LEFT JOIN payments_feetype ft ON ft.id = sl.fee_type_id
            WHERE {this_file} AND r.kind = '{cancel}' AND r.id NOT IN (
              SELECT cancel_record_id FROM payments_receipt
              WHERE last_file_id = %(file)s AND cancel_record_id IS NOT NULL)""")
        # Receipts this file made or confirmed that still stand.
        touched = (f"{mine} AND rc.status IN {ACTIVE} AND (rc.flash_record_id > %(records_before)s "
                   "OR rc.final_record_id > %(records_before)s)")
        checks = {"unknown_barcode": "rc.slip_id IS NULL", "amount_mismatch": "rc.amount <> sl.amount",
                  "late_payment": "rc.paid_on > sl.handling_deadline"}
        if sql.postgres:
            # The three checks in one pass over the receipts (kind by kind, as three statements would add them).
            kinds = ", ".join(f"({n}, '{kind}')" for n, kind in enumerate(checks))
            cursor.execute(f"""
                WITH opened AS (
                  INSERT INTO payments_reconciliationcase (municipality_id, department_id, kind, status, slip_id,
                    receipt_id, record_id, opened_at, resolution)
                  SELECT rc.municipality_id, rc.department_id, k.kind, 'open', rc.slip_id, rc.id,
                    COALESCE(rc.cancel_record_id, rc.final_record_id, rc.flash_record_id), %(now)s, ''
                  FROM payments_receipt rc LEFT JOIN payments_slip sl ON sl.id = rc.slip_id
                  CROSS JOIN (VALUES {kinds}) AS k (n, kind)
                  WHERE rc.municipality_id = %(municipality)s AND {touched}
                    AND CASE k.kind {' '.join(f"WHEN '{kind}' THEN {check}" for kind, check in checks.items())} END
                  ORDER BY k.n, rc.id
                  ON CONFLICT (kind, receipt_id) DO NOTHING
                  RETURNING kind)
                SELECT kind, COUNT(*) FROM opened GROUP BY kind""", params)
            opened = dict(cursor.fetchall())
            for kind in checks:
                done[f"cases_{kind}"] = opened.get(kind, 0)
        else:
            for kind, check in checks.items():
                run(f"cases_{kind}", case_insert(kind, f"{touched} AND {check}"))
        # The slips of every charge this file reported a payment of (a superset of those it changed a receipt
        # of, whose statuses the rest leaves as they are), with what their receipts say: read once, for the
        # double payments and for the slip statuses.
        cursor.execute(f"DROP TABLE IF EXISTS {SLIPS}")
        run(None, f"""
            CREATE TEMP TABLE {SLIPS} AS
            SELECT s.id, s.charge_id,
              MAX(CASE r.status WHEN 'confirmed' THEN 2 WHEN 'provisional' THEN 1 ELSE 0 END) AS best,
              COUNT(CASE WHEN r.status IN {ACTIVE} THEN 1 END) AS standing
            FROM (SELECT DISTINCT sl.charge_id FROM {MATCH} m {_SLIP_OF_BARCODE.format(r='m')}) c
            JOIN payments_slip s ON s.charge_id = c.charge_id
            LEFT JOIN payments_receipt r ON r.slip_id = s.id
            GROUP BY s.id, s.charge_id
            -- In the slips' order: the status updates then visit each page of slips once, not once a slip
            -- (a table larger than the buffer pool is otherwise read and written again and again).
            ORDER BY s.id""")
        cursor.execute(f"DROP TABLE {MATCH}")
        if sql.postgres:
            run(None, f"ANALYZE {SLIPS}")
        # Every standing receipt after the first (in order of payment) on a charge paid more than once —
        # the same slip twice, or an original and its reissue — among the charges this file paid.
        run("cases_double_payment", case_insert("double_payment", f"""{touched} AND rc.id IN (
              SELECT id FROM (
                SELECT o.id, ROW_NUMBER() OVER (PARTITION BY os.charge_id
                                                ORDER BY o.paid_on, o.paid_time, o.id) AS n
                FROM payments_receipt o JOIN {SLIPS} os ON os.id = o.slip_id
                WHERE o.status IN {ACTIVE} AND os.charge_id IN (
                  SELECT charge_id FROM {SLIPS} GROUP BY charge_id HAVING SUM(standing) > 1)) ranked
              WHERE n > 1)"""))
        # Slip statuses — paid (a confirmed receipt) · provisional (a provisional one) · superseded (another
        # slip of the charge has a standing receipt) · payable — written only where they change.
        status = ("CASE WHEN p.best = 2 THEN 'paid' WHEN p.best = 1 THEN 'provisional' "
                  "WHEN c.best > 0 THEN 'superseded' ELSE 'payable' END")
        run(None, f"""
            WITH per_charge AS (SELECT charge_id, MAX(best) AS best FROM {SLIPS} GROUP BY charge_id)
            UPDATE payments_slip AS s SET status = {status}
            FROM {SLIPS} p JOIN per_charge c ON c.charge_id = p.charge_id
            WHERE s.id = p.id AND s.status <> {status}""")
        cursor.execute(f"DROP TABLE {SLIPS}")
    return done
