import pytest

from kg.link.amounts import find_amounts, find_valuation
from kg.link.dates import find_date
from kg.link.rounds import find_round


@pytest.mark.parametrize("text, value, currency, bound", [
    ("3.6亿美元", 360_000_000.0, "USD", "exact"),
    ("18亿元人民币", 1_800_000_000.0, "CNY", "exact"),
    ("近亿元", 100_000_000.0, "CNY", "approx"),
    ("超亿元", 100_000_000.0, "CNY", "lower"),
    ("数千万元", 10_000_000.0, "CNY", "lower"),
    ("千万元级", 10_000_000.0, "CNY", "lower"),
    ("1.5万亿元", 1_500_000_000_000.0, "CNY", "exact"),
    ("500万元", 5_000_000.0, "CNY", "exact"),
    ("数亿元", 100_000_000.0, "CNY", "lower"),
    ("约2000万欧元", 20_000_000.0, "EUR", "approx"),
])
def test_amounts(text, value, currency, bound):
    (amount,) = find_amounts(f"完成{text}融资")
    assert (amount.text, amount.value, amount.currency, amount.bound) == (text, value, currency, bound)


def test_bare_currency_word_is_no_amount():
    assert find_amounts("以人民币计价") == []


@pytest.mark.parametrize("text, expected", [
    ("完成Pre-A轮融资", "Pre-A轮"), ("完成pre-a轮融资", "Pre-A轮"), ("获A+轮投资", "A+轮"),
    ("完成C2轮融资", "C2轮"), ("获得战略投资", "战略融资"), ("完成Pre-IPO轮融资", "Pre-IPO轮"),
    ("完成种子轮融资", "种子轮"), ("宣布完成F轮融资", "F轮"), ("登陆A股", None),
])
def test_rounds(text, expected):
    assert find_round(text) == expected


def test_relative_date_resolves_against_bulletin_date():
    assert find_date("今年3月，某公司完成融资", "2021-06-01") == ("今年3月", "2021-03")
    assert find_date("去年12月", "2021-06") == ("去年12月", "2020-12")
    assert find_date("今年3月", None) == ("今年3月", None)
    assert find_date("2020年7月，国务院印发") == ("2020年7月", "2020-07")
    assert find_date("近日，某公司") is None


def test_a_valuation_or_fund_size_is_no_money_raised():
    amounts = find_amounts("完成5亿元B轮融资，投后估值超过70亿元，基金规模100亿元")
    assert [a.text for a in amounts] == ["5亿元"]


def test_a_round_with_several_plus_signs():
    assert find_round("近日完成A+++轮融资") == "A+++轮"


@pytest.mark.parametrize("text, value, currency, bound", [
    ("投后估值超过70亿元", 7e9, "CNY", "lower"), ("估值达10亿美元", 1e9, "USD", "exact"),
    ("投前估值约为5亿元人民币", 5e8, "CNY", "approx"), ("估值突破百亿元", 1e10, "CNY", "lower"),
])
def test_valuations(text, value, currency, bound):
    found = find_valuation(text)
    assert found is not None and (found.value, found.currency, found.bound) == (value, currency, bound)


def test_no_valuation_where_none_is_stated():
    assert find_valuation("估值未披露，本轮融资5亿元") is None
