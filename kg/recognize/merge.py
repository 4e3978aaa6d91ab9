"""Typing and merging: from overlapping layer proposals to one typed span per stretch of text.

``type_span`` applies the typing rules (lexicon first, then the type suffix; out-of-scope
names and pronoun-like references are dropped). ``choose_spans`` is the named filter, like
spaCy's ``filter_spans``: longest first, ties broken by layer priority lexicon > pattern > hanlp.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import pairwise

from spacy.tokens import Doc, Span

from kg.recognize.lexicon import LexiconIndex
from kg.recognize.orgs import ends_here, name_start
from kg.recognize.resources import Resources

ORG_TYPES = ("Company", "Investor", "Agency", "Park", "Institute", "Organization")  # to go: res.typed("named_by_suffix")

LAYER_PRIORITY: dict[str, int] = {"lexicon": 0, "pattern": 1, "hanlp": 2, "list": 3}

_INTERNATIONAL = ("国际", "世界", "全球", "亚太")
"""Bodies named so are international organizations, not government agencies (国际电工委员会)."""

NESTED_TYPES = frozenset({"Institute"})
"""Types worth reporting also when they sit inside a longer name (中国科学院 in 中国科学院声学研究所)."""


def text_of(doc: Doc) -> str:
    """The text of a Doc, built once (spaCy joins its tokens anew at every ``doc.text``)."""
    if "kg_text" not in doc.user_data:
        doc.user_data["kg_text"] = doc.text
    return doc.user_data["kg_text"]


def _relabel(span: Span, label: str, canonical: str | None = None) -> Span:
    return Span(span.doc, span.start, span.end, label=label,
                kb_id=canonical if canonical is not None else span.kb_id_, span_id=span.id_)


def is_out_of_scope(text: str, label: str, res: Resources) -> bool:
    """Events, publications, reports, generic groups and pronoun-like references."""
    if text in res.pronouns:
        return True
    if label in ("Policy", "Person", "Location"):
        return False
    return text.endswith(res.out_of_scope)


def type_span(span: Span, res: Resources, index: LexiconIndex) -> Span | None:
    """The span with its ontology type decided, or None when it is out of scope."""
    text = span.text
    known = index.lookup(text)
    if known is not None:
        label, canonical = known
        return _relabel(span, label, canonical)
    if is_out_of_scope(text, span.label_, res):
        return None
    trimmed = _without_place_prefix(span, index) or _without_address(span, res)
    if trimmed is not None:
        return trimmed
    if span.label_ in ORG_TYPES:
        if res.is_generic(text):
            return None
        by_suffix = res.suffix_type(text)
        label = by_suffix or span.label_
        if label == "Agency" and text.startswith(_INTERNATIONAL):
            label = "Organization"
        if label != span.label_:
            return _relabel(span, label)
    return span


def _without_place_prefix(span: Span, index: LexiconIndex) -> Span | None:
    """杭州云栖小镇 -> 云栖小镇 when the rest is a known name the lexicon places in that place
    (美国西北大学 is not 西北大学, which is in 西安)."""
    text = span.text
    for cut in range(1, len(text) - 1):
        place, rest = index.lookup(text[:cut]), index.lookup(text[cut:])
        if place and rest and place[0] == "Location" and rest[0] != "Location" \
                and index.is_within(rest[1], place[1]):
            return Span(span.doc, span.start + cut, span.end, label=rest[0], kb_id=rest[1], span_id=span.id_)
    return None


_ADDRESS = re.compile(r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|区|县)){2,}")
"""An address of two levels or more: 杭州市西湖区, 广东省深圳市南山区."""


def _without_address(span: Span, res: Resources) -> Span | None:
    """杭州市西湖区云栖小镇 -> 云栖小镇: a park written after its full address (province or city,
    then district) is named without it; a one-level prefix (上海张江高科技园区, 苏州工业园区) is
    often part of the name and stays."""
    if span.label_ != "Park":
        return None
    address = _ADDRESS.match(span.text)
    rest = span.text[address.end():] if address else ""
    if len(rest) < 4 or res.is_generic(rest) or res.suffix_type(rest) != "Park":
        return None
    return Span(span.doc, span.start + address.end(), span.end, label="Park", span_id=span.id_)


STATISTICAL_LAYERS = frozenset({"hanlp"})
"""Layers whose spans are weighed by their confidence (``choose_with_model``)."""

_PLACE_UNITS = ("省", "市", "县")


def confirmed(span: Span, res: Resources, index: LexiconIndex) -> bool:
    """Whether a statistical span the model is not sure of has the evidence a reader would want.

    Its type shows in its own text (a type suffix, a place unit), it is a listed name, or, for a
    person, a title or speech word stands next to it.
    """
    text = span.text
    if index.lookup(text) is not None:
        return True
    if span.label_ in ORG_TYPES:
        return _suffixed_name(span, res)
    if span.label_ == "Location":
        generic = res.setting("locations", "generic_not")
        return 3 <= len(text) <= 4 and text.endswith(_PLACE_UNITS) and not text.endswith(tuple(generic))
    if span.label_ == "Person":
        return _titled_person(span, res)
    if span.label_ == "Policy":
        return text.startswith("《") and text.rstrip("》").endswith(res.policy_endings)
    return False


def _suffixed_name(span: Span, res: Resources) -> bool:
    """A type suffix ends it, it does not start with a verb or particle, and a weak suffix
    (科技, 投资) is followed by a boundary, as the pattern layer requires of its own names."""
    text, doc_text = span.text, text_of(span.doc)
    split = res.split_suffix(text)
    if split is None or res.is_generic(text) or "的" in text:
        return False
    stops = tuple(res.setting("organizations", "left_stops"))
    if text.startswith(stops):
        return False
    suffix = text[len(split[0]):]
    if suffix in res.setting("organizations", "weak_suffixes"):
        right_stops = tuple(res.setting("organizations", "right_stops"))
        return ends_here(doc_text, span.end_char, right_stops)
    return True


def _titled_person(span: Span, res: Resources) -> bool:
    text, doc_text = span.text, text_of(span.doc)
    if not 2 <= len(text) <= 4 or not (text[:1] in res.surnames or text[:2] in res.compound_surnames):
        return "·" in text
    before = doc_text[max(0, span.start_char - 8):span.start_char]
    after = doc_text[span.end_char:span.end_char + 4]
    return before.endswith(res.titles) or after.startswith(res.name_markers)


@dataclass(frozen=True)
class ModelTrust:
    """How far the statistical layer's confidence carries a span (see ``choose_with_model``).

    ``fill``: a model span at least this confident fills a gap on its own word; below it, a gap is
    filled only when the grammar of names confirms the span (``confirmed``). ``trim``: a model
    span at least this confident, lying inside a pattern span and sharing one of its edges, gives
    the name its boundaries (向杭州市 -> 杭州市; 将建成某某产业园 -> 某某产业园).

    Chosen on the validation split of the public sets (``benchmarks/public_ner.py``) with the dev
    and sample bulletins as a check that bulletins do not drop: ``fill`` 0.9 -> 0.8 took CLUENER
    from 0.674 to 0.700 F1 through the whole pipeline and left the dev bulletins' full-mode
    scores as they were.
    """

    fill: float = 0.8
    trim: float = 0.8
    max_trim: int = 4
    place_prefix: float = 0.85
    """A model name at least this confident that covers only place names whole is the name the
    places begin (青岛电冰箱总厂 over 青岛, 许银川 over 银川, 宿迁市中级人民法院 over 宿迁市)."""


def _compatible(rule_label: str, model_label: str) -> bool:
    return rule_label == model_label or (rule_label in ORG_TYPES and model_label in ORG_TYPES)


def trimmed_by_model(trusted: list[Span], model: list[Span], confidence: Mapping[tuple[int, int], float],
                     trust: ModelTrust) -> list[Span]:
    """Pattern spans with neighbouring words glued on take the model's tighter boundaries.

    The grammar of names grows a name leftwards until something stops it; a verb or a time word
    it does not know (向, 将建成, 近期) ends up inside. A confident model span that lies inside the
    pattern span and shares its start or its end is the name; the pattern's type is kept when the
    model only knew a generic one.
    """
    result = []
    for span in trusted:
        if span.id_ != "pattern" or (span.label_ == "Person" and len(span) <= 4):
            result.append(span)  # a surname and a given name are the person's whole name (陈云霁, not 陈云)
            continue
        inner = [m for m in model
                 if span.start <= m.start and m.end <= span.end and (m.start, m.end) != (span.start, span.end)
                 and (m.start == span.start or m.end == span.end)
                 and (span.end - span.start) - (m.end - m.start) <= trust.max_trim
                 and _compatible(span.label_, m.label_)
                 and confidence.get((m.start_char, m.end_char), 0.0) >= trust.trim]
        if not inner:
            result.append(span)
            continue
        best = max(inner, key=lambda m: confidence.get((m.start_char, m.end_char), 0.0))
        label = span.label_ if best.label_ == "Organization" else best.label_
        result.append(Span(span.doc, best.start, best.end, label=label, kb_id=best.kb_id_, span_id="pattern"))
    return result


def extended_by_model(trusted: list[Span], model: list[Span], res: Resources, index: LexiconIndex,
                      confidence: Mapping[tuple[int, int], float], trust: ModelTrust) -> list[Span]:
    """Confident model names that cover rule spans whole, as pattern candidates.

    The grammar of names stops at a word it cannot place (杭州星海数据科技有限公司 leaves it with 杭州
    and a generic 科技有限公司); a model span that contains those pieces without cutting any of
    them, is sure of itself and ends in a type suffix is the name, and wins as the longer span.
    A name that begins with a place is the commonest shape of all, so a model name that covers
    nothing but place names is taken on its confidence alone (``trust.place_prefix``), suffix or
    not (郑州蝶阀厂, 中国美术馆; a person: 许银川). A rule's organization name is never grown: it is
    a whole name already.
    """
    extended = []
    for m in model:
        sure = confidence.get((m.start_char, m.end_char), 0.0)
        if m.label_ not in ORG_TYPES and m.label_ != "Person":
            continue
        overlapping = [s for s in trusted if s.start < m.end and m.start < s.end]
        if not overlapping or any(s.start < m.start or s.end > m.end for s in overlapping):
            continue  # crossing a rule span
        if any((s.start, s.end) == (m.start, m.end) for s in overlapping) or not speaks_alone(m, res):
            continue
        places_only = all(s.label_ == "Location" for s in overlapping)
        grown_org = m.label_ in ORG_TYPES and not any(s.label_ in ORG_TYPES for s in overlapping)
        if (places_only and sure >= trust.place_prefix) or (
                grown_org and sure >= trust.fill and confirmed(m, res, index)):
            extended.append(Span(m.doc, m.start, m.end, label=m.label_, kb_id=m.kb_id_, span_id="pattern"))
    return extended


_COUNTED = re.compile(r"(?:[一两二三四五六七八九十几多首每这该那某][家个所座])$")
"""'一家智能汽车公司', '这所大学': a counted noun is a kind of organization, not a name."""


def speaks_alone(span: Span, res: Resources) -> bool:
    """The shape a confident model span must still have: an organization that is no generic or
    counted noun and starts with no verb or particle (建设某某产业园), a person of 2-4 characters
    (or a foreign name: with ·, in Latin letters, or written in transliteration characters)."""
    text = span.text
    if span.label_ in ORG_TYPES:
        before = text_of(span.doc)[max(0, span.start_char - 2):span.start_char]
        return (not res.is_generic(text) and "的" not in text and not text.endswith(res.titles)
                and not text.startswith("某")  # 某机器人公司: a company the text will not name
                and not text.startswith(tuple(res.setting("organizations", "left_stops")))
                and not _COUNTED.search(before))
    if span.label_ == "Person":
        return (2 <= len(text) <= 4 or "·" in text or (text.isascii() and text.lower() not in res.latin_stopwords)
                or (len(text) <= 7 and res.transliteration.issuperset(text)))  # 梅德韦杰夫
    return True


def choose_with_model(candidates: list[Span], res: Resources, index: LexiconIndex,
                      confidence: Mapping[tuple[int, int], float] | None = None,
                      trust: ModelTrust = ModelTrust()) -> list[Span]:
    """Rules choose first with the model's boundaries; model spans fill what is left, by confidence.

    A gap is filled by a model span that is confident enough on its own (``trust.fill``) or whose
    type the grammar of names confirms (``confirmed``): the rules stay precise where they reach and
    the model speaks where they are blind.
    """
    scores = confidence or {}
    model = [c for c in candidates if c.id_ in STATISTICAL_LAYERS]
    trusted = trimmed_by_model([c for c in candidates if c.id_ not in STATISTICAL_LAYERS], model, scores, trust)
    chosen = choose_spans(trusted + extended_by_model(trusted, model, res, index, scores, trust))
    used = {i for span in chosen for i in range(span.start, span.end)}
    extra = [
        c for c in model
        if used.isdisjoint(range(c.start, c.end))
        and ((scores.get((c.start_char, c.end_char), 0.0) >= trust.fill and speaks_alone(c, res))
             or confirmed(c, res, index))
    ]
    return sorted(chosen + choose_spans(extra), key=lambda s: s.start)


def _priority(span: Span) -> tuple[int, int, int]:
    return (-(span.end - span.start), LAYER_PRIORITY.get(span.id_, 9), span.start)


def choose_spans(spans: Iterable[Span]) -> list[Span]:
    """Longest spans first, then the more trusted layer; no two chosen spans overlap."""
    chosen: list[Span] = []
    used: set[int] = set()
    for span in sorted(spans, key=_priority):
        if used.isdisjoint(range(span.start, span.end)):
            chosen.append(span)
            used.update(range(span.start, span.end))
    return sorted(chosen, key=lambda s: s.start)


_OPAQUE = frozenset({"Policy", "Company", "Investor"})
"""Names inside these are not mentions: a title's words, 宁德 in 宁德时代."""


