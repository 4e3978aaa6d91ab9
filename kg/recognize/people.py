"""People: a surname and a one- or two-character given name next to a title or a speech verb.

Chinese names have no capital letters, so a name is only trusted where the genre puts
one: after a title (院长X, 研究员X、Y), before a speech verb or title (X表示, X教授), or as a
foreign name with the interpunct (鲍勃·斯旺).
"""

from __future__ import annotations

import re

from kg.recognize.found import Found, occurrences
from kg.recognize.resources import Resources


def _is_cjk(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _surname_at(text: str, i: int, res: Resources) -> int:
    """Length of the surname starting at ``i`` (0 when none)."""
    if text[i:i + 2] in res.compound_surnames:
        return 2
    return 1 if text[i:i + 1] in res.surnames else 0


def _name_at(text: str, i: int, res: Resources, followers: tuple[str, ...]) -> int:
    """End of a name starting at ``i``, or -1. The name must be followed by a boundary."""
    surname = _surname_at(text, i, res)
    if not surname or text.startswith(res.name_markers, i):
        return -1  # 研究员强调: a speech word after a title, not a name
    not_in_name = res.setting("people", "not_in_name")
    given_max = int(res.setting("people", "given_max"))
    for given in range(given_max, 0, -1):
        end = i + surname + given
        if end > len(text):
            continue
        given_chars = text[i + surname:end]
        if not all(_is_cjk(c) and c not in not_in_name for c in given_chars):
            continue
        if any(text.startswith(res.name_markers, p) for p in range(i + surname, end)):
            continue  # 张博士, 王教授表示: a title or speech word is never part of the name
        if text[i:end] in res.setting("people", "not_names"):
            continue  # 理事长单位: a word that reads like a surname and a given name
        if given_chars in res.setting("people", "address_words"):
            continue  # 王老师介绍, 李总表示: how the person is addressed, not a given name
        after = text[end:end + 1]
        if end == len(text) or not _is_cjk(after) or after in not_in_name or text.startswith(followers, end):
            return end
    return -1


def _name_enders(res: Resources) -> tuple[str, ...]:
    """Words that end a name: titles, speech words and the verbs that follow a name (工程师X创立)."""
    return res.name_markers + tuple(res.setting("people", "name_end_words"))


def find_people(text: str, res: Resources) -> list[Found]:
    followers = _name_enders(res)
    strong = tuple(res.setting("people", "strong_after"))
    function_words = res.setting("people", "not_name_start")
    found: list[Found] = []
    for title in (res.titles[i] for i in res.title_finder.present(text)):
        for _start, position in occurrences(text, title):
            while True:  # 研究员王某、张某: one title, several names
                end = _name_at(text, position, res, followers)
                if end < 0:
                    break
                found.append(Found(position, end, res.types.person, f"after:{title}"))
                if text[end:end + 1] not in ("、", "和", "与"):
                    break
                position = end + 1
    for word in (res.person_after[i] for i in res.person_after_finder.present(text)):
        for at, _end in occurrences(text, word):
            for size in (4, 3, 2):
                start = at - size
                glued = start > 0 and _is_cjk(text[start - 1]) and text[start - 1] not in "的了是在与和及、，"
                if start < 0 or (glued and word not in strong):
                    continue
                if text[start] in function_words and _name_at(text, start + 1, res, (word,)) == at:
                    continue  # 由周某博士: the shorter name after the preposition
                if text.endswith(res.titles, 0, start + 1):
                    continue  # 主任高某院士: 任 ends a title, it does not start the name
                if _name_at(text, start, res, (word,)) == at:
                    found.append(Found(start, at, res.types.person, f"before:{word}"))
                    break
    return (found + find_founders(text, res) + find_founders_before(text, res) + find_introduced(text, res)
            + find_foreign_names(text, res) + find_transliterated(text, res))


def find_transliterated(text: str, res: Resources) -> list[Found]:
    """Foreign names without the interpunct after a title: 美国总统拜登, 苹果CEO库克表示.

    The name is a run of transliteration characters (patterns/people.yaml) that ends before a
    character of another kind or a word that follows names; a Chinese name after the title is
    left to the surname rules."""
    titles = tuple(res.setting("people", "transliteration_titles"))
    chars = set(res.setting("people", "transliteration_chars"))
    shortest, longest = res.setting("people", "transliteration_len")
    enders = _name_enders(res)
    found: list[Found] = []
    for title in titles:
        for _start, start in occurrences(text, title):
            end = start
            while end < len(text) and end - start < longest and text[end] in chars and not text.startswith(enders, end):
                end += 1
            ended = end >= len(text) or text[end] not in chars or text.startswith(enders, end)
            if shortest <= end - start and ended and _surname_at(text, start, res) == 0:
                found.append(Found(start, end, res.types.person, "transliterated"))
    return found


_FOUNDING_TAIL = re.compile(r"(?:于?\d{4}年(?:\d{1,2}月)?)?(?:共同|联合|一手)?(?:创立|创办)")
_NAME_BOUNDARY = "与和及、，。；：,;:\n "


def find_founders_before(text: str, res: Resources) -> list[Found]:
    """Names right before a founding verb: 张某于2015年创立了…, 王某与李某共同创办….

    A name must stand at a boundary (sentence start, punctuation, 与/和/、 of a list of names)."""
    found: list[Found] = []
    verbs = ("创立", "创办", "共同", "联合", "一手")
    function_words = res.setting("people", "not_name_start")
    for match in _FOUNDING_TAIL.finditer(text):
        end = match.start()
        while True:
            start = next((end - size for size in (3, 2, 4) if end - size >= 0
                          and text[end - size] not in function_words
                          and _name_at(text, end - size, res, verbs) == end
                          and (end - size == 0 or text[end - size - 1] in _NAME_BOUNDARY)), None)
            if start is None or text[start:end] in res.setting("people", "not_names"):
                break
            found.append(Found(start, end, res.types.person, "founder_before"))
            if start == 0 or text[start - 1] not in "与和及、":
                break
            end = start - 1
    return found


_CLAUSE_END = re.compile(r"[，。；！？,;\n]")
_SENTENCE_START = re.compile(r"(?:^|(?<=[。！？；\n]))\s*")


def find_introduced(text: str, res: Resources) -> list[Found]:
    """A name that opens a sentence, then its post: 张某，某某研究院院长，….

    The clause after the comma must end with a title, as a post does."""
    found: list[Found] = []
    for match in _SENTENCE_START.finditer(text):
        start = match.end()
        end = _name_at(text, start, res, ())
        if end < 0 or text[end:end + 1] not in ("，", ","):
            continue
        clause = _CLAUSE_END.split(text[end + 1:end + 40], maxsplit=1)[0]
        title = next((t for t in res.titles if clause.endswith(t)), None)
        employer = clause[: -len(title)] if title else ""
        if len(employer) >= 2 and employer not in res.pronouns and text[start:end] not in res.setting("people", "not_names"):
            found.append(Found(start, end, res.types.person, "introduced"))
    return found


def find_founders(text: str, res: Resources) -> list[Found]:
    """Names after 由 in a clause that founds something: 由李某、赵某等人于2000年在无锡共同创立."""
    verbs = tuple(res.setting("people", "founding_verbs"))
    found: list[Found] = []
    for match in re.finditer("由", text):
        clause_end = _CLAUSE_END.search(text, match.end())
        clause = text[match.end():clause_end.start() if clause_end else len(text)]
        if not any(verb in clause for verb in verbs):
            continue
        position = match.end()
        while (end := _name_at(text, position, res, ())) > 0:
            found.append(Found(position, end, res.types.person, "founder"))
            if text[end:end + 1] != "、":
                break
            position = end + 1
    return found


def _foreign_name_pattern(res: Resources) -> re.Pattern[str]:
    part = res.setting("people", "foreign_part")
    return re.compile(f"{part}(?:[·・]{part})+")


def find_foreign_names(text: str, res: Resources) -> list[Found]:
    """Foreign names written with the interpunct: 鲍勃·斯旺, 埃隆·马斯克."""
    pattern = res.derived("foreign_name", _foreign_name_pattern)
    not_in_name = res.setting("people", "not_in_name")
    enders = _name_enders(res)
    found: list[Found] = []
    for match in pattern.finditer(text):
        start, end = match.span()
        for title in res.titles:  # 首席执行官鲍勃·斯旺 (建筑师理查德·迈尔: a title may begin before the match)
            at = text.rfind(title, max(0, start - len(title) + 1), end)
            if at >= 0 and at + len(title) < end and "·" not in text[start:at + len(title)] :
                start = max(start, at + len(title))
        last = max(text.rfind(dot, start, end) for dot in "·・") + 1
        cut = next((i for i in range(last, end) if text[i] in not_in_name or text.startswith(enders, i)), end)
        end = min(cut, last + 4)
        if end > last:
            found.append(Found(start, end, res.types.person, "foreign"))
    return found
