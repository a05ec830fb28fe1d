"""Reconciliation (消込) of one imported file, set-based in PostgreSQL.

Order inside a file: 速報 first, then 速報取消, then 確報 — so a 速報 and its 確報 (or its
cancellation) arriving in the same file meet the receipt the 速報 just made.

- 速報 (01): a provisional receipt; the slip stops going to dunning or reissue.
- 速報取消 (03): the matching provisional receipt is reversed and a review case opens; with no
  matching 速報, a case says so.
- 確報 (02): the matching provisional receipt is confirmed with 支払予定日 and 経理処理日; with no
  earlier 速報, it is a new confirmed receipt.
- Then cases: unknown barcode, amount differing from the slip, paid after the handling deadline,
  the same charge paid twice (same slip, or an original and its reissue); and slip statuses.
Fiscal year: the charge's year up to 31 May after it ends (出納整理期間), else the year of payment
(the same rule as ``payments.fiscal.attributed_fiscal_year``).
"""

from django.db import connection

from payments.layouts import Layout

_FY_OF_PAID_ON = ("(CASE WHEN EXTRACT(MONTH FROM r.paid_on) >= 4 THEN EXTRACT(YEAR FROM r.paid_on) "
                  "ELSE EXTRACT(YEAR FROM r.paid_on) - 1 END)::int")
_FISCAL_YEAR = (f"CASE WHEN sl.id IS NULL THEN {_FY_OF_PAID_ON} "
                f"WHEN r.paid_on <= make_date(sl.fiscal_year + 1, 5, 31) THEN sl.fiscal_year "
                f"ELSE {_FY_OF_PAID_ON} END")
_SAME_PAYMENT = ("rc.municipality_id = r.municipality_id AND rc.barcode = r.barcode AND rc.paid_on = r.paid_on "
                 "AND rc.paid_time = r.paid_time AND rc.store_code = r.store_code "
                 "AND rc.retailer_code = r.retailer_code")

STAGING_COLUMNS = ("line_number", "record_key", "kind", "paid_on", "paid_time", "usage", "barcode", "amount",
                   "retailer_code", "store_code", "transfer_date", "accounting_date", "raw")


def staging_create(cursor) -> None:
    """A session-private staging table; dropped at commit (and here, when an outer transaction is still open)."""
    cursor.execute("DROP TABLE IF EXISTS pg_temp.payments_staging")
    cursor.execute("""
        CREATE TEMP TABLE payments_staging (
          line_number integer, record_key text, kind text, paid_on date, paid_time text, usage text,
          barcode text, amount integer, retailer_code text, store_code text, transfer_date date,
          accounting_date date, raw text) ON COMMIT DROP""")


def _receipt_insert(kind: str, status: str, record_column: str, usage_case: str, extra_where: str = "") -> str:
    dates = "r.transfer_date, r.accounting_date" if status == "confirmed" else "NULL, NULL"
    return f"""
        INSERT INTO payments_receipt (municipality_id, slip_id, fee_type_id, department_id, barcode, amount,
          channel_kind, channel_id, retailer_code, store_code, paid_on, paid_time, transfer_date, accounting_date,
          fiscal_year, status, {record_column}, created_at, updated_at)
        SELECT r.municipality_id, r.slip_id, sl.fee_type_id, COALESCE(ft.department_id, %(department)s), r.barcode,
          r.amount, COALESCE(ch.kind, {usage_case}), ch.id, r.retailer_code, r.store_code, r.paid_on, r.paid_time,
          {dates}, {_FISCAL_YEAR}, '{status}', r.id, now(), now()
        FROM payments_paymentrecord r
        LEFT JOIN payments_slip sl ON sl.id = r.slip_id
        LEFT JOIN payments_feetype ft ON ft.id = sl.fee_type_id
        LEFT JOIN payments_channel ch ON ch.municipality_id = r.municipality_id AND ch.retailer_code = r.retailer_code
        WHERE r.result_file_id = %(file)s AND r.kind = '{kind}' {extra_where}"""


def _case_insert(kind: str, where: str, *, with_receipt: bool = True) -> str:
    if with_receipt:
        return f"""
            INSERT INTO payments_reconciliationcase (municipality_id, department_id, kind, status, slip_id,
              receipt_id, record_id, opened_at, resolution)
            SELECT rc.municipality_id, rc.department_id, '{kind}', 'open', rc.slip_id, rc.id,
              COALESCE(rc.cancel_record_id, rc.final_record_id, rc.flash_record_id), now(), ''
            FROM payments_receipt rc LEFT JOIN payments_slip sl ON sl.id = rc.slip_id
            WHERE {where}
            ON CONFLICT (kind, receipt_id) DO NOTHING"""
    return f"""
        INSERT INTO payments_reconciliationcase (municipality_id, department_id, kind, status, slip_id, record_id,
          opened_at, resolution)
        SELECT r.municipality_id, COALESCE(ft.department_id, %(department)s), '{kind}', 'open', r.slip_id, r.id,
          now(), ''
        FROM payments_paymentrecord r LEFT JOIN payments_slip sl ON sl.id = r.slip_id
        LEFT JOIN payments_feetype ft ON ft.id = sl.fee_type_id
        WHERE {where}"""


