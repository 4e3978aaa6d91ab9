"""Read the public annotated NER sets named in ``ontology/corpora.yaml`` as ontology-typed examples.

The files are read in place (``../shared/corpus/public`` by default) and never copied into the
project. Each set's labels go through the table in ``corpora.yaml``; organization names are
re-typed by the ontology's type suffixes where a suffix decides. Splits are by a hash of the
sentence text, so they are the same on every machine and run.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.ner.generate import Example
from kg.recognize.iobes import Span
from kg.ontology import Ontology

CORPORA_ENV = "KG_CORPORA"


def default_root() -> Path:
    """``$KG_CORPORA``, else ``../shared/corpus/public`` beside the project checkout."""
    configured = os.environ.get(CORPORA_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "public"


@dataclass(frozen=True)
class Corpus:
    """One named set: its examples in ontology types, and the raw labels of each span."""

    name: str
    examples: tuple[Example, ...]
    raw_labels: tuple[tuple[str, ...], ...]
    """Per example, the set's own label of each span (same order as ``Example.spans``)."""


def org_types(ontology: Ontology) -> tuple[str, ...]:
    """Entity types named by a suffix: those with a ``vocab/suffixes.<Type>.txt``."""
    return tuple(t for t in ontology.entity_types if f"suffixes.{t}" in ontology.vocab)


class SuffixTyper:
    """The type the longest ontology suffix gives a name (None when no suffix decides)."""

    def __init__(self, ontology: Ontology) -> None:
        pairs = [(w, t) for t in org_types(ontology) for w in ontology.words(f"suffixes.{t}")]
        self.pairs = sorted(pairs, key=lambda p: len(p[0]), reverse=True)
        self.types = frozenset(t for _, t in pairs)

    def __call__(self, name: str) -> str | None:
        return next((t for w, t in self.pairs if name.endswith(w) and len(name) > len(w)), None)


def _read_cluener(path: Path) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                spans = [(b, e + 1, label) for label, surfaces in (record.get("label") or {}).items()
                         for places in surfaces.values() for b, e in places]
                yield record["text"], spans
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise KGError(f"{path}:{line_no}: not a CLUENER record ({exc})") from None


def _read_bio(path: Path) -> Iterator[tuple[str, list[tuple[int, int, str]]]]:
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> tuple[str, list[tuple[int, int, str]]]:
        spans: list[tuple[int, int, str]] = []
        for i, tag in enumerate(tags):
            if tag.startswith("B-") or (tag.startswith("I-") and (i == 0 or tags[i - 1][2:] != tag[2:])):
                end = i + 1
                while end < len(tags) and tags[end] == f"I-{tag[2:]}":
                    end += 1
                spans.append((i, end, tag[2:]))
        return "".join(chars), spans

    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            parts = line.rstrip("\n").rsplit(None, 1) if line.strip() else []
            if not parts:
                if chars:
                    yield flush()
                chars, tags = [], []
                continue
            if len(parts) != 2 or len(parts[0]) != 1:
                raise KGError(f"{path}:{line_no}: expected one character and a BIO tag, got {line.strip()!r}")
            chars.append(parts[0])
            tags.append(parts[1])
    if chars:
        yield flush()


READERS = {"cluener": _read_cluener, "bio": _read_bio}


SHORTEST_TRIMMED_NAME = 2
"""Characters a trimmed name keeps at least: Chinese place names have two or more (中国, 美国)."""


def trim_ending(surface: str, endings: Sequence[str]) -> str:
    """``surface`` without the longest of ``endings`` that leaves a name (中国国籍, 中国籍 -> 中国)."""
    for ending in sorted(endings, key=len, reverse=True):
        if surface.endswith(ending) and len(surface) - len(ending) >= SHORTEST_TRIMMED_NAME:
            return surface[: -len(ending)]
    return surface


def read_corpus(name: str, spec: Mapping[str, Any], root: Path, ontology: Ontology) -> Corpus:
    """One set of ``corpora.yaml``, mapped into the ontology; nested or overlapping spans keep the first."""
    reader = READERS.get(spec["format"])
    if reader is None:
        raise KGError(f"corpora.yaml: corpus {name!r} has unknown format {spec['format']!r}")
    typer = SuffixTyper(ontology) if spec.get("retype_by_suffix") else None
    labels: Mapping[str, str | None] = spec["labels"]
    endings: Mapping[str, Sequence[str]] = spec.get("trim_endings") or {}
    examples: list[Example] = []
    raw: list[tuple[str, ...]] = []
    for file in spec["files"]:
        path = root / file
        if not path.is_file():
            raise KGError(f"{path}: training corpus {name!r} not found (give its folder with --corpora)")
        for text, spans in reader(path):
            kept: list[Span] = []
            kept_raw: list[str] = []
            taken: set[int] = set()
            for start, end, label in sorted(spans):
                target = labels.get(label)
                if target is None or not 0 <= start < end <= len(text) or taken & set(range(start, end)):
                    continue
                end = start + len(trim_ending(text[start:end], endings.get(label, ())))
                if typer is not None and target in typer.types:
                    target = typer(text[start:end]) or target
                kept.append((start, end, target))
                kept_raw.append(label)
                taken.update(range(start, end))
            examples.append(Example(text, tuple(kept)))
            raw.append(tuple(kept_raw))
    return Corpus(name, tuple(examples), tuple(raw))


def public_corpora(ontology: Ontology, root: Path) -> list[Corpus]:
    """Every set ``corpora.yaml`` names."""
    specs = (ontology.corpora.get("corpora") or {})
    if not specs:
        raise KGError(f"{ontology.directory / 'corpora.yaml'}: names no training corpora")
    return [read_corpus(name, spec, root, ontology) for name, spec in specs.items()]


def is_validation(text: str, fraction: float) -> bool:
    """Whether a sentence belongs to the validation split (by a hash of its text)."""
    digest = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)
    return digest / 0xFFFFFFFF < fraction


def split_corpus(corpus: Corpus, fraction: float) -> tuple[Corpus, Corpus]:
    """(train, validation) parts of one set."""
    parts: tuple[list[int], list[int]] = ([], [])
    for i, example in enumerate(corpus.examples):
        parts[is_validation(example.text, fraction)].append(i)

    def take(rows: Sequence[int]) -> Corpus:
        return Corpus(corpus.name, tuple(corpus.examples[i] for i in rows), tuple(corpus.raw_labels[i] for i in rows))

    return take(parts[0]), take(parts[1])
