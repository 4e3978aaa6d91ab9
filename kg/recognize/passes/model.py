"""The trust-the-model combiner: rule spans choose first, the statistical layer fills the gaps.

The first merge pass (``choose_with_model``): from the typed candidates of every layer to one
span per stretch of text, weighing the model's spans by their confidence (``ModelTrust``).
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from functools import lru_cache
from itertools import accumulate
from types import ModuleType
from typing import Any

from spacy.tokens import Span

from kg.memory import release_freed_memory
from kg.recognize.lexicon import LexiconIndex
from kg.recognize.merge import choose_spans, text_of
from kg.recognize.orgs import ends_here
from kg.recognize.passes.registry import MergeState, merge_pass
from kg.recognize.reading import Edges
from kg.recognize.resources import Resources

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
    if span.label_ == res.types.business and _named_company(span, res):
        return True
    if span.label_ in res.typed("named_by_suffix"):
        return _suffixed_name(span, res)
    if span.label_ == res.types.place:
        generic = res.setting("locations", "generic_not")
        return 3 <= len(text) <= 4 and text.endswith(_PLACE_UNITS) and not text.endswith(tuple(generic))
    if span.label_ == res.types.person:
        return _titled_person(span, res)
    if span.label_ == res.types.document:
        return text.startswith("《") and text.rstrip("》").endswith(res.policy_endings)
    return False


def _named_company(span: Span, res: Resources) -> bool:
    """'某某动画公司', '某某广播公司': a bare 公司 is too weak for the pattern layer to grow a name
    on (该公司, 子公司), but a model company that ends in it after a name of its own is one
    (not a counted noun: 一家智能汽车公司)."""
    stem = span.text.removesuffix("公司")
    return (stem != span.text and len(stem) >= 2 and stem not in res.generic_cores
            and not stem.startswith(tuple(res.pronouns)) and speaks_alone(span, res))


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
    if _surname_and_address(text, res):
        return False  # 曹医生说: the speech verb stands next to a way of addressing someone
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
    long_trim: float = 0.9
    """A model name this confident that ends where a pattern span ends trims it by any length: the
    grammar of names grew it leftwards over a whole clause (积极与房山政府, 律师质疑…垄断发改委)."""
    place_prefix: float = 0.85
    """A model name at least this confident that covers only place names whole is the name the
    places begin (青岛电冰箱总厂 over 青岛, 许银川 over 银川, 宿迁市中级人民法院 over 宿迁市)."""
    short_name: int = 2
    """The longest lexicon name (in characters) a confident model name may grow past (智源 -> 智源芯科)."""
    fill_person: float = 0.5
    """``fill`` for a person of 2-3 characters that starts with a surname: the model is right about
    such names far more often than ``fill`` assumes (on the public validation split, 0.6-0.8 of
    them at confidence 0.5-0.8, against a break-even of F1/2 ≈ 0.38)."""
    fill_place: float = 0.5
    """``fill`` for a place: likewise (0.5-0.74 right at confidence 0.4-0.8)."""
    fill_agency: float = 0.5
    """``fill`` for a government body of at most ``short_agency`` characters: 0.8 -> 0.5 took
    CLUENER's government from 0.687 to 0.71 F1 (美军, 锦江警方, 建设部, which the rules do not
    reach). A longer one keeps ``fill``, as does one that ends inside a word (工信部联|合) or an
    issuer's code in a document number (工信部联|企业〔2020〕): with the
    lexicon blinded, the model read clauses around a body's name as the body (某某中标工信部,
    中标国家工业和信息化部), and the edge chances did not tell them apart."""
    short_agency: int = 5
    abbreviation: float = 0.8
    """``fill`` for a one-character place the lexicon abbreviates (中 of 中美, 沪 of 沪深): on the
    public validation split 47 of 48 such model names at 0.8 or more were right."""
    no_edge: float = 0.05
    """A rule's boundary where the model gives a name less than this chance of beginning (or
    ending) is a word glued on (积极与|房山政府, 女主角|哈莉·贝丽|终): a model span inside it whose own
    edge there has at least ``edge`` gives the name its boundary, however unsure the model is of
    its type or of its other characters."""
    edge: float = 0.7
    no_name: float = 0.01
    """A pattern organization that overlaps no model span and whose both edges the model gives less
    than this chance is no name (``_no_name_to_the_model``)."""

    def fill_for(self, span: Span, res: Resources) -> float:
        """The confidence a model span needs to fill a gap on its own word."""
        if span.label_ == res.types.place:
            return self.fill_place
        if span.label_ == res.types.government and len(span) <= self.short_agency \
                and not _ends_inside_a_word(span) and not _DOCUMENT_NUMBER.match(text_of(span.doc), span.end_char):
            return self.fill_agency
        if span.label_ == res.types.person and 2 <= len(span.text) <= 3 and span.text[:1] in res.surnames \
                and not _begins_a_word(span):
            return self.fill_person
        return self.fill


def _compatible(rule_label: str, model_label: str, organizations: tuple[str, ...]) -> bool:
    return rule_label == model_label or (rule_label in organizations and model_label in organizations)


def trimmed_by_model(trusted: list[Span], model: list[Span], res: Resources,
                     confidence: Mapping[tuple[int, int], float], trust: ModelTrust,
                     edges: Edges | None = None) -> list[Span]:
    """Pattern spans with neighbouring words glued on take the model's tighter boundaries.

    The grammar of names grows a name leftwards until something stops it; a verb or a time word
    it does not know (向, 将建成, 近期) ends up inside. A confident model span that lies inside the
    pattern span and shares its start or its end is the name, and so is any model span inside it
    whose edges the model reads as a name's where it reads none at the pattern's (``edges``,
    ``ModelTrust.no_edge``); the pattern's type is kept when the model only knew a generic one.
    """
    result = []
    for span in trusted:
        if span.id_ != "pattern":
            result.append(span)
            continue
        if span.label_ == res.types.person and len(span) <= 4:
            result.append(span)  # a surname and a given name are the person's whole name (陈云霁, not 陈云)
            continue
        inner = [m for m in model
                 if span.start <= m.start and m.end <= span.end and (m.start, m.end) != (span.start, span.end)
                 and _compatible(span.label_, m.label_, res.typed("named_by_suffix"))
                 and (_glued_on(span, m, edges, trust) or (
                     (m.start == span.start or m.end == span.end)
                     and _trims(span, m, confidence.get((m.start_char, m.end_char), 0.0), trust, res)))]
        if not inner:
            result.append(span)
            continue
        best = max(inner, key=lambda m: confidence.get((m.start_char, m.end_char), 0.0))
        label = span.label_ if best.label_ == res.types.body else best.label_
        result.append(Span(span.doc, best.start, best.end, label=label, kb_id=best.kb_id_, span_id="pattern"))
    return result


def no_name_begins(edges: Edges | None, char: int, trust: ModelTrust = ModelTrust()) -> bool:
    """Whether the model reads no name beginning at ``char`` (False where it gives no edges)."""
    return edges is not None and edges[0][char] < trust.no_edge


def _edges_between(outer: Span, inner: Span, edges: Edges | None, trust: ModelTrust, *, name_outside: bool) -> bool:
    """Whether, at every edge where ``outer`` reaches past ``inner``, the model reads a name's edge
    on one side and none on the other: on the outer span's side when ``name_outside``, else on
    the inner one's."""
    if edges is None:
        return False
    starts, ends = edges

    def read(named: float, unnamed: float) -> bool:
        return named >= trust.edge and unnamed < trust.no_edge

    if inner.start_char > outer.start_char:
        outer_start, inner_start = starts[outer.start_char], starts[inner.start_char]
        if not (read(outer_start, inner_start) if name_outside else read(inner_start, outer_start)):
            return False
    if inner.end_char < outer.end_char:
        outer_end, inner_end = ends[outer.end_char - 1], ends[inner.end_char - 1]
        return read(outer_end, inner_end) if name_outside else read(inner_end, outer_end)
    return True


