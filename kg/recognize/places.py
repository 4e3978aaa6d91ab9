"""Places and the government bodies named after them.

Known places come from the Location lexicon (general knowledge); the grammar adds the
unit suffix (杭州 + 市), districts written after a city (杭州市 + 西湖区), and bodies under a
place (广东省 + 科学技术厅, 西安市 + 人民政府, 杭州市西湖区 + 政府).
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.recognize.found import Found
from kg.recognize.resources import Resources

_NOT_IN_BODY = set("的与及在是为将、，。")


def place_regex(place_names: tuple[str, ...], res: Resources) -> re.Pattern[str]:
    """Any of the listed places, with its unit (cached)."""
    return _compiled_places(place_names, tuple(res.setting("locations", "unit_suffixes")))


@lru_cache(maxsize=8)
def _compiled_places(place_names: tuple[str, ...], units: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of every known place (built once: the lexicon knows about a thousand),
    with its unit unless the unit begins another word (中国市场 is 中国, not 中国市)."""
    names = "|".join(re.escape(n) for n in sorted(place_names, key=len, reverse=True))
    return re.compile(f"(?:{names})(?:(?:{'|'.join(re.escape(u) for u in units)})(?![场值民域块份]))?")


def find_places(text: str, res: Resources, place_names: tuple[str, ...]) -> list[Found]:
    """Known places with their unit, districts after them, and the bodies they govern."""
    if not place_names:
        return []
    district = res.pattern("locations", "district")
    district_not = tuple(res.setting("locations", "district_not"))
    agency_tail = res.pattern("locations", "agency_tail")
    place, government = res.types.place, res.types.government
    found: list[Found] = []
    for match in place_regex(place_names, res).finditer(text):
        start, end = match.span()
        found.append(Found(start, end, place, "place"))
        place_end = end
        sub = district.match(text, end)
        if sub and not sub.group().endswith(district_not) and sub.group() not in district_not:
            found.append(Found(end, sub.end(), place, "district"))
            place_end = sub.end()
        body = agency_tail.match(text, place_end)
        if body and not set(body.group()) & _NOT_IN_BODY and res.suffix_type(text[start:body.end()]) == government:
            found.append(Found(start, body.end(), government, "place+body"))
    return found


def find_unlisted_places(text: str, res: Resources) -> list[Found]:
    """``X省``/``X市``/``X自治区`` at a clause start or after 在/于/与/和/、 (names nobody listed)."""
    unit = res.pattern("locations", "generic_unit")
    excluded = tuple(res.setting("locations", "generic_not"))
    found: list[Found] = []
    for start in _clause_starts(text):
        if start >= len(text) or text[start] in _OPENERS:
            continue
        match = unit.match(text, start)
        if match and not match.group().endswith(excluded) and _ends_clean(text, match.end()):
            found.append(Found(match.start(), match.end(), res.types.place, "unit"))
    return found


_OPENERS = "，。、；：（(“《 在于与和及从到至由"


def _clause_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, c in enumerate(text) if c in _OPENERS]


def _ends_clean(text: str, end: int) -> bool:
    """The unit is not the start of a longer word (市场, 省份, 市民)."""
    return not text.startswith(("场", "份", "民", "长", "委", "级", "内", "外", "值", "政"), end)
