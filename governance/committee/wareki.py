"""和暦 for the committee's forms and labels: 令和6年度, 令和7年1月1日 (令和元年 for an era's first year)."""

import datetime

from japanera import EraDate


def _era_year(day: datetime.date) -> tuple[str, str]:
    era_date = EraDate(day.year, day.month, day.day)
    year = int(era_date.strftime("%-Y"))
    return era_date.era.kanji, "元" if year == 1 else str(year)


def wareki(day: datetime.date | None) -> str:
    """令和7年1月1日; blank for no date."""
    if day is None:
        return ""
    era, year = _era_year(day)
    return f"{era}{year}年{day.month}月{day.day}日"


def fiscal_year_label(fiscal_year: int) -> str:
    """令和6年度 for 2024 (April 2024 to March 2025); 2019年度, which began in 平成31年, is called 令和元年度."""
    if fiscal_year == 2019:
        return "令和元年度"
    era, year = _era_year(datetime.date(fiscal_year, 4, 1))
    return f"{era}{year}年度"