def _glued_on(pattern: Span, model: Span, edges: Edges | None, trust: ModelTrust) -> bool:
    """Whether every edge where ``pattern`` reaches past ``model`` is no name's edge to the model
    and ``model``'s own edge there is."""
    return _edges_between(pattern, model, edges, trust, name_outside=False)


_TIME_WORD = "t"
"""jieba's tag of a time word (此前, 目前): a clause's, never a name's."""


def _may_begin_a_name(prefix: str, descriptors: tuple[str, ...], res: Resources) -> bool:
    """Whether words the model puts before a rule's name may be part of it: no descriptor ends
    them and none of them is a function or time word to jieba (唐云|任|诺维数据, 苏志艳|此前)."""
    if not prefix:
        return True
    if prefix.endswith(descriptors):
        return False
    stops = {*res.setting("organizations", "not_name_edge_tags"), _TIME_WORD}
    return not set(word_tags(prefix)) & stops


def _cut_short(rule: Span, model: Span, edges: Edges | None, trust: ModelTrust) -> bool:
    """Whether every edge where ``model`` reaches past ``rule`` is a name's edge to the model and
    the rule's own edge there is none (the mirror of ``_glued_on``)."""
    return _edges_between(model, rule, edges, trust, name_outside=True)


def _trims(pattern: Span, model: Span, sure: float, trust: ModelTrust, res: Resources) -> bool:
    """Whether a model span inside ``pattern``, sharing an edge, is sure enough to cut it down; a
    long cut only takes words that name nothing (首都医科大学附属 before 北京安贞医院 is the name's own)."""
    cut = len(pattern) - len(model)
    if cut <= trust.max_trim:
        return sure >= trust.trim
    removed = pattern.text[:cut]
    removed = removed.removesuffix(next((w for w in res.setting("organizations", "part_of_words") if removed.endswith(w)), ""))
    return model.end == pattern.end and sure >= trust.long_trim and res.suffix_type(removed) is None


