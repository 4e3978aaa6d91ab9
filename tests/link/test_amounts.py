"""Amounts as financing news writes them: value, currency and bound, and what each measures."""

import pytest

from kg.link.amounts import find_all_amounts, find_amounts, find_fund_size, find_valuation, numeral_value

E, A, L, U = "exact", "approx", "lower", "upper"

AMOUNTS = [
    # Arabic numerals with units
    ("3.6亿美元", 360_000_000, "USD", E),
    ("18亿元人民币", 1_800_000_000, "CNY", E),
    ("500万元", 5_000_000, "CNY", E),
    ("1.5万亿元", 1_500_000_000_000, "CNY", E),
    ("1,000万元", 10_000_000, "CNY", E),
    ("12,500万元", 125_000_000, "CNY", E),
    ("1.5亿美金", 150_000_000, "USD", E),
    ("0.8亿元", 80_000_000, "CNY", E),
    ("3000万人民币", 30_000_000, "CNY", E),
    ("2.5万亿日元", 2_500_000_000_000, "JPY", E),
    ("800万英镑", 8_000_000, "GBP", E),
    ("6000万港元", 60_000_000, "HKD", E),
    ("4亿港币", 400_000_000, "HKD", E),
    ("1200万欧元", 12_000_000, "EUR", E),
    ("50亿日元", 5_000_000_000, "JPY", E),
    ("350万美金", 3_500_000, "USD", E),
    ("2000000元", 2_000_000, "CNY", E),
    # Chinese numerals
    ("三亿元", 300_000_000, "CNY", E),
    ("两千万美元", 20_000_000, "USD", E),
    ("五百万元", 5_000_000, "CNY", E),
    ("一千二百万元", 12_000_000, "CNY", E),
    ("十亿元", 1_000_000_000, "CNY", E),
    ("两亿五千万元", 250_000_000, "CNY", E),
    ("百亿元", 10_000_000_000, "CNY", E),
    ("千万元", 10_000_000, "CNY", E),
    ("六千万欧元", 60_000_000, "EUR", E),
    ("三十亿日元", 3_000_000_000, "JPY", E),
    ("九百万英镑", 9_000_000, "GBP", E),
    ("二十亿港元", 2_000_000_000, "HKD", E),
    # mixed
    ("1亿2000万元", 120_000_000, "CNY", E),
    ("3亿五千万元", 350_000_000, "CNY", E),
    ("1.2万亿元", 1_200_000_000_000, "CNY", E),
    # lower bounds
    ("数千万元", 10_000_000, "CNY", L),
    ("数亿元", 100_000_000, "CNY", L),
    ("数十亿元", 1_000_000_000, "CNY", L),
    ("数百万美元", 1_000_000, "USD", L),
    ("几千万元", 10_000_000, "CNY", L),
    ("超亿元", 100_000_000, "CNY", L),
    ("超10亿元", 1_000_000_000, "CNY", L),
    ("超过2亿美元", 200_000_000, "USD", L),
    ("逾5亿港币", 500_000_000, "HKD", L),
    ("逾千万美元", 10_000_000, "USD", L),
    ("上亿元", 100_000_000, "CNY", L),
    ("过亿元", 100_000_000, "CNY", L),
    ("亿元级", 100_000_000, "CNY", L),
    ("千万元级", 10_000_000, "CNY", L),
    ("千万美元级", 10_000_000, "USD", L),
    ("亿美元级", 100_000_000, "USD", L),
    ("3000多万元", 30_000_000, "CNY", L),
    ("1亿多元", 100_000_000, "CNY", L),
    ("2000余万元", 20_000_000, "CNY", L),
    ("5亿元以上", 500_000_000, "CNY", L),
    ("数千万美金", 10_000_000, "USD", L),
    # upper bounds
    ("近亿元", 100_000_000, "CNY", U),
    ("近3亿英镑", 300_000_000, "GBP", U),
    ("近两亿元", 200_000_000, "CNY", U),
    ("将近5000万元", 50_000_000, "CNY", U),
    ("接近1亿美元", 100_000_000, "USD", U),
    ("不到千万元", 10_000_000, "CNY", U),
    ("不足3000万元", 30_000_000, "CNY", U),
    ("1亿元以下", 100_000_000, "CNY", U),
    # approximate
    ("约2000万欧元", 20_000_000, "EUR", A),
    ("约三亿元", 300_000_000, "CNY", A),
    ("约1.5亿美金", 150_000_000, "USD", A),
    ("5000万元左右", 50_000_000, "CNY", A),
    ("2亿元上下", 200_000_000, "CNY", A),
]


