"""Shared by the robustness tests: a real embedded FalkorDB and the pipeline without its statistical model."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from kg.build import StoreTarget
from kg.pipeline import Pipeline, PipelineConfig
from loaders.embedded import EmbeddedServer

FAST = PipelineConfig(without=frozenset({"hanlp"}))
"""HanLP is not what these tests are about, and loading it would make them slow."""


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    embedded = EmbeddedServer(tmp_path_factory.mktemp("robust-store"))
    embedded.start(detach=True)
    yield embedded
    embedded.stop()


@pytest.fixture
def target(server: EmbeddedServer) -> StoreTarget:
    """A fresh graph on the shared server."""
    return StoreTarget(store=server.directory, database=f"robust_{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="session")
def fast() -> PipelineConfig:
    return FAST


@pytest.fixture(scope="session")
def pipeline() -> Pipeline:
    return Pipeline(FAST)
