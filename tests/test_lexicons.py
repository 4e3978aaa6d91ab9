"""The shipped lexicons stay consistent as they grow.

The recognizer indexes every name and alias of every lexicon file in one automaton where
the first entry to claim a string wins, so a string claimed twice silently picks one
entity; a ``located_in`` that names no known place breaks the chains the recognizer walks
(云栖小镇 in 杭州 in 浙江); and a one-letter alias would match inside ordinary words.
These tests read the files through the project's own loader and say which entries break
a rule, so a bad row is found where it was added.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from kg.ontology import LexiconEntry, Ontology, cached_ontology
from kg.resolve.keys import match_key

HEADER = ["name", "aliases", "located_in"]
_LATIN = re.compile(r"[A-Za-z0-9&.\- ]+")


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return cached_ontology()


def _lexicon_files(ontology: Ontology) -> list[Path]:
    files = sorted((ontology.directory / "lexicons").glob("*.tsv"))
    assert files, f"no lexicon files under {ontology.directory / 'lexicons'}"
    return files


def _label(entry: LexiconEntry) -> str:
    return f"{entry.type}:{entry.name} ({entry.source})"


def test_every_file_has_the_header_and_three_clean_columns(ontology: Ontology) -> None:
    """The loader zips cells onto the header, so a missing or extra tab shifts a field
    silently instead of failing; stray spaces would make names that never match."""
    problems: list[str] = []
    for path in _lexicon_files(ontology):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
        if not rows or rows[0] != HEADER:
            problems.append(f"{path.name}:1: header is {rows[0] if rows else None}, not {HEADER}")
        for line_no, row in enumerate(rows[1:], start=2):
            if len(row) != 3:
                problems.append(f"{path.name}:{line_no}: {len(row)} columns: {row}")
            elif any(cell != cell.strip() for cell in row):
                problems.append(f"{path.name}:{line_no}: whitespace around a cell: {row}")
    assert not problems, "\n".join(problems)


def test_every_file_is_read_by_the_loader(ontology: Ontology) -> None:
    """A file the loader skips (wrong type in its name, bad header) adds nothing."""
    sources = {entry.source.split(":", 1)[0] for entry in ontology.lexicon}
    missing = [path.name for path in _lexicon_files(ontology) if path.name not in sources]
    assert not missing, f"files with no entries: {missing}"


def test_no_name_or_alias_is_claimed_by_two_entries(ontology: Ontology) -> None:
    """Two entries sharing a string (compared as the evaluation compares names) means the
    recognizer keeps whichever file sorts first and the other entity is never found."""
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in ontology.lexicon:
        for name in entry.names:
            owners[match_key(name)].add(_label(entry))
    clashes = {key: sorted(who) for key, who in owners.items() if len(who) > 1}
    assert not clashes, "names claimed by several entries:\n" + "\n".join(
        f"  {key}: {', '.join(who)}" for key, who in sorted(clashes.items())
    )


def test_located_in_names_a_known_location(ontology: Ontology) -> None:
    """``located_in`` is looked up among Location names to walk up to the country; an
    unknown place ends the walk and the entry looks foreign."""
    places = {name for entry in ontology.entries("Location") for name in entry.names}
    unknown = [
        f"{_label(entry)} -> {entry.located_in}"
        for entry in ontology.lexicon
        if entry.located_in and entry.located_in not in places
    ]
    assert not unknown, "located_in names no Location entry:\n  " + "\n  ".join(unknown)


def test_aliases_are_long_enough_to_match_safely(ontology: Ontology) -> None:
    """One character (CJK) or two Latin letters (GE, HP) match inside unrelated words. A place's
    one-character abbreviation (沪, 粤) is never matched: only a name the model reads is looked up,
    so it is allowed there, once (two places with one abbreviation would give it to neither)."""
    place = ontology.types.place
    abbreviations = Counter(alias for entry in ontology.lexicon if entry.type == place
                            for alias in entry.aliases if len(alias) == 1)
    short = [
        f"{_label(entry)}: {alias!r}"
        for entry in ontology.lexicon
        for alias in entry.aliases
        if (len(alias) < 2 and (entry.type != place or abbreviations[alias] > 1))
        or (_LATIN.fullmatch(alias) and len(alias) < 3)
    ]
    assert not short, "aliases too short to match safely:\n  " + "\n  ".join(short)