def test_the_table_is_large_enough():
    assert len(AMOUNTS) >= 60


@pytest.mark.parametrize("text, value, currency, bound", AMOUNTS)
def test_amount_raised(text, value, currency, bound):
    (amount,) = find_amounts(f"该公司完成{text}A轮融资")
    assert (amount.text, amount.value, amount.currency, amount.bound) == (text, float(value), currency, bound)


@pytest.mark.parametrize("text", ["以人民币计价", "三元锂电池材料", "单位：万元", "每亿元贷款", "线上活动"])
def test_no_sum_of_money(text):
    assert find_amounts(text) == []


def test_a_bound_word_elsewhere_is_not_taken():
    (amount,) = find_amounts("在此基础上5000万元用于研发")
    assert (amount.text, amount.bound) == ("5000万元", E)


@pytest.mark.parametrize("text, expected", [
    ("三亿", 3e8), ("两千万", 2e7), ("1,000万", 1e7), ("1.5亿", 1.5e8), ("百亿", 1e10), ("亿", 1e8),
    ("2.5万亿", 2.5e12), ("1亿2000万", 1.2e8),
])
def test_numerals(text, expected):
    assert numeral_value(text) == expected


@pytest.mark.parametrize("text, value, currency, bound", [
    ("投后估值超过70亿元", 7e9, "CNY", L), ("估值达10亿美元", 1e9, "USD", E),
    ("投前估值约为5亿元人民币", 5e8, "CNY", A), ("估值突破百亿元", 1e10, "CNY", L),
    ("投后估值20亿美金", 2e9, "USD", E), ("估值近三十亿元", 3e9, "CNY", U),
])
def test_valuations(text, value, currency, bound):
    found = find_valuation(f"本轮融资后，{text}")
    assert found is not None and (found.value, found.currency, found.bound, found.kind) == \
        (value, currency, bound, "valuation")


def test_no_valuation_where_none_is_stated():
    assert find_valuation("估值未披露，本轮融资5亿元") is None


def test_valuation_and_fund_size_are_no_money_raised():
    text = "完成1.5亿美金B轮融资，投后估值20亿美金，其领投方基金规模100亿元"
    assert [a.text for a in find_amounts(text)] == ["1.5亿美金"]
    assert [(a.text, a.kind) for a in find_all_amounts(text)] == [
        ("1.5亿美金", "raised"), ("20亿美金", "valuation"), ("100亿元", "fund_size")]


def test_a_valuation_named_after_its_amount():
    text = "这比该公司上一轮的8亿美金估值翻了一倍"
    assert find_amounts(text) == []
    assert [a.kind for a in find_all_amounts(text)] == ["valuation"]


@pytest.mark.parametrize("text, value", [
    ("某资本设立10亿元产业基金", 1e9), ("基金总规模为三十亿元", 3e9), ("首期募集5亿美元", 5e8),
])
def test_fund_sizes(text, value):
    found = find_fund_size(text)
    assert found is not None and found.value == value
    assert find_amounts(text) == []


def test_financing_scale_is_money_raised():
    (amount,) = find_amounts("本轮融资规模达5亿元")
    assert amount.value == 5e8


@pytest.mark.parametrize("text", ["公司去年营收3亿元", "注册资本1000万元", "项目总投资50亿元"])
def test_other_figures_are_no_money_raised(text):
    assert find_amounts(text) == []
    assert [a.kind for a in find_all_amounts(text)] == ["other"]
