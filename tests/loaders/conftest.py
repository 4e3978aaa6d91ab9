"""A real FalkorDB server for the store tests: kg's embedded server in a temporary folder."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.ontology import cached_ontology
from loaders.embedded import EmbeddedServer
from loaders.falkordb import FalkorDBStore
from loaders.model import relation_keys

# The test modules here share ``store_fixtures``; pytest's importlib mode does not put this
# folder on sys.path, so the conftest (imported first) does.
sys.path.insert(0, str(Path(__file__).parent))
from store_fixtures import running_server  # noqa: E402 - found through the line above


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    yield from running_server(tmp_path_factory.mktemp("store"))


@pytest.fixture
def store(server: EmbeddedServer) -> Iterator[FalkorDBStore]:
    """A fresh graph on the shared server, with kg's schema."""
    graph = FalkorDBStore(server=server, graph=f"test_{uuid.uuid4().hex[:10]}")
    graph.ensure_schema()
    yield graph
    graph.graph().delete()
    graph.close()


@pytest.fixture(scope="session")
def keys() -> dict[str, tuple[str, ...]]:
    return relation_keys(cached_ontology())
