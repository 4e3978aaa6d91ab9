"""The graph store: ``Extraction`` records in, a Neo4j or FalkorDB graph out.

- ``model``: extractions -> ``GraphBatch`` of plain rows (pure).
- ``queries``: the shared Cypher, as functions.
- ``base``: the ``GraphStore`` protocol and its result types.
- ``neo4j`` / ``falkordb``: one thin module per backend; ``embedded``: kg's own FalkorDB server.
- ``sync``: what ``kg rebuild`` must extract and remove; ``export``: GraphML, GEXF, CSV.

``open_store`` picks the backend from the connection options, so every command (and a
notebook) opens a store the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from kg.errors import StoreError
from kg.types import Extraction
from loaders.base import GraphStore, QueryResult, StoreStats, WriteStats
from loaders.embedded import DEFAULT_STORE, EmbeddedServer
from loaders.model import GraphBatch, build_batch, relation_keys

FALKOR_SCHEMES = ("falkor", "falkordb", "redis")
NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class StoreOptions:
    """Where the graph lives: an embedded store directory, or a server URI with credentials."""

    store: Path | None = None
    uri: str | None = None
    user: str | None = None
    password: str | None = None
    database: str | None = None
    """Neo4j database name, or the FalkorDB graph name (default ``kg``)."""


def open_store(options: StoreOptions | None = None, **kwargs: object) -> GraphStore:
    """The store the options name (nothing connects until it is used).

    ``--store DIR`` wins; else a ``bolt://``/``neo4j://`` URI opens Neo4j and a
    ``falkor://``/``redis://`` URI an external FalkorDB; else the embedded store ``./.kg``.

    Example:
        >>> store = open_store(store=Path("/tmp/kg-doc-open"))
        >>> type(store).__name__
        'FalkorDBStore'
    """
    opts = options or StoreOptions(**kwargs)  # type: ignore[arg-type]
    from loaders.falkordb import FalkorDBStore

    if opts.store is not None or not opts.uri:
        return FalkorDBStore(server=EmbeddedServer(opts.store or DEFAULT_STORE), graph=opts.database or "kg")
    url = urlparse(opts.uri)
    if url.scheme in NEO4J_SCHEMES:
        from loaders.neo4j import Neo4jStore

        return Neo4jStore(opts.uri, user=opts.user, password=opts.password, database=opts.database)
    if url.scheme in FALKOR_SCHEMES:
        return FalkorDBStore(
            host=url.hostname or "localhost",
            port=url.port or 6379,
            username=opts.user or url.username,
            password=opts.password or url.password,
            graph=opts.database or "kg",
        )
    raise StoreError(
        f"{opts.uri}: unknown URI scheme {url.scheme!r} (use {', '.join(NEO4J_SCHEMES + FALKOR_SCHEMES)})"
    )


def batch_of(extractions: Iterable[Extraction]) -> GraphBatch:
    """``build_batch`` with the relation keys of kg's ontology."""
    from kg.ontology import cached_ontology

    return build_batch(extractions, relation_keys(cached_ontology()))


__all__ = [
    "GraphBatch", "GraphStore", "QueryResult", "StoreOptions", "StoreStats", "WriteStats",
    "batch_of", "build_batch", "open_store", "relation_keys",
]
