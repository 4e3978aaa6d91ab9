"""Dates as written (2020年7月, 今年3月) and their ISO form resolved against the bulletin's date."""

from __future__ import annotations

import re

DATE_RE = re.compile(
    r"(?:(?P<year>\d{4})年|(?P<rel>今年|去年|明年|上年))?(?:(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日)?)?"
)
_SHIFT = {"今年": 0, "去年": -1, "上年": -1, "明年": 1}


def find_date(text: str, doc_date: str | None = None) -> tuple[str, str | None] | None:
    """The first date in ``text`` as written plus its ISO form (None when a relative date has no anchor)."""
    for match in DATE_RE.finditer(text):
        if not (match["year"] or match["month"]):
            continue
        year: int | None = int(match["year"]) if match["year"] else None
        anchor = int(doc_date[:4]) if doc_date and doc_date[:4].isdigit() else None
        if year is None and anchor is not None:
            year = anchor + _SHIFT.get(match["rel"] or "今年", 0)
        iso = None
        if year is not None:
            iso = f"{year:04d}"
            if match["month"]:
                iso += f"-{int(match['month']):02d}"
                if match["day"]:
                    iso += f"-{int(match['day']):02d}"
        return match.group(0), iso
    return None
