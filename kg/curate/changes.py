"""What a rebuild changed: the graph's entities, relations and deals before and after, by type.

A rebuild with new bulletins should say which deals, people and policies are new; comparing
two snapshots of the graph (ids only, cheap next to extraction) tells that whatever caused
the change, a document or a curation edit. Each run is kept as one JSON file in
``kg-changes/GRAPH/`` beside the store folder, so ``kg changes`` can show the last one later.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kg.errors import KGError
from loaders import GraphStore

CHANGES_DIR = "kg-changes"

_ENTITIES = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, labels(e) AS labels"
_DEALS = "MATCH (r:FundingRound)<-[:RAISED]-(c) RETURN r.id AS id, c.name + ' ' + coalesce(r.round, '?') AS name"
_RELATIONS = ("MATCH (a)-[r]->(b) WHERE type(r) <> 'MENTIONED_IN' AND type(r) <> 'PART_OF' "
              "RETURN type(r) AS type, a.id AS head, b.id AS tail, coalesce(r.key, '') AS key, "
              "coalesce(a.name, a.id) AS head_name, coalesce(b.name, b.round, b.id) AS tail_name")
_NOT_TYPES = frozenset({"Entity", "Investor"})

Snapshot = dict[str, dict[str, str]]
"""Kind (an entity type, ``FundingRound``, or a relation type as ``-[TYPE]->``) -> id -> what to show."""


def snapshot(graph: GraphStore) -> Snapshot:
    """The graph's ids by kind, with a readable label for each."""
    shot: Snapshot = {}
    for row in graph.query(_ENTITIES).records():
        kinds = [label for label in row["labels"] or [] if label not in _NOT_TYPES] or ["Investor"]
        shot.setdefault(kinds[0], {})[row["id"]] = row["name"] or row["id"]
    for row in graph.query(_DEALS).records():
        shot.setdefault("FundingRound", {})[row["id"]] = row["name"]
    for row in graph.query(_RELATIONS).records():
        ident = f"{row['head']}|{row['tail']}|{row['key']}"
        shot.setdefault(f"-[{row['type']}]->", {})[ident] = f"{row['head_name']} -> {row['tail_name']}"
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

    def as_dict(self) -> dict[str, Any]:
        return {"run": self.run, "added": self.added, "removed": self.removed, "curation": self.curation,
                "curation_changed": self.curation_changed}


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


def changes_dir(store: Path | None, database: str | None = None) -> Path:
    """``kg-changes/GRAPH/`` beside the store folder (``./.kg`` by default), like the curation
    file; one folder per graph, since one store can hold several (``--database``)."""
    return (store or Path(".kg")).parent / CHANGES_DIR / (database or "kg")


def last_curation(directory: Path) -> str | None:
    """The curation fingerprint the last recorded rebuild applied (None: no rebuild recorded)."""
    runs = sorted(directory.glob("*.json"))
    if not runs:
        return None
    try:
        return str(json.loads(runs[-1].read_text(encoding="utf-8")).get("curation", ""))
    except (OSError, ValueError):
        return None


def record_changes(before: Snapshot, after: Snapshot, directory: Path, curation: str = "",
                   curation_changed: bool = False) -> Changes:
    """Diff the snapshots and write the run as ``directory/RUN.json``."""
    changes = diff(before, after)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{changes.run}.json"
    recorded = Changes(changes.run, changes.added, changes.removed, str(path), curation, curation_changed)
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
    for path in chosen:
        data = json.loads(path.read_text(encoding="utf-8"))
        edited = edited or bool(data.get("curation_changed"))
        for kind, labels in data.get("added", {}).items():
            removed.get(kind, set()).difference_update(labels)
            added.setdefault(kind, set()).update(labels)
        for kind, labels in data.get("removed", {}).items():
            gone = set(labels) - added.get(kind, set())
            added.get(kind, set()).difference_update(labels)
            removed.setdefault(kind, set()).update(gone)
    return Changes(chosen[-1].stem if since is None else f"{chosen[0].stem}..{chosen[-1].stem}",
                   {k: sorted(v) for k, v in added.items() if v}, {k: sorted(v) for k, v in removed.items() if v},
                   str(chosen[-1]), str(data.get("curation", "")), edited)


__all__ = ["CHANGES_DIR", "Changes", "Snapshot", "changes_dir", "diff", "last_curation", "read_changes",
           "record_changes", "snapshot"]
