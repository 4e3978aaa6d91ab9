"""Dates as bulletins write them, resolved against the bulletin's date, with their precision."""

import pytest

from kg.link.dates import bulletin_date, find_date, find_deal_date, is_time_words

D, M, Y = "day", "month", "year"

DATES = [
    # absolute
    ("2021年3月10日", "2021-05-20", "2021-03-10", D),
    ("2021-03-10", "2021-05-20", "2021-03-10", D),
    ("2021/3/8", None, "2021-03-08", D),
    ("2020年7月", None, "2020-07", M),
    ("2019年", None, "2019", Y),
    ("2021年初", None, "2021", Y),
    # a month and day take the bulletin's year, or the year before when that lies after it
    ("3月10日", "2021-05-20", "2021-03-10", D),
    ("12月28日", "2021-01-05", "2020-12-28", D),
    ("6月", "2021-05-20", "2020-06", M),
    ("3月10日", "2021", "2021-03-10", D),
    # relative days
    ("今日", "2021-05-20", "2021-05-20", D),
    ("今天", "2021-05-20", "2021-05-20", D),
    ("昨日", "2021-05-20", "2021-05-19", D),
    ("昨日", "2021-03-01", "2021-02-28", D),
    ("前天", "2021-05-20", "2021-05-18", D),
    ("日前", "2021-05-20", "2021-05", M),
    ("近日", "2021-05-20", "2021-05", M),
    ("近期", "2021-05-20", "2021-05", M),
    # relative months and years
    ("本月", "2021-05-20", "2021-05", M),
    ("上月", "2021-05-20", "2021-04", M),
    ("上个月", "2021-01-10", "2020-12", M),
    ("今年7月", "2021-05-20", "2021-07", M),
    ("去年9月", "2021-05-20", "2020-09", M),
    ("去年12月3日", "2021-05-20", "2020-12-03", D),
    ("前年", "2021-05-20", "2019", Y),
    ("年初", "2021-05-20", "2021", Y),
    ("今年年初", "2021-05-20", "2021", Y),
    ("去年底", "2021-05-20", "2020", Y),
    # never more precise than the bulletin
    ("昨日", "2021", "2021", Y),
    ("上月", "2021", "2021", Y),
    ("今日", "2021-05", "2021-05", M),
    ("近日", "2021", "2021", Y),
]


@pytest.mark.parametrize("text, bulletin, iso, precision", DATES)
def test_dates(text, bulletin, iso, precision):
    found = find_date(f"该公司{text}完成A轮融资", bulletin)
    assert found is not None and (found.text, found.iso, found.precision) == (text, iso, precision)


def test_a_relative_date_without_a_bulletin_date_keeps_its_words():
    found = find_date("今年3月完成融资", None)
    assert found is not None and (found.text, found.iso) == ("今年3月", None)


@pytest.mark.parametrize("text", ["2021年13月", "2021-13", "2021年2月30日"])
def test_no_such_date(text):
    assert find_date(text, "2021-05-20") is None


@pytest.mark.parametrize("text", ["3.6亿元", "A轮", "融资1000万元"])
def test_no_date_in_amounts(text):
    assert find_date(text, "2021-05-20") is None


def test_an_earlier_round_or_the_founding_dates_no_deal():
    found = find_deal_date("某公司成立于2015年，2020年5月曾获A轮融资，近日完成B轮融资", "2021-05-20")
    assert found is not None and (found.text, found.iso) == ("近日", "2021-05")
    assert find_deal_date("此前，该公司于2019年3月获得天使轮投资", "2021-05-20") is None


def test_the_bulletin_date_as_a_deal_date():
    found = bulletin_date("2021-05-20")
    assert found is not None and (found.iso, found.precision) == ("2021-05-20", D)
    assert bulletin_date("2021-05").precision == M
    assert bulletin_date(None) is None


@pytest.mark.parametrize("text, expected", [
    ("上月", True), ("近日", True), ("今年7月", True), ("去年9月份", True), ("2021年3月", True), ("年初", True),
    ("上海", False), ("今天国际", False), ("月之暗面", False), ("近日科技", False),
])
def test_time_words(text, expected):
    assert is_time_words(text) is expected
