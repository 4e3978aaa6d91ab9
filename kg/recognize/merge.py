"""Typing and merging: from overlapping layer proposals to one typed span per stretch of text.

``type_span`` applies the typing rules (lexicon first, then the type suffix; out-of-scope
names and pronoun-like references are dropped). ``choose_spans`` is the named filter, like
spaCy's ``filter_spans``: longest first, ties broken by layer priority lexicon > pattern > hanlp.
"""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from kg.recognize.lexicon import LexiconIndex
from kg.recognize.resources import ORG_TYPES, Resources

LAYER_PRIORITY: dict[str, int] = {"lexicon": 0, "pattern": 1, "hanlp": 2}

_INTERNATIONAL = ("国际", "世界", "全球", "亚太")
"""Bodies named so are international organizations, not government agencies (国际电工委员会)."""

NESTED_TYPES = frozenset({"Institute"})
"""Types worth reporting also when they sit inside a longer name (中国科学院 in 中国科学院声学研究所)."""


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
    trimmed = _without_place_prefix(span, index)
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
    """杭州云栖小镇 -> 云栖小镇 when the rest is a known name and the prefix a known place."""
    text = span.text
    for cut in range(1, len(text) - 1):
        place, rest = index.lookup(text[:cut]), index.lookup(text[cut:])
        if place and rest and place[0] == "Location" and rest[0] != "Location":
            return Span(span.doc, span.start + cut, span.end, label=rest[0], kb_id=rest[1], span_id=span.id_)
    return None


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
    inside = [
        c for c in candidates
        if c.label_ in NESTED_TYPES and c.id_ in ("lexicon", "pattern")
        and any(
            o.label_ not in _OPAQUE and o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end)
            for o in chosen
        )
    ]
    return choose_spans(inside)