def nested_spans(chosen: list[Span], candidates: Iterable[Span]) -> list[Span]:
    """Candidates strictly inside a chosen span, of a type worth keeping, without overlaps."""
    text = text_of(chosen[0].doc) if chosen else ""
    inside = [
        c for c in candidates
        if c.label_ in NESTED_TYPES and c.id_ in ("lexicon", "pattern")
        and not (c.start_char > 0 and text[c.start_char - 1] in _JOINERS + _DASHES)  # the cut tail of a joined name
        and any(
            o.label_ not in _OPAQUE and o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end)
            for o in chosen
        )
    ]
    return choose_spans(inside)


PROPAGATED_LABELS = frozenset({"Company", "Investor", "Institute", "Organization", "Park", "Agency", "Person"})
"""Types whose names, once recognized, are recognized wherever else the document writes them."""


_DECLARED = re.compile(r"\s*[（(]\s*(?:以下|下文|下)?(?:简称|称)为?[:：]?\s*[“\"「『]?([^”\"」』）)，,、《》]{2,12}?)[”\"」』]?\s*[）)]")
"""某某科技有限公司（以下简称“某某”）: the short name the text declares for itself."""


def declared_short_names(chosen: list[Span]) -> dict[str, tuple[str, str]]:
    """Short name -> (type, canonical name) for every 'X（以下简称“Y”）' after a chosen name X."""
    declared: dict[str, tuple[str, str]] = {}
    for span in chosen:
        if span.label_ not in PROPAGATED_LABELS or span.label_ == "Person":
            continue
        match = _DECLARED.match(text_of(span.doc), span.end_char)
        if match and match.group(1).strip() != span.text:
            declared.setdefault(match.group(1).strip(), (span.label_, span.kb_id_ or span.text))
    return declared


