"""Organization-name grammar: a name grows leftwards from a type suffix.

Chinese organization names are place + core + industry word + legal form
(苏州某某科技有限公司, 某某资本, 某某研究院). The suffix (``vocab/suffixes.<Type>.txt``) is
easy to find; the start is where a boundary stands: punctuation, a function word or a
verb of the genre (由, 与, 发布, 领投 ... in ``patterns/organizations.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.recognize.found import Found, occurrences
from kg.recognize.resources import Resources


def _is_name_char(char: str, extra: re.Pattern[str]) -> bool:
    return "\u4e00" <= char <= "\u9fff" or bool(extra.fullmatch(char))


@lru_cache(maxsize=8)
def _extra_chars(spec: str) -> re.Pattern[str]:
    return re.compile(f"[{spec}]")


def _stop_before(text: str, position: int, stops: frozenset[str], longest: int) -> bool:
    """True when a boundary word ends right before ``position``."""
    for size in range(1, longest + 1):
        if position - size >= 0 and text[position - size:position] in stops:
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Boundaries:
    stops: frozenset[str]
    longest: int
    extra: re.Pattern[str]
    descriptors: tuple[str, ...]
    joint_words: tuple[str, ...]
    joint_types: tuple[str, ...]
    """Types whose names may keep a joint word before the suffix (联合研究院, 联合实验室)."""
    described_types: tuple[str, ...]
    """Types whose names stop after a descriptor (人工智能企业X): businesses and investors."""
    counted: frozenset[str]
    """Words that stop a name only after a number (``counted_stops``: 2019年|某某科技, but 瑞年国际)."""
    form_words: tuple[str, ...]
    """A legal form's words before a company's suffix (``form_words``): a core of only these is no name yet."""
    business: str

    @classmethod
    def of(cls, res: Resources) -> _Boundaries:
        stops = frozenset(res.setting("organizations", "left_stops"))
        return cls(stops, max(len(s) for s in stops), _extra_chars(res.setting("organizations", "name_chars")),
                   tuple(res.setting("organizations", "descriptor_stops")),
                   tuple(res.setting("organizations", "joint_words")),
                   (res.types.research, res.types.body), (res.types.business, res.types.investor),
                   frozenset(res.setting("organizations", "counted_stops")),
                   tuple(res.setting("organizations", "form_words")), res.types.business)


_INNER_BRACKET = re.compile(r"[（(][\u4e00-\u9fff]{1,4}[）)]$")
"""A bracketed word inside a registered name: 上海某某装备（集团）股份有限公司, 某某（北京）科技."""


def _grow_left(text: str, suffix_start: int, limit: int, bounds: _Boundaries, label: str) -> int:
    stops, longest, extra = bounds.stops, bounds.longest, bounds.extra
    start = suffix_start
    joint = next((w for w in bounds.joint_words if text.endswith(w, 0, start)), "") \
        if label in bounds.joint_types else ""
    start -= len(joint)  # 某某联合研究院: a stop word right before the suffix belongs to the name
    core_start = start
    while start > 0 and suffix_start - start < limit:
        bracket = _INNER_BRACKET.search(text, max(0, start - 6), start) if text[start - 1] in "）)" else None
        if bracket is not None and bracket.start() > 0 \
                and _is_name_char(text[bracket.start() - 1], extra):
            start = bracket.start()
            continue
        if not _is_name_char(text[start - 1], extra):
            break
        if _stop_before(text, start, stops, longest) and not _name_opening(text, start - 1) \
                and not (label == bounds.business and _only_form_words(text[start:core_start], bounds.form_words)):
            break
        if counted_stop_before(text, start, bounds.counted):
            break
        if label in bounds.described_types and suffix_start - start >= 2 and text[:start].endswith(bounds.descriptors):
            break
        start -= 1
    return suffix_start if start == core_start else start  # 共建联合实验室: nothing names it


def name_start(text: str, end: int, res: Resources, label: str) -> int:
    """Where a name of type ``label`` ending at ``end`` starts by the name grammar (``end`` when nothing grows)."""
    limit = int(res.setting("organizations", "max_core_company" if label == res.types.business else "max_core"))
    return _grow_left(text, end, limit, res.derived("org_boundaries", _Boundaries.of), label)


_NUMERALS = frozenset("0123456789０１２３４５６７８９〇零一二两三四五六七八九十百千万亿几多数")


def _only_form_words(core: str, form_words: tuple[str, ...]) -> bool:
    """Whether ``core`` is nothing but a legal form's words (控股（集团）): no name has begun."""
    while core:
        word = next((w for w in form_words if core.startswith(w)), None)
        if word is None:
            return False
        core = core[len(word):]
    return True


