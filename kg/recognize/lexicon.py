"""Layer ``lexicon``: every name and alias of the ontology's lexicon, longest match first.

An Aho-Corasick automaton (pyahocorasick) finds all occurrences in one pass; a greedy
longest-first choice keeps non-overlapping ones. Short all-CJK aliases are ambiguous
(华为 is safe, but 中大 sits inside 中大型), so a two-character name is kept only when
it does not continue a Latin word or a number, and single characters are never indexed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from kg.ontology import LexiconEntry, Ontology


@dataclass(frozen=True, slots=True)
class LexiconHit:
    start: int
    end: int
    label: str
    canonical: str


def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


class LexiconIndex:
    """All lexicon names in one automaton; ``find`` returns non-overlapping hits."""

    def __init__(self, entries: Iterable[LexiconEntry], false_contexts: Iterable[str] = ()) -> None:
        self._automaton = ahocorasick.Automaton()
        self._false = ahocorasick.Automaton()
        for phrase in false_contexts:
            self._false.add_word(phrase, phrase)
        if len(self._false):
            self._false.make_automaton()
        self._known: dict[str, tuple[str, str]] = {}
        self._located: dict[str, str] = {}
        abbreviations: dict[str, set[tuple[str, str]]] = {}
        for entry in entries:
            if entry.located_in:
                self._located.setdefault(entry.name, entry.located_in)
            for name in entry.names:
                if len(name) == 1:
                    abbreviations.setdefault(name, set()).add((entry.type, entry.name))
                if len(name) < 2 or name in self._known:
                    continue  # first entry wins; single characters are too ambiguous to match
                self._known[name] = (entry.type, entry.name)
                self._automaton.add_word(name, name)
        self._abbreviations = {char: next(iter(of)) for char, of in abbreviations.items() if len(of) == 1}
        if self._known:
            self._automaton.make_automaton()

    def lookup(self, name: str) -> tuple[str, str] | None:
        """(type, canonical name) of an exact lexicon name."""
        return self._known.get(name)

    def abbreviation(self, char: str) -> tuple[str, str] | None:
        """(type, canonical name) of a one-character name the lexicon gives one entry (中 of 中国,
        沪 of 上海市). Never matched in text: only a name the model reads there is looked up."""
        return self._abbreviations.get(char)

    def place_of(self, canonical: str) -> str | None:
        """The canonical name of the place the lexicon puts ``canonical`` in directly."""
        parent = self._located.get(canonical)
        known = self._known.get(parent) if parent else None
        return known[1] if known else parent

    def is_within(self, canonical: str, place: str) -> bool:
        """Whether the lexicon places ``canonical`` in ``place`` (a canonical name), directly or
        through the places it is in (云栖小镇 in 杭州 in 浙江)."""
        seen: set[str] = set()
        current = canonical
        while current not in seen:
            seen.add(current)
            parent = self._located.get(current)
            if parent is None:
                return False
            known = self._known.get(parent)
            parent = known[1] if known else parent
            if parent == place:
                return True
            current = parent
        return False

    def find(self, text: str) -> list[LexiconHit]:
        if not self._known:
            return []
        candidates: list[LexiconHit] = []
        false = self.false_contexts(text)
        for end_index, name in self._automaton.iter(text):
            start, end = end_index - len(name) + 1, end_index + 1
            if not self._clean_edges(text, start, end, name):
                continue
            if any(s <= start and end <= e for s, e in false):
                continue  # 高通量测序: the name is part of a word of the language
            label, canonical = self._known[name]
            candidates.append(LexiconHit(start, end, label, canonical))
        return _longest_non_overlapping(candidates)

    def false_contexts(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every phrase that contains a name without naming it (高通量, 三星级)."""
        return [(e - len(p) + 1, e + 1) for e, p in self._false.iter(text)] if len(self._false) else []

    @staticmethod
    def _clean_edges(text: str, start: int, end: int, name: str) -> bool:
        """A Latin name must not be part of a longer Latin word (ARM in ARMY, LG in LGBT)."""
        if _is_latin(name[0]) and start > 0 and _is_latin(text[start - 1]):
            return False
        return not (_is_latin(name[-1]) and end < len(text) and _is_latin(text[end]))


def lexicon_index(ontology: Ontology) -> LexiconIndex:
    """The index of the ontology's lexicons, with the phrases in which a name names nothing."""
    return LexiconIndex(ontology.lexicon, ontology.vocab.get("lexicon_false_contexts", ()))


def _longest_non_overlapping(hits: list[LexiconHit]) -> list[LexiconHit]:
    taken: list[LexiconHit] = []
    used: set[int] = set()
    for hit in sorted(hits, key=lambda h: (-(h.end - h.start), h.start)):
        if used.isdisjoint(range(hit.start, hit.end)):
            taken.append(hit)
            used.update(range(hit.start, hit.end))
    return sorted(taken, key=lambda h: h.start)
