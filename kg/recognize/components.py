"""The spaCy components of the recognizer; each writes one span group or ``doc.ents``.

Like spaCy's ``SpanRuler``, a component is built empty by its factory and receives its
data afterwards (``set_resources``), so the data can come from any ``Ontology`` (a blinded
one included) without passing objects through spaCy's config.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import RecognizerError
from kg.ontology import Ontology
from kg.recognize.found import Found
from kg.recognize.hanlp import CONFIDENCE_KEY, EDGES_KEY
from kg.recognize.lexicon import LexiconIndex, lexicon_index
from kg.recognize.mentions import NESTED_GROUP
from kg.recognize.merge import choose_spans, layer_span, nested_spans, sentence_ranges, text_of, type_span
from kg.recognize.orgs import (
    find_latin_names,
    find_quoted_after_descriptor,
    find_short_units,
    find_suffixed_names,
)
from kg.recognize.passes import PASS_ORDER, MergeState, passes_named
from kg.recognize.passes.model import warm_up_word_tags
from kg.recognize.people import find_people
from kg.recognize.places import find_places, find_unlisted_places, place_regex
from kg.recognize.policies import find_policies
from kg.recognize.resources import Resources, build_resources

LAYER_GROUPS: dict[str, str] = {"lexicon": "kg_lexicon", "pattern": "kg_pattern", "hanlp": "kg_hanlp"}
"""Layer name -> the ``doc.spans`` key it writes."""


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
            layer_span(doc, hit.start, hit.end, hit.label, "lexicon", hit.canonical)
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
        self.false_contexts = LexiconIndex(())

    def set_resources(self, ontology: Ontology) -> None:
        self.resources = build_resources(ontology)
        self.place_names = tuple(n for e in ontology.entries(ontology.types.place) for n in e.names if len(n) > 1)
        self.false_contexts = LexiconIndex((), ontology.vocab.get("lexicon_false_contexts", ()))

    def families(self) -> list[PatternFamily]:
        return [
            find_suffixed_names,
            find_short_units,
            find_quoted_after_descriptor,
            find_latin_names,
            find_people,
            find_policies,
            self._find_unlisted_places,
            self._find_places,
        ]

    def _find_unlisted_places(self, text: str, res: Resources) -> list[Found]:
        """Unlisted ``X市`` names, but not a listed place with words in front (据佛山市 is 据 and
        佛山市: the listed name is the place)."""
        found = find_unlisted_places(text, res)
        if not found or not self.place_names:
            return found
        listed = place_regex(self.place_names, res)
        return [f for f in found
                if not any(listed.fullmatch(text, start, f.end) for start in range(f.start + 1, f.end - 1))]

    def _find_places(self, text: str, res: Resources) -> list[Found]:
        """Listed places, but not inside a phrase that only contains one (发展中国家 names no 中国)."""
        false = self.false_contexts.false_contexts(text)
        return [f for f in find_places(text, res, self.place_names)
                if not any(start <= f.start and f.end <= end for start, end in false)]

    def _find(self, doc: Doc) -> Iterator[tuple[int, Found]]:
        """Run every family sentence by sentence, so no name runs across a heading."""
        assert self.resources is not None
        text = text_of(doc)
        sentences = sentence_ranges(doc)
        pieces = [(start, text[start:end]) for start, end in sentences] if sentences is not None else [(0, text)]
        for offset, text in pieces:
            for family in self.families():
                for item in family(text, self.resources):
                    yield offset, item

    def __call__(self, doc: Doc) -> Doc:
        self._require(self.resources)
        assert self.resources is not None
        spans: dict[tuple[int, int, str], Span] = {}
        for offset, item in self._find(doc):
            span = layer_span(doc, offset + item.start, offset + item.end, item.label, "pattern")
            if span is not None:
                spans.setdefault((span.start, span.end, span.label_), span)
        doc.spans[LAYER_GROUPS["pattern"]] = sorted(spans.values(), key=lambda s: (s.start, s.end))
        return doc


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

    def warm_up(self) -> None:
        """Load jieba's tagger, which the model pass reads on first use."""
        if self.typing:
            warm_up_word_tags()

    def pass_names(self) -> tuple[str, ...]:
        """The merge passes this component runs, in ``PASS_ORDER`` (``lists=False`` leaves out list members)."""
        return tuple(name for name in PASS_ORDER if self.lists or name != "list_members")

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
            state = MergeState(doc, self.resources, self.index, candidates,
                               confidence=doc.user_data.get(CONFIDENCE_KEY, {}), edges=doc.user_data.get(EDGES_KEY))
            for merge_pass in passes_named(self.pass_names()):
                state = merge_pass(state)
            chosen = state.chosen
        else:
            chosen = choose_spans(candidates)
        doc.ents = choose_spans(chosen)  # no pass may hand spaCy overlapping entities (E1010)
        doc.spans[NESTED_GROUP] = nested_spans(chosen, candidates, self.resources)
        return doc
