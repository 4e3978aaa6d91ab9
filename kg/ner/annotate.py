"""Bulletin text the project annotates itself: sentences labelled by the rule layers.

Generated sentences teach the model names; they do not teach it the genre's prose (tables
of contents, mastheads, long policy sentences). Running the trusted layers (lexicon,
patterns, lists) over bulletin-style text the project wrote (``samples/``) gives real
sentences with silver labels. Never point this at evaluation documents: the model would
then be scored on what it was trained on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from kg.ner.generate import Example
from kg.ner.names import makers
from kg.normalize import normalize
from kg.ontology import Ontology
from kg.read import discover, read_document
from kg.recognize import Recognizer
from kg.types import Mention

MAX_SENTENCE = 250
"""Longer sentences are cut by the tagger anyway (``kg.recognize.hanlp.MAX_CHUNK``)."""


def _outermost(mentions: Sequence[Mention]) -> list[Mention]:
    """One label per character: nested names (an institute inside a longer name) are dropped."""
    kept: list[Mention] = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if not kept or m.start >= kept[-1].end:
            kept.append(m)
    return kept


def annotated_examples(paths: Iterable[Path], ontology: Ontology) -> list[Example]:
    """Every sentence of the documents under ``paths``, labelled by lexicon, patterns and lists."""
    recognizer = Recognizer(ontology, without=frozenset({"hanlp"}))
    kept_types = frozenset(makers(ontology.types))  # the role types the generated sentences name too
    examples: list[Example] = []
    for path, display in discover(list(paths)):
        doc = normalize(read_document(path, display))
        mentions = [m for m in _outermost(recognizer(doc)) if m.label in kept_types]
        for sentence in doc.sentences:
            text = doc.text[sentence.start:sentence.end]
            if not 4 <= len(text.strip()) <= MAX_SENTENCE:
                continue
            spans = tuple(
                (m.start - sentence.start, m.end - sentence.start, m.label)
                for m in mentions if sentence.start <= m.start and m.end <= sentence.end
            )
            examples.append(Example(text, spans))
    return examples
