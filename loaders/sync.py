"""What ``kg rebuild`` must do: compare the files found with the documents loaded (pure).

A document's identity is its id (the path as kg shows it) and its content's sha256; the
graph keeps the sha256 on each ``:Document`` node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kg.clean import document_id
from kg.errors import ReadError
from kg.types import Extraction
from loaders.base import GraphStore
from loaders.load import LoadReport, load_extractions


@dataclass(slots=True)
class RebuildPlan:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def to_extract(self) -> list[str]:
        return self.new + self.changed

    @property
    def to_remove(self) -> list[str]:
        """Changed documents are replaced atomically by their new write; deleted ones removed."""
        return self.deleted


def plan_rebuild(found: Mapping[str, str], stored: Mapping[str, str]) -> RebuildPlan:
    """Split documents by what changed between the files (``found``) and the graph (``stored``).

    Both map a document id to its sha256.

    Example:
        >>> p = plan_rebuild({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "0", "d": "4"})
        >>> p.new, p.changed, p.deleted, p.unchanged
        (['c'], ['b'], ['d'], ['a'])
    """
    plan = RebuildPlan()
    for doc, sha in found.items():
        if doc not in stored:
            plan.new.append(doc)
        elif stored[doc] != sha:
            plan.changed.append(doc)
        else:
            plan.unchanged.append(doc)
    plan.deleted = [doc for doc in stored if doc not in found]
    return plan


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes (what ``SourceDocument.sha256`` holds)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
    except OSError as exc:
        raise ReadError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return digest.hexdigest()


def hashes_of(files: Iterable[tuple[Path, str]]) -> dict[str, str]:
    """Document id (the display path, cleaned as the extraction's ``doc`` is) -> sha256 for
    ``kg.read.discover`` pairs."""
    return {document_id(display): file_sha256(path) for path, display in files}


Extractor = Callable[[list[tuple[Path, str]]], Iterable[Extraction]]
"""Turns (path, display) pairs into extractions; records its own failures (``kg.pipeline``)."""


def rebuild(
    store: GraphStore,
    files: list[tuple[Path, str]],
    extract: Extractor,
    keys: Mapping[str, Sequence[str]],
    *,
    full: bool = False,
    batch_size: int = 1000,
    report: LoadReport | None = None,
    places: Mapping[str, str] | None = None,
) -> tuple[RebuildPlan, LoadReport]:
    """Make the graph match ``files``: extract new/changed ones, remove deleted ones.

    A changed document's write replaces what it said before in one atomic write; an entity
    or fact another document still states stays. ``full`` clears the graph first.
    """
    report = report or LoadReport()
    store.ensure_schema()
    if full:
        store.remove_documents(list(store.document_hashes()))
    plan = plan_rebuild(hashes_of(files), store.document_hashes())
    if plan.to_remove:
        report.stats += store.remove_documents(plan.to_remove)
    wanted = set(plan.to_extract)
    todo = [(path, display) for path, display in files if document_id(display) in wanted]
    if todo:
        load_extractions(store, extract(todo), keys, batch_size=batch_size, report=report, places=places)
    return plan, report
