"""The curation tests' store: one embedded FalkorDB for the session, a fresh graph per test;
and two bulletins that name one company two ways."""

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


BRAND = """科创周报
2026年3月2日

■ 蓝鲸智能完成B轮融资

3月1日，人工智能企业蓝鲸智能宣布完成B轮融资，融资金额为3亿元人民币。本轮融资由红杉资本中国领投，高瓴资本跟投。
"""
REGISTERED = """园区快讯
2026年4月8日

■ 杭州深蓝鲸鱼信息技术有限公司入驻未来科技城

4月6日，杭州深蓝鲸鱼信息技术有限公司正式入驻杭州未来科技城。该公司董事长张明远表示，将加大研发投入。
"""


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """Two bulletins naming one company two ways: its brand, and its registered name."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "brand.txt").write_text(BRAND, encoding="utf-8")
    (folder / "registered.txt").write_text(REGISTERED, encoding="utf-8")
    return folder
