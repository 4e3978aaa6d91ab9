"""Money amounts as written in financing news (3.6亿美元, 近亿元, 两千万美金, 1,000万元) -> value, currency, bound.

Numerals, Chinese (三亿, 两千万), Arabic (1,000万, 1.5亿) or mixed (1亿2000万), are read by
``cn2an``; the words around them that bound a value (数/超/逾/近/约, 以上, 左右, 级) and the
currency words are the project's own. Each amount also says what it measures (``kind``):
money raised, a valuation, a fund's size, or another figure (revenue, registered capital),
so that only money raised becomes a round's amount.

Example:
    >>> a = find_amounts("完成两千万美金A轮融资")[0]
    >>> (a.value, a.currency, a.bound)
    (20000000.0, 'USD', 'exact')
    >>> [(a.kind, a.value) for a in find_all_amounts("融资5亿元，投后估值超70亿元")]
    [('raised', 500000000.0), ('valuation', 7000000000.0)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from kg.link.words import alternatives


class Bound(str, Enum):
    """How the written value bounds the real one (the ontology's ``amount_bound`` values)."""

    EXACT = "exact"
    APPROX = "approx"
    LOWER = "lower"
    UPPER = "upper"


class AmountKind(str, Enum):
    """What an amount measures: only RAISED is a round's amount."""

    RAISED = "raised"
    VALUATION = "valuation"
    FUND_SIZE = "fund_size"
    OTHER = "other"


CURRENCIES = {"美元": "USD", "美金": "USD", "欧元": "EUR", "港元": "HKD", "港币": "HKD", "日元": "JPY",
              "英镑": "GBP", "元人民币": "CNY", "人民币": "CNY", "元": "CNY"}
_PREFIX_BOUNDS = {"超过": Bound.LOWER, "超": Bound.LOWER, "逾": Bound.LOWER, "过": Bound.LOWER, "上": Bound.LOWER,
                  "近": Bound.UPPER, "将近": Bound.UPPER, "接近": Bound.UPPER,
                  "不到": Bound.UPPER, "不足": Bound.UPPER, "低于": Bound.UPPER, "约": Bound.APPROX}
_SUFFIX_BOUNDS = {"级": Bound.LOWER, "以上": Bound.LOWER, "左右": Bound.APPROX, "上下": Bound.APPROX,
                  "以下": Bound.UPPER}
_VERB_BOUNDS = {"约": Bound.APPROX, "突破": Bound.LOWER}

_BEFORE_UNITS = "上过"
"""Bound words only right before a unit (上亿元, 过千万): elsewhere 上 and 过 are other words."""
_CN_DIGITS = "零〇一二两三四五六七八九"
_UNITS = "十百千万亿"
_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_NUMERAL = rf"(?:{_ARABIC}|[{_CN_DIGITS}{_UNITS}])+"


AMOUNT_RE = re.compile(
    rf"(?P<prefix>{alternatives(set(_PREFIX_BOUNDS) - set(_BEFORE_UNITS))}|[{_BEFORE_UNITS}](?=[百千万亿]))?(?P<few>数|几)?(?P<number>{_NUMERAL})(?P<more>多|余)?"
    rf"(?P<units>[万亿]*)(?P<currency>{alternatives(CURRENCIES)})(?P<suffix>{alternatives(_SUFFIX_BOUNDS)})?"
)

_KIND_BEFORE = (
    (AmountKind.VALUATION, re.compile(r"(?:估值|市值)[^，。；,;]{0,8}$")),
    (AmountKind.FUND_SIZE, re.compile(r"(?:(?<!融资)规模|募资|募集|基金总额)[^，。；,;]{0,6}$")),
    (AmountKind.OTHER, re.compile(r"(?:营收|收入|利润|销售额|产值|注册资本|总投资|投资总额)[^，。；,;]{0,6}$")),
)
_VALUATION_AFTER = re.compile(r"的?(?:投前|投后)?估值")
"""'上一轮融资时的10亿美金估值': the amount is a valuation named after it."""
_FUND_AFTER = re.compile(r"的?[\u4e00-\u9fff]{0,6}?基金(?!会)")
"""'设立10亿元产业基金', '20亿元的人民币基金': the amount is the fund's size."""


@dataclass(frozen=True, slots=True)
class Amount:
    text: str
    value: float
    currency: str
    bound: str
    start: int
    end: int
    kind: str = AmountKind.RAISED.value


def numeral_value(text: str) -> float:
    """The number a numeral writes: 三亿, 两千万, 1,000万, 1.5亿, 1亿2000万, 百亿, 2.5万亿.

    >>> numeral_value("两千万"), numeral_value("1,000万"), numeral_value("1.2万亿")
    (20000000.0, 10000000.0, 1200000000000.0)
    """
    digits = text.replace(",", "")
    if digits[0] in _UNITS:
        digits = "一" + digits  # 百亿, 千万, 亿: one of the unit
    import cn2an  # here, not at the top: it takes about 0.1 s to import and kg --help needs none of it

    try:
        return float(cn2an.cn2an(digits, "smart"))
    except ValueError:
        stem = digits.rstrip("万亿")  # cn2an reads 2.5万 but not 2.5万亿: the last units multiply
        if stem == digits or not stem:
            raise
        return numeral_value(stem) * numeral_value("1" + digits[len(stem):])


def _bound(match: re.Match[str], verb: str) -> Bound:
    """The strongest hint wins: a lower/upper word over 约/左右 over nothing (exact)."""
    hints = [_PREFIX_BOUNDS.get(match["prefix"] or ""), _SUFFIX_BOUNDS.get(match["suffix"] or ""),
             next((b for w, b in _VERB_BOUNDS.items() if w in verb), None),
             Bound.LOWER if match["few"] or match["more"] else None]
    for bound in (Bound.LOWER, Bound.UPPER, Bound.APPROX):
        if bound in hints:
            return bound
    return Bound.EXACT


def _kind(text: str, match: re.Match[str]) -> AmountKind:
    before = text[:match.start()]
    for kind, pattern in _KIND_BEFORE:
        if pattern.search(before):
            return kind
    if _VALUATION_AFTER.match(text, match.end()):
        return AmountKind.VALUATION
    if _FUND_AFTER.match(text, match.end()):
        return AmountKind.FUND_SIZE
    return AmountKind.RAISED


def _amount(match: re.Match[str], text: str, verb: str = "") -> Amount | None:
    """The amount a match writes; None where the numeral is no sum of money: 三元锂电池
    (a Chinese numeral without 万 or 亿), a bare 万元 with no bound word."""
    number = match["number"] + match["units"]
    chinese_only = not re.search(r"\d", number)
    if chinese_only and not re.search("[万亿]", number):
        return None
    if number in ("万", "亿") and not (match["prefix"] or match["few"] or match["suffix"]):
        return None  # 每万元, 亿元 alone: a unit, no sum
    try:
        value = numeral_value(match["number"])
    except ValueError:
        return None
    for unit in match["units"]:
        value *= 10_000 if unit == "万" else 100_000_000
    return Amount(match.group(0), value, CURRENCIES[match["currency"]], _bound(match, verb).value,
                  match.start(), match.end(), _kind(text, match).value)


def find_all_amounts(text: str) -> list[Amount]:
    """Every sum of money in ``text``, each with its ``kind``."""
    amounts = (_amount(m, text) for m in AMOUNT_RE.finditer(text))
    return [a for a in amounts if a is not None]


def find_amounts(text: str) -> list[Amount]:
    """Every money amount raised in ``text``; a valuation, a fund size, revenue and the like are
    none, and neither is a bare currency word (元)."""
    return [a for a in find_all_amounts(text) if a.kind == AmountKind.RAISED.value]


_VALUATION = re.compile(r"估值(?P<verb>(?:已经|已)?(?:达到|达|约为|为|突破)?)")


def find_valuation(text: str) -> Amount | None:
    """The valuation a financing sentence states (投后估值超过70亿元), None when it states none."""
    for match in _VALUATION.finditer(text):
        amount = AMOUNT_RE.match(text, match.end())
        found = _amount(amount, text, match["verb"]) if amount else None
        if found is not None:
            return found
    return None


def find_fund_size(text: str) -> Amount | None:
    """The size of a fund the sentence states (基金规模20亿元, 设立10亿元产业基金), None when none."""
    return next((a for a in find_all_amounts(text) if a.kind == AmountKind.FUND_SIZE.value), None)
