"""Typing and merging: the basics every merge pass shares.

``type_span`` applies the typing rules (lexicon first, then the type suffix; out-of-scope
names and pronoun-like references are dropped). ``choose_spans`` is the named filter, like
spaCy's ``filter_spans``: longest first, ties broken by layer priority lexicon > pattern > hanlp.
The passes that reshape the chosen spans afterwards live in ``kg.recognize.passes``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from kg.recognize.lexicon import LexiconIndex
from kg.recognize.resources import Resources

LAYER_PRIORITY: dict[str, int] = {"lexicon": 0, "pattern": 1, "hanlp": 2, "list": 3}

JOINERS = "与和及"
"""Conjunctions some names hold inside them (某某研究所噪声与振动重点实验室)."""

DASHES = "—－-–"
"""Dashes that join two bodies into one (某某大学—某企业联合实验室)."""

_INTERNATIONAL = ("国际", "世界", "全球", "亚太")
"""Bodies named so are international organizations, not government agencies (国际电工委员会)."""


_TEXT_KEY, _SENTENCES_KEY, _CHAR_TOKENS_KEY = "kg_text", "kg_sentences", "kg_char_tokens"


def text_of(doc: Doc) -> str:
    """The text of a Doc, built once (spaCy joins its tokens anew at every ``doc.text``)."""
    if _TEXT_KEY not in doc.user_data:
        doc.user_data[_TEXT_KEY] = doc.text
    return doc.user_data[_TEXT_KEY]


def sentence_ranges(doc: Doc) -> tuple[tuple[int, int], ...] | None:
    """(start, end) characters of each sentence, or None when the Doc has no sentence starts.

    Read once per Doc: ``has_annotation`` and ``doc.sents`` make a Token for every character."""
    if _SENTENCES_KEY not in doc.user_data:
        doc.user_data[_SENTENCES_KEY] = (tuple((s.start_char, s.end_char) for s in doc.sents)
                                         if doc.has_annotation("SENT_START") else None)
    return doc.user_data[_SENTENCES_KEY]


def remember_layout(doc: Doc, text: str, sentence_starts: set[int]) -> None:
    """Give ``text_of`` and ``sentence_ranges`` what the Doc was made from, so neither rebuilds it
    from the tokens; ``sentence_starts`` are the Doc's sentence starts (none: no sentences set)."""
    doc.user_data[_TEXT_KEY] = text
    doc.user_data[_CHAR_TOKENS_KEY] = True
    if sentence_starts:
        doc.user_data[_SENTENCES_KEY] = ranges_from_starts(len(text), sentence_starts)


def one_token_per_character(doc: Doc) -> bool:
    """Whether ``make_doc`` built the Doc (``remember_layout``): token offsets are character offsets."""
    return bool(doc.user_data.get(_CHAR_TOKENS_KEY))


def span_text(span: Span) -> str:
    """``span.text`` without spaCy making a Token per character: on a Doc ``make_doc`` built
    (one token per character, ``remember_layout``) token offsets are character offsets."""
    doc = span.doc
    return doc.user_data[_TEXT_KEY][span.start:span.end] if one_token_per_character(doc) else span.text


def span_offsets(span: Span) -> tuple[int, int]:
    """``(span.start_char, span.end_char)``, likewise without Tokens on kg's Docs."""
    return (span.start, span.end) if one_token_per_character(span.doc) else (span.start_char, span.end_char)


def ranges_from_starts(length: int, sentence_starts: set[int]) -> tuple[tuple[int, int], ...]:
    """(start, end) of each sentence of a text of ``length`` characters, from their starts."""
    edges = sorted({s for s in sentence_starts if 0 < s < length} | {0, length})
    return tuple(zip(edges, edges[1:]))


def relabeled(span: Span, label: str, canonical: str | None = None) -> Span:
    """The same stretch of text with another type (and canonical name, when given)."""
    return Span(span.doc, span.start, span.end, label=label,
                kb_id=canonical if canonical is not None else span.kb_id_, span_id=span.id_)


def layer_span(doc: Doc, start: int, end: int, label: str, layer: str, canonical: str = "") -> Span | None:
    """A span over character offsets (one token per character), tagged with its layer."""
    if one_token_per_character(doc) and 0 <= start < end <= len(doc):
        return Span(doc, start, end, label=label, kb_id=canonical, span_id=layer)
    return doc.char_span(start, end, label=label, kb_id=canonical, span_id=layer)


