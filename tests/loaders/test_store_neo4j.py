"""The Neo4j backend, which cannot run here (no Neo4j 5 server installs on our machines).

Two checks instead: every statement it sends passes Neo4j's own parser and semantic
analysis (``@neo4j-cypher/language-support``, run by Node), and a driver stand-in that only
RECORDS calls shows which statements, parameters, transactions and access modes it uses.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Self

import neo4j
import pytest
from store_fixtures import deal_doc, policy_doc

from kg.ontology import cached_ontology
from loaders import queries
from loaders.model import ENTITY_LABEL, build_batch
from loaders.neo4j import SCHEMA, Neo4jStore
from loaders.questions import QUESTIONS

LINT_DIR = Path(__file__).parents[1] / "cypher_lint"


# ---- a driver that records ------------------------------------------------------------------

@dataclass
class Call:
    access_mode: str
    via: str
    cypher: str
    params: dict[str, Any]


class _Counters:
    nodes_created = nodes_deleted = relationships_created = relationships_deleted = properties_set = 0


class _Result:
    def keys(self) -> list[str]:
        return []

    def __iter__(self):
        return iter(())

    def consume(self) -> Any:
        return type("Summary", (), {"counters": _Counters()})()


@dataclass
class RecordingSession:
    calls: list[Call]
    mode: str
    via: str = "session.run"

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def run(self, cypher: str, params: dict[str, Any] | None = None) -> _Result:
        self.calls.append(Call(self.mode, self.via, cypher, params or {}))
        return _Result()

    def _in_transaction(self, via: str, work: Callable[[Any], Any]) -> Any:
        self.calls.append(Call(self.mode, f"{via}:begin", "", {}))
        return work(RecordingSession(self.calls, self.mode, f"{via}:tx.run"))

    def execute_write(self, work: Callable[[Any], Any]) -> Any:
        return self._in_transaction("execute_write", work)

    def execute_read(self, work: Callable[[Any], Any]) -> Any:
        return self._in_transaction("execute_read", work)


@dataclass
class RecordingDriver:
    uri: str
    auth: Any
    calls: list[Call] = field(default_factory=list)
    databases: list[str] = field(default_factory=list)

    def session(self, *, database: str, default_access_mode: str) -> RecordingSession:
        self.databases.append(database)
        return RecordingSession(self.calls, default_access_mode)

    def close(self) -> None:
        pass


@pytest.fixture
def recorded() -> tuple[Neo4jStore, list[RecordingDriver]]:
    drivers: list[RecordingDriver] = []

    def factory(uri: str, auth: Any, **settings: Any) -> RecordingDriver:
        drivers.append(RecordingDriver(uri, auth))
        drivers[-1].settings = settings
        return drivers[-1]

    store = Neo4jStore("neo4j://db.example:7687", user="kg", password="pw", database="graph", driver_factory=factory)
    return store, drivers


def test_construction_does_no_io(recorded):
    store, drivers = recorded
    assert drivers == []
    store.ensure_schema()
    assert [(d.uri, d.auth) for d in drivers] == [("neo4j://db.example:7687", ("kg", "pw"))]


def test_a_batch_is_one_write_transaction_with_the_shared_statements(recorded, keys):
    store, drivers = recorded
    batch = build_batch([deal_doc(), policy_doc()], keys)
    store.write(batch)
    calls = drivers[0].calls
    assert [c.via for c in calls].count("execute_write:begin") == 1
    assert {c.access_mode for c in calls} == {neo4j.WRITE_ACCESS}
    expected = queries.removal_statements(batch.doc_ids, batch.names) + queries.write_statements(batch)
    sent = [(c.cypher, c.params) for c in calls if c.via == "execute_write:tx.run"]
    assert sent == [(s.cypher, s.params) for s in expected]
    assert drivers[0].databases == ["graph"]
    # the parameters are the model's rows, as plain maps
    documents = next(p for c, p in sent if "MERGE (d:Document" in c)
    assert documents == {"documents": [asdict(d) for d in batch.documents]}
    located = next(p for c, p in sent if ":LOCATED_IN {key" in c)
    [row] = next(iter(located.values()))
    assert row["docs"] == ["deal.txt", "policy.txt"] and row["head"] == "Company:星云智能"


def test_reads_use_read_sessions_and_writes_write_sessions(recorded):
    store, drivers = recorded
    store.query("MATCH (n) RETURN n LIMIT $k", {"k": 3})
    store.query("CREATE (n:X)", write=True)
    calls = drivers[0].calls
    assert [(c.access_mode, c.via, c.cypher, c.params) for c in calls if c.cypher] == [
        (neo4j.READ_ACCESS, "execute_read:tx.run", "MATCH (n) RETURN n LIMIT $k", {"k": 3}),
        (neo4j.WRITE_ACCESS, "execute_write:tx.run", "CREATE (n:X)", {}),
    ]


def test_schema_uses_neo4j5_constraints(recorded):
    store, drivers = recorded
    store.ensure_schema()
    sent = [c.cypher for c in drivers[0].calls]
    assert sent == list(SCHEMA)
    assert any("FOR (n:Entity) REQUIRE n.id IS UNIQUE" in s for s in sent)


# ---- Neo4j's own grammar ----------------------------------------------------------------------

def lint(statements: list[str]) -> list[list[dict[str, Any]]]:
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        subprocess.run([shutil.which("npm") or "npm", "ci", "--prefix", str(LINT_DIR)], check=True,
                       capture_output=True)
    done = subprocess.run(["node", str(LINT_DIR / "lint.mjs")], input=json.dumps(statements),
                          capture_output=True, text=True, check=True, timeout=300)
    return json.loads(done.stdout)


def every_statement(keys: dict[str, tuple[str, ...]]) -> list[str]:
    """Every statement shape the Neo4j backend can send, for every label and type of the ontology."""
    onto = cached_ontology()
    batch = build_batch([deal_doc(), policy_doc()], keys)
    statements = [s.cypher for s in queries.removal_statements(["a"], batch.names) + queries.write_statements(batch)]
    statements += [queries.merge_entities(label, []).cypher for label in onto.entity_types]
    statements += [queries.merge_relationships(t, ENTITY_LABEL, ENTITY_LABEL, []).cypher for t in onto.relation_types]
    statements += [q.cypher(cached_ontology()) for q in QUESTIONS.values()]
    statements.append(queries.link_places([]).cypher)
    return [*SCHEMA, *statements, *queries.READS]


def test_the_linter_reports_real_errors():
    broken, neo4j4, fine = lint([
        "MATCH (n:Company RETURN n",
        "CREATE CONSTRAINT ON (n:Entity) ASSERT n.id IS UNIQUE",
        "UNWIND $rows AS row MERGE (n:Entity {id: row.id}) RETURN count(*) AS n",
    ])
    assert broken and "Invalid input" in broken[0]["message"]
    assert neo4j4 and "ASSERT" in neo4j4[0]["message"]
    assert fine == []  # "Parameter $rows is not defined" is filtered


def test_every_statement_passes_neo4j_grammar_and_semantics(keys):
    statements = every_statement(keys)
    assert len(statements) > 20
    problems = {s: d for s, d in zip(statements, lint(statements)) if d}
    assert problems == {}


def test_the_driver_gets_timeouts(recorded, monkeypatch):
    store, drivers = recorded
    monkeypatch.setenv("KG_CONNECT_TIMEOUT", "3")
    store.ensure_schema()
    assert drivers[0].settings == {"connection_timeout": 3.0, "connection_acquisition_timeout": 3.0,
                                   "max_transaction_retry_time": 3.0}


def test_a_silent_server_is_an_error_not_a_hang(monkeypatch):
    import socket

    from kg.errors import StoreError

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # accepts the connection, never answers the Bolt handshake
    monkeypatch.setenv("KG_CONNECT_TIMEOUT", "1")
    store = Neo4jStore(f"bolt://127.0.0.1:{listener.getsockname()[1]}", user="neo4j", password="x")
    try:
        with pytest.raises(StoreError):
            store.stats()
    finally:
        store.close()
        listener.close()
