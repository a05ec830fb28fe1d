"""Reconciliation (消込) of one imported file, set-based: a handful of statements whatever the file's size.

The scan has put every valid data record into a staging table as its raw text; the fields are cut
out in SQL at the layout's positions. Then, for the payments this file reports (a payment is one
barcode paid at one store at one minute), each receipt is written once in its final state:

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
(the same rule as ``payments.fiscal.attributed_fiscal_year``).

The statements run on PostgreSQL (the product) and SQLite (``make run``); only date arithmetic and
how the staging table is filled differ. Imports of one tenant run one at a time (the caller locks
the tenant's agreements); a file's records are found by id (all above the last one before the
file), every receipt the file writes carries it as ``last_file``, and the tables keep few indexes —
each one is written for every record and receipt of a file.
"""

import hashlib

from django.db import connection
from django.utils import timezone

from payments.fiscal import CLOSING_PERIOD_END
from payments.importing.scan import identity_runs
from payments.layouts import Layout

STAGING = "payments_staging"
MATCH = "payments_match"
SLIPS = "payments_touched_slips"
ACTIVE = "('provisional', 'confirmed')"
_SAME_PAYMENT = ("{a}.barcode = {b}.barcode AND {a}.paid_on = {b}.paid_on AND {a}.paid_time = {b}.paid_time "
                 "AND {a}.store_code = {b}.store_code AND {a}.retailer_code = {b}.retailer_code")
_PAYMENT_COLUMNS = "barcode, paid_on, paid_time, store_code, retailer_code"


class _Sql:
    """The few expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"

    def digest(self, text: str) -> str:
        """MD5 of a text as a UUID (16 bytes on PostgreSQL; 32 hex digits, as Django keeps UUIDs, on SQLite)."""
        return f"md5({text})::uuid" if self.postgres else f"payments_md5({text})"

    def date(self, yyyymmdd: str) -> str:
        if self.postgres:
            return f"to_date({yyyymmdd}, 'YYYYMMDD')"
        return f"(substr({yyyymmdd}, 1, 4) || '-' || substr({yyyymmdd}, 5, 2) || '-' || substr({yyyymmdd}, 7, 2))"

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


def staging_create(cursor) -> None:
    """A session-private staging table of (line number, raw record, core); dropped at the end of the import."""
    cursor.execute(f"DROP TABLE IF EXISTS temp.{STAGING}" if connection.vendor == "sqlite"
                   else f"DROP TABLE IF EXISTS pg_temp.{STAGING}")
    suffix = " ON COMMIT DROP" if connection.vendor == "postgresql" else ""
    cursor.execute(f"CREATE TEMP TABLE {STAGING} (line_number integer, raw text, core text){suffix}")


def _fields(layout: Layout, sql: _Sql) -> dict[str, str]:
    """SQL expressions cutting the data record's fields out of the staged text ``s.c``."""
    data = layout.records["data"]

    def cut(start: int, end: int) -> str:
        return f"substr(s.c, {start + 1}, {end - start})"

    def field(name: str) -> str:
        f = data.field(name)
        return cut(f.start, f.end)

    def date_or_null(name: str) -> str:
        f = data.field(name)
        return f"CASE WHEN {field(name)} = '{'0' * f.length}' THEN NULL ELSE {sql.date(field(name))} END"

    barcode = data.field("barcode")
    amount_start = data.field(layout.amount[0]).start
    return {
        "record_key": sql.digest(" || ".join(cut(a, b) for a, b in identity_runs(layout))),
        "kind": field(layout.kind_field),
        "paid_on": sql.date(field("paid_on")),
        "paid_time": field("paid_time"),
        "usage": field("usage"),
        "barcode": field("barcode"),
        "slip_key": cut(barcode.start, barcode.start + 30),
        "amount": f"CAST({cut(amount_start + layout.amount[1], amount_start + layout.amount[2])} AS integer)",
        "retailer_code": field("retailer_code"),
        "store_code": field("store_code"),
        "transfer_date": date_or_null("transfer_date"),
        "accounting_date": date_or_null("accounting_date"),
    }


_RECEIPT_COLUMNS = ("municipality_id, slip_id, fee_type_id, department_id, barcode, amount, channel_kind, channel_id, "
                    "retailer_code, store_code, paid_on, paid_time, transfer_date, accounting_date, fiscal_year, "
                    "status, flash_record_id, final_record_id, cancel_record_id, last_file_id, created_at, updated_at")


