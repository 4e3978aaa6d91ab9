"""Export the graph: GraphML / GEXF through networkx, CSV for ``neo4j-admin database import``.

The CSV route is for corpora too big for transactional loading: build the graph in the
embedded store, export it, and bulk-import the files into an empty Neo4j database with
the command ``neo4j_admin_command`` prints (see docs/graph.md).
"""

from __future__ import annotations

import csv
import json
import shlex
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import StoreError
from loaders import queries
from loaders.base import GraphStore
from loaders.model import DOCUMENT_LABEL, ENTITY_LABEL, ROUND_LABEL

ID_SPACES = (DOCUMENT_LABEL, ROUND_LABEL)
"""Non-entity id spaces; every other node is in the ``Entity`` id space."""


def to_networkx(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph: node key = ``id``, attribute ``labels`` (a list) plus properties;
    edge key = ``TYPE:key`` (two INVESTS_IN of one pair differ by round), attribute ``type``
    plus properties.
    """
    graph = nx.MultiDiGraph()
    for node_id, labels, properties in store.query(queries.ALL_NODES).rows:
        graph.add_node(node_id, labels=sorted(labels), **{k: v for k, v in properties.items() if k != "id"})
    for start, rel_type, end, properties in store.query(queries.ALL_RELATIONSHIPS).rows:
        edge = graph.add_edge(start, end, key=f"{rel_type}:{properties.get('key', '')}")
        graph.edges[start, end, edge].update(properties, type=rel_type)
    return graph


def _scalar(value: Any) -> Any:
    """GraphML/GEXF hold scalars only: lists become JSON text (lossless, readable)."""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def flattened(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy for file formats: ``labels`` as ``Entity:Company``, lists as JSON, ``label`` = name."""
    flat = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if v is not None and k != "labels"}
        attrs["labels"] = ":".join(data.get("labels", []))
        attrs["label"] = str(data.get("name") or data.get("round") or node)
        flat.add_node(node, **attrs)
    for start, end, key, data in graph.edges(keys=True, data=True):
        edge = flat.add_edge(start, end, key=key)
        flat.edges[start, end, edge].update({k: _scalar(v) for k, v in data.items() if v is not None})
    return flat


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    nx.write_graphml(flattened(graph), path, encoding="utf-8")


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    nx.write_gexf(flattened(graph), path, encoding="utf-8")


# ---- neo4j-admin CSV ------------------------------------------------------------------------

def id_space(labels: Iterable[str]) -> str:
    labels = set(labels)
    for space in ID_SPACES:
        if space in labels:
            return space
    return ENTITY_LABEL


def primary_label(labels: Iterable[str], extra_labels: Collection[str] = ()) -> str:
    """The label a node's CSV file is named after: its type, not one of ``extra_labels`` (the
    investor label a business node that invests also carries, ``StoreNames.investor``)."""
    rest = sorted(set(labels) - {ENTITY_LABEL})
    if len(rest) > 1:
        rest = [label for label in rest if label not in extra_labels]
    return rest[0] if rest else ENTITY_LABEL


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "long"
    if isinstance(value, float):
        return "float"
    return "string"


def _csv_type(values: list[Any]) -> str:
    """neo4j-admin's column type for the values of one column (None values ignored).

    Example:
        >>> _csv_type([1, 2.5, None]), _csv_type([["a"], []]), _csv_type([[0.9, 1]]), _csv_type([True])
        ('float', 'string[]', 'float[]', 'boolean')
    """
    lists = [v for v in values if isinstance(v, list)]
    scalars = [v for v in values if v is not None and not isinstance(v, list)]
    if lists and not scalars:
        inner = _csv_type([x for value in lists for x in value])
        return ("string" if inner.endswith("[]") else inner) + "[]"
    kinds = {_kind(v) for v in scalars}
    if lists or not kinds:
        return "string"
    if kinds == {"long", "float"}:
        return "float"
    return kinds.pop() if len(kinds) == 1 else "string"


def _cell(value: Any, delimiter: str, where: str) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        parts = [_cell(v, delimiter, where) for v in value]
        if any(delimiter in p for p in parts):
            raise StoreError(f"{where}: a list value contains the array delimiter {delimiter!r}; "
                             "choose another with --array-delimiter")
        return delimiter.join(parts)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_table(path: Path, fixed: list[tuple[str, str]], rows: list[dict[str, Any]], delimiter: str) -> None:
    """One CSV file: fixed columns (header, row key) first, then typed property columns."""
    keys = sorted({k for row in rows for k in row["properties"]})
    headers = [h for h, _ in fixed] + [f"{k}:{_csv_type([r['properties'].get(k) for r in rows])}" for k in keys]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        for row in rows:
            where = f"{path.name}: {row.get('where', '')}"
            writer.writerow(
                [_cell(row[key], delimiter, where) for _, key in fixed]
                + [_cell(row["properties"].get(k), delimiter, where) for k in keys]
            )


def write_neo4j_csv(store: GraphStore, directory: Path, *, array_delimiter: str = ";",
                    extra_labels: Collection[str] = ()) -> list[Path]:
    """One file per primary label (``primary_label``, ``extra_labels`` as there) and per
    relationship type, in neo4j-admin's import layout."""
    directory.mkdir(parents=True, exist_ok=True)
    nodes: dict[str, list[dict[str, Any]]] = {}
    spaces: dict[Any, str] = {}
    for node_id, labels, properties in store.query(queries.ALL_NODES).rows:
        space = id_space(labels)
        spaces[node_id] = space
        props = {k: v for k, v in properties.items() if k != "id"}
        nodes.setdefault(primary_label(labels, extra_labels), []).append(
            {"id": node_id, "labels": sorted(labels), "properties": props, "space": space, "where": node_id}
        )
    rels: dict[str, list[dict[str, Any]]] = {}
    for start, rel_type, end, properties in store.query(queries.ALL_RELATIONSHIPS).rows:
        rels.setdefault(rel_type, []).append(
            {"start": start, "end": end, "type": rel_type, "properties": dict(properties),
             "where": f"{start} -> {end}"}
        )
    written: list[Path] = []
    for label, rows in sorted(nodes.items()):
        path = directory / f"nodes_{label}.csv"
        space = rows[0]["space"]
        _write_table(path, [(f"id:ID({space})", "id"), (":LABEL", "labels")], rows, array_delimiter)
        written.append(path)
    for rel_type, rows in sorted(rels.items()):
        path = directory / f"relationships_{rel_type}.csv"
        start_space, end_space = spaces[rows[0]["start"]], spaces[rows[0]["end"]]
        if any(spaces[r["start"]] != start_space or spaces[r["end"]] != end_space for r in rows):
            raise StoreError(f"{rel_type}: relationships join different id spaces; cannot write one file")
        _write_table(
            path,
            [(f":START_ID({start_space})", "start"), (f":END_ID({end_space})", "end"), (":TYPE", "type")],
            rows, array_delimiter,
        )
        written.append(path)
    return written


def neo4j_admin_command(files: list[Path], *, database: str = "neo4j", array_delimiter: str = ";") -> str:
    """The ``neo4j-admin database import full`` command that loads the exported files."""
    parts = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
             f"--array-delimiter={array_delimiter}"]
    for path in files:
        flag = "--nodes" if path.name.startswith("nodes_") else "--relationships"
        parts.append(f"{flag}={path}")
    return " ".join(shlex.quote(p) for p in parts)
