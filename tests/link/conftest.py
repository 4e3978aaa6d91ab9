"""Build a NormalizedDocument and its mentions from marked text: "由[软银愿景基金|Investor]领投"."""

from __future__ import annotations

import re

import pytest

from kg.ontology import Ontology, cached_ontology
from kg.types import Mention, NormalizedDocument, Sentence, SourceDocument

_MARK = re.compile(r"\[([^\[\]|]+)\|(\w+)\]")


def marked(*lines: str, date: str | None = None) -> tuple[NormalizedDocument, list[Mention]]:
    """One line a sentence; a line starting with '■' is a headline governing the lines below it."""
    text, mentions, sentences = "", [], []
    headline = None
    for line in lines:
        start = len(text)
        pos = 0
        for match in _MARK.finditer(line):
            text += line[pos:match.start()]
            mentions.append(Mention(len(text), len(text) + len(match[1]), match[1], match[2]))
            text += match[1]
            pos = match.end()
        text += line[pos:]
        is_heading = line.startswith("■")
        if is_heading:
            headline = text[start:].strip()
        sentences.append(Sentence(start, len(text), headline=headline, is_heading=is_heading))
        text += "\n"
    source = SourceDocument("test.txt", text, "0" * 64, "txt")
    doc = NormalizedDocument(source, text, list(range(len(text) + 1)), sentences=sentences, date=date)
    return doc, mentions


@pytest.fixture(scope="session")
def ontology() -> Ontology:
    return cached_ontology()


def triples(relations) -> set[tuple[str, str, str]]:
    return {(r.head.text, r.type, r.tail.text) for r in relations}


@pytest.fixture(name="marked")
def marked_fixture():
    return marked


@pytest.fixture(name="triples")
def triples_fixture():
    return triples
