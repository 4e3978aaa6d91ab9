"""What a rebuild changed: the graph's entities, relations and deals before and after, by type.

A rebuild with new bulletins should say which deals, people and policies are new; comparing
two snapshots of the graph (ids only, cheap next to extraction) tells that whatever caused
the change, a document or a curation edit. Each run is kept as one JSON file in
``kg-changes/GRAPH/`` beside the store folder, so ``kg changes`` can show the last one later.

Which cause: rebuilding the graph under the previous curation to compare would cost a second
extraction, so the report uses a cheap, stated rule instead. Each run records its edits
(operation and names); an item added or removed is put down to the curation when an entity
it involves (the entity itself, either end of a relation, the company of a deal) is named by an
edit added or undone since the run before, and to the documents otherwise. An item that a new
document and a new edit both touch counts as the curation's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kg.curate.edits import FIELDS
from kg.curate.find import entity_type_of
from kg.errors import KGError
from kg.ontology import Ontology
from kg.resolve.keys import match_key
from loaders import GraphStore
from loaders.queries import SNAPSHOT_DEALS, SNAPSHOT_ENTITIES, SNAPSHOT_RELATIONS

CHANGES_DIR = "kg-changes"

Snapshot = dict[str, dict[str, str]]
"""Kind (an entity type, ``FundingRound``, or a relation type as ``-[TYPE]->``) -> id -> what to show."""

EditKey = tuple[str, ...]
"""An edit as a run records it: its operation, then its arguments (``("merge", "A", "B")``)."""

ByKind = dict[str, list[str]]


def snapshot(graph: GraphStore, ontology: Ontology) -> Snapshot:
    """The graph's ids by kind, with a readable label for each (``ontology`` names the
    investor label a Company that invests also carries). Read with ``scan``, a page at a time:
    one reply holding the whole graph would be several times the size of the snapshot."""
    shot: Snapshot = {}
    for ident, name, labels in graph.scan(SNAPSHOT_ENTITIES):
        kind = entity_type_of(list(labels or []), ontology) or ontology.types.investor
        shot.setdefault(kind, {})[ident] = name or ident
    for ident, name in graph.scan(SNAPSHOT_DEALS):
        shot.setdefault("FundingRound", {})[ident] = name
    for rel_type, head, tail, key, head_name, tail_name in graph.scan(SNAPSHOT_RELATIONS):
        shot.setdefault(f"-[{rel_type}]->", {})[f"{head}|{tail}|{key}"] = f"{head_name} -> {tail_name}"
    return shot


@dataclass(frozen=True)
class Changes:
    """Added and removed, each kind -> sorted labels; ``file`` where the run was recorded."""

    run: str
    added: dict[str, list[str]]
    removed: dict[str, list[str]]
    file: str = ""
    curation: str = ""
    """The fingerprint of the curation applied (``CurationRun.fingerprint``): the next rebuild
    compares it, so an edit made since reaches every document."""
    curation_changed: bool = False
    """True when the curation differs from the previous run's: the change may be an edit's, not a document's."""
    by_curation: dict[str, ByKind] | None = None
    """``{"added": ..., "removed": ...}``: the part of ``added`` and ``removed`` put down to an edit
    made or undone since the run before (the module's rule); the rest came from the documents."""
    edits: tuple[EditKey, ...] = ()
    """The edits this run applied, so the next run can tell which were made or undone since."""

    def caused_by(self, cause: str) -> dict[str, ByKind]:
        """``{"added": ..., "removed": ...}`` for ``cause`` ``"documents"`` or ``"curation"``."""
        edited = self.by_curation or {}
        result: dict[str, ByKind] = {}
        for direction, by_kind in (("added", self.added), ("removed", self.removed)):
            mine = edited.get(direction, {})
            result[direction] = {
                kind: kept for kind, labels in by_kind.items()
                if (kept := [x for x in labels if (x in mine.get(kind, ())) == (cause == "curation")])}
        return result

    def as_dict(self) -> dict[str, Any]:
        return {"run": self.run, "added": self.added, "removed": self.removed, "curation": self.curation,
                "curation_changed": self.curation_changed,
                "causes": {"documents": self.caused_by("documents"), "curation": self.caused_by("curation")},
                "edits": [list(e) for e in self.edits]}