def counted_stop_before(text: str, position: int, counted: frozenset[str]) -> bool:
    """True when a count or date word (``counted_stops``) ends right before ``position`` after a
    digit or a Chinese numeral (3000万|, 十亿|, 2019年|)."""
    return position >= 2 and text[position - 1] in counted and text[position - 2] in _NUMERALS


def _name_opening(text: str, position: int) -> bool:
    """和 right after punctuation opens a name (，和君资本) rather than joining two."""
    before = text[position - 1] if position > 0 else "，"
    return text[position] in _NAME_OPENERS and not ("\u4e00" <= before <= "\u9fff" or before.isalnum())


_NAME_OPENERS = frozenset("和")


def ends_here(text: str, end: int, right_stops: tuple[str, ...]) -> bool:
    """Punctuation, the end of the text or a boundary word follows ``end``."""
    if end >= len(text):
        return True
    after = text[end]
    if not ("\u4e00" <= after <= "\u9fff" or after.isalnum()):
        return True
    return text.startswith(right_stops, end)


_MEASURE_WORDS = ("余家", "多家", "家", "个", "亩", "所", "座")


def _skip_numbering(text: str, start: int, limit: int) -> int:
    """Drop list numbers glued to a name (2苏州工业园区) but keep names like 5G实验室."""
    position = start
    while position < limit and text[position].isdigit():
        position += 1
    if position > start and text.startswith(_MEASURE_WORDS, position):
        position += next(len(w) for w in _MEASURE_WORDS if text.startswith(w, position))
    if position > start and position < limit and "\u4e00" <= text[position] <= "\u9fff":
        return position
    return start


def find_suffixed_names(text: str, res: Resources) -> list[Found]:
    """Every ``core + suffix`` name, typed by its suffix (several may overlap; merge picks)."""
    max_core = int(res.setting("organizations", "max_core"))
    max_company = int(res.setting("organizations", "max_core_company"))
    min_core = int(res.setting("organizations", "min_core"))
    not_followed = tuple(res.setting("organizations", "not_followed_by"))
    weak = frozenset(res.setting("organizations", "weak_suffixes"))
    right_stops = tuple(res.setting("organizations", "right_stops"))
    bounds = res.derived("org_boundaries", _Boundaries.of)
    round_inside = res.pattern("organizations", "round_inside")
    former = tuple(res.setting("organizations", "former_marks"))
    found: list[Found] = []
    for index in res.suffix_finder.present(text):
        suffix, label = res.suffixes[index]
        for s_start, s_end in occurrences(text, suffix):
            if text.startswith(not_followed, s_end):
                continue
            if suffix in weak and not ends_here(text, s_end, right_stops):
                continue
            limit = max_company if label == res.types.business else max_core
            start = _skip_numbering(text, _grow_left(text, s_start, limit, bounds, label), s_start)
            rounds = list(round_inside.finditer(text, start, s_start))
            if rounds:
                start = rounds[-1].end()  # 数千万元Pre-A轮投资: a round, not a name
            if text.startswith(former, start) and (start == 0 or not _is_name_char(text[start - 1], bounds.extra)
                                                   or _stop_before(text, start, bounds.stops, bounds.longest)):
                start += 1  # 由原北京大学教授: a former post, not part of the name
            if s_start - start >= min_core:
                found.append(Found(start, s_end, label, f"suffix:{suffix}"))
    return found


def _short_units_pattern(res: Resources) -> re.Pattern[str]:
    spec = res.setting("organizations", "short_units")
    parents = "|".join(re.escape(p) for p in sorted(spec["parents"], key=len, reverse=True))
    return re.compile(f"(?:{parents}){spec['unit']}")


def find_short_units(text: str, res: Resources) -> list[Found]:
    """Units of academies written short: 中科院声学所, 航天五院502所."""
    pattern = res.derived("short_units", _short_units_pattern)
    return [Found(m.start(), m.end(), res.types.research, "short_unit") for m in pattern.finditer(text)]


