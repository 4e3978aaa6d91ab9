"""Ids, names and values are clean before they reach a server (issue 16).

The embedded FalkorDB crashes on an id ending in whitespace and refuses a NUL; no client can
send a lone surrogate. A document named ``angel.txt `` and text full of control characters
must load, and the server must stay up for the documents after them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg import build as library
from kg.build import StoreTarget, open_store
from kg.errors import StoreError
from kg.ontology import cached_ontology
from kg.pipeline import Pipeline, PipelineConfig
from kg.types import Entity, Extraction, Relation, SourceDocument, TextSpan
from loaders.load import load_extractions
from loaders.model import build_batch, relation_keys

DEAL = "星联智能今日宣布完成C1轮融资。本轮融资金额为5亿元人民币，由中金资本领投，京东、科大讯飞跟投。"
DIRTY = ("\x1b[31m星联智能\x1b[0m今日宣布完成C1轮融资\x00。本轮融资金额为5亿元人民币，由中金资本领投，"
         "京东\ud800、科大讯飞跟投。\r\n")
UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def strings_in(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def graph_strings(target: StoreTarget) -> list[str]:
    """Every text value of every node and relationship, and the server answers (it is up)."""
    with open_store(target) as graph:
        assert graph.query("RETURN 1 AS one").rows == [[1]]
        rows = graph.query("MATCH (n) RETURN properties(n) AS p").rows
        rows += graph.query("MATCH ()-[r]->() RETURN properties(r) AS p").rows
    return [s for row in rows for s in strings_in(row[0])]


def test_a_document_named_with_a_trailing_space_loads_and_rebuilds(
    target: StoreTarget, tmp_path: Path, fast: PipelineConfig,
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    # kg.read refuses a file with NUL bytes as binary; NUL and the surrogate are the next test's
    (folder / "angel.txt ").write_text(DIRTY.replace("\ud800", "").replace("\x00", "\x07"), encoding="utf-8")
    (folder / "zeta.txt").write_text(DEAL, encoding="utf-8")  # sorted after it: the server must still be up
    named = [folder / "angel.txt ", folder / "zeta.txt"]  # a folder scan skips the suffix ".txt ": name it
    report = library.build(named, target, fast)
    assert report.failed == ()
    assert sorted(report.loaded) == [str(folder / "angel.txt"), str(folder / "zeta.txt")]
    with open_store(target) as graph:
        ids = sorted(r[0] for r in graph.query("MATCH (d:Document) RETURN d.id").rows)
        names = {r[0] for r in graph.query("MATCH (e:Entity) RETURN e.name").rows}
    assert ids == [str(folder / "angel.txt"), str(folder / "zeta.txt")]
    assert "星联智能" in names
    assert not any(UNSTORABLE.search(s) or s != s.strip() for s in graph_strings(target) if "\n" not in s)
    again = library.rebuild(named, target, fast)  # the cleaned id is the id rebuild compares
    assert again.new == () and again.deleted == () and len(again.unchanged) == 2


def test_nul_ansi_escapes_and_a_lone_surrogate_load_and_the_server_stays_up(
    target: StoreTarget, pipeline: Pipeline,
) -> None:
    source = SourceDocument("dirty.txt\t ", DIRTY, "c" * 64, "txt")
    extraction = pipeline.extract(source)
    assert extraction.doc == "dirty.txt"
    for entity in extraction.entities:
        assert not UNSTORABLE.search(entity.id + entity.name + "".join(entity.aliases)), entity
        for mention in entity.mentions:  # the offset contract still holds on the raw text
            assert DIRTY[mention.start:mention.end] == mention.text
    assert {e.name for e in extraction.entities} >= {"星联智能", "中金资本", "京东"}
    clean = pipeline.extract(SourceDocument("clean.txt", DEAL, "d" * 64, "txt"))
    with open_store(target) as graph:
        graph.ensure_schema()
        report = load_extractions(graph, [extraction, clean], relation_keys(cached_ontology()))
    assert report.failed == {} and report.loaded == ["dirty.txt", "clean.txt"]
    stored = graph_strings(target)
    assert stored and not any(UNSTORABLE.search(s) for s in stored)


def _extraction(entity_id: str = "company:星联智能", name: str = "星联智能", **props: object) -> Extraction:
    company = Entity(entity_id, name, "Company", aliases=["\x00", " 星联 "], mentions=[TextSpan(0, 4, "星联智能")])
    investor = Entity("investor:中金资本", "中金资本", "Investor", mentions=[TextSpan(30, 34, "中金资本")])
    invests = Relation("INVESTS_IN", investor.id, company.id, {"round": "C1轮 ", **props},
                       TextSpan(0, 10, "星联\x00智能\x1b[1m完成"), 0.9, "test")
    return Extraction("angel.txt \x00", "e" * 64, "\x1b[1m标题\x1b[0m ", None, [company, investor], [invests])


def test_the_batch_is_cleaned_and_unknown_property_keys_are_refused() -> None:
    keys = relation_keys(cached_ontology())
    batch = build_batch([_extraction(entity_id="company:星联智能 ", name=" \x1b[31m星联智能\n")], keys)
    assert [d.id for d in batch.documents] == ["angel.txt"] and batch.documents[0].title == "标题"
    company = next(n for n in batch.nodes if n.label == "Company")
    assert (company.id, company.name, company.aliases) == ("company:星联智能", "星联智能", ["星联"])
    invests = next(r for r in batch.relationships if r.type == "INVESTS_IN")
    assert invests.head == "investor:中金资本" and invests.tail == "company:星联智能"
    assert invests.properties["round"] == "C1轮" and invests.evidence == ["星联智能完成"]
    with pytest.raises(StoreError, match=r"angel\.txt: INVESTS_IN has no property 'colour' in the ontology"):
        build_batch([_extraction(colour="red")], keys)
    with pytest.raises(StoreError, match=r"angel\.txt: INVESTS_IN property key '`x' is not a valid name"):
        build_batch([_extraction(**{"`x": 1})], keys)
    with pytest.raises(StoreError, match=r"angel\.txt: entity id '\\x00 ' is empty"):
        build_batch([_extraction(entity_id="\x00 ")], keys)
