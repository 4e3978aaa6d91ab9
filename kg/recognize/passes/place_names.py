"""Merge passes for names that begin with a place: a place's own body, a park inside a park.

A ministry's short name after a place is that place's body (美国商务部, 市发展改革委), and a
grown park name that begins or ends with a listed park is read against that park.
"""

from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Span

from kg.recognize.lexicon import LexiconIndex
from kg.recognize.merge import text_of
from kg.recognize.passes.registry import MergeState, merge_pass

HOME_COUNTRY = "中国"

_LOCAL_LEVELS = "省市区县州"
"""'市发展改革委': one character for the level stands for the place whose body it is."""


@merge_pass("placed_agencies")
def placed_agencies(state: MergeState) -> MergeState:
    """A ministry's short name after a place is that place's body, not the ministry.

    美国 + 商务部 -> 美国商务部 (the country's ministry); 北京市 + 发展改革委 -> 北京市发展改革委
    and 市 + 发展改革委 -> 市发展改革委 (the local commission, not the national one the lexicon
    knows by the same short name).
    """
    chosen, res, index = state.chosen, state.resources, state.index
    merged: list[Span] = []
    skip: set[int] = set()
    agency = res.types.government
    for i, (left, right) in enumerate(pairwise(chosen)):
        if left.end != right.start or left.label_ != res.types.place or right.label_ != agency:
            continue
        place = left.kb_id_ or left.text
        if index.lookup(left.text) is None or place == HOME_COUNTRY:
            continue
        foreign = not index.is_within(place, HOME_COUNTRY)
        if foreign or _national(right, index):
            merged.append(Span(left.doc, left.start, right.end, label=agency, span_id=right.id_))
            skip.update((i, i + 1))
    result = [s for i, s in enumerate(chosen) if i not in skip] + merged
    text = text_of(chosen[0].doc) if chosen else ""
    for i, span in enumerate(result):
        at = span.start_char
        if span.label_ == agency and _national(span, index) and at > 0 and text[at - 1] in _LOCAL_LEVELS \
                and (at == 1 or not "\u4e00" <= text[at - 2] <= "\u9fff" or text[at - 2] in "的和与及在由"):
            local = span.doc.char_span(at - 1, span.end_char, label=agency, span_id=span.id_)
            if local is not None and not any(o.end > local.start and o.start < local.end for o in result if o is not span):
                result[i] = local
    return state.with_chosen(sorted(result, key=lambda s: s.start))


def _national(span: Span, index: LexiconIndex) -> bool:
    """A lexicon body the lexicon places in the home country itself: a national one."""
    return bool(span.kb_id_) and index.place_of(span.kb_id_) == HOME_COUNTRY


@merge_pass("parks_in_parks")
def parks_in_parks(state: MergeState) -> MergeState:
    """东湖高新区 + 光谷生物城 -> two parks: a grown park name that begins with a listed park is
    a park inside it (the relation rules then place the inner one in the outer one). A grown
    name that ends with a listed park after words that are no place (突破地和实践地云栖小镇) is
    that park, described."""
    res, candidates = state.resources, state.candidates
    park = res.types.zone
    listed = {(c.start_char, c.end_char): c for c in candidates if c.id_ == "lexicon" and c.label_ == park}
    places = [c for c in candidates if c.label_ == res.types.place]
    result: list[Span] = []
    for span in state.chosen:
        if span.label_ != park or span.id_ == "lexicon":
            result.append(span)
            continue
        start, end = span.start_char, span.end_char
        described = next((listed[(s, end)] for s in range(start + 1, end - 2) if (s, end) in listed), None)
        if described is not None and not any(start <= p.start_char < described.start_char for p in places):
            result.append(described)
            continue
        outer = next((listed[(start, e)] for e in range(end - 3, start, -1) if (start, e) in listed), None)
        inner = span.doc.char_span(outer.end_char, end, label=park, span_id=span.id_) if outer else None
        if outer is None or inner is None or res.suffix_type(inner.text) != park or res.is_generic(inner.text):
            result.append(span)
            continue
        result += [outer, inner]
    return state.with_chosen(result)
