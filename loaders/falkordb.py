"""FalkorDB through its native client: what differs from Neo4j lives here.

- Atomicity: FalkorDB runs one query atomically (a runtime error undoes all of it), and Redis
  MULTI/EXEC does NOT roll back a failed command. So a batch, the removal of its documents'
  old contributions included, is sent as ONE query of ``CALL {}`` subqueries
  (``queries.combine``).
- Read-only: ``GRAPH.RO_QUERY`` (``graph.ro_query``); the server refuses writes.
- Schema: ``CREATE INDEX FOR (n:L) ON (n.p)`` (no IF NOT EXISTS: "already indexed" is
  ignored), then ``GRAPH.CONSTRAINT CREATE ... UNIQUE`` on the indexed property.
- Dates stay ISO text (``date()`` values cannot be sent as Python objects).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import falkordb
import redis.exceptions

from kg.errors import QueryTimeoutError, ReadOnlyError, StoreError, StoreUnavailableError
from loaders import queries
from loaders.base import CypherStore, QueryResult, WriteStats, connect_timeout, plain, query_timeout, timeout_message
from loaders.embedded import EmbeddedServer
from loaders.model import DOCUMENT_LABEL, ENTITY_LABEL, ROUND_LABEL
from loaders.params import params_header

UNIQUE_IDS = (ENTITY_LABEL, DOCUMENT_LABEL, ROUND_LABEL)
NAME_INDEXES = (ENTITY_LABEL,)
SCAN_ROWS = 5000
"""About this many rows per page of ``scan``: a page is a range of node ids (for relationships:
of start nodes, each with all its relationships), halved after a page with more rows, doubled
after one with under a quarter (entities hold most relationships, documents none)."""
LAST_NODE_ID = "MATCH (n) RETURN max(id(n))"
PAGED = {  # FalkorDB's own ids, in order: the rows come as the whole query gives them
    queries.ALL_NODES: queries.ALL_NODES.replace("MATCH (n)", "MATCH (n) WHERE $lo <= id(n) AND id(n) < $hi"),
    queries.ALL_RELATIONSHIPS: queries.ALL_RELATIONSHIPS.replace(
        "MATCH (a)-[r]->(b)", "MATCH (a) WHERE $lo <= id(a) AND id(a) < $hi MATCH (a)-[r]->(b)"),
    queries.SNAPSHOT_ENTITIES: queries.SNAPSHOT_ENTITIES.replace(
        "MATCH (e:Entity)", "MATCH (e:Entity) WHERE $lo <= id(e) AND id(e) < $hi"),
    queries.SNAPSHOT_RELATIONS: queries.SNAPSHOT_RELATIONS.replace(
        "MATCH (a)-[r]->(b)", "MATCH (a) WHERE $lo <= id(a) AND id(a) < $hi MATCH (a)-[r]->(b)"),
}
"""The whole-graph reads of an export and of a rebuild's change record, one range of node ids at a
time (FalkorDB seeks ids)."""


def _value(value: Any) -> Any:
    """FalkorDB's Node/Edge/Path objects as plain dicts and lists."""
    if isinstance(value, falkordb.Node):
        return {"labels": list(value.labels or []), "properties": plain(dict(value.properties))}
    if isinstance(value, falkordb.Edge):
        return {"type": value.relation, "properties": plain(dict(value.properties))}
    if isinstance(value, falkordb.Path):
        return {"nodes": [_value(n) for n in value.nodes()], "edges": [_value(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _value(v) for k, v in value.items()}
    return plain(value)


class FalkorDBStore(CypherStore):
    """A FalkorDB graph: the embedded server of a store directory, or a server you run.

    Example:
        >>> store = FalkorDBStore(server=EmbeddedServer("/tmp/kg-doc-example"))  # no I/O yet
        >>> store.description.endswith("kg-doc-example")
        True
    """

    def __init__(
        self,
        *,
        server: EmbeddedServer | None = None,
        host: str = "localhost",
        port: int = 6379,
        password: str | None = None,
        username: str | None = None,
        graph: str = "kg",
    ) -> None:
        self.server = server
        self.host, self.port, self.password, self.username = host, port, password, username
        self.graph_name = graph
        self._graph: Any = None
        self._restarts = 0
        """Times the embedded server was started again after it died (at most once)."""

    @property
    def description(self) -> str:
        if self.server is not None:
            return f"embedded FalkorDB at {self.server.directory}"
        return f"FalkorDB at {self.host}:{self.port}"

    # ---- connection -------------------------------------------------------------------------
    def graph(self) -> Any:
        if self._graph is None:
            if self.server is not None:
                self.server.acquire()
                client = self.server.client()
            else:
                self._probe()
                client = falkordb.FalkorDB(host=self.host, port=self.port, password=self.password,
                                           username=self.username, socket_connect_timeout=connect_timeout())
            self._graph = client.select_graph(self.graph_name)
        return self._graph

    def _probe(self) -> None:
        """A server kg did not start must answer a PING within ``connect_timeout()``: a listener
        that accepts and never replies (a wrong port, a hung server) would hold every query
        forever. The probe has its own short socket timeout; queries keep theirs."""
        seconds = connect_timeout()
        probe = None
        try:  # the client may talk to the server already while it is made
            probe = falkordb.FalkorDB(host=self.host, port=self.port, password=self.password,
                                      username=self.username, socket_connect_timeout=seconds, socket_timeout=seconds)
            probe.connection.ping()
        except redis.exceptions.AuthenticationError as exc:
            raise StoreError(f"{self.description}: the server refused the password: {exc}") from None
        except (redis.exceptions.TimeoutError, TimeoutError) as exc:
            raise StoreUnavailableError(f"{self.description}: no answer within {seconds:g} s ({exc}); "
                                        f"KG_CONNECT_TIMEOUT=SECONDS sets the wait") from None
        except (redis.exceptions.ConnectionError, OSError) as exc:
            raise StoreUnavailableError(f"{self.description}: connection failed: {exc}") from None
        finally:
            if probe is not None:
                probe.connection.close()

    def close(self) -> None:
        self._graph = None
        if self.server is not None:
            self.server.release()

    def _run(self, cypher: str, params: dict[str, Any] | None = None, *, read_only: bool = False,
             timeout: float = 0) -> Any:
        """One query; ``timeout`` seconds (0: none) go to the server as GRAPH.QUERY's TIMEOUT
        (FalkorDB enforces it on read queries). When the connection fails, the embedded server
        is started again once (if it died) and the query sent again: every write kg sends can
        be sent twice (it removes its documents first and MERGEs), and FalkorDB applies a query
        whole or not at all."""
        try:
            return self._send(cypher, params, read_only, timeout)
        except redis.exceptions.ConnectionError as exc:
            first = exc
            if not self._revive():
                again = " again, after kg had restarted the server once" if self._restarts else ""
                raise StoreUnavailableError(f"{self.description}: connection failed{again}: {exc}") from None
        try:
            return self._send(cypher, params, read_only, timeout)
        except redis.exceptions.ConnectionError as exc:
            raise StoreUnavailableError(f"{self.description}: connection failed again after kg restarted "
                                        f"the server ({first}): {exc}") from None

    def _revive(self) -> bool:
        """After a failed connection: restart the embedded server if it died (once per store
        object) and reconnect; False when there is nothing to retry."""
        if self.server is None or self._restarts >= 1:
            return False
        self._restarts += 1
        self._graph = None
        if self.server.running_pid() is None:
            try:
                self.server.restart()
            except StoreError as exc:
                raise StoreUnavailableError(f"{self.description}: the server died and could not be "
                                            f"restarted: {exc}") from None
        return True

    def _send(self, cypher: str, params: dict[str, Any] | None, read_only: bool, timeout: float) -> Any:
        graph = self.graph()
        milliseconds = max(1, round(timeout * 1000)) if timeout else None
        try:
            text = params_header(params) + cypher  # the client's own header writer is slow Python
            if read_only:
                return graph.ro_query(text, timeout=milliseconds)
            return graph.query(text, timeout=milliseconds)
        except redis.exceptions.ResponseError as exc:
            message = str(exc)
            if "read-only" in message:
                raise ReadOnlyError(
                    f"{self.description}: the server refused a write in a read-only query "
                    "(use --write to allow writes)"
                ) from None
            if "timed out" in message:  # "Query timed out"
                raise QueryTimeoutError(timeout_message(self.description, timeout)) from None
            raise StoreError(f"{self.description}: query failed: {message}") from None

    # ---- GraphStore -------------------------------------------------------------------------
    def ensure_schema(self) -> None:
        for label in UNIQUE_IDS:
            self._create_index(label, "id")
            try:
                self.graph().create_node_unique_constraint(label, "id")
            except redis.exceptions.ResponseError as exc:
                if "already exists" not in str(exc):
                    raise StoreError(f"{self.description}: unique constraint on {label}.id: {exc}") from None
        for label in NAME_INDEXES:
            self._create_index(label, "name")

    def _create_index(self, label: str, prop: str) -> None:
        try:
            self._run(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        except StoreError as exc:
            if "already indexed" not in str(exc):
                raise

    def _write(self, statements: list[queries.Statement], documents: int) -> WriteStats:
        cypher, params = queries.combine(statements)
        started = time.perf_counter()
        result = self._run(cypher, params)
        return WriteStats(
            documents=documents,
            nodes_created=int(result.nodes_created),
            nodes_deleted=int(result.nodes_deleted),
            relationships_created=int(result.relationships_created),
            relationships_deleted=int(result.relationships_deleted),
            properties_set=int(result.properties_set),
            seconds=time.perf_counter() - started,
        )

    def scan(self, cypher: str) -> Iterator[list[Any]]:
        """A whole-graph read (``PAGED``: the export's and the change record's) a page of nodes at
        a time: the client reads a whole reply before it returns, so one query would hold the
        graph in memory."""
        paged = PAGED.get(cypher)
        if paged is None:
            yield from super().scan(cypher)
            return
        last = self.query(LAST_NODE_ID).rows
        end = -1 if not last or last[0][0] is None else int(last[0][0])
        lo, span = 0, 64
        while lo <= end:
            rows = self.query(paged, {"lo": lo, "hi": lo + span}).rows
            yield from rows
            lo += span
            if len(rows) > SCAN_ROWS:
                span = max(1, span // 2)
            elif len(rows) < SCAN_ROWS // 4:
                span *= 2
            del rows

    def query(self, cypher: str, params: dict[str, Any] | None = None, *, write: bool = False,
              timeout: float | None = None) -> QueryResult:
        try:
            result = self._run(cypher, params, read_only=not write, timeout=query_timeout(timeout))
        except StoreError as exc:
            if not write and "empty key" in str(exc):  # nothing loaded yet: the graph does not exist
                return QueryResult([], [])
            raise
        columns = [str(column[1]) for column in (result.header or [])]
        return QueryResult(columns, [[_value(v) for v in row] for row in result.result_set])