def with_declared_names(chosen: list[Span], declared: dict[str, tuple[str, str]]) -> list[Span]:
    """Chosen spans that write a declared short name take the type and name of its owner."""
    result = []
    for span in chosen:
        owner = declared.get(span.text)
        result.append(_relabel(span, owner[0], owner[1]) if owner else span)
    return result


def repeated_names(doc_text: str, chosen: list[Span], contractions: dict[str, str] | None = None,
                   declared: dict[str, tuple[str, str]] | None = None) -> list[tuple[int, int, str, str]]:
    """Other occurrences of names already chosen (one name, one sense per document).

    A name found once through its context (运动科技公司Keep, 研究员王某) is the same name
    where the text uses it again without that context (Keep已累计融资). So is its contracted
    form (某某发展研究院 -> 某某发展院, by ``contractions``), which carries the full name as its
    canonical one. Only gaps are filled (a contracted form may cover names that lie wholly
    inside it: 北京大学 in 北京大学首都发展院), and a Latin name must stand alone (not inside
    a longer Latin word). Declared short names (``declared_short_names``) are found the same
    way. Returns (start, end, label, canonical) with canonical '' for a plain repeat.
    """
    used = [False] * len(doc_text)
    for span in chosen:
        for i in range(span.start_char, span.end_char):
            used[i] = True
    names: dict[str, tuple[str, str]] = {}
    for span in chosen:
        if span.label_ not in PROPAGATED_LABELS or len(span.text) < 2 or "\n" in span.text:
            continue
        names.setdefault(span.text, (span.label_, ""))
        for long, short in (contractions or {}).items():
            if span.text.endswith(long) and len(span.text) - len(long) >= 3:
                names.setdefault(span.text[: -len(long)] + short, (span.label_, span.kb_id_ or span.text))
    for short, owner in (declared or {}).items():
        names[short] = owner  # the declaration names the owner, whatever else wrote it
    found: list[tuple[int, int, str, str]] = []
    for name in sorted(names, key=len, reverse=True):
        label, canonical = names[name]
        start = doc_text.find(name)
        while start >= 0:
            end = start + len(name)
            free = not any(used[start:end]) or (canonical and _only_inside(chosen, start, end))
            if free and _stands_alone(doc_text, start, end):
                found.append((start, end, label, canonical))
                for i in range(start, end):
                    used[i] = True
            start = doc_text.find(name, end)
    return found


