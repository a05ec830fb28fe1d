"""和暦 dates for forms, slips and labels: 令和7年1月1日, 令和6年度 (令和元年 for an era's first year)."""

import datetime

from japanera import EraDate


def wareki_date(day: datetime.date | None) -> str:
    """令和7年1月1日; blank for no date."""
    if day is None:
        return ""
    era_date = EraDate(day.year, day.month, day.day)
    year = int(era_date.strftime("%-Y"))
    return f"{era_date.era.kanji}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def wareki_fiscal_year(fiscal_year: int) -> str:
    """令和8年度 for 2026 (April 2026–March 2027); 2019 is 令和元年度: the era at the year's end names it."""
    era = EraDate(fiscal_year + 1, 3, 31).era
    year = fiscal_year - era.since.year + 1
    return f"{era.kanji}{'元' if year == 1 else year}年度"
