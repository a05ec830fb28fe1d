"""和暦 as the forms and slips print it: one implementation for committee forms, registry pages and slips."""

import datetime

from common.wareki import wareki_date, wareki_fiscal_year


def test_dates_name_the_era_and_its_first_year_gannen():
    assert wareki_date(datetime.date(2019, 4, 30)) == "平成31年4月30日"
    assert wareki_date(datetime.date(2019, 5, 1)) == "令和元年5月1日"
    assert wareki_date(datetime.date(2026, 11, 25)) == "令和8年11月25日"
    assert wareki_date(None) == ""


def test_fiscal_years_take_the_era_in_force_at_their_end():
    assert wareki_fiscal_year(2018) == "平成30年度"
    assert wareki_fiscal_year(2019) == "令和元年度"  # began in 平成31年, ended in 令和2年
    assert wareki_fiscal_year(2026) == "令和8年度"