def extended_by_model(trusted: list[Span], model: list[Span], res: Resources, index: LexiconIndex,
                      confidence: Mapping[tuple[int, int], float], trust: ModelTrust,
                      edges: Edges | None = None) -> list[Span]:
    """Confident model names that cover rule spans whole, as pattern candidates.

    The grammar of names stops at a word it cannot place (杭州星海数据科技有限公司 leaves it with 杭州
    and a generic 科技有限公司); a model span that contains those pieces without cutting any of
    them, is sure of itself and ends in a type suffix is the name, and wins as the longer span.
    A name that begins with a place is the commonest shape of all, so a model name that covers
    nothing but place names is taken on its confidence alone (``trust.place_prefix``), suffix or
    not (郑州蝶阀厂, 中国美术馆; a person: 许银川). A rule's organization name is grown only where
    the model sees no name's edge at the rule's and a sure one at its own (``_cut_short``:
    香港联合|交易所有限公司, the grammar read 联合 as a verb); a listed name never is.
    """
    extended, organizations = [], res.typed("named_by_suffix")
    descriptors = tuple(res.setting("organizations", "descriptor_stops"))
    for m in model:
        sure = confidence.get((m.start_char, m.end_char), 0.0)
        if m.label_ not in organizations and m.label_ != res.types.person:
            continue
        overlapping = [s for s in trusted if s.start < m.end and m.start < s.end]
        if not overlapping or any(s.start < m.start or s.end > m.end for s in overlapping):
            continue  # crossing a rule span
        if any((s.start, s.end) == (m.start, m.end) for s in overlapping) or not speaks_alone(m, res):
            continue
        places_only = all(s.label_ == res.types.place for s in overlapping)
        grown_org = m.label_ in organizations and not any(s.label_ in organizations for s in overlapping)
        # 智源芯科 over the lexicon's short name 智源: a short known name the model reads as the
        # start of a longer one is a different organization's name (华为 Hicar, 小米SU7: a Latin
        # rest is a product's name, not the organization's)
        short_name = m.label_ in organizations and all(
            s.id_ == "lexicon" and s.start == m.start and len(s) <= trust.short_name
            and _CJK_REST.fullmatch(m.text[len(s.text):]) for s in overlapping)
        # 克林顿 over the pattern's 克林 (a surname and one character after a title): the model
        # reads the whole foreign name
        grown_person = m.label_ == res.types.person and all(
            s.label_ == res.types.person and s.start == m.start for s in overlapping)
        # 香港联合|交易所有限公司: the grammar stopped at a word it read as a verb; the model sees no
        # name begin (or end) where the pattern's does, and sees its own name's edges; a descriptor
        # before the name is where the grammar stops on purpose (中关村企业|某某科技), and so is a
        # function word (某某此前任|某某股份有限公司: 任 as a pronoun to jieba, the model misread it)
        cut_short = m.label_ in organizations and any(s.label_ in organizations for s in overlapping) and all(
            s.label_ == res.types.place or (
                s.label_ in organizations and s.id_ == "pattern" and _cut_short(s, m, edges, trust)
                and _may_begin_a_name(text_of(m.doc)[m.start_char:s.start_char], descriptors, res))
            for s in overlapping)
        # 深圳市|华为技术有限公司, 某某大学|经济系: the rules' organization with its place before
        # it or its unit after it; the rules' type where the model knew only a generic one
        parent = (_placed_name(m, overlapping, res) or _unit_of(m, overlapping, res)
                  or _written_out(m, overlapping, res)) if m.label_ in organizations else None
        if ((places_only or short_name or grown_person or parent is not None)
                and sure >= trust.place_prefix) or cut_short or (
                grown_org and sure >= trust.fill and confirmed(m, res, index)):
            generic = parent is not None and sure >= trust.place_prefix and m.label_ == res.types.body
            label = parent.label_ if generic else m.label_
            extended.append(Span(m.doc, m.start, m.end, label=label, kb_id=m.kb_id_, span_id="pattern"))
    return extended