def inside_any(span: Span, others: Iterable[Span]) -> bool:
    """Whether ``span`` lies inside one of ``others`` (a place a list member absorbed)."""
    return any(o.start <= span.start and span.end <= o.end for o in others)


def add_covering(chosen: Iterable[Span], added: list[Span]) -> list[Span]:
    """``added`` take the place of the chosen spans inside them; the result is in text order."""
    return sorted([c for c in chosen if not inside_any(c, added)] + added, key=lambda s: s.start)


def is_out_of_scope(text: str, label: str, res: Resources) -> bool:
    """Events, publications, reports, generic groups and pronoun-like references."""
    if text in res.pronouns:
        return True
    if label in (res.types.document, res.types.person, res.types.place):
        return False
    return text.endswith(res.out_of_scope)


def type_span(span: Span, res: Resources, index: LexiconIndex) -> Span | None:
    """The span with its ontology type decided, or None when it is out of scope."""
    text = span_text(span)
    known = index.lookup(text) if len(text) > 1 else index.abbreviation(text)
    if known is not None:
        label, canonical = known
        return relabeled(span, label, canonical)
    if len(text) == 1:
        return None  # one character names something only as the abbreviation the lexicon knows
    if is_out_of_scope(text, span.label_, res):
        return None
    trimmed = _without_place_prefix(span, res, index) or _without_address(span, res)
    if trimmed is not None:
        return trimmed
    if span.label_ in res.typed("named_by_suffix"):
        if res.is_generic(text):
            return None
        by_suffix = res.suffix_type(text)
        label = by_suffix or span.label_
        if label == res.types.government and text.startswith(_INTERNATIONAL):
            label = res.types.body
        if label != span.label_:
            return relabeled(span, label)
    return span


def _without_place_prefix(span: Span, res: Resources, index: LexiconIndex) -> Span | None:
    """杭州云栖小镇 -> 云栖小镇 when the rest is a known name the lexicon places in that place
    (美国西北大学 is not 西北大学, which is in 西安)."""
    text, place_type = span_text(span), res.types.place
    for cut in range(1, len(text) - 1):
        place, rest = index.lookup(text[:cut]), index.lookup(text[cut:])
        if place and rest and place[0] == place_type and rest[0] != place_type \
                and index.is_within(rest[1], place[1]):
            return Span(span.doc, span.start + cut, span.end, label=rest[0], kb_id=rest[1], span_id=span.id_)
    return None


_ADDRESS = re.compile(r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|区|县)){2,}")
"""An address of two levels or more: 杭州市西湖区, 广东省深圳市南山区."""


def _without_address(span: Span, res: Resources) -> Span | None:
    """杭州市西湖区云栖小镇 -> 云栖小镇: a park written after its full address (province or city,
    then district) is named without it; a one-level prefix (上海张江高科技园区, 苏州工业园区) is
    often part of the name and stays."""
    if span.label_ != res.types.zone:
        return None
    address = _ADDRESS.match(span.text)
    rest = span.text[address.end():] if address else ""
    if len(rest) < 4 or res.is_generic(rest) or res.suffix_type(rest) != res.types.zone:
        return None
    return Span(span.doc, span.start + address.end(), span.end, label=res.types.zone, span_id=span.id_)


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


def nested_spans(chosen: list[Span], candidates: Iterable[Span], res: Resources) -> list[Span]:
    """Candidates strictly inside a chosen span, of a type worth keeping, without overlaps.

    A ``nested`` type is worth reporting also inside a longer name (中国科学院 in 中国科学院声学研究所);
    names inside an ``opaque`` one are no mentions (a title's words, 宁德 in 宁德时代).
    """
    if not chosen:
        return []  # nothing to be inside (and no text to read: a document whose every name was dropped)
    text = text_of(chosen[0].doc)
    inside = [
        c for c in candidates
        if c.label_ in res.typed("nested") and c.id_ in ("lexicon", "pattern")
        and not (c.start_char > 0 and text[c.start_char - 1] in JOINERS + DASHES)  # the cut tail of a joined name
        and any(
            o.label_ not in res.typed("opaque") and o.start <= c.start and c.end <= o.end and (o.start, o.end) != (c.start, c.end)
            for o in chosen
        )
    ]
    return choose_spans(inside)
