"""年度 (fiscal year, April–March), 出納整理期間 (the closing period to 31 May) and 和暦 labels."""

import datetime

from japanera import EraDate

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


def wareki_fiscal_year(fiscal_year: int) -> str:
    """令和8年度 for 2026, 令和元年度 for 2019: the era in force at the year's end names it."""
    era = EraDate(fiscal_year + 1, 3, 31).era
    year = fiscal_year - era.since.year + 1
    return f"{era.kanji}{'元' if year == 1 else year}年度"


def wareki_date(day: datetime.date) -> str:
    """令和8年6月30日 (令和元年 for the first year)."""
    era_date = EraDate(day.year, day.month, day.day)
    year = int(era_date.strftime("%-Y"))
    return f"{era_date.era.kanji}{'元' if year == 1 else year}年{day.month}月{day.day}日"