def _only_inside(chosen: list[Span], start: int, end: int) -> bool:
    """No chosen span crosses the edges of [start, end)."""
    return all(s.end_char <= start or s.start_char >= end or (start <= s.start_char and s.end_char <= end)
               for s in chosen)


def _stands_alone(text: str, start: int, end: int) -> bool:
    def latin(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()

    return not ((latin(start) and latin(start - 1)) or (latin(end - 1) and latin(end)))


HOME_COUNTRY = "中国"


_DEMONSTRATIVES = ("该", "本", "这家", "此")
_COMPANY_WORDS = ("公司", "企业", "集团")


def references_before_titles(doc_text: str, chosen: list[Span], pronouns: tuple[str, ...],
                             titles: tuple[str, ...]) -> list[tuple[int, int, str, str]]:
    """'联盟秘书长李某', '该公司董事长王某': a type word standing for a name before a title.

    The word refers to the nearest name before it that ends with it (联盟 -> 某某产业联盟), or,
    for 公司/企业/集团, to the nearest company. Only a word right before a title is read so: it is
    where a post needs its organization, and where no other reading is likely. Returns
    (start, end, label, canonical) like ``repeated_names``.
    """
    taken = sorted((s.start_char, s.end_char) for s in chosen)
    found: list[tuple[int, int, str, str]] = []
    for word in sorted(pronouns, key=len, reverse=True):
        core = word
        for mark in _DEMONSTRATIVES:
            core = core.removeprefix(mark)
        for match in re.finditer(re.escape(word), doc_text):
            start, end = match.span()
            if not doc_text.startswith(titles, end) or any(s < end and start < e for s, e in taken):
                continue
            before = doc_text[start - 1] if start else "，"
            if "\u4e00" <= before <= "\u9fff" and word == core and before not in "".join(_DEMONSTRATIVES):
                continue  # part of a longer word (产业联盟秘书长 is a name's own title)
            antecedent = next((c for c in reversed(chosen) if c.end_char <= start and c.label_ in ORG_TYPES
                               and (c.text.endswith(core) or core in _COMPANY_WORDS and c.label_ == "Company")), None)
            if antecedent is not None:
                found.append((start, end, antecedent.label_, antecedent.kb_id_ or antecedent.text))
                taken.append((start, end))
    return found


_LOCAL_LEVELS = "省市区县州"
"""'市发展改革委': one character for the level stands for the place whose body it is."""


_INVESTMENT_WORD = "投资"


def investment_word_dropped(chosen: list[Span], res: Resources, index: LexiconIndex) -> list[Span]:
    """'获得红杉资本中国投资': the investment is the verb's object, not the end of the name.

    A name ending in 投资 whose rest is a whole investor name already (a listed one, 红杉资本中国, or
    one ending in an investor suffix, 某某资本) loses the word; a company before 投资 is its investing
    arm (腾讯投资), and a short alias before it (中金投资) and a longer listed form stay.
    """
    result = []
    for span in chosen:
        text = span.text
        rest = text[: -len(_INVESTMENT_WORD)]
        if (span.label_ in ("Investor", "Company") and text.endswith(_INVESTMENT_WORD) and len(rest) >= 2
                and index.lookup(text) is None):
            known = index.lookup(rest)
            by_suffix = res.suffix_type(rest)
            if known is not None and known[0] == "Investor" and (known[1] == rest or by_suffix):
                result.append(Span(span.doc, span.start, span.end - 2, label=known[0], kb_id=known[1], span_id=span.id_))
                continue
            if by_suffix == "Investor" and res.suffix_type(text) == "Investor":
                result.append(Span(span.doc, span.start, span.end - 2, label="Investor", span_id=span.id_))
                continue
        result.append(span)
    return result


def placed_agencies(chosen: list[Span], index: LexiconIndex) -> list[Span]:
    """A ministry's short name after a place is that place's body, not the ministry.

    美国 + 商务部 -> 美国商务部 (the country's ministry); 北京市 + 发展改革委 -> 北京市发展改革委
    and 市 + 发展改革委 -> 市发展改革委 (the local commission, not the national one the lexicon
    knows by the same short name).
    """
    merged: list[Span] = []
    skip: set[int] = set()
    for i, (left, right) in enumerate(pairwise(chosen)):
        if left.end != right.start or left.label_ != "Location" or right.label_ != "Agency":
            continue
        place = left.kb_id_ or left.text
        if index.lookup(left.text) is None or place == HOME_COUNTRY:
            continue
        foreign = not index.is_within(place, HOME_COUNTRY)
        if foreign or _national(right, index):
            merged.append(Span(left.doc, left.start, right.end, label="Agency", span_id=right.id_))
            skip.update((i, i + 1))
    result = [s for i, s in enumerate(chosen) if i not in skip] + merged
    text = text_of(chosen[0].doc) if chosen else ""
    for i, span in enumerate(result):
        at = span.start_char
        if span.label_ == "Agency" and _national(span, index) and at > 0 and text[at - 1] in _LOCAL_LEVELS \
                and (at == 1 or not "\u4e00" <= text[at - 2] <= "\u9fff" or text[at - 2] in "的和与及在由"):
            local = span.doc.char_span(at - 1, span.end_char, label="Agency", span_id=span.id_)
            if local is not None and not any(o.end > local.start and o.start < local.end for o in result if o is not span):
                result[i] = local
    return sorted(result, key=lambda s: s.start)


def _national(span: Span, index: LexiconIndex) -> bool:
    """A lexicon body the lexicon places in the home country itself: a national one."""
    return bool(span.kb_id_) and index.place_of(span.kb_id_) == HOME_COUNTRY


_JOINERS = "与和及"


_DASHES = "—－-–"
_JOINT_WORDS = ("联合实验室", "联合研究院", "联合研究中心", "联合创新中心", "联合研究所", "联合工程中心", "联合中心")


def joint_bodies(chosen: list[Span]) -> list[Span]:
    """'某某大学—某企业联合实验室' is one body, not a university and a lab of the company.

    A chosen name ending in a joint-body word (联合实验室) that follows a dash and another chosen
    organization name takes that name in; the whole keeps the joint body's type.
    """
    result: list[Span] = []
    for span in chosen:
        previous = result[-1] if result else None
        text = text_of(span.doc)
        if (previous is not None and span.label_ in ORG_TYPES and previous.label_ in ORG_TYPES
                and span.text.endswith(_JOINT_WORDS) and span.start_char >= 1
                and text[span.start_char - 1] in _DASHES and previous.end_char == span.start_char - 1):
            result[-1] = Span(span.doc, previous.start, span.end, label=span.label_, span_id=span.id_)
            continue
        result.append(span)
    return result


def joined_names(chosen: list[Span], candidates: list[Span], res: Resources) -> list[Span]:
    """Names with 与/和/及 inside them, which the name grammar cut at the conjunction.

    Conjunctions stop a name growing leftwards (工信部与某某研究院 are two names), but some
    names contain one: 某某研究所噪声与振动重点实验室, 北京嘉和美康信息技术有限公司. The cut is
    undone when the words right before the conjunction belong to no chosen name and do not
    end in a type suffix themselves, so they cannot be a name of their own, and when no
    listed name ends the span (突破地和实践地云栖小镇: the lexicon knows 云栖小镇, and the
    words before it are description).
    """
    if not chosen:
        return chosen
    doc = chosen[0].doc
    text = text_of(doc)
    covered = [False] * (len(text) + 1)
    for span in chosen:
        for i in range(span.start_char, span.end_char):
            covered[i] = True
    result = list(chosen)
    for span in chosen:
        conj = span.start_char - 1
        if span.id_ != "pattern" or span.label_ not in ORG_TYPES or conj < 1 or text[conj] not in _JOINERS:
            continue
        if covered[conj - 1]:
            continue  # 华为与某某有限公司: two names
        if any(c.id_ == "lexicon" and c.end_char == span.end_char and c.start_char > span.start_char for c in candidates):
            continue
        if any(c.label_ == "Location" and c.start_char == span.start_char for c in candidates):
            continue  # 某某和浙江省财政厅: a name that begins with a place begins there
        start = name_start(text, conj, res, span.label_)
        left = text[start:conj]
        if not left or left in res.generic_cores or res.split_suffix(left) is not None or left.endswith(_JOINERS):
            continue
        joined = doc.char_span(start, span.end_char, label=span.label_, span_id=span.id_)
        if joined is None or res.is_generic(joined.text):
            continue
        result = [s for s in result if not (start <= s.start_char and s.end_char <= span.end_char)] + [joined]
    return sorted(result, key=lambda s: s.start)


_SUBSIDIARY = re.compile(r"[\u4e00-\u9fff]{1,4}公司")


def parks_in_parks(chosen: list[Span], candidates: list[Span], res: Resources) -> list[Span]:
    """东湖高新区 + 光谷生物城 -> two parks: a grown park name that begins with a listed park is
    a park inside it (the relation rules then place the inner one in the outer one). A grown
    name that ends with a listed park after words that are no place (突破地和实践地云栖小镇) is
    that park, described."""
    listed = {(c.start_char, c.end_char): c for c in candidates if c.id_ == "lexicon" and c.label_ == "Park"}
    places = [c for c in candidates if c.label_ == "Location"]
    result: list[Span] = []
    for span in chosen:
        if span.label_ != "Park" or span.id_ == "lexicon":
            result.append(span)
            continue
        start, end = span.start_char, span.end_char
        described = next((listed[(s, end)] for s in range(start + 1, end - 2) if (s, end) in listed), None)
        if described is not None and not any(start <= p.start_char < described.start_char for p in places):
            result.append(described)
            continue
        outer = next((listed[(start, e)] for e in range(end - 3, start, -1) if (start, e) in listed), None)
        inner = span.doc.char_span(outer.end_char, end, label="Park", span_id=span.id_) if outer else None
        if outer is None or inner is None or res.suffix_type(inner.text) != "Park" or res.is_generic(inner.text):
            result.append(span)
            continue
        result += [outer, inner]
    return result


def subsidiary_names(chosen: list[Span], res: Resources) -> list[Span]:
    """百度 + 汽车公司 -> 百度汽车公司: a company named after a chosen company is a company.

    Bare 公司 is no type suffix (一家智能汽车公司 names nobody), but right after a company's
    name, with a few words between, it names that company's unit or subsidiary. Words that
    stop names (等, 旗下, 的 ...) must not stand between; 百度公司 is 百度 itself and stays.
    """
    if not chosen:
        return chosen
    doc = chosen[0].doc
    text = text_of(doc)
    stops = tuple(res.setting("organizations", "left_stops"))
    right_stops = tuple(res.setting("organizations", "right_stops"))
    starts = {s.start_char for s in chosen}
    result = list(chosen)
    for span in chosen:
        if span.label_ != "Company":
            continue
        match = _SUBSIDIARY.match(text, span.end_char)
        if match is None or match.end() in starts or not ends_here(text, match.end(), right_stops):
            continue
        middle = match.group()[:-2]
        if any(stop in middle for stop in stops):
            continue
        grown = doc.char_span(span.start_char, match.end(), label="Company", span_id=span.id_)
        if grown is not None:
            result = [s for s in result if not (span.start_char <= s.start_char and s.end_char <= match.end())] + [grown]
    return sorted(result, key=lambda s: s.start)
