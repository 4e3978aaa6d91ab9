"""Neo4j 5 through the official driver: what differs from FalkorDB lives here.

- Atomicity: one managed write transaction per batch (``session.execute_write``): the
  shared statements run one after another inside it and all commit or none do.
- Read-only: a READ access-mode session with ``execute_read``; the server refuses writes.
- Schema: ``CREATE CONSTRAINT ... IF NOT EXISTS FOR (n:L) REQUIRE n.id IS UNIQUE`` (which
  also indexes ``id``) and ``CREATE INDEX ... IF NOT EXISTS`` on names.
- Dates stay ISO text, as on FalkorDB, so the same queries work on both.

Credentials: arguments, else ``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``,
``NEO4J_DATABASE`` (the CLI reads them).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

import neo4j
import neo4j.exceptions

from kg.errors import QueryTimeoutError, ReadOnlyError, StoreError, StoreUnavailableError
from loaders import queries
from loaders.base import CypherStore, QueryResult, WriteStats, connect_timeout, plain, query_timeout, timeout_message
from loaders.model import DOCUMENT_LABEL, ENTITY_LABEL, ROUND_LABEL

SCHEMA = (
    *(
        f"CREATE CONSTRAINT {label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"
        for label in (ENTITY_LABEL, DOCUMENT_LABEL, ROUND_LABEL)
    ),
    f"CREATE INDEX entity_name IF NOT EXISTS FOR (n:{ENTITY_LABEL}) ON (n.name)",
)


def _value(value: Any) -> Any:
    """Driver graph types as the same plain dicts the FalkorDB backend returns."""
    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), "properties": plain(dict(value))}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, "properties": plain(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [_value(n) for n in value.nodes], "edges": [_value(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return plain(getattr(value, "to_native", lambda: value)())


class Neo4jStore(CypherStore):
    """A Neo4j database (5.x).

    Example:
        >>> store = Neo4jStore("bolt://localhost:7687", user="neo4j", password="secret")  # no I/O
        >>> store.description
        'Neo4j at bolt://localhost:7687 (database neo4j)'
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        driver_factory: Callable[..., Any] = neo4j.GraphDatabase.driver,
    ) -> None:
        self.uri = uri
        self.auth = (user or "neo4j", password or "") if (user or password) else None
        self.database = database or "neo4j"
        self._driver_factory = driver_factory
        self._driver: Any = None

    @property
    def description(self) -> str:
        return f"Neo4j at {self.uri} (database {self.database})"

    def driver(self) -> Any:
        if self._driver is None:
            seconds = connect_timeout()
            # a server that does not answer is an error within seconds, not after the driver's
            # minute of retries (whose warnings would also pierce --quiet)
            logging.getLogger("neo4j").setLevel(logging.ERROR)
            self._driver = self._driver_factory(
                self.uri, auth=self.auth, connection_timeout=seconds, connection_acquisition_timeout=seconds,
                max_transaction_retry_time=seconds)
        return self._driver

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None


    def _session(self, *, read: bool) -> Any:
        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        return self.driver().session(database=self.database, default_access_mode=mode)

    def _call(self, work: Callable[[], Any], timeout: float = 0) -> Any:
        try:
            return work()
        except neo4j.exceptions.ClientError as exc:
            if (exc.code or "").endswith(".AccessMode"):  # Neo.ClientError.Statement.AccessMode
                raise ReadOnlyError(
                    f"{self.description}: the server refused a write in a read-only query (use --write)"
                ) from None
            if "TransactionTimedOut" in (exc.code or ""):  # Neo.ClientError.Transaction.TransactionTimedOut…
                raise QueryTimeoutError(timeout_message(self.description, timeout)) from None
            raise StoreError(f"{self.description}: {exc.code}: {exc.message}") from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as exc:
            raise StoreUnavailableError(f"{self.description}: {exc}") from None  # a load stops, naming the rest
        except neo4j.exceptions.AuthError as exc:
            raise StoreError(f"{self.description}: {exc}") from None
        except neo4j.exceptions.Neo4jError as exc:
            raise StoreError(f"{self.description}: {exc}") from None

    # ---- GraphStore -------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        def run_all() -> None:
            with self._session(read=False) as session:
                for statement in SCHEMA:
                    session.run(statement).consume()

        self._call(run_all)

    def _write(self, statements: list[queries.Statement], documents: int) -> WriteStats:
        def transaction(tx: Any) -> WriteStats:
            stats = WriteStats(documents=documents)
            for statement in statements:
                counters = tx.run(statement.cypher, statement.params).consume().counters
                stats += WriteStats(
                    nodes_created=counters.nodes_created,
                    nodes_deleted=counters.nodes_deleted,
                    relationships_created=counters.relationships_created,
                    relationships_deleted=counters.relationships_deleted,
                    properties_set=counters.properties_set,
                )
            return stats

        def run() -> WriteStats:
            started = time.perf_counter()
            with self._session(read=False) as session:
                stats = session.execute_write(transaction)
            stats.seconds = time.perf_counter() - started
            return stats

        return self._call(run)

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
              timeout: float | None = None) -> QueryResult:
        seconds = query_timeout(timeout)

        @neo4j.unit_of_work(timeout=seconds)  # the server ends the transaction after that (0: never)
        def transaction(tx: Any) -> QueryResult:
            result = tx.run(cypher, params or {})
            columns = list(result.keys())
            return QueryResult(columns, [[_value(v) for v in record.values()] for record in result])

        def run() -> QueryResult:
            with self._session(read=not write) as session:
                execute = session.execute_write if write else session.execute_read
                return execute(transaction)

        return self._call(run, seconds)

