"""Result-file import: the demo's 速報 → 速報取消 → 確報, idempotence, and whole-file rejection."""

import datetime

import pytest
from django.utils import translation

from audit.models import AuditEvent
from payments.collection.importing.writer import Group, result_file_records
from payments.collection.layouts import layout_get
from payments.collection.models import PaymentRecord, Receipt, ReconciliationCase, ResultFile
from payments.collection.services import PaymentFileRejected
from payments.demo import AGENCY_CODE
from payments.slips.models import Slip
from tests.payments.conftest import import_bytes

LAYOUT = layout_get("standard_v1")
HEADER = {"agency_code": AGENCY_CODE, "institution_code": "00001", "created_on": "20260602"}


def slip_of(reference, reissue=0):
    return Slip.objects.get(charge__payer__reference_number=reference, reissue=reissue)


def record(slip_barcode, kind="01", paid_on="20260601", time="1000", transfer="0", accounting="0",
           retailer="003711", store="0012345"):
    return {"data_kind": kind, "paid_on": paid_on, "paid_time": time, "usage": "1", "barcode": slip_barcode,
            "retailer_code": retailer, "store_code": store, "transfer_date": transfer, "accounting_date": accounting}


def file_of(*groups):
    return b"".join(result_file_records(LAYOUT, [Group(HEADER, rows) for rows in groups]))


def state():
    """Everything an import can change."""
    return (ResultFile.objects.count(), PaymentRecord.objects.count(),
            sorted(Receipt.objects.values_list("pk", "status", "transfer_date")),
            ReconciliationCase.objects.count(), sorted(Slip.objects.values_list("pk", "status")))


def test_flash_then_cancel_then_final_leaves_every_slip_as_described(hoiku, shinjuku, demo_files):
    flash, cancel, final = demo_files.values()
    outcome = import_bytes(flash, actor=hoiku, municipality=shinjuku)
    assert outcome.status == "imported"
    assert outcome.summary["records_new"] == 3 and outcome.summary["receipts_provisional"] == 3
    assert {r: slip_of(r).status for r in ("P0000001", "P0000004", "P0000005")} == dict.fromkeys(
        ("P0000001", "P0000004", "P0000005"), "provisional")

    outcome = import_bytes(cancel, actor=hoiku, municipality=shinjuku)
    assert outcome.summary["receipts_reversed"] == 1 and outcome.summary["cases_flash_cancelled"] == 1
    assert slip_of("P0000005").status == "payable"
    case = ReconciliationCase.objects.get(kind="flash_cancelled")
    assert case.status == "open" and case.slip == slip_of("P0000005") and case.receipt.status == "reversed"

    outcome = import_bytes(final, actor=hoiku, municipality=shinjuku)
    assert outcome.summary["receipts_confirmed"] == 2
    assert outcome.summary["receipts_confirmed_without_flash"] == 0
    assert slip_of("P0000001").status == "paid" and slip_of("P0000004").status == "paid"
    confirmed = Receipt.objects.get(slip=slip_of("P0000001"))
    assert confirmed.status == "confirmed" and confirmed.transfer_date == datetime.date(2026, 6, 12)
    assert confirmed.accounting_date == datetime.date(2026, 6, 8) and confirmed.fiscal_year == 2026
    assert confirmed.amount == 4500 and confirmed.channel.name == "セブン‐イレブン"
    assert Receipt.objects.get(slip=slip_of("P0000004")).channel_kind == "emoney_app"
    assert slip_of("P0000002").status == "payable" and slip_of("P0000002", 1).status == "payable"
    assert ReconciliationCase.objects.count() == 1
    raw = PaymentRecord.objects.get(kind="02", barcode=slip_of("P0000001").barcode).raw
    assert len(raw) == 120 and raw.startswith("202")


