"""A query that runs too long is stopped by the server after KG_QUERY_TIMEOUT seconds (issue 16).

On the embedded FalkorDB for real (GRAPH.QUERY's TIMEOUT); on Neo4j, which cannot run here, a
driver stand-in shows the transaction function carries the timeout and the server's
TransactionTimedOut error becomes the same one line.
"""

from __future__ import annotations

from typing import Any

import neo4j
import neo4j.exceptions
import pytest

from kg.build import StoreTarget, open_store
from kg.errors import QueryTimeoutError, StoreError
from loaders.base import DEFAULT_QUERY_TIMEOUT, QUERY_TIMEOUT_ENV, query_timeout
from loaders.neo4j import Neo4jStore

SLOW = "UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y RETURN count(*)"
"""Four hundred million rows: minutes of work, stopped within the timeout's checks."""


def test_a_long_query_stops_with_one_line_naming_the_limit(target: StoreTarget,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUERY_TIMEOUT_ENV, "0.5")
    with open_store(target) as graph:
        graph.query("CREATE (:Probe)", write=True)  # a graph that exists (an empty one answers nothing)
        with pytest.raises(QueryTimeoutError) as caught:
            graph.query(SLOW)
        message = str(caught.value)
        assert "\n" not in message and "0.5 s" in message and QUERY_TIMEOUT_ENV in message
        assert "--timeout" in message
        assert graph.query("RETURN 1 AS one").rows == [[1]]  # the store still answers afterwards


def test_the_argument_wins_over_the_environment(target: StoreTarget, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUERY_TIMEOUT_ENV, "600")
    with open_store(target) as graph:
        graph.query("CREATE (:Probe)", write=True)
        with pytest.raises(QueryTimeoutError, match="0.3 s"):
            graph.query(SLOW, timeout=0.3)


def test_the_default_and_bad_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(QUERY_TIMEOUT_ENV, raising=False)
    assert query_timeout() == DEFAULT_QUERY_TIMEOUT == 60
    monkeypatch.setenv(QUERY_TIMEOUT_ENV, "0")
    assert query_timeout() == 0  # no limit
    for bad in ("soon", "-1", "nan"):
        monkeypatch.setenv(QUERY_TIMEOUT_ENV, bad)
        with pytest.raises(StoreError, match=QUERY_TIMEOUT_ENV):
            query_timeout()


class _Session:
    def __init__(self, seen: list[Any], error: Exception | None) -> None:
        self.seen, self.error = seen, error

    def __enter__(self) -> _Session:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def execute_read(self, work: Any) -> Any:
        self.seen.append(getattr(work, "timeout", None))
        if self.error is not None:
            raise self.error
        return None


def _neo4j(error: Exception | None = None) -> tuple[Neo4jStore, list[Any]]:
    seen: list[Any] = []
    driver = type("Driver", (), {"session": lambda self, **_: _Session(seen, error), "close": lambda self: None})
    return Neo4jStore("bolt://db.example:7687", driver_factory=lambda *a, **k: driver()), seen


def test_neo4j_transactions_carry_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUERY_TIMEOUT_ENV, "7")
    store, seen = _neo4j()
    store.query("MATCH (n) RETURN n")
    store.query("MATCH (n) RETURN n", timeout=2)
    assert seen == [7.0, 2]


def test_a_neo4j_timeout_is_the_same_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(QUERY_TIMEOUT_ENV, "3")
    timed_out = neo4j.exceptions.Neo4jError._hydrate_neo4j(
        code="Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration",
        message="The transaction has been terminated.")
    store, _ = _neo4j(timed_out)
    with pytest.raises(QueryTimeoutError, match=f"3 s limit; raise it with {QUERY_TIMEOUT_ENV}"):
        store.query("MATCH (n) RETURN n")


def test_kg_query_timeout_option(target: StoreTarget) -> None:
    from typer.testing import CliRunner

    from kg.cli.main import app

    with open_store(target) as graph:
        graph.query("CREATE (:Probe)", write=True)
    where = ["--store", str(target.store), "--database", str(target.database)]
    result = CliRunner().invoke(app, ["query", SLOW, "--timeout", "0.3", *where])
    assert result.exit_code == 1
    [line] = [line for line in result.output.splitlines() if line.strip()]
    assert "0.3 s limit" in line and QUERY_TIMEOUT_ENV in line
