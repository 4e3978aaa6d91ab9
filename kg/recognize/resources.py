"""The word lists and pattern settings the recognizer components share, read from an ``Ontology``.

Components never open ontology files: they receive one ``Resources`` built here, so an
ablated or blinded ontology (``Ontology.without_names``) changes every layer consistently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from kg.errors import OntologyError
from kg.ontology import TRAITS, Ontology, TypeNames
from kg.recognize.features import common_words
from kg.recognize.found import WordFinder

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Resources:
    """Plain data for the pattern and typing layers."""

    suffixes: tuple[tuple[str, str], ...]
    """(suffix, type) pairs, longest suffix first."""
    titles: tuple[str, ...]
    person_after: tuple[str, ...]
    name_markers: tuple[str, ...]
    """Titles and words that follow a person's name: never part of a name (张博士, 研究员强调)."""
    surnames: frozenset[str]
    compound_surnames: frozenset[str]
    out_of_scope: tuple[str, ...]
    pronouns: frozenset[str]
    policy_endings: tuple[str, ...]
    not_policy: tuple[str, ...]
    latin_stopwords: frozenset[str]
    transliteration: frozenset[str]
    """Characters that write foreign names (vocab/transliteration.txt)."""
    generic_cores: frozenset[str]
    patterns: Mapping[str, Any]
    types: TypeNames
    """The entity types by role: components write ``res.types.place``, never a type's name."""
    traits: Mapping[str, tuple[str, ...]]
    """Trait -> the types that declare it (``types.yaml``); read with ``typed``."""
    suffix_finder: WordFinder
    """Finds which of ``suffixes`` occur in a sentence (same order)."""
    title_finder: WordFinder
    person_after_finder: WordFinder
    suffix_types: Mapping[str, str]
    """Suffix -> its type (the first pair of ``suffixes`` that has it), for look-ups by a text's ending."""
    suffix_lengths: tuple[int, ...]
    """The lengths of the suffixes, longest first."""
    common_words: frozenset[str] = frozenset()
    """Frequent jieba words that name no one (``features.common_words``; people.yaml sets the frequency)."""
    _derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def derived(self, key: str, make: Callable[[Resources], T]) -> T:
        """A value the components compute from these resources, made once (families run per sentence)."""
        if key not in self._derived:
            self._derived[key] = make(self)
        return self._derived[key]

    def typed(self, trait: str) -> tuple[str, ...]:
        """The types with ``trait`` (``named_by_suffix``: names built from a core and a type suffix)."""
        try:
            return self.traits[trait]
        except KeyError:
            raise OntologyError(f"types.yaml: no such trait {trait!r}") from None

    def setting(self, stem: str, key: str) -> Any:
        """One setting of ``patterns/<stem>.yaml``; a missing one is an ontology error."""
        try:
            return self.patterns[stem][key]
        except KeyError:
            raise OntologyError(f"patterns/{stem}.yaml: missing setting {key!r}") from None

    def pattern(self, stem: str, key: str) -> re.Pattern[str]:
        """A setting that is a regular expression, compiled once (the families run per sentence)."""
        return self.derived(f"pattern:{stem}:{key}", lambda res: re.compile(res.setting(stem, key)))

    def suffix_type(self, text: str) -> str | None:
        """The type given by the longest type suffix that ends ``text``."""
        split = self.split_suffix(text)
        return split[1] if split else None

    def split_suffix(self, text: str) -> tuple[str, str] | None:
        """(core, type) by the longest type suffix that ends ``text``."""
        for length in self.suffix_lengths:
            if len(text) > length and (entity_type := self.suffix_types.get(text[-length:])) is not None:
                return text[:-length], entity_type
        return None

    def is_generic(self, text: str) -> bool:
        """A field word plus a suffix (金融科技, 人工智能研究院) names no one in particular."""
        return any(
            length <= len(text) and text[-length:] in self.suffix_types and text[:-length] in self.generic_cores
            for length in self.suffix_lengths
        )


def _longest_first(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def build_resources(ontology: Ontology) -> Resources:
    """Collect what the components need from the ontology's vocab and patterns."""
    suffixes = [
        (word, entity_type)
        for entity_type in ontology.with_trait("named_by_suffix")
        for word in ontology.words(f"suffixes.{entity_type}")
    ]
    suffixes.sort(key=lambda pair: len(pair[0]), reverse=True)
    surnames = ontology.words("surnames")
    titles, person_after = _longest_first(ontology.words("titles")), _longest_first(ontology.words("person_after"))
    suffix_types: dict[str, str] = {}
    for word, entity_type in suffixes:
        suffix_types.setdefault(word, entity_type)
    return Resources(
        suffixes=tuple(suffixes),
        suffix_finder=WordFinder(tuple(word for word, _type in suffixes)),
        suffix_types=suffix_types,
        suffix_lengths=tuple(sorted({len(word) for word in suffix_types if word}, reverse=True)),
        titles=titles,
        title_finder=WordFinder(titles),
        person_after=person_after,
        person_after_finder=WordFinder(person_after),
        name_markers=person_after + titles,
        surnames=frozenset(s for s in surnames if len(s) == 1),
        compound_surnames=frozenset(s for s in surnames if len(s) > 1),
        out_of_scope=_longest_first(ontology.words("out_of_scope")),
        pronouns=frozenset(ontology.words("pronouns")),
        policy_endings=_longest_first(ontology.words("policy_endings")),
        not_policy=_longest_first(ontology.words("not_policy")),
        latin_stopwords=frozenset(w.lower() for w in ontology.words("latin_stopwords")),
        transliteration=frozenset("".join(ontology.words("transliteration"))),
        generic_cores=frozenset(ontology.words("generic_cores")),
        patterns=ontology.patterns,
        types=ontology.types,
        traits={trait: ontology.with_trait(trait) for trait in TRAITS},
        common_words=common_words(int(ontology.patterns.get("people", {}).get("common_word_frequency", 100))),
    )
