"""The graph built from ``samples/`` answers the analysts' questions (``loaders.questions``).

The whole way runs for real: the pipeline extracts the sample bulletins, the loader writes
them into the FalkorDB test server, and each named question is asked in Cypher.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.ontology import cached_ontology
from kg.pipeline import extract_paths
from loaders.embedded import EmbeddedServer
from loaders.falkordb import FalkorDBStore
from loaders.load import load_extractions
from loaders.questions import QUESTIONS

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture(scope="module")
def graph(server: EmbeddedServer, keys: dict[str, tuple[str, ...]]) -> Iterator[FalkorDBStore]:
    store = FalkorDBStore(server=server, graph=f"samples_{uuid.uuid4().hex[:8]}")
    store.ensure_schema()
    results = extract_paths([SAMPLES])
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    report = load_extractions(store, [r.extraction for r in results if r.extraction], keys)
    assert report.ok and len(report.loaded) == len(results)
    yield store
    store.graph().delete()
    store.close()


def ask(graph: FalkorDBStore, name: str, **params: Any) -> list[dict[str, Any]]:
    return graph.query(QUESTIONS[name].cypher(cached_ontology()), params).records()


def test_rounds_each_investor_led(graph: FalkorDBStore) -> None:
    led = {row["investor"]: row["rounds"] for row in ask(graph, "rounds-led")}
    assert "字节跳动 战略融资" in led["红杉资本中国"]
    assert any(r.startswith("旷视科技") for r in led["中国国有资本风险投资基金"])
    assert "富士康" not in led  # followed, never led


def test_co_investors_of_an_investor(graph: FalkorDBStore) -> None:
    rows = ask(graph, "co-investors", investor="高瓴资本")
    partners = {row["co_investor"]: row["deals"] for row in rows}
    assert {"红杉资本中国", "云锋基金"} <= set(partners)
    assert "高瓴资本" not in partners
    # 高瓴创投 (GL Ventures) is Hillhouse's venture arm, its own investor with its own deals
    assert "五源资本" in {row["co_investor"] for row in ask(graph, "co-investors", investor="高瓴创投")}


def test_policies_each_agency_issued_by_date(graph: FalkorDBStore) -> None:
    rows = ask(graph, "policies-by-agency")
    state_council = [r for r in rows if r["agency"] == "国务院"]
    assert state_council and state_council[0]["date"].startswith("2020-07")
    joint = {r["agency"] for r in rows if r["policy"] == "《关于健全支持中小企业发展制度的若干意见》"}
    assert {"科学技术部", "工业和信息化部", "财政部"} <= joint


def test_companies_in_a_park(graph: FalkorDBStore) -> None:
    parks = {row["park"]: row["companies"] for row in ask(graph, "companies-in-parks")}
    assert "依图科技" in parks["苏州工业园区"]
    assert "海康威视" in parks["杭州高新技术产业开发区"]


def test_a_persons_posts(graph: FalkorDBStore) -> None:
    posts = {(r["person"], r["title"], r["organization"]) for r in ask(graph, "posts")}
    assert ("侯建国", "院长", "中国科学院") in posts
    assert {("雷军", "董事长", "小米"), ("雷军", "CEO", "小米")} <= posts  # 创始人 is the founding, not a post


def test_deals_and_the_evidence_of_a_fact(graph: FalkorDBStore) -> None:
    deals = {(r["company"], r["round"]): r for r in ask(graph, "deals")}
    horizon = deals[("地平线", "C2轮")]
    assert horizon["amount"] == 400_000_000 and horizon["currency"] == "USD"
    assert {"宁德时代", "比亚迪"} <= set(horizon["others"])
    (row,) = ask(graph, "evidence", head="红杉资本中国", tail="字节跳动")
    assert row["relation"] == "INVESTS_IN" and "领投" in row["evidence"][0]
    assert row["documents"][0].endswith("01_touronjie.txt")