def _placed_name(model_span: Span, overlapping: list[Span], res: Resources) -> Span | None:
    """The rules' organization when ``model_span`` is nothing but places and then that name
    (深圳市|华为技术有限公司, 北湖区|建设银行): a registered name with the place it is registered
    in; the longest organization that ends where the model span ends, every other rule span
    inside it or a place before it. None for any other shape."""
    organizations = [s for s in overlapping if s.label_ in res.typed("named_by_suffix") and s.end == model_span.end]
    if not organizations:
        return None
    name = max(organizations, key=len)
    before = sorted((s for s in overlapping if s.start < name.start), key=lambda s: s.start)
    if not before or any(s.label_ != res.types.place or s.end > name.start for s in before):
        return None
    covered = model_span.start
    for place in before:  # the places run from the model span's start to the name, no gap
        if place.start > covered:
            return None
        covered = max(covered, place.end)
    return name if covered == name.start else None


def _written_out(model_span: Span, overlapping: list[Span], res: Resources) -> Span | None:
    """The known company when ``model_span`` is its name and then a legal form (海通证券|公司,
    江铃汽车|集团公司: ``legal_tails``), every rule span inside the known name; None otherwise."""
    business = [s for s in overlapping if s.id_ == "lexicon" and s.start == model_span.start
                and s.label_ == res.types.business]
    if not business:
        return None
    name = max(business, key=len)
    rest = model_span.text[len(name.text):]
    inside = all(s.end <= name.end for s in overlapping)
    return name if inside and rest in res.setting("organizations", "legal_tails") else None


_LONGEST_UNIT = 10
"""The longest unit a known organization's name may be followed by (中央财经大学|中国银行业研究中心)."""


def _unit_of(model_span: Span, overlapping: list[Span], res: Resources) -> Span | None:
    """The known organization (the longest rule span ``model_span`` starts with that leaves a
    unit) when the rest of ``model_span`` is a unit of 2 to ``_LONGEST_UNIT`` characters inside
    it, ending in a unit word for that organization's role (``units`` in
    patterns/organizations.yaml): 福建省公安厅 + 经侦总队, 某某银行 + 纽约分行, 某某大学 + 经济系;
    None otherwise. A model span of the generic type is a unit of any role (the model reads a
    university's department as an organization)."""
    role_of = {name: role for role, name in asdict(res.types).items()}
    for body in sorted((s for s in overlapping if s.start == model_span.start), key=len, reverse=True):
        rest = model_span.text[len(body.text):]
        units = res.setting("organizations", "units").get(role_of.get(body.label_), ())
        same_kind = model_span.label_ in (body.label_, res.types.body)
        # places and pattern pieces may lie in the unit (某促进会北京市分会; 武汉大学会|计系 read from 会)
        inside = all(s.end <= body.end or s.label_ == res.types.place or s.id_ == "pattern" for s in overlapping)
        if (units and same_kind and inside and 2 <= len(rest) <= _LONGEST_UNIT and rest.endswith(tuple(units))
                and not res.is_generic(rest)):
            return body
    return None


