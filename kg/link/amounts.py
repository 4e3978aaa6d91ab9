"""Money amounts as written in financing news (3.6亿美元, 近亿元, 数千万元) -> value, currency, bound."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}
_CURRENCIES = {"美元": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY",
               "元人民币": "CNY", "人民币": "CNY", "元": "CNY"}
_APPROX = ("近", "约")
_LOWER = ("超过", "超", "逾", "数")

AMOUNT_RE = re.compile(
    r"(?P<prefix>超过|近|约|超|逾)?(?P<few>数)?(?P<number>\d+(?:\.\d+)?)?(?P<units>[十百千万亿]*)"
    r"(?P<currency>美元|欧元|港元|港币|日元|元人民币|人民币|元)(?P<suffix>级|以上|左右)?"
)


@dataclass(frozen=True, slots=True)
class Amount:
    text: str
    value: float
    currency: str
    bound: str
    start: int
    end: int


NOT_RAISED = re.compile(r"(?:估值|市值|营收|收入|利润|规模|注册资本)[^，。；,;]{0,6}$")
"""Words before an amount that is no money raised: 投后估值超过70亿元, 基金规模100亿元."""


def _amount(match: re.Match[str], verb: str = "") -> Amount | None:
    """The amount an ``AMOUNT_RE`` match writes (None for a bare currency word); ``verb`` is
    the word before it that may bound it (约为 -> approx, 突破 -> lower)."""
    if not (match["number"] or match["units"]):
        return None
    value = float(match["number"]) if match["number"] else 1.0
    for unit in match["units"]:
        value *= _UNITS[unit]
    bound = "exact"
    if match["prefix"] in _APPROX or match["suffix"] == "左右" or "约" in verb:
        bound = "approx"
    if match["prefix"] in _LOWER or match["few"] or match["suffix"] in ("级", "以上") or "突破" in verb:
        bound = "lower"
    return Amount(match.group(0), value, _CURRENCIES[match["currency"]], bound, match.start(), match.end())


def find_amounts(text: str) -> list[Amount]:
    """Every money amount raised in ``text``; a bare currency word (元) without number or unit
    is not one, nor a valuation, revenue or fund size (``NOT_RAISED``)."""
    amounts = (_amount(m) for m in AMOUNT_RE.finditer(text) if not NOT_RAISED.search(text, 0, m.start()))
    return [a for a in amounts if a is not None]


_VALUATION = re.compile(r"估值(?P<verb>(?:已经|已)?(?:达到|达|约为|为|突破)?)")


def find_valuation(text: str) -> Amount | None:
    """The valuation a financing sentence states (投后估值超过70亿元), None when it states none."""
    for match in _VALUATION.finditer(text):
        amount = AMOUNT_RE.match(text, match.end())
        found = _amount(amount, match["verb"]) if amount else None
        if found is not None:
            return found
    return None