def reconcile(*, layout: Layout, municipality_id: int, result_file_id: int, department_id: int) -> dict[str, int]:
    """Apply the staged records of one file; return what was done, by count."""
    codes = {kind: code for code, kind in layout.kinds.items()}
    flash, final, cancel = codes["flash"], codes["final"], codes["flash_cancel"]
    usage_case = "CASE r.usage " + " ".join(
        f"WHEN '{usage}' THEN '{kind}'" for usage, kind in layout.usage_channels.items()) + " ELSE 'other' END"
    params = {"municipality": municipality_id, "file": result_file_id, "department": department_id}
    done: dict[str, int] = {}
    touched = ("(rc.flash_record_id IN (SELECT id FROM payments_paymentrecord WHERE result_file_id = %(file)s) OR "
               "rc.final_record_id IN (SELECT id FROM payments_paymentrecord WHERE result_file_id = %(file)s))")
    with connection.cursor() as cursor:
        def run(name: str | None, sql: str) -> None:
            cursor.execute(sql, params)
            if name:
                done[name] = done.get(name, 0) + cursor.rowcount

        run("records_new", """
            INSERT INTO payments_paymentrecord (municipality_id, result_file_id, line_number, record_key, kind,
              paid_on, paid_time, usage, barcode, amount, retailer_code, store_code, transfer_date, accounting_date,
              raw, slip_id)
            SELECT %(municipality)s, %(file)s, s.line_number, s.record_key, s.kind, s.paid_on, s.paid_time, s.usage,
              s.barcode, s.amount, s.retailer_code, s.store_code, s.transfer_date, s.accounting_date, s.raw, sl.id
            FROM payments_staging s
            LEFT JOIN payments_slip sl ON sl.municipality_id = %(municipality)s
              AND sl.slip_key = substr(s.barcode, 1, 30)
            ORDER BY s.line_number
            ON CONFLICT (municipality_id, record_key) DO NOTHING""")
        run("receipts_provisional", _receipt_insert(flash, "provisional", "flash_record_id", usage_case))
        # Fresh statistics after a bulk load, or the planner matches 確報 to 速報 by nested loops.
        run(None, "ANALYZE payments_paymentrecord")
        run(None, "ANALYZE payments_receipt")
        run("receipts_reversed", f"""
            UPDATE payments_receipt rc SET status = 'reversed', cancel_record_id = r.id, updated_at = now()
            FROM payments_paymentrecord r
            WHERE r.result_file_id = %(file)s AND r.kind = '{cancel}' AND rc.status = 'provisional'
              AND {_SAME_PAYMENT}""")
        run("cases_flash_cancelled", _case_insert(
            "flash_cancelled", "rc.cancel_record_id IN (SELECT id FROM payments_paymentrecord "
                               "WHERE result_file_id = %(file)s)"))
        run("cases_cancel_without_flash", _case_insert(
            "cancel_without_flash",
            f"r.result_file_id = %(file)s AND r.kind = '{cancel}' AND NOT EXISTS "
            "(SELECT 1 FROM payments_receipt rc WHERE rc.cancel_record_id = r.id)", with_receipt=False))
        run("receipts_confirmed", f"""
            UPDATE payments_receipt rc SET status = 'confirmed', final_record_id = r.id,
              transfer_date = r.transfer_date, accounting_date = r.accounting_date, updated_at = now()
            FROM payments_paymentrecord r
            WHERE r.result_file_id = %(file)s AND r.kind = '{final}' AND rc.status = 'provisional'
              AND {_SAME_PAYMENT}""")
        run("receipts_confirmed_without_flash", _receipt_insert(
            final, "confirmed", "final_record_id", usage_case,
            "AND NOT EXISTS (SELECT 1 FROM payments_receipt x WHERE x.final_record_id = r.id)"))
        active = f"rc.status IN ('provisional', 'confirmed') AND {touched}"
        run("cases_unknown_barcode", _case_insert("unknown_barcode", f"{active} AND rc.slip_id IS NULL"))
        run("cases_amount_mismatch", _case_insert("amount_mismatch", f"{active} AND rc.amount <> sl.amount"))
        run("cases_late_payment", _case_insert("late_payment", f"{active} AND rc.paid_on > sl.handling_deadline"))
        # Every active receipt after the first on the same charge (same slip, or original and reissue),
        # ranked in one pass over the charges this file touched (a correlated EXISTS is quadratic here).
        run("cases_double_payment", _case_insert("double_payment", f"""{active} AND rc.id IN (
              SELECT id FROM (
                SELECT o.id, row_number() OVER (PARTITION BY os.charge_id ORDER BY o.id) AS n
                FROM payments_receipt o JOIN payments_slip os ON os.id = o.slip_id
                WHERE o.status IN ('provisional', 'confirmed') AND os.charge_id IN (
                  SELECT s2.charge_id FROM payments_slip s2 JOIN payments_paymentrecord pr ON pr.slip_id = s2.id
                  WHERE pr.result_file_id = %(file)s)) ranked
              WHERE n > 1)"""))
    slip_statuses_refresh(
        charge_ids_sql="SELECT sl.charge_id FROM payments_slip sl WHERE sl.id IN "
                       "(SELECT slip_id FROM payments_paymentrecord WHERE result_file_id = %s)",
        params=[result_file_id])
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE pg_temp.payments_staging")
    return done


def slip_statuses_refresh(*, charge_ids_sql: str, params: list) -> None:
    """Recompute the status of every slip of the given charges from their receipts (used by the import)."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            UPDATE payments_slip s SET status = CASE
              WHEN EXISTS (SELECT 1 FROM payments_receipt r WHERE r.slip_id = s.id AND r.status = 'confirmed')
                THEN 'paid'
              WHEN EXISTS (SELECT 1 FROM payments_receipt r WHERE r.slip_id = s.id AND r.status = 'provisional')
                THEN 'provisional'
              WHEN EXISTS (SELECT 1 FROM payments_receipt r JOIN payments_slip o ON o.id = r.slip_id
                           WHERE o.charge_id = s.charge_id AND o.id <> s.id
                             AND r.status IN ('provisional', 'confirmed'))
                THEN 'superseded'
              ELSE 'payable' END
            WHERE s.charge_id IN ({charge_ids_sql})""", params)
