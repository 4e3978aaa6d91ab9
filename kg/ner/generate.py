"""Training sentences with exact labels, generated from templates and name pools.

The project makes its own NER training data: bulletin-style templates
(:mod:`kg.ner.templates`) filled with names (:mod:`kg.ner.names`). Each slot's span is
known as it is filled, so the labels are exact. Generation is seeded and deterministic.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.recognize.iobes import Span, spans_to_iobes
from kg.recognize.model_chars import model_chars
from kg.ner.names import NamePool, makers
from kg.ner.templates import FILLERS, PROSE_CLAUSES, PROSE_ENDS, TEMPLATES
from kg.ontology import cached_ontology

SLOT = re.compile(r"\{([A-Za-z]+?)\d*\}")


@dataclass(frozen=True, slots=True)
class Example:
    """One sentence: its characters, its IOBES tags (one per character) and its spans."""

    text: str
    spans: tuple[Span, ...]

    @property
    def chars(self) -> list[str]:
        """The characters as the model sees them (whitespace stood in for, see ``model_chars``)."""
        return model_chars(self.text)

    @property
    def tags(self) -> list[str]:
        return spans_to_iobes(len(self.text), self.spans)


def fill(template: str, pool: NamePool, rng: random.Random) -> Example:
    """Fill one template; entity slots become labelled spans, lower-case slots plain text."""
    parts: list[str] = []
    spans: list[Span] = []
    length = 0
    cursor = 0
    for match in SLOT.finditer(template):
        literal = template[cursor : match.start()]
        parts.append(literal)
        length += len(literal)
        slot = match.group(1)
        if slot in pool.makers:
            value = pool.draw(slot, rng)
            spans.append((length, length + len(value), slot))
        elif slot in FILLERS:
            value = rng.choice(FILLERS[slot])
        else:
            raise ValueError(f"template slot {{{slot}}} is neither an entity type nor a filler: {template}")
        parts.append(value)
        length += len(value)
        cursor = match.end()
    parts.append(template[cursor:])
    return Example("".join(parts), tuple(spans))


def all_templates() -> list[str]:
    return [t for group in TEMPLATES.values() for t in group]


def prose(rng: random.Random, clauses: int) -> str:
    """A template of ``clauses`` name-free clauses, as in the body of a policy brief."""
    return "，".join(rng.sample(PROSE_CLAUSES, clauses)) + rng.choice(PROSE_ENDS)


def generate(
    count: int, seed: int = 0, pool: NamePool | None = None, *, prose_share: float = 0.3, prefix_share: float = 0.2
) -> list[Example]:
    """``count`` examples, the same ones for the same seed and pool (None: made-up names only, for
    the shipped ontology's types; ``benchmarks/ner_speed.py`` relies on it).

    ``prose_share`` of them name nobody (so the model learns to stay quiet on policy prose);
    ``prefix_share`` of the rest start with a name-free clause (longer, more varied contexts).
    """
    rng = random.Random(seed)
    if pool is None:
        pool = NamePool(makers(cached_ontology().types))
    templates = all_templates()
    examples = []
    for _ in range(count):
        if rng.random() < prose_share:
            template = prose(rng, rng.randint(1, 4))
        else:
            template = rng.choice(templates)
            if rng.random() < prefix_share:
                template = prose(rng, 1).rstrip("。；！") + "，" + template
        examples.append(fill(template, pool, rng))
    return examples


def split(examples: list[Example], dev_share: float = 0.1) -> tuple[list[Example], list[Example]]:
    """Hold out the last ``dev_share`` of the examples as a dev split."""
    cut = len(examples) - max(1, int(len(examples) * dev_share))
    return examples[:cut], examples[cut:]


def write_tsv(examples: Iterable[Example], path: Path) -> Path:
    """HanLP's character-per-line TSV: ``char<TAB>tag``, a blank line between sentences."""
    with path.open("w", encoding="utf-8") as handle:
        for example in examples:
            for char, tag in zip(example.chars, example.tags):
                handle.write(f"{char}\t{tag}\n")
            handle.write("\n")
    return path
