"""The shared export CSV: a BOM for Excel, CRLF, text that would run as a formula written inert, numbers kept."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from common.csv import csv_bytes, csv_cell, csv_lines, csv_streaming_response


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","x")', "+1+2", "-2+3", "@SUM(A1)",
                                  "\t=1+1", "\r=1+1"])
def test_text_that_a_spreadsheet_would_run_gets_a_leading_apostrophe(text):
    assert csv_cell(text) == "'" + text


def test_numbers_stay_numbers_even_negative_and_other_values_are_their_text():
    assert [csv_cell(v) for v in (-500, Decimal("-1.5"), 0.25, None, datetime.date(2026, 4, 1), "a=b", "山田")] == [
        -500, Decimal("-1.5"), 0.25, "", "2026-04-01", "a=b", "山田"]
    assert csv_cell("-500") == "'-500"  # text that looks like a number is still text: neutralised


def test_the_file_has_a_bom_crlf_lines_and_reads_back():
    content = csv_bytes(["名前", "金額"], [["=1+1", -500], ["a,b", 3]])
    assert content.startswith("\ufeff".encode()) and content.count(b"\r\n") == 3
    assert list(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == [
        ["名前", "金額"], ["'=1+1", "-500"], ["a,b", "3"]]


def test_a_streamed_export_reads_its_rows_only_as_it_is_sent():
    read = []

    def rows():
        for i in range(3):
            read.append(i)
            yield [f"-{i}"]

    lines = csv_lines(["n"], rows())
    assert next(lines) == "\ufeffn\r\n" and read == []
    response = csv_streaming_response("x.csv", ["n"], rows())
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert b"".join(response.streaming_content).decode("utf-8-sig") == "n\r\n'-0\r\n'-1\r\n'-2\r\n"
