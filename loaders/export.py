"""Export the graph: GraphML / GEXF through networkx, CSV for ``neo4j-admin database import``.

The CSV route is for corpora too big for transactional loading: build the graph in the
embedded store, export it, and bulk-import the files into an empty Neo4j database with
the command ``neo4j_admin_command`` prints (see docs/graph.md).
"""

from __future__ import annotations

import csv
import json
import shlex
import tempfile
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class ColumnType:
    """neo4j-admin's type of one column, gathered value by value as the rows stream past
    (None values ignored; lists of one kind are typed arrays, mixed columns string)."""

    lists: bool = False
    kinds: set[str] = field(default_factory=set)
    items: ColumnType | None = None
    """The type of the list items seen (lists of lists are string[])."""

    def add(self, value: Any) -> None:
        if value is None:
            return
        if isinstance(value, list):
            self.lists = True
            items = self.items if self.items is not None else ColumnType()
            self.items = items
            for item in value:
                items.add(item)
        else:
            self.kinds.add(_kind(value))

    @property
    def name(self) -> str:
        if self.lists and not self.kinds:
            inner = self.items.name if self.items is not None else "string"
            return ("string" if inner.endswith("[]") else inner) + "[]"
        if self.lists or not self.kinds:
            return "string"
        if self.kinds == {"long", "float"}:
            return "float"
        return next(iter(self.kinds)) if len(self.kinds) == 1 else "string"


def _csv_type(values: list[Any]) -> str:
    """neo4j-admin's column type for the values of one column (None values ignored).

    Example:
        >>> _csv_type([1, 2.5, None]), _csv_type([["a"], []]), _csv_type([[0.9, 1]]), _csv_type([True])
        ('float', 'string[]', 'float[]', 'boolean')
    """
    column = ColumnType()
    for value in values:
        column.add(value)
    return column.name


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


class _Table:
    """One CSV file in the making: its rows spooled to a temporary file as they stream past
    (JSON lines: the values come back as they were), its property columns and their types
    gathered on the way; ``write`` then writes the header and the rows."""

    def __init__(self, path: Path, fixed: list[str]) -> None:
        self.path = path
        self.fixed = fixed
        self.columns: dict[str, ColumnType] = {}
        self.spool = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115 - closed by write

    def add(self, where: str, cells: list[Any], properties: dict[str, Any]) -> None:
        for key, value in properties.items():
            column = self.columns.get(key)
            if column is None:
                column = self.columns[key] = ColumnType()
            column.add(value)
        self.spool.write(json.dumps([where, cells, properties], ensure_ascii=False) + "\n")

    def write(self, delimiter: str) -> Path:
        keys = sorted(self.columns)
        headers = self.fixed + [f"{k}:{self.columns[k].name}" for k in keys]
        with self.spool, self.path.open("w", encoding="utf-8", newline="") as handle:
            self.spool.seek(0)
            writer = csv.writer(handle)
            writer.writerow(headers)
            for line in self.spool:
                where, cells, properties = json.loads(line)
                where = f"{self.path.name}: {where}"
                writer.writerow([_cell(value, delimiter, where) for value in cells]
                                + [_cell(properties.get(k), delimiter, where) for k in keys])
        return self.path


def write_neo4j_csv(store: GraphStore, directory: Path, *, array_delimiter: str = ";",
                    extra_labels: Collection[str] = ()) -> list[Path]:
    """One file per primary label (``primary_label``, ``extra_labels`` as there) and per
    relationship type, in neo4j-admin's import layout.

    The graph streams past (``GraphStore.scan``) and each file's rows are spooled to disk:
    what stays in memory is each node's id space (one entry per node) and the column types."""
    directory.mkdir(parents=True, exist_ok=True)
    tables: dict[tuple[str, str], _Table] = {}
    spaces: dict[Any, str] = {}
    try:
        for node_id, labels, properties in store.scan(queries.ALL_NODES):
            space = spaces[node_id] = id_space(labels)
            label = primary_label(labels, extra_labels)
            table = tables.get(("nodes", label))
            if table is None:
                table = tables["nodes", label] = _Table(directory / f"nodes_{label}.csv",
                                                        [f"id:ID({space})", ":LABEL"])
            table.add(node_id, [node_id, sorted(labels)], {k: v for k, v in properties.items() if k != "id"})
        ends: dict[str, tuple[str, str]] = {}
        for start, rel_type, end, properties in store.scan(queries.ALL_RELATIONSHIPS):
            table = tables.get(("relationships", rel_type))
            if table is None:
                ends[rel_type] = spaces[start], spaces[end]
                table = tables["relationships", rel_type] = _Table(
                    directory / f"relationships_{rel_type}.csv",
                    [f":START_ID({spaces[start]})", f":END_ID({spaces[end]})", ":TYPE"])
            elif (spaces[start], spaces[end]) != ends[rel_type]:
                raise StoreError(f"{rel_type}: relationships join different id spaces; cannot write one file")
            table.add(f"{start} -> {end}", [start, end, rel_type], dict(properties))
        return [tables[key].write(array_delimiter) for key in sorted(tables)]
    finally:
        for table in tables.values():
            table.spool.close()


def neo4j_admin_command(files: list[Path], *, database: str = "neo4j", array_delimiter: str = ";") -> str:
    """The ``neo4j-admin database import full`` command that loads the exported files."""
    parts = ["neo4j-admin", "database", "import", "full", database, "--overwrite-destination",
             f"--array-delimiter={array_delimiter}"]
    for path in files:
        flag = "--nodes" if path.name.startswith("nodes_") else "--relationships"
        parts.append(f"{flag}={path}")
    return " ".join(shlex.quote(p) for p in parts)