def test_reimporting_a_file_or_its_records_changes_nothing(hoiku, shinjuku, demo_files):
    flash = demo_files["demo-20260602-sokuho.dat"]
    first = import_bytes(flash, actor=hoiku, municipality=shinjuku)
    before = state()
    again = import_bytes(flash, actor=hoiku, municipality=shinjuku)
    assert again.status == "already_imported" and again.result_file == first.result_file
    assert "何も変わっていません" in again.message
    assert state() == before
    # The same records inside another file (another header date): known by identity, nothing applied.
    repacked = flash.replace(b"120260602", b"120260603", 1)
    outcome = import_bytes(repacked, actor=hoiku, municipality=shinjuku)
    assert outcome.status == "imported"
    assert outcome.summary["records_new"] == 0 and outcome.summary["records_duplicate"] == 3
    assert outcome.summary["receipts_provisional"] == 0
    assert state()[1:] == before[1:]


def test_a_file_with_known_and_repeated_records_adds_only_the_new_ones(hoiku, shinjuku):
    known, new = slip_of("P0000001"), slip_of("P0000003")
    import_bytes(file_of([record(known.barcode)]), actor=hoiku, municipality=shinjuku)
    # Lines 2–4: a record imported before, a new one, and the new one again.
    outcome = import_bytes(file_of([record(known.barcode), record(new.barcode), record(new.barcode)]),
                           actor=hoiku, municipality=shinjuku)
    assert outcome.summary["records_new"] == 1 and outcome.summary["records_duplicate"] == 2
    assert outcome.summary["receipts_provisional"] == 1 and not ReconciliationCase.objects.exists()
    assert [r.line_number for r in PaymentRecord.objects.filter(barcode=new.barcode)] == [3]
    assert Receipt.objects.filter(slip__in=[known, new], status="provisional").count() == 2


def test_final_without_flash_is_a_receipt(hoiku, shinjuku):
    slip = slip_of("P0000003")
    import_bytes(file_of([record(slip.barcode, "02", transfer="20260612", accounting="20260608")]),
                 actor=hoiku, municipality=shinjuku)
    receipt = Receipt.objects.get(slip=slip)
    assert receipt.status == "confirmed" and receipt.flash_record is None and receipt.final_record is not None
    assert Slip.objects.get(pk=slip.pk).status == "paid"
    assert not ReconciliationCase.objects.exists()


def test_unknown_barcode_mismatch_late_and_double_payments_become_cases(hoiku, shinjuku):
    from payments.slips.barcode import barcode_build

    original, reissue = slip_of("P0000002"), slip_of("P0000002", 1)
    other = slip_of("P0000003")
    unknown = barcode_build(company_code="942386", client_code="10001", key="2026019999999999", reissue=0,
                            deadline=datetime.date(2026, 7, 15), amount=1000).digits
    wrong_amount = barcode_build(company_code="942386", client_code="10001", key=other.barcode[13:29],
                                 reissue=0, deadline=datetime.date(2026, 7, 15), amount=1999).digits
    rows = [record(original.barcode, time="0900"), record(reissue.barcode, time="0901"),
            record(unknown, time="0902"), record(wrong_amount, time="0903", paid_on="20260716")]
    outcome = import_bytes(file_of(rows), actor=hoiku, municipality=shinjuku)
    cases = {(c.kind, c.slip_id) for c in ReconciliationCase.objects.all()}
    assert cases == {("double_payment", reissue.pk), ("unknown_barcode", None),
                     ("amount_mismatch", other.pk), ("late_payment", other.pk)}
    assert outcome.summary["cases_double_payment"] == 1
    assert ReconciliationCase.objects.get(kind="unknown_barcode").department.name == "保育課"
    assert {Slip.objects.get(pk=s.pk).status for s in (original, reissue)} == {"provisional"}


def test_a_reissue_paid_supersedes_the_original(hoiku, shinjuku):
    original, reissue = slip_of("P0000002"), slip_of("P0000002", 1)
    import_bytes(file_of([record(reissue.barcode)]), actor=hoiku, municipality=shinjuku)
    assert Slip.objects.get(pk=original.pk).status == "superseded"
    assert Slip.objects.get(pk=reissue.pk).status == "provisional"


