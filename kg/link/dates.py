"""Dates as written (2021年3月10日, 2021-03-10, 3月10日, 今年7月, 上月, 近日) resolved against the bulletin's date.

A bulletin dates what it reports: relative words (今日, 昨日, 日前, 近日, 本月, 上月, 去年9月,
年初) only mean something against its date, and a date without a year (3月10日) takes the
bulletin's year, or the year before when that would lie after the bulletin. The result keeps
its precision (day, month or year): never more than the words or the bulletin give.

Example:
    >>> d = find_date("公司于上月完成融资", "2021-03-15")
    >>> (d.text, d.iso, d.precision)
    ('上月', '2021-02', 'month')
    >>> find_date("12月28日，某公司完成融资", "2021-01-05").iso
    '2020-12-28'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from kg.link.words import alternatives


class Precision(str, Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class DateSource(str, Enum):
    """Where a deal's date comes from: its own sentence, or the bulletin that reports it."""

    TEXT = "text"
    BULLETIN = "bulletin"


@dataclass(frozen=True, slots=True)
class FoundDate:
    text: str
    """As written (上月, 2021年3月10日)."""
    iso: str | None
    """YYYY, YYYY-MM or YYYY-MM-DD; None for a relative date without a bulletin date."""
    precision: str | None


_YEAR_SHIFT = {"今年": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
_DAY_SHIFT = {"今日": 0, "今天": 0, "当日": 0, "昨日": -1, "昨天": -1, "前日": -2, "前天": -2}
_RECENT = ("近日", "日前", "近期", "日内")
"""A few days before the bulletin: its month, no day."""
_MONTH_SHIFT = {"本月": 0, "当月": 0, "这个月": 0, "上月": -1, "上个月": -1}
_PART_OF_YEAR = ("年初", "年底", "年末", "年中", "上半年", "下半年")


DATE_RE = re.compile(
    r"(?P<iso>(?<!\d)(?P<iy>\d{4})[-/.](?P<im>\d{1,2})(?:[-/.](?P<id>\d{1,2}))?(?![\d万亿]))"
    rf"|(?P<day_word>{alternatives(_DAY_SHIFT)})|(?P<recent>{alternatives(_RECENT)})"
    rf"|(?P<month_word>{alternatives(_MONTH_SHIFT)})"
    rf"|(?:(?:(?P<year>\d{{4}})年|(?P<rel>{alternatives(_YEAR_SHIFT)}))(?:初|底|末)?)?"
    rf"(?:(?P<month>\d{{1,2}})月(?:(?P<day>\d{{1,2}})[日号])?|(?P<part>{alternatives(_PART_OF_YEAR)}))?"
)

_TIME_WORDS = re.compile(rf"(?:{DATE_RE.pattern})(?:份|以来|期间|前后|左右)?")


def is_time_words(text: str) -> bool:
    """True for text that is nothing but a date or time word (上月, 近日, 今年7月): never a name.

    >>> is_time_words("上月"), is_time_words("去年9月"), is_time_words("上海")
    (True, True, False)
    """
    text = re.sub(r"\s+", "", text)
    return bool(text) and bool(_TIME_WORDS.fullmatch(text))


def _anchor(bulletin_date: str | None) -> tuple[date, Precision] | None:
    """The bulletin's date and how precise it is (2021 -> year, 2021-03 -> month)."""
    if not bulletin_date:
        return None
    parts = bulletin_date.split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
        day = date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except (ValueError, IndexError):
        return None
    return day, (Precision.YEAR, Precision.MONTH, Precision.DAY)[min(len(numbers), 3) - 1]


def _iso(year: int, month: int | None = None, day: int | None = None) -> tuple[str, Precision] | None:
    try:
        date(year, month or 1, day or 1)
    except ValueError:
        return None
    if month is None:
        return f"{year:04d}", Precision.YEAR
    if day is None:
        return f"{year:04d}-{month:02d}", Precision.MONTH
    return f"{year:04d}-{month:02d}-{day:02d}", Precision.DAY


_ORDER = [Precision.YEAR, Precision.MONTH, Precision.DAY]


def _coarsest(day: date, *precisions: Precision) -> tuple[str, Precision] | None:
    precision = min(precisions, key=_ORDER.index)
    return _iso(day.year, day.month if precision != Precision.YEAR else None,
                day.day if precision == Precision.DAY else None)


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, 1)


def _resolve(match: re.Match[str], anchor: tuple[date, Precision] | None) -> tuple[str, Precision] | None:
    """The ISO form of one DATE_RE match (None where it needs a bulletin date that is missing)."""
    if match["iso"]:
        return _iso(int(match["iy"]), int(match["im"]), int(match["id"]) if match["id"] else None)
    if match["year"]:
        return _iso(int(match["year"]), int(match["month"]) if match["month"] else None,
                    int(match["day"]) if match["day"] else None)
    if anchor is None:
        return None
    today, known = anchor
    # a shift finer than the bulletin's date moves nothing: 昨日 in a bulletin of 2021 is 2021
    if match["day_word"]:
        shifted = today + timedelta(days=_DAY_SHIFT[match["day_word"]]) if known == Precision.DAY else today
        return _coarsest(shifted, Precision.DAY, known)
    if match["recent"]:
        return _coarsest(today, Precision.MONTH, known)
    if match["month_word"]:
        shift = _MONTH_SHIFT[match["month_word"]] if known != Precision.YEAR else 0
        return _coarsest(_months_before(today, -shift), Precision.MONTH, known)
    year = today.year + _YEAR_SHIFT.get(match["rel"] or "", 0)
    if not match["month"]:
        return _iso(year)
    month, day = int(match["month"]), int(match["day"]) if match["day"] else None
    if not match["rel"] and known != Precision.YEAR and (month, day or 1) > (today.month, today.day):
        year -= 1  # 12月28日 in a bulletin of 5 January: last December
    return _iso(year, month, day)


def find_date(text: str, bulletin_date: str | None = None) -> FoundDate | None:
    """The first date in ``text``, as written, with its ISO form and precision."""
    anchor = _anchor(bulletin_date)
    for match in DATE_RE.finditer(text):
        if not match.group(0):
            continue
        resolved = _resolve(match, anchor)
        if resolved is None and (match["iso"] or match["year"]):
            continue  # 2021年13月: no date
        iso, precision = resolved if resolved else (None, None)
        return FoundDate(match.group(0), iso, precision.value if precision else None)
    return None


_EARLIER = re.compile(r"曾|此前|之前|早在|上一轮|前一轮|上轮|成立|创立|创办|注册|累计|先后")
"""A clause that speaks of an earlier round or of the company's founding (2020年5月曾获…)."""
_CLAUSE = re.compile(r"[，,；;。！？]")


def find_deal_date(text: str, bulletin_date: str | None = None) -> FoundDate | None:
    """The date of the round a financing sentence reports: the first date outside clauses
    about earlier rounds or the founding."""
    earlier = False
    for clause in _CLAUSE.split(text):
        if earlier or _EARLIER.search(clause):
            earlier = bool(_EARLIER.fullmatch(clause))  # '此前，…': the marker governs the next clause
            continue
        found = find_date(clause, bulletin_date)
        if found is not None:
            return found
    return None


def bulletin_date(bulletin: str | None) -> FoundDate | None:
    """The bulletin's own date as a deal's date, for a deal whose sentence states none."""
    anchor = _anchor(bulletin)
    if anchor is None:
        return None
    resolved = _coarsest(anchor[0], anchor[1])
    return FoundDate("", resolved[0], resolved[1].value) if resolved else None