_CJK_REST = re.compile(r"[\u4e00-\u9fff]{2,}")
"""What a short known name may be grown by: Chinese characters only."""


_COUNTED = re.compile(r"(?:[一两二三四五六七八九十几多首每这该那某][家个所座])$")
"""'一家智能汽车公司', '这所大学': a counted noun is a kind of organization, not a name."""
_A_NUMBER_OF = re.compile(r"^[一两二三四五六七八九十几多数各][个家]?(?:部门|部委|单位|机构|部)")
"""十部门, 多部委, 各单位: how many bodies, not which."""


def speaks_alone(span: Span, res: Resources) -> bool:
    """The shape a confident model span must still have: an organization that is no generic or
    counted noun and starts with no verb or particle (建设某某产业园), a person of 2-4 characters
    (or a foreign name: with ·, in Latin letters, or written in transliteration characters)."""
    text = span.text
    if span.label_ in res.typed("named_by_suffix"):
        before = text_of(span.doc)[max(0, span.start_char - 2):span.start_char]
        return (not res.is_generic(text) and "的" not in text and not text.endswith(res.titles)
                and not text.startswith("某")  # 某机器人公司: a company the text will not name
                and not text.startswith(tuple(res.setting("organizations", "left_stops")))
                and not _COUNTED.search(before) and not _A_NUMBER_OF.match(text))
    if span.label_ == res.types.person:
        if text in res.setting("people", "not_names") or _surname_and_address(text, res):
            return False  # a caption's 左二, a word that reads like a name, 李总, 张教授
        return (2 <= len(text) <= 4 or "·" in text or (text.isascii() and text.lower() not in res.latin_stopwords)
                or (len(text) <= 7 and res.transliteration.issuperset(text)))  # 梅德韦杰夫
    return True


def _described_company(span: Span, res: Resources, index: LexiconIndex) -> Span:
    """A model place that the lexicon does not know, right after a word that names a kind of
    company (高新区企业|海康威视, 车企|蔚来), is that company: the model reads unknown brand names
    in transliteration characters as places (亚马逊, 比亚迪)."""
    if span.label_ != res.types.place or len(span) < 2 or index.lookup(span.text) is not None:
        return span
    before = text_of(span.doc)[max(0, span.start_char - 5):span.start_char]
    if not before.endswith(tuple(res.setting("latin", "company_descriptors"))):
        return span
    return Span(span.doc, span.start, span.end, label=res.types.business, kb_id=span.kb_id_, span_id=span.id_)


def _surname_and_address(text: str, res: Resources) -> bool:
    """李总, 张教授, 欧阳先生: a surname and the word the person is addressed by, no given name."""
    surname = text[:2] if text[:2] in res.compound_surnames else text[:1]
    rest = text[len(surname):]
    return (surname in res.surnames or surname in res.compound_surnames) and bool(rest) and (
        rest in res.setting("people", "address_words") or rest in res.titles)


