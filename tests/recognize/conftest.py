"""Fixtures for the recognizer tests: the shipped ontology and recognizers without HanLP."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from kg.ontology import Ontology, cached_ontology
from kg.recognize import Recognizer
from kg.types import Mention, NormalizedDocument, Sentence, SourceDocument


def make_document(text: str) -> NormalizedDocument:
    """A normalized document whose sentences end at 。！？ or a line break (dropped from text)."""
    pieces = [p for p in re.split(r"(?<=[。！？])|\n", text) if p]
    joined, sentences = "", []
    for piece in pieces:
        sentences.append(Sentence(len(joined), len(joined) + len(piece)))
        joined += piece
    source = SourceDocument("sample.txt", joined, "0" * 64, "txt")
    return NormalizedDocument(source, joined, list(range(len(joined) + 1)), sentences=sentences)


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return cached_ontology()


@pytest.fixture(scope="session")
def recognizer(ontology: Ontology) -> Recognizer:
    return Recognizer(ontology, without=frozenset({"hanlp"}))


@pytest.fixture(scope="session")
def recognize(recognizer: Recognizer) -> Callable[[str], list[Mention]]:
    return lambda text: recognizer(make_document(text))


@pytest.fixture(scope="session")
def found(recognizer: Recognizer) -> Callable[[str], set[tuple[str, str]]]:
    """The (text, label) pairs recognized in a text."""
    return lambda text: {(m.text, m.label) for m in recognizer(make_document(text))}


@pytest.fixture(scope="session")
def document() -> Callable[[str], NormalizedDocument]:
    return make_document
