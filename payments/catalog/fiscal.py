"""年度 (fiscal year, April–March) and 出納整理期間 (the closing period to 31 May)."""

import datetime

CLOSING_PERIOD_END = (5, 31)


def fiscal_year_of(day: datetime.date) -> int:
    """The fiscal year a date falls in: April 2026–March 2027 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def attributed_fiscal_year(*, charge_fiscal_year: int, paid_on: datetime.date) -> int:
    """The fiscal year whose accounts take a payment.

    A payment for a charge of year N received up to 31 May of N+1 (出納整理期間) still belongs to N;
    a later one is 過年度収入 of the year it is received in. A prepayment belongs to the charge's year.
    """
    closing_end = datetime.date(charge_fiscal_year + 1, *CLOSING_PERIOD_END)
    if paid_on <= closing_end:
        return charge_fiscal_year
    return fiscal_year_of(paid_on)
