"""The scan's fast path never decides differently from its careful path; odd but valid files import."""

import io

from payments.collection.importing.scan import FileScan, record_key, row_columns
from payments.collection.importing.writer import Group, result_file_records
from payments.collection.models import PaymentRecord
from tests.payments.collection.test_import import HEADER, LAYOUT, record, slip_of
from tests.payments.conftest import import_bytes


def scan(data: bytes, *, fast: bool):
    scanner = FileScan(LAYOUT, io.BytesIO(data), expected_header={"agency_code": HEADER["agency_code"]})
    if not fast:
        scanner._fast = None  # every record through the careful path
    rows = [row for chunk in scanner.record_chunks(copy=False) for row in chunk]
    r = scanner.result
    return rows, (r.problems, r.problem_count, r.records, r.data_records, r.groups, r.size_bytes)


def test_fast_and_careful_paths_agree_on_good_and_bad_records(demo):
    good = slip_of("P0000001").barcode
    other = slip_of("P0000003").barcode
    bad_check = good[:43] + str((int(good[43]) + 1) % 10)
    valid = [record(good), record(other, "02", transfer="20260612", accounting="20260608"),
             record(other, "03", accounting="20260605"), {**record(good, time="2359"), "filler": "新宿区"},
             {**record(other, time="0001"), "filler": "a\\b"}]
    data = b"".join(result_file_records(LAYOUT, [Group(HEADER, valid), Group(HEADER, valid[:2])]))
    assert scan(data, fast=True) == scan(data, fast=False)
    rows, (problems, *_counts) = scan(data, fast=True)
    assert problems == [] and [row[1] for row in rows] == [2, 3, 4, 5, 6, 9, 10]
    japanese = dict(zip(row_columns(LAYOUT), rows[3], strict=True))
    assert japanese["raw"].endswith("新宿区" + " " * 25) and japanese["paid_time"] == "2359"
    assert japanese["barcode"] == good and japanese["transfer_date"] is None
    assert japanese["amount"] == f"{slip_of('P0000001').amount:06d}"
    assert japanese["record_key"] == record_key(LAYOUT, japanese["raw"].encode("shift_jis")).hex

    broken = [*valid, record(good, paid_on="20260230"), record(good, time="2400"), record(bad_check),
              record(other, "02"), record(good, transfer="20260612"), {**record(good), "usage": "5"}]
    data = b"".join(result_file_records(LAYOUT, [Group(HEADER, broken)]))
    fast, careful = scan(data, fast=True), scan(data, fast=False)
    assert fast == careful
    # The unreadable 利用区分 leaves the group's totals unknown, so the trailer is not compared.
    assert [(p.line, p.reason.split("（")[0]) for p in fast[1][0]] == [
        (7, "収納日付"), (8, "収納時間"), (9, "バーコード情報"), (10, "支払予定日"), (10, "経理処理日"),
        (11, "支払予定日"), (12, "利用区分")]


def test_a_file_without_line_ends_and_japanese_text_imports(hoiku, shinjuku):
    slip = slip_of("P0000004")
    rows = [{**record(slip.barcode, time="1130"), "filler": "ｺﾝﾋﾞﾆ新宿"}]
    data = b"".join(result_file_records(LAYOUT, [Group(HEADER, rows)], line_end=b""))
    assert b"\n" not in data and len(data) == 4 * 120
    outcome = import_bytes(data, actor=hoiku, municipality=shinjuku)
    assert outcome.summary["records_new"] == 1 and outcome.summary["receipts_provisional"] == 1
    stored = PaymentRecord.objects.get()
    assert stored.barcode == slip.barcode and stored.paid_time == "1130" and stored.amount == slip.amount
    assert stored.raw.rstrip().endswith("ｺﾝﾋﾞﾆ新宿") and stored.line_number == 2
