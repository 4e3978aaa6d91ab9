"""The one interface every graph backend implements, and the plain results it returns.

Backends connect lazily: building a store object does no I/O, so commands can be
assembled (and tested) without a server; the first call that needs one connects.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

from kg.errors import StoreError
from loaders import queries
from loaders.model import GraphBatch, StoreNames

QUERY_TIMEOUT_ENV = "KG_QUERY_TIMEOUT"
DEFAULT_QUERY_TIMEOUT = 60.0


def env_seconds(name: str, default: float, *, zero: str = "") -> float:
    """Seconds from ``$name`` (``default`` when unset); ``zero`` says what 0 means, if it is allowed."""
    value = os.environ.get(name, "").strip()
    try:
        seconds = float(value) if value else default
    except ValueError:
        raise StoreError(f"{name}={value!r}: give a number of seconds") from None
    if seconds < 0 or (seconds == 0 and not zero) or seconds != seconds:
        raise StoreError(f"{name}={value!r}: give a positive number of seconds{f' ({zero})' if zero else ''}")
    return seconds


CONNECT_TIMEOUT_ENV = "KG_CONNECT_TIMEOUT"


def connect_timeout() -> float:
    """Seconds to wait for a graph server to answer (``$KG_CONNECT_TIMEOUT``, default 10)."""
    return env_seconds(CONNECT_TIMEOUT_ENV, 10.0)


def query_timeout(given: float | None = None) -> float:
    """Seconds one query may run: ``given`` (``kg query --timeout``), else ``$KG_QUERY_TIMEOUT``,
    default 60; 0: no limit. The server stops a query that runs longer (``QueryTimeoutError``)."""
    return given if given is not None else env_seconds(QUERY_TIMEOUT_ENV, DEFAULT_QUERY_TIMEOUT, zero="0: no limit")


def timeout_message(description: str, seconds: float) -> str:
    """The one line a timed-out query ends with: the limit and how to raise it."""
    return (f"{description}: query stopped after the {seconds:g} s limit; raise it with "
            f"{QUERY_TIMEOUT_ENV}=SECONDS or `kg query --timeout SECONDS` (0: no limit)")


@dataclass(slots=True)
class WriteStats:
    """What the server reported for one write (or the sum of several)."""

    documents: int = 0
    nodes_created: int = 0
    nodes_deleted: int = 0
    relationships_created: int = 0
    relationships_deleted: int = 0
    properties_set: int = 0
    seconds: float = 0.0

    def __iadd__(self, other: WriteStats) -> Self:
        for name in self.__slots__:  # type: ignore[attr-defined]
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


@dataclass(slots=True)
class QueryResult:
    """Columns and rows of plain Python values (nodes and relationships become dicts)."""

    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass(slots=True)
class StoreStats:
    nodes_by_label: dict[str, int] = field(default_factory=dict)
    relationships_by_type: dict[str, int] = field(default_factory=dict)
    documents: int = 0


@runtime_checkable
class GraphStore(Protocol):
    """A Neo4j or FalkorDB graph that kg writes batches to and reads with Cypher."""

    def ensure_schema(self) -> None:
        """Create the uniqueness constraints and indexes (idempotent)."""

    def write(self, batch: GraphBatch) -> WriteStats:
        """Write a batch atomically; documents already there are replaced, never duplicated."""

    def remove_documents(self, doc_ids: list[str], names: StoreNames) -> WriteStats:
        """Remove what the documents contributed; facts other documents state stay (``names``:
        the ontology's investor label and investment relation, ``relation_keys(ontology).names``)."""

    def rename_documents(self, moves: Mapping[str, str]) -> WriteStats:
        """Give documents (old id -> new id) their new names, provenance included, atomically."""

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
              timeout: float | None = None) -> QueryResult:
        """Run Cypher; without ``write`` the SERVER refuses writes (raises ReadOnlyError); the
        server stops it after ``query_timeout(timeout)`` seconds (raises QueryTimeoutError)."""

    def document_hashes(self) -> dict[str, str]:
        """Document id -> sha256 of every loaded document (what ``kg rebuild`` compares)."""

    def stats(self) -> StoreStats: ...

    def scan(self, cypher: str) -> Iterator[list[Any]]:
        """The rows of a whole-graph read (``queries.ALL_NODES``, ``ALL_RELATIONSHIPS``, the
        ``SNAPSHOT_*`` reads), a page at a time where the backend can page them (an export of a
        large graph never holds all of it)."""

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...


def plain(value: Any) -> Any:
    """Dates to ISO text, nested lists and maps recursively; other values unchanged."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def stats_from(store: GraphStore) -> StoreStats:
    """Counts through the shared read queries (both backends run these as they are)."""
    from loaders import queries

    labels = store.query(queries.NODES_BY_LABEL).rows
    types = store.query(queries.RELATIONSHIPS_BY_TYPE).rows
    by_label = {str(label): int(count) for label, count in labels}
    return StoreStats(
        nodes_by_label=by_label,
        relationships_by_type={str(t): int(c) for t, c in types},
        documents=by_label.get("Document", 0),
    )


class CypherStore:
    """What both backends do the same way, given their own ``_write``, ``query`` and ``close``.

    A batch write is the removal of its documents followed by the shared write statements
    (``loaders.queries``), all in one atomic unit the subclass provides.
    """

    def _write(self, statements: list[Any], documents: int) -> WriteStats:
        raise NotImplementedError

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
              timeout: float | None = None) -> QueryResult:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def write(self, batch: GraphBatch) -> WriteStats:
        statements = queries.removal_statements(batch.doc_ids, batch.names) + queries.write_statements(batch)
        return self._write(statements, len(batch.documents))

    def remove_documents(self, doc_ids: list[str], names: StoreNames) -> WriteStats:
        return self._write(queries.removal_statements(list(doc_ids), names), 0)

    def rename_documents(self, moves: Mapping[str, str]) -> WriteStats:
        return self._write([queries.rename_documents([{"old": o, "new": n} for o, n in moves.items()])], 0)

    def document_hashes(self) -> dict[str, str]:
        return {row[0]: row[1] for row in self.query(queries.DOCUMENT_HASHES).rows}

    def stats(self) -> StoreStats:
        return stats_from(self)  # type: ignore[arg-type]

    def scan(self, cypher: str) -> Iterator[list[Any]]:
        """One query, every row at once (``FalkorDBStore`` sends it in pages)."""
        yield from self.query(cypher).rows

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