@pytest.mark.parametrize(("paid_on", "fiscal_year"), [
    ("20260601", 2026), ("20270331", 2026), ("20270531", 2026), ("20270601", 2027), ("20280415", 2028),
])
def test_fiscal_year_attribution_honours_the_closing_period(hoiku, shinjuku, paid_on, fiscal_year):
    from payments.catalog.fiscal import attributed_fiscal_year

    slip = slip_of("P0000003")
    import_bytes(file_of([record(slip.barcode, paid_on=paid_on)]), actor=hoiku, municipality=shinjuku)
    assert Receipt.objects.get(slip=slip).fiscal_year == fiscal_year
    day = datetime.date(int(paid_on[:4]), int(paid_on[4:6]), int(paid_on[6:]))
    assert attributed_fiscal_year(charge_fiscal_year=2026, paid_on=day) == fiscal_year


def _rejected(data, hoiku, shinjuku):
    before = state()
    rejections = AuditEvent.objects.filter(name="payments.result_file.rejected").count()
    with pytest.raises(PaymentFileRejected) as error, translation.override("en"):
        import_bytes(data, actor=hoiku, municipality=shinjuku, filename="bad.dat")
    assert state() == before
    assert AuditEvent.objects.filter(name="payments.result_file.rejected").count() == rejections + 1
    return [(p["line"], p["reason"]) for p in error.value.details["problems"]]


def test_a_short_record_is_rejected_with_its_line(hoiku, shinjuku):
    good = file_of([record(slip_of("P0000001").barcode), record(slip_of("P0000003").barcode)])
    lines = good.split(b"\r\n")
    lines[2] = lines[2][:100]
    assert _rejected(b"\r\n".join(lines), hoiku, shinjuku) == [(3, "the record is 100 bytes, not 120")]


def test_a_bad_check_digit_is_rejected_with_its_line(hoiku, shinjuku):
    barcode = slip_of("P0000001").barcode
    bad = barcode[:43] + str((int(barcode[43]) + 1) % 10)
    data = file_of([record(slip_of("P0000003").barcode), record(bad)])
    assert _rejected(data, hoiku, shinjuku) == [
        (3, f"バーコード情報 (positions 17–60) check digit is {bad[43]}, expected {barcode[43]}")]


def test_trailer_counts_and_sums_that_disagree_are_rejected(hoiku, shinjuku):
    slip = slip_of("P0000001")
    data = file_of([record(slip.barcode)])
    lines = data.split(b"\r\n")
    lines[2] = b"8" + b"0000002" + b"000000009000" + lines[2][20:]
    assert _rejected(b"\r\n".join(lines), hoiku, shinjuku) == [
        (3, "速報件数合計 is 2 but the group of line 1 holds 1 data kind 01 records"),
        (3, "速報金額合計 is 9000 but the group of line 1 holds 4500 yen in data kind 01 records"),
    ]


def test_an_unknown_data_kind_is_rejected(hoiku, shinjuku):
    data = file_of([record(slip_of("P0000001").barcode), record(slip_of("P0000003").barcode)])
    data = data.replace(b"\r\n201", b"\r\n204", 1)
    problems = _rejected(data, hoiku, shinjuku)
    assert problems == [(2, "データ識別コード (positions 2–3) is '04', not one of 01, 02, 03")]


def test_a_final_report_with_zero_dates_is_rejected(hoiku, shinjuku):
    data = file_of([record(slip_of("P0000001").barcode, "02", transfer="20260612", accounting="20260608"),
                    record(slip_of("P0000003").barcode, "02", transfer="0", accounting="0")])
    assert _rejected(data, hoiku, shinjuku) == [
        (3, "支払予定日 (positions 74–81) is zero on a data kind 02 record, which needs a date"),
        (3, "経理処理日 (positions 82–89) is zero on a data kind 02 record, which needs a date"),
    ]


