"""Choosing the backend from the connection options (no server is contacted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import StoreError
from loaders import StoreOptions, open_store
from loaders.falkordb import FalkorDBStore
from loaders.neo4j import Neo4jStore


def test_the_embedded_store_is_the_default_and_store_wins_over_a_uri(tmp_path: Path):
    default = open_store()
    assert isinstance(default, FalkorDBStore) and default.server is not None
    assert default.server.directory == Path(".kg").absolute()
    chosen = open_store(StoreOptions(store=tmp_path, uri="bolt://x:7687"))
    assert isinstance(chosen, FalkorDBStore) and chosen.server.directory == tmp_path
    assert not (tmp_path / "password").exists()  # nothing happened yet


def test_uris_pick_neo4j_or_an_external_falkordb():
    neo = open_store(uri="neo4j+s://db.example:7687", user="u", password="p", database="bulletins")
    assert isinstance(neo, Neo4jStore) and (neo.uri, neo.auth, neo.database) == (
        "neo4j+s://db.example:7687", ("u", "p"), "bulletins")
    falkor = open_store(uri="falkor://graph.example:6380", password="p", database="g")
    assert isinstance(falkor, FalkorDBStore) and falkor.server is None
    assert (falkor.host, falkor.port, falkor.password, falkor.graph_name) == ("graph.example", 6380, "p", "g")


def test_an_unknown_scheme_is_a_clear_error():
    with pytest.raises(StoreError, match=r"http://x: unknown URI scheme 'http'"):
        open_store(uri="http://x")
