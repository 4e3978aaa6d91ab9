"""What ``kg rebuild`` must do: compare the files found with the documents loaded (pure).

A document's identity is its id (the path as kg shows it) and its content's sha256; the
graph keeps the sha256 on each ``:Document`` node. A document gone from one path and found
under another with the same sha256 (and the same file type, which decides how it is read)
has moved: the graph renames it instead of extracting it again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.clean import document_id
from kg.errors import ReadError, StoreError
from kg.types import Extraction
from loaders.base import GraphStore
from loaders.load import LoadReport, load_extractions
from loaders.model import RelationSchema


@dataclass(slots=True)
class RebuildPlan:
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)
    """Old id -> new id of documents whose content now stands under another path."""

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
        >>> plan_rebuild({"new/a.txt": "1", "b.pdf": "2"}, {"a.txt": "1", "b.txt": "2"}).moved
        {'a.txt': 'new/a.txt'}
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
    _pair_moves(plan, found, stored)
    return plan


def _pair_moves(plan: RebuildPlan, found: Mapping[str, str], stored: Mapping[str, str]) -> None:
    """Take each deleted document whose content a new one has (same sha256, same file type)
    out of ``new`` and ``deleted`` and into ``moved``, one new document for one deleted."""
    gone: dict[tuple[str, str], list[str]] = {}
    for doc in plan.deleted:
        gone.setdefault((stored[doc], Path(doc).suffix.lower()), []).append(doc)
    for doc in list(plan.new):
        same = gone.get((found[doc], Path(doc).suffix.lower()))
        if same:
            plan.moved[same.pop(0)] = doc
            plan.new.remove(doc)
    plan.deleted = [doc for doc in plan.deleted if doc not in plan.moved]


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


def name_unloaded(report: LoadReport, files: Iterable[tuple[Path, str]]) -> None:
    """After loading stopped (``report.stopped``: the server was lost), name every one of
    ``files`` that was neither loaded nor failed, without extracting it."""
    if report.stopped:
        done = {*report.loaded, *report.failed}
        report.unloaded(d for _, d in files if d not in done and document_id(d) not in done)


Extractor = Callable[[list[tuple[Path, str]]], Iterable[Extraction]]
"""Turns (path, display) pairs into extractions; records its own failures (``kg.pipeline``)."""


def rebuild(
    store: GraphStore,
    files: list[tuple[Path, str]],
    extract: Extractor,
    keys: RelationSchema,
    *,
    full: bool = False,
    batch_size: int = 1000,
    report: LoadReport | None = None,
    places: Mapping[str, str] | None = None,
) -> tuple[RebuildPlan, LoadReport]:
    """Make the graph match ``files``: extract new/changed ones, remove deleted ones, rename
    moved ones (one atomic write; if the server refuses it, they are removed and extracted).

    A changed document's write replaces what it said before in one atomic write; an entity
    or fact another document still states stays. ``full`` clears the graph first.
    """
    report = report or LoadReport()
    store.ensure_schema()
    if full:
        store.remove_documents(list(store.document_hashes()), keys.names)
    plan = plan_rebuild(hashes_of(files), store.document_hashes())
    if plan.moved:
        try:
            report.stats += store.rename_documents(plan.moved)
        except StoreError:
            plan.deleted += list(plan.moved)
            plan.new += list(plan.moved.values())
            plan.moved = {}
    if plan.to_remove:
        report.stats += store.remove_documents(plan.to_remove, keys.names)
    wanted = set(plan.to_extract)
    todo = [(path, display) for path, display in files if document_id(display) in wanted]
    if todo:
        load_extractions(store, extract(todo), keys, batch_size=batch_size, report=report, places=places)
        name_unloaded(report, todo)
    return plan, report