def choose_with_model(candidates: list[Span], res: Resources, index: LexiconIndex,
                      confidence: Mapping[tuple[int, int], float] | None = None,
                      trust: ModelTrust = ModelTrust(), edges: Edges | None = None) -> list[Span]:
    """Rules choose first with the model's boundaries; model spans fill what is left, by confidence.

    A gap is filled by a model span that is confident enough on its own (``trust.fill``) or whose
    type the grammar of names confirms (``confirmed``): the rules stay precise where they reach and
    the model speaks where they are blind.
    """
    scores = confidence or {}
    statistical = [_described_company(c, res, index) for c in candidates if c.id_ in STATISTICAL_LAYERS]
    model = [c for c in statistical if len(c) > 1]
    abbreviations = [c for c in statistical if len(c) == 1]  # 中|美, 京|津|冀: places the lexicon abbreviates
    rules = [c for c in candidates if c.id_ not in STATISTICAL_LAYERS
             and not _a_word_not_a_name(c, model, res) and not _a_clause_not_a_name(c, model, res)
             and not _no_name_to_the_model(c, model, res, edges, trust)
             and not _a_person_the_model_reads_otherwise(c, model, res, scores, trust)]
    trusted = trimmed_by_model(rules, model, res, scores, trust, edges)
    chosen = choose_spans(trusted + extended_by_model(trusted, model, res, index, scores, trust, edges))
    used = {i for span in chosen for i in range(span.start, span.end)}
    extra = [
        c for c in model
        if used.isdisjoint(range(c.start, c.end))
        and ((scores.get((c.start_char, c.end_char), 0.0) >= trust.fill_for(c, res) and speaks_alone(c, res))
             or confirmed(c, res, index))
    ]
    if abbreviations:  # 数据中台 holds no 中 and no 台 (the lexicon's false contexts)
        false = index.false_contexts(text_of(abbreviations[0].doc))
        extra += [c for c in abbreviations if used.isdisjoint(range(c.start, c.end))
                  and scores.get((c.start_char, c.end_char), 0.0) >= trust.abbreviation
                  and not any(s <= c.start_char and c.end_char <= e for s, e in false)]
    return sorted(chosen + choose_spans(extra), key=lambda s: s.start)


def _named_organizations(res: Resources) -> tuple[str, ...]:
    """The types a suffix names, and the generic body: what the pattern layer grows over a clause."""
    return (*res.typed("named_by_suffix"), res.types.body)


def _no_name_to_the_model(span: Span, model: list[Span], res: Resources, edges: Edges | None,
                          trust: ModelTrust) -> bool:
    """A pattern organization the model reads no name in at all, and no name beginning or ending
    at its edges (外打着|银行, 经济形势下行不会影响|银行): the suffix grew over a clause. A list
    member keeps its place (the list is the evidence; ``kg.recognize.lists``)."""
    organizations = _named_organizations(res)
    if edges is None or span.id_ != "pattern" or span.label_ not in organizations:
        return False
    if any(m.start < span.end and span.start < m.end for m in model):
        return False
    text = text_of(span.doc)
    if text[span.start_char - 1:span.start_char] == "、" or text[span.end_char:span.end_char + 1] in ("、", "等"):
        return False  # a list member (启航光电、蓝箭数据等): the list says it is a name
    starts, ends = edges
    return bool(starts[span.start_char] < trust.no_name and ends[span.end_char - 1] < trust.no_name)


def _a_word_not_a_name(span: Span, model: list[Span], res: Resources) -> bool:
    """A pattern person that spells a frequent word (县长商定 -> 商定, 的高级研究员 -> 高级) where the
    model reads no person (or does not run): the word, not a name."""
    return (span.id_ == "pattern" and span.label_ == res.types.person and span.text in res.common_words
            and not any(
                (m.start, m.end) == (span.start, span.end) and m.label_ == res.types.person for m in model))


def _a_person_the_model_reads_otherwise(span: Span, model: list[Span], res: Resources,
                                        confidence: Mapping[tuple[int, int], float], trust: ModelTrust) -> bool:
    """A pattern person (a title's neighbour) that the model reads no person in, and that either
    begins inside a word of the language (会计系教授 -> 计系: 会计 is one word) or crosses an
    organization the model is sure of (经理和美的集团 -> 和美 across 美的集团): the characters
    belong to the word or the name, not to a person."""
    if span.id_ != "pattern" or span.label_ != res.types.person:
        return False
    overlapping = [m for m in model if m.start < span.end and span.start < m.end]
    if any(m.label_ == res.types.person for m in overlapping):
        return False
    organizations = res.typed("named_by_suffix")
    crossed = any(m.label_ in organizations and (m.start < span.start < m.end < span.end
                                                  or span.start < m.start < span.end < m.end)
                  and confidence.get((m.start_char, m.end_char), 0.0) >= trust.long_trim for m in overlapping)
    return crossed or _begins_inside_a_word(span)


