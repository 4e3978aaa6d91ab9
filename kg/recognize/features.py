"""Lexicon features for the statistical tagger: which dictionary words each character begins, continues or ends.

A character model alone cannot know that 红杉资本 is one word or that 王小川 is a name; a word
list can. As in SoftLexicon-style models (Ma et al. 2020), each character gets, for every word
class, whether a matched word of that class Begins, is in the Middle of, or Ends at it. Word
classes come from two general sources:

- jieba's dictionary (the public word list jieba ships, ~350k words with part-of-speech tags:
  person ``nr``, place ``ns``, organization ``nt``, other proper noun ``nz``, and common words);
- the ontology: lexicon names by entity type, type suffixes (有限公司, 高新区 …), title words.

The ontology part follows the ``Ontology`` given, so a blinded ontology (``kg eval --blind``)
blinds the features too. Matching uses pyahocorasick, so the cost is linear in the text.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata, util
from itertools import chain
from pathlib import Path

import ahocorasick
import numpy as np

from kg.ontology import Ontology

POSITIONS = ("B", "M", "E")
JIEBA_CLASSES: dict[str, str] = {"nr": "w:nr", "nrt": "w:nr", "nrfg": "w:nr", "ns": "w:ns", "nt": "w:nt", "nz": "w:nz"}
"""jieba part-of-speech tags kept as their own word class; every other tag is a plain ``w:word``."""
PLAIN_MIN_FREQUENCY = 5
"""Common jieba words rarer than this are left out (proper nouns are always kept)."""
MAX_WORD = 12


def jieba_dictionary() -> Path:
    """The dictionary file inside the installed jieba package (read as data; jieba is not run)."""
    spec = util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("the NER features need the 'jieba' package for its word list: pip install jieba")
    return Path(spec.origin).parent / "dict.txt"


def jieba_words(path: Path | None = None) -> Iterable[tuple[str, str]]:
    """(word, class) pairs of jieba's dictionary, filtered as described above."""
    with (path or jieba_dictionary()).open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) != 3 or not 2 <= len(parts[0]) <= MAX_WORD:
                continue
            word, frequency, tag = parts
            word_class = JIEBA_CLASSES.get(tag)
            if word_class is None:
                if int(frequency) < PLAIN_MIN_FREQUENCY:
                    continue
                word_class = "w:word"
            yield word, word_class


@lru_cache(maxsize=4)
def common_words(min_frequency: int, path: Path | None = None) -> frozenset[str]:
    """jieba's words at least this frequent that are no person's name (商定, 干部, 高级): a
    surname and a given name that spell one of them are a word, unless the model reads a name."""
    with (path or jieba_dictionary()).open(encoding="utf-8") as handle:
        rows = (line.split() for line in handle)
        return frozenset(parts[0] for parts in rows if len(parts) == 3 and 2 <= len(parts[0]) <= 3
                         and JIEBA_CLASSES.get(parts[2]) != "w:nr" and int(parts[1]) >= min_frequency)


def ontology_words(ontology: Ontology, org_types: Sequence[str]) -> Iterable[tuple[str, str]]:
    """(word, class) pairs from the ontology: lexicon names by type, type suffixes, titles."""
    for entry in ontology.lexicon:
        for name in entry.names:
            if len(name) >= 2:
                yield name, f"lex:{entry.type}"
    for entity_type in org_types:
        for suffix in ontology.words(f"suffixes.{entity_type}"):
            if len(suffix) >= 2:
                yield suffix, f"suf:{entity_type}"
    for title in ontology.words("titles"):
        if len(title) >= 2:
            yield title, "title"


def feature_classes(entity_types: Sequence[str], org_types: Sequence[str]) -> tuple[str, ...]:
    """Every word class, in a fixed order (the model's feature layout depends on it)."""
    return (
        "w:word", "w:nr", "w:ns", "w:nt", "w:nz",
        *(f"lex:{t}" for t in entity_types),
        *(f"suf:{t}" for t in org_types),
        "title",
    )


@dataclass(frozen=True)
class LexiconFeatures:
    """Per-character multi-hot features: ``features(text)`` -> array ``(len(text), 3 * classes)``."""

    classes: tuple[str, ...]
    automaton: ahocorasick.Automaton
    lexicon_columns: tuple[int, ...]
    """Columns that come from the ontology lexicon (dropped at random in training)."""

    @property
    def size(self) -> int:
        return len(POSITIONS) * len(self.classes)

    def features(self, text: str) -> np.ndarray:
        out = np.zeros((len(text), self.size), dtype=np.float32)
        if not text:
            return out
        for end_index, (length, columns) in self.automaton.iter(text):
            start = end_index - length + 1
            for column in columns:
                base = column * 3
                out[start, base] = 1.0
                if length > 2:
                    out[start + 1 : end_index, base + 1] = 1.0
                out[end_index, base + 2] = 1.0
        return out


def build_features(ontology: Ontology, entity_types: Sequence[str], org_types: Sequence[str],
                   classes: Sequence[str] | None = None) -> LexiconFeatures:
    """Build the matcher; ``classes`` (from a saved model) fixes the column order."""
    layout = tuple(classes) if classes is not None else feature_classes(entity_types, org_types)
    column = {name: i for i, name in enumerate(layout)}
    words: dict[str, int] = {}  # word -> its columns as bits
    for word, word_class in chain(jieba_words(), ontology_words(ontology, org_types)):
        if word_class in column:
            words[word] = words.get(word, 0) | 1 << column[word_class]
    automaton = ahocorasick.Automaton()
    shared: dict[tuple[int, int], tuple[int, tuple[int, ...]]] = {}  # one value object per (length, columns)
    for word, bits in words.items():
        key = (len(word), bits)
        if key not in shared:
            shared[key] = (len(word), tuple(i for i in range(bits.bit_length()) if bits >> i & 1))
        automaton.add_word(word, shared[key])
    del words
    automaton.make_automaton()
    lexicon_columns = tuple(i for i, name in enumerate(layout) if name.startswith("lex:"))
    return LexiconFeatures(layout, automaton, lexicon_columns)


@lru_cache(maxsize=1)
def jieba_fingerprint() -> str:
    """jieba's version and the hash of its dictionary, for the model card."""
    digest = hashlib.sha256(jieba_dictionary().read_bytes()).hexdigest()[:16]
    return f"jieba {metadata.version('jieba')} dict.txt sha256:{digest}"
