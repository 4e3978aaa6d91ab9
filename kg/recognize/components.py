"""The spaCy components of the recognizer; each writes one span group or ``doc.ents``.

Like spaCy's ``SpanRuler``, a component is built empty by its factory and receives its
data afterwards (``set_resources``), so the data can come from any ``Ontology`` (a blinded
one included) without passing objects through spaCy's config.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import RecognizerError
from kg.ontology import Ontology
from kg.recognize.found import Found
from kg.recognize.hanlp import CONFIDENCE_KEY
from kg.recognize.lexicon import LexiconIndex, lexicon_index
from kg.recognize.lists import find_list_members
from kg.recognize.mentions import NESTED_GROUP
from kg.recognize.merge import (
    choose_spans,
    choose_with_model,
    declared_short_names,
    is_out_of_scope,
    joined_names,
    joint_bodies,
    investment_word_dropped,
    nested_spans,
    parks_in_parks,
    placed_agencies,
    references_before_titles,
    repeated_names,
    subsidiary_names,
    text_of,
    type_span,
    with_declared_names,
)
from kg.recognize.orgs import (
    find_latin_names,
    find_quoted_after_descriptor,
    find_short_units,
    find_suffixed_names,
)
from kg.recognize.people import find_people
from kg.recognize.places import find_places, find_unlisted_places
from kg.recognize.policies import find_policies
from kg.recognize.resources import Resources, build_resources
from kg.recognize.subjects import find_financing_subjects, find_investment_objects
from kg.types import REFERENCE_SOURCE

LAYER_GROUPS: dict[str, str] = {"lexicon": "kg_lexicon", "pattern": "kg_pattern", "hanlp": "kg_hanlp"}
"""Layer name -> the ``doc.spans`` key it writes."""


def _span(doc: Doc, start: int, end: int, label: str, layer: str, canonical: str = "") -> Span | None:
    """A span over character offsets (one token per character), tagged with its layer."""
    return doc.char_span(start, end, label=label, kb_id=canonical, span_id=layer)


_OPENERS = "由和与及、的在是将向对为被把从等获"
"""Single characters after which a name may start inside running text (由某某领投)."""


def _clear_start(text: str, start: int, end: int) -> bool:
    """A two-character repeat must start a word: 建行 repeats in 由建行跟投, not in 创建行动."""
    if end - start > 2 or start == 0:
        return True
    before = text[start - 1]
    return not "\u4e00" <= before <= "\u9fff" or before in _OPENERS


class _NeedsData:
    name: str

    def _require(self, value: object) -> None:
        if value is None:
            raise RecognizerError(f"component {self.name!r} has no data: call set_resources(ontology) first")


class LexiconComponent(_NeedsData):
    """``kg_lexicon``: lexicon names and aliases, longest match first -> ``doc.spans["kg_lexicon"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.index: LexiconIndex | None = None

    def set_resources(self, ontology: Ontology) -> None:
        self.index = lexicon_index(ontology)

    def __call__(self, doc: Doc) -> Doc:
        self._require(self.index)
        assert self.index is not None
        spans = [
            _span(doc, hit.start, hit.end, hit.label, "lexicon", hit.canonical)
            for hit in self.index.find(text_of(doc))
        ]
        doc.spans[LAYER_GROUPS["lexicon"]] = [s for s in spans if s is not None]
        return doc


PatternFamily = Callable[[str, Resources], list[Found]]


class PatternComponent(_NeedsData):
    """``kg_pattern``: names nobody listed, from the grammar of names -> ``doc.spans["kg_pattern"]``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.resources: Resources | None = None
        self.place_names: tuple[str, ...] = ()

    def set_resources(self, ontology: Ontology) -> None:
        self.resources = build_resources(ontology)
        self.place_names = tuple(n for e in ontology.entries("Location") for n in e.names)

    def families(self) -> list[PatternFamily]:
        return [
            find_suffixed_names,
            find_short_units,
            find_quoted_after_descriptor,
            find_latin_names,
            find_people,
            find_policies,
            find_unlisted_places,
            self._find_places,
        ]

    def _find_places(self, text: str, res: Resources) -> list[Found]:
        return find_places(text, res, self.place_names)

    def _find(self, doc: Doc) -> Iterator[tuple[int, Found]]:
        """Run every family sentence by sentence, so no name runs across a heading."""
        assert self.resources is not None
        text = text_of(doc)
        pieces = ([(s.start_char, text[s.start_char:s.end_char]) for s in doc.sents]
                  if doc.has_annotation("SENT_START") else [(0, text)])
        for offset, text in pieces:
            for family in self.families():
                for item in family(text, self.resources):
                    yield offset, item

    def __call__(self, doc: Doc) -> Doc:
        self._require(self.resources)
        assert self.resources is not None
        spans: dict[tuple[int, int, str], Span] = {}
        for offset, item in self._find(doc):
            span = _span(doc, offset + item.start, offset + item.end, item.label, "pattern")
            if span is not None:
                spans.setdefault((span.start, span.end, span.label_), span)
        doc.spans[LAYER_GROUPS["pattern"]] = sorted(spans.values(), key=lambda s: (s.start, s.end))
        return doc


def _inside_any(span: Span, others: list[Span]) -> bool:
    """Whether ``span`` lies inside one of ``others`` (a place a list member absorbed)."""
    return any(o.start <= span.start and span.end <= o.end for o in others)


class MergeComponent(_NeedsData):
    """``kg_merge``: types the span groups and keeps the best non-overlapping ones in ``doc.ents``."""

    def __init__(self, nlp: Language, name: str, *, typing: bool = True, lists: bool = True) -> None:
        self.name = name
        self.typing = typing
        self.lists = lists
        self.resources: Resources | None = None
        self.index: LexiconIndex | None = None

    def set_resources(self, ontology: Ontology) -> None:
        self.resources = build_resources(ontology)
        self.index = lexicon_index(ontology)

    def __call__(self, doc: Doc) -> Doc:
        self._require(self.resources)
        assert self.resources is not None and self.index is not None
        candidates: list[Span] = []
        for key in LAYER_GROUPS.values():
            for span in doc.spans.get(key, []):
                typed = type_span(span, self.resources, self.index) if self.typing else span
                if typed is not None:
                    candidates.append(typed)
        if self.typing:
            confidence = doc.user_data.get(CONFIDENCE_KEY, {})
            chosen = choose_with_model(candidates, self.resources, self.index, confidence)
            chosen = investment_word_dropped(chosen, self.resources, self.index)
            chosen = joint_bodies(joined_names(placed_agencies(chosen, self.index), candidates, self.resources))
            chosen = subsidiary_names(parks_in_parks(chosen, candidates, self.resources), self.resources)
            if self.lists:
                members = self._list_members(doc, chosen)
                chosen = sorted([c for c in chosen if not _inside_any(c, members)] + members, key=lambda s: s.start)
            declared = declared_short_names(chosen)
            chosen = with_declared_names(chosen, declared)
            repeats = self._repeated(doc, chosen, declared)
            chosen = sorted([c for c in chosen if not _inside_any(c, repeats)] + repeats, key=lambda s: s.start)
            chosen = sorted(chosen + self._references(doc, chosen), key=lambda s: s.start)
            chosen = self._outside_credits(doc, chosen)
        else:
            chosen = choose_spans(candidates)
        doc.ents = choose_spans(chosen)  # no pass may hand spaCy overlapping entities (E1010)
        doc.spans[NESTED_GROUP] = nested_spans(chosen, candidates)
        return doc

    def _repeated(self, doc: Doc, chosen: list[Span], declared: dict[str, tuple[str, str]]) -> list[Span]:
        """Names chosen once, wherever else the document writes them (see ``repeated_names``)."""
        assert self.resources is not None
        contractions = dict(self.resources.setting("organizations", "contractions"))
        assert self.index is not None
        text = text_of(doc)
        false = self.index.false_contexts(text)
        spans = (_span(doc, s, e, label, "repeat", canonical)
                 for s, e, label, canonical in repeated_names(text, chosen, contractions, declared)
                 if not any(fs <= s and e <= fe for fs, fe in false) and _clear_start(text, s, e))
        return [s for s in spans if s is not None]

    def _outside_credits(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """Names inside a credit line ((来源：新华社), 编辑：王某) are no facts of the news."""
        assert self.resources is not None
        credits = [m.span() for m in re.finditer(self.resources.setting("credits", "credit"), text_of(doc))]
        return [s for s in chosen if not any(a <= s.start_char and s.end_char <= b for a, b in credits)]

    def _references(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """Type words standing for a name before a title (see ``references_before_titles``)."""
        assert self.resources is not None
        pronouns = tuple(self.resources.pronouns)
        spans = (_span(doc, s, e, label, REFERENCE_SOURCE, canonical)
                 for s, e, label, canonical in references_before_titles(text_of(doc), chosen, pronouns, self.resources.titles))
        return [s for s in spans if s is not None]

    def _list_members(self, doc: Doc, chosen: list[Span]) -> list[Span]:
        """Unknown list members typed by their neighbours, and financing subjects (``lists``, ``subjects``)."""
        assert self.resources is not None
        known = [(s.start_char, s.end_char, s.label_) for s in chosen]
        members = find_list_members(text_of(doc), known, self.resources)
        known += [(m.start, m.end, m.label) for m in members]
        members += find_financing_subjects(text_of(doc), known, self.resources)
        known += [(m.start, m.end, m.label) for m in members]
        members += find_investment_objects(text_of(doc), known, self.resources)
        spans = (_span(doc, m.start, m.end, m.label, "list") for m in members)
        kept: list[Span] = []
        for span in spans:  # a later pass never overlaps what an earlier one found (万达 / 达投资)
            if span is not None and not is_out_of_scope(span.text, span.label_, self.resources) \
                    and not any(k.start < span.end and span.start < k.end for k in kept):
                kept.append(span)
        return kept
