import pytest

from kg.link.rounds import find_round


@pytest.mark.parametrize("text, expected", [
    ("完成Pre-A轮融资", "Pre-A轮"), ("完成pre-a轮融资", "Pre-A轮"), ("获A+轮投资", "A+轮"),
    ("完成C2轮融资", "C2轮"), ("获得战略投资", "战略融资"), ("完成Pre-IPO轮融资", "Pre-IPO轮"),
    ("完成种子轮融资", "种子轮"), ("宣布完成F轮融资", "F轮"), ("登陆A股", None),
])
def test_rounds(text, expected):
    assert find_round(text) == expected


def test_a_round_with_several_plus_signs():
    assert find_round("近日完成A+++轮融资") == "A+++轮"


