"""The one result type of the pattern families: a typed character span of the text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    label: str
    rule: str
    """Which pattern family found it (for debugging and tests)."""


def occurrences(text: str, word: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-overlapping occurrence of ``word``, as ``re.finditer`` would give.

    ``str.find`` costs a fraction of building a regex per word and sentence, which the pattern
    families did for every title and suffix of the ontology (a fifth of the pattern layer's time).
    """
    if not word:
        return
    at = text.find(word)
    while at >= 0:
        yield at, at + len(word)
        at = text.find(word, at + len(word))
