"""The 44-digit barcode: the published check-digit vectors, building and every validation failure."""

import datetime

import pytest

from common.errors import InvalidInput
from payments.slips.barcode import barcode_build, barcode_parse, barcode_problem, check_digit, ward_key


@pytest.mark.parametrize(("digits43", "expected"), [
    ("91912345" "0123456789012345678901" "010331" "0" "123000", "3"),
    ("91" "942386" "1789539178539356927301" "030731" "1" "031290", "3"),
    ("9191234508010200001234567800002606300012300", "8"),
])
def test_check_digit_matches_the_published_vectors(digits43, expected):
    assert check_digit(digits43) == expected


def test_the_third_vector_parses_into_its_fields():
    barcode = barcode_parse("91912345080102000012345678000026063000123008")
    assert barcode.company_code == "912345"
    assert barcode.free_field == "080102000012345678000"
    assert barcode.reissue == 0
    assert barcode.deadline == datetime.date(2026, 6, 30)
    assert barcode.stamp_flag == "0"
    assert barcode.amount == 12300
    assert barcode.human_readable() == ("(91)912345-08010-2000012345678000", "0-260630-0-012300-8")


def test_build_puts_the_ward_key_after_the_client_code_with_stamp_flag_zero():
    key = ward_key(fiscal_year=2026, fee_code="05", slip_number=42)
    barcode = barcode_build(company_code="942386", client_code="10001", key=key, reissue=2,
                            deadline=datetime.date(2026, 7, 15), amount=8800)
    assert key == "2026050000000042"
    assert barcode.digits == "91942386" "10001" "2026050000000042" "2" "260715" "0" "008800" + barcode.check
    assert len(barcode.digits) == 44
    assert barcode.check == check_digit(barcode.digits[:43])
    assert barcode_parse(barcode.digits) == barcode


@pytest.mark.parametrize(("amount", "limit"), [(300_001, 300_000), (0, 300_000), (1_000_000, 999_999),
                                                (50_001, 50_000)])
def test_build_refuses_an_amount_over_the_store_limit(amount, limit):
    with pytest.raises(InvalidInput) as error:
        barcode_build(company_code="942386", client_code="10001", key="2026010000000001", reissue=0,
                      deadline=datetime.date(2026, 7, 15), amount=amount, amount_limit=limit)
    assert error.value.field == "amount"


@pytest.mark.parametrize(("digits", "reason"), [
    ("9191234508010200001234567800002606300012300", "the barcode has 43 digits, not 44"),
    ("9191234508010200001234567800002606300012300X", "the barcode holds characters other than digits"),
    ("90912345080102000012345678000026063000123008", "the barcode starts with 90, not the application identifier 91"),
    ("91912345080102000012345678000026063000123007", "the check digit is 7, expected 8"),
    ("91912345080102000012345678000026063020123002", "the stamp flag is 2, not 0 or 1"),
    ("91912345080102000012345678000026133000123002", "the payment deadline 261330 is not a date (YYMMDD)"),
])
def test_invalid_barcodes_say_why(digits, reason):
    if len(digits) == 44 and digits.isdigit() and reason != "the check digit is 7, expected 8":
        digits = digits[:43] + check_digit(digits[:43])
    assert barcode_problem(digits) == reason
    with pytest.raises(InvalidInput) as error:
        barcode_parse(digits)
    assert error.value.message == f"バーコードが正しくありません: {reason}"


def test_ward_key_refuses_what_does_not_fit():
    with pytest.raises(InvalidInput):
        ward_key(fiscal_year=2026, fee_code="5", slip_number=1)
    with pytest.raises(InvalidInput):
        ward_key(fiscal_year=2026, fee_code="05", slip_number=10**10)
