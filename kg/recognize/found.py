"""The one result type of the pattern families: a typed character span of the text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import ahocorasick


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


class WordFinder:
    """Which words of a fixed, ordered list occur in a text, found in one Aho-Corasick pass.

    The pattern families test every title and suffix of the ontology (several hundred words)
    against every sentence; most never occur. ``present`` gives the indices of those that do, in
    list order, so a family loops over a handful of words and keeps its longest-first order.
    """

    __slots__ = ("_automaton",)

    def __init__(self, words: tuple[str, ...]) -> None:
        places: dict[str, list[int]] = {}
        for index, word in enumerate(words):
            if word:
                places.setdefault(word, []).append(index)
        self._automaton = ahocorasick.Automaton()
        for word, indices in places.items():
            self._automaton.add_word(word, tuple(indices))
        if places:
            self._automaton.make_automaton()

    def present(self, text: str) -> list[int]:
        """Indices (ascending) of the listed words found in ``text``, each place of a repeated word."""
        if not len(self._automaton):
            return []
        return sorted({index for _end, indices in self._automaton.iter(text) for index in indices})
