"""One bulletin as the graph holds it: extracted, then curated, for the audit page (``kg show``).

The audit page is built from a fresh extraction, not read from the store, so it must apply the
curation file itself, or it would show names an analyst has merged or renamed away. It also says,
for each entity a ``merge`` kept, the names merged into it: the store keeps them only as
aliases, with nothing to tell a merged name from a spelling the documents used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.clean import clean_name
from kg.curate.apply import CurationRun, StaleEdit
from kg.curate.edits import Edit, curation_path, read_curation
from kg.ontology import load_ontology
from kg.resolve.keys import match_key
from kg.types import Extraction, SourceDocument

if TYPE_CHECKING:
    from kg.pipeline import PipelineConfig


@dataclass(frozen=True)
class CuratedDocument:
    """The document as read, its curated extraction, and what the curation did to it."""

    source: SourceDocument
    extraction: Extraction
    merged_from: dict[str, tuple[str, ...]]
    """Entity id -> the names ``merge`` edits joined into it (file order, once each)."""
    stale: tuple[StaleEdit, ...]
    """Edits that named nothing in this document (usual: most edits are about other documents)."""


def merged_from(edits: Sequence[Edit], extraction: Extraction) -> dict[str, tuple[str, ...]]:
    """For each entity that a merge kept (its name is the merge's ``entity``), the ``other``
    names, following chains (merge A B, then merge C A: C was merged from A and B)."""
    into: dict[str, list[str]] = {}
    for edit in edits:
        if edit.op == "merge":
            kept, other = match_key(clean_name(edit.field("entity"))), edit.field("other")
            into.setdefault(kept, []).extend([other, *into.get(match_key(clean_name(other)), [])])
    result: dict[str, tuple[str, ...]] = {}
    for entity in extraction.entities:
        names = [n for n in into.get(match_key(entity.name), []) if match_key(n) != match_key(entity.name)]
        if names:
            result[entity.id] = tuple(dict.fromkeys(names))
    return result


def curated_document(path: Path, config: PipelineConfig | None = None, *, store: Path | None = None,
                     curation: Path | None = None) -> CuratedDocument:
    """Extract ``path`` and apply the curation file (``curation``, else ``$KG_CURATION``, else
    ``curation.jsonl`` beside ``store``), as a build would before writing it."""
    from kg.build import extract_document

    edits = read_curation(curation_path(store, curation))
    run = CurationRun(edits, load_ontology(config.ontology_dir if config else None))  # a bad file fails first
    source, extraction = extract_document(path, config)
    curated = next(iter(run.apply([extraction])))
    return CuratedDocument(source, curated, merged_from(edits, curated), run.stale)


__all__ = ["CuratedDocument", "curated_document", "merged_from"]