def _a_clause_not_a_name(span: Span, model: list[Span], res: Resources) -> bool:
    """A pattern name whose core (before its type suffix) begins or ends with a function word
    (jieba's tags in organizations.yaml ``not_name_edge_tags``: 不少|银行, 建议跟|银行) where the
    model reads no organization: the suffix grew over a clause."""
    organizations = _named_organizations(res)
    if span.id_ != "pattern" or span.label_ not in organizations:
        return False
    split = res.split_suffix(span.text)
    if not split or not split[0] or any(m.start < span.end and span.start < m.end and m.label_ in organizations
                                        for m in model):
        return False
    first, last = edge_tags(split[0])
    return bool({first, last} & set(res.setting("organizations", "not_name_edge_tags")))


@lru_cache(maxsize=1)
def _jieba() -> ModuleType:
    """jieba's part-of-speech cutter, loaded on first use: only names the model doubts need it."""
    with warnings.catch_warnings():  # jieba 0.42 imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import jieba
        import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    _share_word_strings(jieba.posseg.dt)
    release_freed_memory()
    return jieba.posseg


def _share_word_strings(tagger: Any) -> None:
    """Let the tagger's word -> tag table hold the tokenizer's own word strings and one string
    per tag: jieba reads its dictionary twice, so every one of its 350,000 words is two string
    objects and every tag a string of its own (about 34 MB; the tags it gives stay the same)."""
    table = getattr(tagger, "word_tag_tab", None)
    frequencies = getattr(getattr(tagger, "tokenizer", None), "FREQ", None)
    if not isinstance(table, dict) or not isinstance(frequencies, dict):
        return  # another jieba than the one this was measured on: leave it as it is
    shared = {word: sys.intern(table[word]) for word in frequencies if word in table}  # no map of all words
    if len(shared) < len(table):  # a word only the tag table has (none in jieba's own dictionary)
        shared.update((word, sys.intern(tag)) for word, tag in table.items() if word not in shared)
    tagger.word_tag_tab = shared


def warm_up_word_tags() -> None:
    """Load jieba's tagger and its dictionary now rather than at the first doubtful name."""
    _jieba().lcut("预热", HMM=False)


@lru_cache(maxsize=4096)
def edge_tags(text: str) -> tuple[str, str]:
    """The part-of-speech tags jieba gives the first and the last word of ``text`` (its own
    dictionary, no HMM)."""
    words = _jieba().lcut(text, HMM=False)
    return (words[0].flag, words[-1].flag) if words else ("", "")


@lru_cache(maxsize=4096)
def word_tags(text: str) -> tuple[str, ...]:
    """The part-of-speech tag jieba gives each word of ``text`` (its own dictionary, no HMM)."""
    return tuple(word.flag for word in _jieba().lcut(text, HMM=False))


_DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{0,4}[〔［\[（(]\d{4}[〕］\]）)]")
"""What follows an issuer's code in a document number (工信部联|企业〔2020〕10号): a code, not a body's name."""


def _word_boundaries(text: str) -> set[int]:
    """The offsets in ``text`` where jieba's words end (its own dictionary, no HMM)."""
    return set(accumulate(len(w.word) for w in _jieba().lcut(text, HMM=False)))


def _ends_inside_a_word(span: Span) -> bool:
    """Whether jieba reads no word boundary where the span ends (工信部联|合: 联合 is one word)."""
    doc_text = text_of(span.doc)
    boundaries = _word_boundaries(doc_text[span.start_char:span.end_char + 3])
    return len(span.text) not in boundaries and span.end_char < len(doc_text)


def _begins_inside_a_word(span: Span) -> bool:
    """Whether jieba reads the character before the span and its first one as one word (会|计系)."""
    start = span.start_char
    if start == 0:
        return False
    before = text_of(span.doc)[max(0, start - 3):start]
    return len(before) not in _word_boundaries(before + span.text)


def _begins_a_word(span: Span) -> bool:
    """Whether jieba reads the span and what follows as one longer word (马太 of 马太效应)."""
    words = _jieba().lcut(text_of(span.doc)[span.start_char:span.end_char + 3], HMM=False)
    return bool(words) and len(words[0].word) > len(span.text)


@merge_pass("choose_with_model")
def chosen_by_rules_and_model(state: MergeState) -> MergeState:
    """The pipeline's first choice, from the candidates alone (``choose_with_model``)."""
    return state.with_chosen(choose_with_model(state.candidates, state.resources, state.index, state.confidence,
                                               edges=state.edges))
