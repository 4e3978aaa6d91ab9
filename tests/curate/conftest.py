"""The curation tests' store: one embedded FalkorDB for the session, a fresh graph per test."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import StoreTarget
from loaders.embedded import EmbeddedServer

sys.path.insert(0, str(Path(__file__).parents[1] / "loaders"))
from store_fixtures import running_server  # noqa: E402 - the store tests' helpers, found through the line above


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    yield from running_server(tmp_path_factory.mktemp("curate-store"))


@pytest.fixture
def target(server: EmbeddedServer) -> StoreTarget:
    return StoreTarget(store=server.directory, database=f"curate_{uuid.uuid4().hex[:8]}")