def diff(before: Snapshot, after: Snapshot, run: str = "") -> Changes:
    """What ``after`` holds that ``before`` did not, and the reverse, by kind (empty kinds left out)."""
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for kind in sorted(set(before) | set(after)):
        old, new = before.get(kind, {}), after.get(kind, {})
        if gained := sorted(new[i] for i in new.keys() - old.keys()):
            added[kind] = gained
        if lost := sorted(old[i] for i in old.keys() - new.keys()):
            removed[kind] = lost
    return Changes(run or datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ"), added, removed)


def _touched(before: Snapshot, after: Snapshot, edited: set[EditKey]) -> tuple[set[str], set[str]]:
    """The entity and deal ids, and relation ids, that involve a name the ``edited`` edits give."""
    keys = {match_key(arg) for op, *args in edited for name, arg in zip(FIELDS.get(op, ()), args) if name != "type"}
    entities = {ident for shot in (before, after) for kind, items in shot.items()
                if not kind.startswith("-[") and kind != "FundingRound"
                for ident, label in items.items() if match_key(label) in keys}
    relations: set[str] = set()
    for shot in (before, after):
        for kind, items in shot.items():
            if kind.startswith("-["):
                for ident in items:
                    head, tail, _ = ident.split("|", 2)
                    if head in entities or tail in entities:
                        relations.add(ident)
                        if kind == "-[RAISED]->":
                            entities.add(tail)  # the deal of a curated company
    return entities, relations


def attribute(before: Snapshot, after: Snapshot, changes: Changes, edited: set[EditKey]) -> dict[str, ByKind]:
    """The labels of ``changes`` that involve an entity named by an ``edited`` edit (made or
    undone since the run before), by direction and kind: the curation's share of the report."""
    if not edited:
        return {"added": {}, "removed": {}}
    entities, relations = _touched(before, after, edited)
    result: dict[str, ByKind] = {}
    for direction, shot in (("added", after), ("removed", before)):
        other = before if direction == "added" else after
        share: ByKind = {}
        for kind, items in shot.items():
            ids = relations if kind.startswith("-[") else entities
            if labels := sorted(items[i] for i in items.keys() - other.get(kind, {}).keys() if i in ids):
                share[kind] = labels
        result[direction] = share
    return result


def changes_dir(store: Path | None, database: str | None = None) -> Path:
    """``kg-changes/GRAPH/`` beside the store folder (``./.kg`` by default), like the curation
    file; one folder per graph, since one store can hold several (``--database``)."""
    return (store or Path(".kg")).parent / CHANGES_DIR / (database or "kg")


def _last_run(directory: Path) -> dict[str, Any] | None:
    runs = sorted(directory.glob("*.json"))
    if not runs:
        return None
    try:
        data = json.loads(runs[-1].read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def last_curation(directory: Path) -> str | None:
    """The curation fingerprint the last recorded rebuild applied (None: no rebuild recorded)."""
    data = _last_run(directory)
    return None if data is None else str(data.get("curation", ""))


def last_edits(directory: Path) -> tuple[EditKey, ...] | None:
    """The edits the last recorded rebuild applied (None: no rebuild, or one recorded without them)."""
    data = _last_run(directory)
    if data is None or not isinstance(data.get("edits"), list):
        return None
    return tuple(tuple(str(x) for x in edit) for edit in data["edits"] if isinstance(edit, list))


def record_changes(before: Snapshot, after: Snapshot, directory: Path, curation: str = "",
                   curation_changed: bool = False, edits: tuple[EditKey, ...] = (),
                   previous_edits: tuple[EditKey, ...] | None = ()) -> Changes:
    """Diff the snapshots, put each item down to the documents or the curation (the edits made
    or undone between ``previous_edits`` and ``edits``; None: unknown, so all of ``edits``), and
    write the run as ``directory/RUN.json``."""
    changes = diff(before, after)
    edited = set(edits) ^ set(previous_edits) if previous_edits is not None else set(edits)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{changes.run}.json"
    recorded = Changes(changes.run, changes.added, changes.removed, str(path), curation, curation_changed,
                       attribute(before, after, changes, edited), tuple(edits))
    path.write_text(json.dumps(recorded.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return recorded


def read_changes(directory: Path, since: str | None = None) -> Changes:
    """The last run recorded, or every run from ``since`` (a run name) on, joined: what was
    added and is still there counts as added, what was removed and not re-added as removed."""
    runs = sorted(directory.glob("*.json"))
    if not runs:
        raise KGError(f"{directory}: no rebuild recorded yet (run `kg rebuild`)")
    if since is not None:
        chosen = [p for p in runs if p.stem >= since]
        if not chosen:
            raise KGError(f"no run {since!r} or later in {directory}; known: {', '.join(p.stem for p in runs)}")
    else:
        chosen = runs[-1:]
    added: dict[str, set[str]] = {}
    removed: dict[str, set[str]] = {}
    data: dict[str, Any] = {}
    edited = False
    by_edit: dict[str, dict[str, set[str]]] = {"added": {}, "removed": {}}
    for path in chosen:
        data = json.loads(path.read_text(encoding="utf-8"))
        edited = edited or bool(data.get("curation_changed"))
        for direction, by_kind in data.get("causes", {}).get("curation", {}).items():
            for kind, labels in by_kind.items():
                by_edit.setdefault(direction, {}).setdefault(kind, set()).update(labels)
        for kind, labels in data.get("added", {}).items():
            removed.get(kind, set()).difference_update(labels)
            added.setdefault(kind, set()).update(labels)
        for kind, labels in data.get("removed", {}).items():
            gone = set(labels) - added.get(kind, set())
            added.get(kind, set()).difference_update(labels)
            removed.setdefault(kind, set()).update(gone)
    return Changes(chosen[-1].stem if since is None else f"{chosen[0].stem}..{chosen[-1].stem}",
                   {k: sorted(v) for k, v in added.items() if v}, {k: sorted(v) for k, v in removed.items() if v},
                   str(chosen[-1]), str(data.get("curation", "")), edited,
                   {d: {k: sorted(v) for k, v in by_kind.items()} for d, by_kind in by_edit.items()},
                   tuple(tuple(e) for e in data.get("edits", [])))


__all__ = ["CHANGES_DIR", "Changes", "EditKey", "Snapshot", "attribute", "changes_dir", "diff", "last_curation",
           "last_edits", "read_changes",
           "record_changes", "snapshot"]