def test_a_file_of_the_wrong_encoding_is_rejected(hoiku, shinjuku):
    text = file_of([record(slip_of("P0000001").barcode)]).decode("shift_jis")
    data = text.replace("1202606020007100001 ", "1202606020007100001新宿区", 1).encode("utf-8")
    assert _rejected(data, hoiku, shinjuku) == [
        (1, "the record is 128 bytes, not 120"), (1, "the record is UTF-8 text, not Shift_JIS")]
    utf16 = text.encode("utf-16")
    problems = _rejected(utf16, hoiku, shinjuku)
    assert problems[0] == (1, "the file is UTF-16 (byte-order mark); the layout needs Shift_JIS")
    assert len(problems) > 5  # every line of it is wrong


def test_a_rejection_lists_every_problem_of_the_file(hoiku, shinjuku):
    good = record(slip_of("P0000001").barcode)
    data = file_of([good, {**good, "paid_on": "20261301"}, {**good, "paid_time": "2460"}])
    problems = _rejected(data, hoiku, shinjuku)
    assert problems == [(3, "収納日付 (positions 4–11) '20261301' is not a date (YYYYMMDD)"),
                        (4, "収納時間 (positions 12–15) '2460' is not a time (HHMM)")]


def test_a_nul_byte_after_a_known_record_is_rejected_whole(hoiku, shinjuku):
    known = record(slip_of("P0000001").barcode)
    import_bytes(file_of([known]), actor=hoiku, municipality=shinjuku)
    # Line 2 was imported before (the records' COPY is refused, then the file is rejected on the scan's
    # findings); line 3 holds a NUL in its filler, which any text field's pattern takes.
    data = file_of([known, {**record(slip_of("P0000003").barcode), "filler": "a\0b"}])
    at = data.split(b"\r\n")[2].index(b"\0") + 1
    assert _rejected(data, hoiku, shinjuku) == [(3, f"byte {at} is a NUL (0x00), which no field may hold")]


def _problems_of(data, hoiku, shinjuku, language):
    with pytest.raises(PaymentFileRejected) as error, translation.override(language):
        import_bytes(data, actor=hoiku, municipality=shinjuku, filename="bad.dat")
    return [(p["line"], p["reason"]) for p in error.value.details["problems"]], error.value


def test_a_problem_is_said_in_japanese_naming_the_line_the_byte_and_the_field(hoiku, shinjuku):
    """Under Japanese (the default), a refusal names the line, the byte or the field (its 項目名 and positions) and
    why, in Japanese; the same file under English says it in English."""
    good = file_of([record(slip_of("P0000001").barcode), record(slip_of("P0000003").barcode)])
    lines = good.split(b"\r\n")
    lines[2] = lines[2][:110] + b"\x82\x20" + lines[2][112:]  # a Shift_JIS lead byte, then a space: no character
    lines[1] = lines[1][:3] + b"20261301" + lines[1][11:]
    data = b"\r\n".join(lines)
    japanese, _refusal = _problems_of(data, hoiku, shinjuku, "ja")
    assert japanese == [(2, "収納日付（4〜11バイト目）の「20261301」は日付（YYYYMMDD）ではありません"),
                        (3, "111バイト目がShift_JISの文字ではありません")]
    english, refusal = _problems_of(data, hoiku, shinjuku, "en")
    assert english == [(2, "収納日付 (positions 4–11) '20261301' is not a date (YYYYMMDD)"),
                       (3, "byte 111 is not Shift_JIS")]
    with translation.override("ja"):
        assert str(refusal.problems[1]) == "3行目: 111バイト目がShift_JISの文字ではありません"
    with translation.override("en"):
        assert str(refusal.problems[1]) == "line 3: byte 111 is not Shift_JIS"


def test_trailer_totals_are_said_in_the_files_own_terms_in_japanese(hoiku, shinjuku):
    data = file_of([record(slip_of("P0000001").barcode)])
    lines = data.split(b"\r\n")
    lines[2] = b"8" + b"0000002" + lines[2][8:]
    problems, _refusal = _problems_of(b"\r\n".join(lines), hoiku, shinjuku, "ja")
    assert problems == [
        (3, "速報件数合計は2ですが、1行目から始まるグループのデータ識別コード01のデータレコードは1件です")]
