"""The boundary of the recognize stage: a processed spaCy ``Doc`` to plain ``Mention`` values."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.recognize.merge import span_offsets, span_text
from kg.types import Mention

NESTED_GROUP = "kg_nested"
"""Span group of names inside longer names (中国科学院 inside 中国科学院声学研究所)."""


def _mention(span: Span) -> Mention:
    start, end = span_offsets(span)
    return Mention(
        start=start,
        end=end,
        text=span_text(span),
        label=span.label_,
        source=span.id_ or "pattern",
        canonical=span.kb_id_ or None,
    )


def doc_to_mentions(doc: Doc, *, nested: bool = True) -> list[Mention]:
    """``doc.ents`` (and, when ``nested``, the names inside them) as mentions in text order."""
    spans = list(doc.ents)
    if nested and NESTED_GROUP in doc.spans:
        spans.extend(doc.spans[NESTED_GROUP])
    return [_mention(s) for s in sorted(spans, key=lambda s: (s.start, -s.end))]
