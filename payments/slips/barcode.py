"""The 44-digit GS1-128 payment-slip barcode (AI 91, コンビニ収納用バーコード).

Positions (1-based): 1–2 AI ``91`` · 3–8 請求書発行企業コード · 9–29 自由使用欄 · 30 再発行区分 ·
31–36 支払期限日 (YYMMDD) · 37 印紙フラグ · 38–43 支払金額 · 44 check digit (modulus 10, weights 3/1
from the right over digits 1–43).

The ward's part of the free field (16 digits after the agency's 5-digit client code) is the
"ward key": 年度 (4-digit western fiscal year) + fee-type code (2) + 納付書番号 (10).
"""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from common.errors import InvalidInput

AI = "91"
LENGTH = 44
MAX_AMOUNT = 999_999
# 公金 is exempt from the revenue stamp, so the ward's slips always carry 0.
STAMP_FLAG_PUBLIC_MONEY = "0"
_ZERO = ord("0")


def check_digit(digits43: str) -> str:
    """Modulus-10 check digit over 43 digits: the rightmost gets weight 3, then 1, alternating."""
    if len(digits43) != LENGTH - 1 or not digits43.isdigit() or not digits43.isascii():
        raise ValueError("A check digit is computed over exactly 43 ASCII digits")
    raw = digits43.encode("ascii")
    # Digit 43 (rightmost) has weight 3, so every odd position (1, 3, …, 43) has weight 3.
    odd = sum(raw[0::2]) - _ZERO * 22
    even = sum(raw[1::2]) - _ZERO * 21
    return str((10 - (3 * odd + even) % 10) % 10)


def check_digit_ok(raw: bytes) -> bool:
    """True when 44 ASCII digit bytes end in their check digit (the import's hot path)."""
    odd = sum(raw[0:43:2]) - _ZERO * 22
    even = sum(raw[1:43:2]) - _ZERO * 21
    return (10 - (3 * odd + even) % 10) % 10 == raw[43] - _ZERO


@dataclass(frozen=True)
class Barcode:
    company_code: str
    free_field: str
    reissue: int
    deadline: datetime.date
    stamp_flag: str
    amount: int
    check: str

    @property
    def digits(self) -> str:
        return (f"{AI}{self.company_code}{self.free_field}{self.reissue}{self.deadline:%y%m%d}"
                f"{self.stamp_flag}{self.amount:06d}{self.check}")

    @property
    def slip_key(self) -> str:
        """The first 30 digits (AI, company, free field, reissue): which slip, whatever its amount."""
        return self.digits[:30]

    def human_readable(self) -> tuple[str, str]:
        """The two lines printed under the bars (the Code 128 symbol check is not printed)."""
        d = self.digits
        return (f"(91){d[2:8]}-{d[8:13]}-{d[13:29]}",
                f"{d[29]}-{d[30:36]}-{d[36]}-{d[37:43]}-{d[43]}")


def ward_key(*, fiscal_year: int, fee_code: str, slip_number: int) -> str:
    """年度 + fee-type code + 納付書番号 in the 16 digits the collection agency leaves to the ward."""
    if not 2000 <= fiscal_year <= 9999:
        raise InvalidInput(
            _(
                "Fiscal year %(fiscal_year)s does not fit the barcode"
            )
            % {
                "fiscal_year": fiscal_year,
            }, field="fiscal_year")
    if len(fee_code) != 2 or not fee_code.isdigit():
        raise InvalidInput(
            _(
                "Fee-type code '%(fee_code)s' must be 2 digits"
            )
            % {
                "fee_code": fee_code,
            }, field="fee_code")
    if not 0 < slip_number < 10**10:
        raise InvalidInput(
            _(
                "Slip number %(slip_number)s does not fit in 10 digits"
            )
            % {
                "slip_number": slip_number,
            }, field="slip_number")
    return f"{fiscal_year:04d}{fee_code}{slip_number:010d}"


def barcode_build(*, company_code: str, client_code: str, key: str, reissue: int, deadline: datetime.date,
                  amount: int, amount_limit: int = MAX_AMOUNT) -> Barcode:
    """Compose a barcode; the free field is the agency's client code + the ward key, right-padded with 0."""
    if len(company_code) != 6 or not company_code.isdigit():
        raise InvalidInput("The company code (請求書発行企業コード) must be 6 digits", field="company_code")
    if len(client_code) > 5 or not (client_code.isdigit() or client_code == ""):
        raise InvalidInput(_("The agency client code must be at most 5 digits"), field="client_code")
    free_field = (client_code + key).ljust(21, "0")
    if len(free_field) != 21 or not free_field.isdigit():
        raise InvalidInput("The free field (自由使用欄) must be at most 21 digits", field="free_field")
    if not 0 <= reissue <= 9:
        raise InvalidInput(
            _(
                "Reissue count %(reissue)s does not fit in one digit (0–9)"
            )
            % {
                "reissue": reissue,
            }, field="reissue")
    if not 2000 <= deadline.year <= 2099:
        raise InvalidInput(_("The handling deadline must fall in 2000–2099 (YYMMDD)"), field="handling_deadline")
    limit = min(amount_limit, MAX_AMOUNT)
    if not 1 <= amount <= limit:
        raise InvalidInput(
            _(
                "Amount ¥%(amount)s is outside ¥1–¥%(limit)s, the most a store accepts on one slip"
            )
            % {
                "amount": f"{amount:,}",
                "limit": f"{limit:,}",
            },
                           field="amount")
    body = f"{AI}{company_code}{free_field}{reissue}{deadline:%y%m%d}{STAMP_FLAG_PUBLIC_MONEY}{amount:06d}"
    return Barcode(company_code, free_field, reissue, deadline, STAMP_FLAG_PUBLIC_MONEY, amount, check_digit(body))


def barcode_problem(digits: str) -> str | None:
    """Why 44 characters are not a valid slip barcode, or None when they are."""
    if len(digits) != LENGTH:
        return f"the barcode has {len(digits)} digits, not {LENGTH}"
    if not (digits.isascii() and digits.isdigit()):
        return "the barcode holds characters other than digits"
    if not digits.startswith(AI):
        return f"the barcode starts with {digits[:2]}, not the application identifier {AI}"
    if not check_digit_ok(digits.encode("ascii")):
        return f"the check digit is {digits[43]}, expected {check_digit(digits[:43])}"
    if digits[36] not in "01":
        return f"the stamp flag is {digits[36]}, not 0 or 1"
    try:
        _yymmdd(digits[30:36])
    except ValueError:
        return f"the payment deadline {digits[30:36]} is not a date (YYMMDD)"
    return None


def barcode_parse(digits: str) -> Barcode:
    """Parse and validate 44 digits; an invalid barcode raises InvalidInput saying why."""
    problem = barcode_problem(digits)
    if problem:
        raise InvalidInput(_("Invalid barcode: %(problem)s") % {"problem": problem}, field="barcode")
    return Barcode(digits[2:8], digits[8:29], int(digits[29]), _yymmdd(digits[30:36]), digits[36],
                   int(digits[37:43]), digits[43])


def _yymmdd(text: str) -> datetime.date:
    return datetime.date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