_QUOTED = re.compile(r"[“\"「『]([^”\"」』“]{1,40})[”\"」』]")


def find_quoted_after_descriptor(text: str, res: Resources) -> list[Found]:
    """A quoted name right after a descriptor: 人工智能芯片公司“X” -> X, a Company."""
    descriptors: dict[str, str] = dict(res.setting("quoted", "descriptors"))
    max_len = int(res.setting("quoted", "max_len"))
    found: list[Found] = []
    for match in _QUOTED.finditer(text):
        inner_start, inner_end = match.span(1)
        if inner_end - inner_start > max_len:
            continue
        before = text[max(0, match.start() - 6):match.start()]
        for word in sorted(descriptors, key=len, reverse=True):
            if before.endswith(word):
                found.append(Found(inner_start, inner_end, descriptors[word], f"quoted:{word}"))
                break
    return found


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9&.\-+']*(?: [A-Z][A-Za-z0-9&.\-+']*)*")


def find_latin_names(text: str, res: Resources) -> list[Found]:
    """Names in Latin letters, joined to a CJK investor ending when one follows (GGV纪源资本)."""
    investor_words = {w.lower() for w in res.setting("latin", "investor_words")}
    min_len = int(res.setting("latin", "min_len"))
    tail = res.derived("latin_tail", lambda r: re.compile(r"\s?" + r.setting("latin", "cjk_tail")))
    round_word = res.pattern("organizations", "round_inside")
    product_verbs = tuple(res.setting("latin", "product_verbs"))
    found: list[Found] = []
    company_end = -1  # where the last Latin company name ended (巴士制造商Superpolo|和Busscar)
    for match in _LATIN_NAME.finditer(text):
        start, end = match.span()
        if start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
            continue
        if round_word.match(text, start):
            continue  # Pre-A轮投资 is a round
        name = match.group().rstrip(".-'")
        end = start + len(name)
        words = name.split(" ")
        if len(words) > 1 and words[0] in res.titles:  # 'CEO Jensen Huang': the title is no part of it
            start, name, words = start + len(words[0]) + 1, name[len(words[0]) + 1:], words[1:]
        bare = [w.lower().rstrip("0123456789") for w in words]
        if all(w in res.latin_stopwords or not w for w in bare) or len(name) < min_len:
            continue
        if not any(c.isupper() for c in name):
            continue  # lower-case words are prose, not names
        if text[max(0, start - 4):start].rstrip().endswith(product_verbs):
            continue  # 发布WPS Office: a product
        tail_match = tail.match(text, end)
        if tail_match:
            found.append(Found(start, tail_match.end(), res.types.investor, "latin+cjk"))
            continue
        if words[-1].lower() in investor_words:
            found.append(Found(start, end, res.types.investor, "latin"))
        elif 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words) \
                and text[:start].rstrip().endswith(res.titles):
            found.append(Found(start, end, res.types.person, "latin+title"))  # 首席执行官Sam Altman
        elif len(words) > 1 and all(w[:1].isupper() for w in words):
            found.append(Found(start, end, res.types.business, "latin"))
        elif _said_to_be_company(text, start, end, res):
            found.append(Found(start, end, res.types.business, "latin+context"))
        elif company_end >= 0 and text[company_end:start].strip() in LIST_JOINERS:
            found.append(Found(start, end, res.types.business, "latin+list"))  # ... 和Busscar: the same kind
        # otherwise a single Latin word is too often a product or a term (Apollo, HiCar)
        company_end = end if found and found[-1].end == end and found[-1].label == res.types.business else -1
    return found


LIST_JOINERS = ("、", "和", "及", "与", "以及")
"""What joins the members of a list (甲、乙和丙); ``kg.recognize.lists`` reads runs by the same words."""


def _said_to_be_company(text: str, start: int, end: int, res: Resources) -> bool:
    """A company descriptor stands right before the word, or a company verb right after it."""
    before = text[max(0, start - 8):start].rstrip()
    after = text[end:end + 8].lstrip()
    return (before.endswith(tuple(res.setting("latin", "company_descriptors")))
            or after.startswith(tuple(res.setting("latin", "company_verbs"))))
