"""Companies a sentence names by what it says of them, when nothing else knows their name.

Financing news opens with its subject: 星河智驾完成C2轮4亿美元融资, 某某医疗宣布获得数亿元
B轮融资; a company profile with its founding or its seat: 某某生物成立于2016年, 某某注册于…;
an investor with the company it puts money in: 红杉中国投资了某某科技. Most such companies are
young and in no lexicon, and their names carry no suffix, so the suffix grammar misses them;
the sentence itself says what they are. This step runs with the list step, after the trusted
layers, and only fills gaps: the name must start at a clean boundary (start of a line or
clause, punctuation, a stop word such as 近日) and be short.
"""

from __future__ import annotations

import re

from kg.recognize.found import Found
from kg.recognize.lists import ListReader
from kg.recognize.resources import Resources

_DATE_LIKE = re.compile(r".*\d\s*(?:年|月|日|号|年度|季度)$|[\d\s.]+$")
"""Dates and numbers standing where a subject would (2019年完成B轮融资)."""


SUBJECT_PHRASES = {"financing": "financing_phrase", "founding": "founding_phrase", "holders": "holders_phrase",
                   "located": "located_phrase"}
"""Rule name -> the setting (patterns/lists.yaml) of the phrase that follows a company."""


def find_financing_subjects(text: str, spans: list[tuple[int, int, str]], res: Resources) -> list[Found]:
    """Companies named right before a financing phrase (完成…轮融资, 获得…融资) or a founding
    phrase (成立于2016年) in ``text``.

    ``spans`` are the (start, end, label) names already chosen: a subject that touches one of
    them is left to it.
    """
    reader = ListReader(res)
    found: list[Found] = []
    for rule, setting in SUBJECT_PHRASES.items():
        phrase = res.pattern("lists", setting)
        found += _subjects_before(text, phrase, spans, reader, res, f"subject:{rule}")
    return found


def _subjects_before(text: str, phrase: re.Pattern[str], spans: list[tuple[int, int, str]], reader: ListReader,
                     res: Resources, rule: str) -> list[Found]:
    non_subjects = tuple(res.setting("lists", "financing_non_subjects"))
    descriptors = tuple(res.setting("organizations", "descriptor_stops"))
    found: list[Found] = []
    for match in phrase.finditer(text):
        end = match.start()
        while end > 0 and text[end - 1] == " ":
            end -= 1
        start = reader.grow_left(text, end)
        while start < end and text[start] == " ":
            start += 1
        cut = max((at + len(d) for d in descriptors if (at := text.rfind(d, start, end)) >= 0), default=start)
        start = cut if end - cut >= reader.min_len else start  # 具身智能企业星海图: the name after the descriptor
        name = text[start:end]
        if not reader.min_len <= len(name) <= reader.max_len or name.endswith(non_subjects) or _DATE_LIKE.match(name):
            continue
        if name in res.generic_cores or any(s < end and start < e for s, e, _ in spans):
            continue
        if any(e == start for _s, e, _ in spans):
            continue  # glued to a known name (北京星河智驾): the name grammar decides, not this step
        found.append(Found(start, end, res.types.business, rule))
    return found


def find_investment_objects(text: str, spans: list[tuple[int, int, str]], res: Resources) -> list[Found]:
    """The company an investor puts money in (红杉中国近日投资了某某科技, 某资本向某某生物注资) or a
    person founds (张某于2015年创办了某某智能).

    Only right after a known name of the right type and the verb (settings
    ``investing_object_phrase``, ``investing_toward`` and ``founding_object_phrase`` in
    patterns/lists.yaml); the object runs to the next stop word or punctuation and must not be
    an amount (投资50亿元) or a generic word (投资项目).
    """
    reader = ListReader(res)
    phrase = res.pattern("lists", "investing_object_phrase")
    toward = res.pattern("lists", "investing_toward")
    founding = res.pattern("lists", "founding_object_phrase")
    investors = {e for _s, e, label in spans if label in (res.types.investor, res.types.business)}
    founders = {e for _s, e, label in spans if label == res.types.person}
    objects = [(m.start(), m.end(), reader.grow_right(text, m.end()), investors) for m in phrase.finditer(text)]
    objects += [(m.start(), m.start("object"), m.end("object"), investors) for m in toward.finditer(text)]
    objects += [(m.start(), m.end(), reader.grow_right(text, m.end()), founders) for m in founding.finditer(text)]
    found: list[Found] = []
    for phrase_start, start, end, owners in objects:
        if phrase_start in owners and _is_object(text[start:end], start, end, spans, reader, res):
            found.append(Found(start, end, res.types.business, "object"))
    return found


def _is_object(name: str, start: int, end: int, spans: list[tuple[int, int, str]], reader: ListReader,
               res: Resources) -> bool:
    non_subjects = tuple(res.setting("lists", "financing_non_subjects"))
    if not reader.min_len <= len(name) <= reader.max_len or name[0].isdigit() or _DATE_LIKE.match(name):
        return False
    return not (name in res.generic_cores or name.startswith(non_subjects) or any(s < end and start < e for s, e, _ in spans))
