import pytest

from kg.link.dates import find_date
from kg.link.rounds import find_round


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


def test_a_round_with_several_plus_signs():
    assert find_round("近日完成A+++轮融资") == "A+++轮"