def reconcile(*, layout: Layout, municipality_id: int, result_file_id: int, department_id: int) -> dict[str, int]:
    """Apply the staged records of one file; return what was done, by count."""
    sql = _Sql(connection.vendor)
    codes = {kind: code for code, kind in layout.kinds.items()}
    flash, final, cancel = codes["flash"], codes["final"], codes["flash_cancel"]
    usage_case = "CASE r.usage " + " ".join(
        f"WHEN '{usage}' THEN '{kind}'" for usage, kind in layout.usage_channels.items()) + " ELSE 'other' END"
    fiscal_year = (f"CASE WHEN sl.id IS NULL THEN {sql.fiscal_year_of('r.paid_on')} "
                   f"WHEN r.paid_on <= {sql.closing_end('sl.fiscal_year')} THEN sl.fiscal_year "
                   f"ELSE {sql.fiscal_year_of('r.paid_on')} END")
    receipt_source = f"""
        r.municipality_id, r.slip_id, sl.fee_type_id, COALESCE(ft.department_id, %(department)s), r.barcode,
        r.amount, COALESCE(ch.kind, {usage_case}), ch.id, r.retailer_code, r.store_code, r.paid_on, r.paid_time"""
    receipt_joins = """
        LEFT JOIN payments_slip sl ON sl.id = r.slip_id
        LEFT JOIN payments_feetype ft ON ft.id = sl.fee_type_id
        LEFT JOIN payments_channel ch ON ch.municipality_id = r.municipality_id
          AND ch.retailer_code = r.retailer_code"""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    params = {"municipality": municipality_id, "file": result_file_id, "department": department_id, "now": now}
    done: dict[str, int] = {}
    f = _fields(layout, sql)
    if not sql.postgres:
        connection.ensure_connection()
        connection.connection.create_function(
            "payments_md5", 1, lambda text: hashlib.md5(text.encode(), usedforsecurity=False).hexdigest(),
            deterministic=True)
    with connection.cursor() as cursor:
        def run(name: str | None, statement: str) -> int:
            cursor.execute(statement, params)
            if name:
                done[name] = done.get(name, 0) + max(cursor.rowcount, 0)
            return cursor.rowcount

        def scalar(statement: str):
            cursor.execute(statement, params)
            return cursor.fetchone()[0]

        if sql.postgres:
            # Room for the joins and groupings of a large file in memory (the server's, for this transaction).
            run(None, "SET LOCAL work_mem = '128MB'")
        # This file's records get ids above this one.
        params["records_before"] = scalar("SELECT COALESCE(MAX(id), 0) FROM payments_paymentrecord")
        this_file = "r.id > %(records_before)s AND r.result_file_id = %(file)s"
        run("records_new", f"""
            INSERT INTO payments_paymentrecord (municipality_id, result_file_id, line_number, record_key, kind,
              paid_on, paid_time, usage, barcode, amount, retailer_code, store_code, transfer_date, accounting_date,
              raw, slip_id)
            SELECT %(municipality)s, %(file)s, s.line_number, {f['record_key']}, {f['kind']}, {f['paid_on']},
              {f['paid_time']}, {f['usage']}, {f['barcode']}, {f['amount']}, {f['retailer_code']},
              {f['store_code']}, {f['transfer_date']}, {f['accounting_date']}, s.raw, sl.id
            FROM (SELECT line_number, raw, COALESCE(core, raw) AS c FROM {STAGING}) s
            LEFT JOIN payments_slip sl ON sl.municipality_id = %(municipality)s AND sl.slip_key = {f['slip_key']}
            WHERE true
            ON CONFLICT (municipality_id, record_key) DO NOTHING""")
        # One row per payment this file reports: its first 速報, 取消 and 確報 (by line).
        cursor.execute(f"DROP TABLE IF EXISTS {MATCH}")
        run(None, f"""
            CREATE TEMP TABLE {MATCH} AS
            SELECT {_PAYMENT_COLUMNS},
              MIN(CASE WHEN kind = '{flash}' THEN id END) AS flash_id,
              MIN(CASE WHEN kind = '{cancel}' THEN id END) AS cancel_id,
              MIN(CASE WHEN kind = '{final}' THEN id END) AS final_id
            FROM payments_paymentrecord r
            WHERE r.id > {int(params['records_before'])} AND r.result_file_id = {int(result_file_id)}
            GROUP BY {_PAYMENT_COLUMNS}""")
        if sql.postgres:
            run(None, f"ANALYZE {MATCH}")
        # Receipts of earlier files: a 取消 reverses a provisional one, then a 確報 confirms one still provisional.
        run("receipts_reversed", f"""
            UPDATE payments_receipt AS rc SET status = 'reversed', cancel_record_id = m.cancel_id,
              last_file_id = %(file)s, updated_at = %(now)s
            FROM {MATCH} m
            WHERE m.flash_id IS NULL AND m.cancel_id IS NOT NULL AND rc.municipality_id = %(municipality)s
              AND rc.status = 'provisional' AND {_SAME_PAYMENT.format(a='rc', b='m')}""")
        run("receipts_confirmed", f"""
            UPDATE payments_receipt AS rc SET status = 'confirmed', final_record_id = m.final_id,
              transfer_date = f.transfer_date, accounting_date = f.accounting_date, last_file_id = %(file)s,
              updated_at = %(now)s
            FROM {MATCH} m JOIN payments_paymentrecord f ON f.id = m.final_id
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
              f.transfer_date, f.accounting_date, {fiscal_year},
              CASE WHEN m.cancel_id IS NOT NULL THEN 'reversed' WHEN f.id IS NOT NULL THEN 'confirmed'
                ELSE 'provisional' END,
              r.id, f.id, m.cancel_id, %(file)s, %(now)s, %(now)s
            FROM {MATCH} m
            JOIN payments_paymentrecord r ON r.id = m.flash_id AND {this_file}
            LEFT JOIN payments_paymentrecord f ON f.id = m.final_id AND m.cancel_id IS NULL
              AND f.id > %(records_before)s AND f.result_file_id = %(file)s
            {receipt_joins}
            WHERE m.flash_id IS NOT NULL""")
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
        run(None, f"DROP TABLE {MATCH}")

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
              r.slip_id, r.id, %(now)s, ''
            FROM payments_paymentrecord r LEFT JOIN payments_slip sl ON sl.id = r.slip_id
            LEFT JOIN payments_feetype ft ON ft.id = sl.fee_type_id
            WHERE {this_file} AND r.kind = '{cancel}' AND r.id NOT IN (
              SELECT cancel_record_id FROM payments_receipt
              WHERE last_file_id = %(file)s AND cancel_record_id IS NOT NULL)""")
        # Receipts this file made or confirmed that still stand.
        touched = (f"{mine} AND rc.status IN {ACTIVE} AND (rc.flash_record_id > %(records_before)s "
                   "OR rc.final_record_id > %(records_before)s)")
        run("cases_unknown_barcode", case_insert("unknown_barcode", f"{touched} AND rc.slip_id IS NULL"))
        run("cases_amount_mismatch", case_insert("amount_mismatch", f"{touched} AND rc.amount <> sl.amount"))
        run("cases_late_payment", case_insert("late_payment", f"{touched} AND rc.paid_on > sl.handling_deadline"))
        # The slips of every charge this file changed a receipt of, with what their receipts say: read once,
        # for the double payments and for the slip statuses.
        cursor.execute(f"DROP TABLE IF EXISTS {SLIPS}")
        run(None, f"""
            CREATE TEMP TABLE {SLIPS} AS
            SELECT s.id, s.charge_id,
              MAX(CASE r.status WHEN 'confirmed' THEN 2 WHEN 'provisional' THEN 1 ELSE 0 END) AS best,
              COUNT(CASE WHEN r.status IN {ACTIVE} THEN 1 END) AS standing
            FROM payments_slip s LEFT JOIN payments_receipt r ON r.slip_id = s.id
            WHERE s.charge_id IN (
              SELECT sl.charge_id FROM payments_receipt rc JOIN payments_slip sl ON sl.id = rc.slip_id
              WHERE rc.last_file_id = {int(result_file_id)})
            GROUP BY s.id, s.charge_id""")
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
        cursor.execute(f"DROP TABLE {STAGING}")
    return done
