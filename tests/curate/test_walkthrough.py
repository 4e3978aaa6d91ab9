"""The README walk-through against a real embedded FalkorDB: find, curate, rebuild, and the
edit is still there; a blocked entity stays gone; a stale edit is reported and the build goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg import build as library
from kg.build import StoreTarget, open_store
from kg.cli import curate as curate_cli
from kg.curate import CurationError, append_edit, new_edit
from kg.errors import KGError
from kg.pipeline import PipelineConfig

FAST = PipelineConfig(without=frozenset({"hanlp"}))
app = typer.Typer()
curate_cli.register(app)
runner = CliRunner()


def kg(target: StoreTarget, curation: Path, *args: str) -> str:
    """Run ``kg entities`` on the test's graph, or ``kg curate`` on its curation file."""
    extra = ["--store", str(target.store)]
    extra += ["--database", str(target.database)] if args[0] == "entities" else ["--curation", str(curation)]
    result = runner.invoke(app, [*args, *extra], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def company(target: StoreTarget, name: str) -> dict[str, object]:
    with open_store(target) as graph:
        rows = graph.query(
            "MATCH (c:Company) WHERE c.name = $name "
            "OPTIONAL MATCH (c)-[r]-(x) WHERE type(r) <> 'MENTIONED_IN' "
            "RETURN c.id AS id, c.aliases AS aliases, collect(type(r) + ' ' + coalesce(x.name, '')) AS facts",
            {"name": name}).records()
    assert len(rows) == 1, rows
    return rows[0]


def names_in(target: StoreTarget) -> set[str]:
    with open_store(target) as graph:
        return {r["name"] for r in graph.query("MATCH (e:Entity) RETURN e.name AS name").records()}


def test_find_merge_rebuild_gives_one_node_with_both_names_and_all_relations(
        target: StoreTarget, docs: Path, tmp_path: Path) -> None:
    curation = tmp_path / "curation.jsonl"
    first = library.rebuild([docs], target, FAST, curation=curation)
    assert len(first.loaded) == 2 and first.stale == ()

    found = json.loads(kg(target, curation, "entities", "蓝鲸", "--json"))
    assert {h["name"] for h in found} == {"蓝鲸智能", "杭州深蓝鲸鱼信息技术有限公司"}
    assert all(h["type"] == "Company" and h["documents"] == 1 and h["relations"] >= 1 for h in found)
    normalized = json.loads(kg(target, curation, "entities", "深蓝鲸鱼信息技术公司", "--json", "--type", "Company"))
    assert [h["id"] for h in normalized] == ["company:杭州深蓝鲸鱼信息技术"]  # legal form dropped
    assert "id,name,type" in kg(target, curation, "entities", "蓝鲸", "--format", "csv")

    kg(target, curation, "curate", "merge", "蓝鲸智能", "杭州深蓝鲸鱼信息技术有限公司", "--note", "brand")
    listed = json.loads(kg(target, curation, "curate", "list", "--json"))
    assert [(e["op"], e["note"]) for e in listed] == [("merge", "brand")]

    report = library.rebuild([docs], target, FAST, full=True, curation=curation)
    assert report.stale == () and len(report.loaded) == 2
    node = company(target, "蓝鲸智能")
    assert node["id"] == "company:蓝鲸智能" and node["aliases"] == ["杭州深蓝鲸鱼信息技术有限公司"]
    facts = set(node["facts"])  # type: ignore[arg-type]
    assert {"INVESTS_IN 红杉资本中国", "INVESTS_IN 高瓴资本", "LOCATED_IN 杭州未来科技城",
            "HOLDS_POSITION 张明远"} <= facts
    assert "杭州深蓝鲸鱼信息技术有限公司" not in names_in(target)

    evidence = json.loads(kg(target, curation, "entities", "company:蓝鲸智能", "--evidence", "--json"))
    assert {e["document"] for e in evidence} == {str(docs / "brand.txt"), str(docs / "registered.txt")}
    assert any("本轮融资由红杉资本中国领投" in e["sentence"] for e in evidence)


def test_a_blocked_entity_stays_gone_and_a_stale_edit_is_reported(target: StoreTarget, docs: Path,
                                                                   tmp_path: Path) -> None:
    curation = tmp_path / "curation.jsonl"
    library.build([docs], target, FAST, curation=curation)
    assert "高瓴资本" in names_in(target)
    append_edit(curation, new_edit("block", "高瓴资本", note="not in this deal"))
    append_edit(curation, new_edit("rename", "已注销的公司", "别的名字"))
    report = library.rebuild([docs], target, FAST, full=True, curation=curation)
    assert len(report.loaded) == 2
    (stale,) = report.stale
    assert stale.edit.where == f"{curation}:2" and "已注销的公司" in stale.message
    assert report.as_dict()["stale"] == [stale.message]
    assert "高瓴资本" not in names_in(target)
    again = library.rebuild([docs], target, FAST, full=True, curation=curation)
    assert "高瓴资本" not in names_in(target) and len(again.stale) == 1
    assert "INVESTS_IN 红杉资本中国" in company(target, "蓝鲸智能")["facts"]  # type: ignore[operator]


def test_a_contradiction_stops_the_build_before_anything_is_written(target: StoreTarget, docs: Path,
                                                                    tmp_path: Path) -> None:
    curation = tmp_path / "curation.jsonl"
    append_edit(curation, new_edit("merge", "蓝鲸智能", "杭州深蓝鲸鱼信息技术有限公司"))
    append_edit(curation, new_edit("block", "杭州深蓝鲸鱼信息技术有限公司"))
    with pytest.raises(CurationError, match=f"{curation}:1: merge .* contradicts {curation}:2: block"):
        library.build([docs], target, FAST, curation=curation)
    assert names_in(target) == set()
    result = runner.invoke(app, ["curate", "block", "蓝鲸智能", "--curation", str(curation)])
    assert result.exit_code == 1 and "contradicts" in result.output


THIRD = """投融快报
2026年5月9日

■ 星火医疗完成A轮融资

5月8日，医疗器械企业星火医疗宣布完成A轮融资，融资金额为1亿元人民币。本轮融资由启明创投领投。
"""


def test_changes_after_adding_one_bulletin_lists_exactly_its_deals_and_entities(
        target: StoreTarget, docs: Path, tmp_path: Path) -> None:
    curation = tmp_path / "curation.jsonl"
    library.rebuild([docs], target, FAST, curation=curation)
    (docs / "third.txt").write_text(THIRD, encoding="utf-8")
    report = library.rebuild([docs], target, FAST, curation=curation)
    assert report.new == (str(docs / "third.txt"),) and report.changes is not None
    third = library.extract([docs / "third.txt"], FAST).extractions[0]
    added = report.changes.added
    entities = {kind: names for kind, names in added.items() if not kind.startswith("-[") and kind != "FundingRound"}
    expected: dict[str, list[str]] = {}
    for entity in third.entities:
        expected.setdefault(entity.type, []).append(entity.name)
    assert entities == {kind: sorted(names) for kind, names in expected.items()}
    assert added["FundingRound"] == ["星火医疗 A轮"] and report.changes.removed == {}
    assert added["-[PARTICIPATED_IN]->"] == ["启明创投 -> A轮"]

    result = runner.invoke(app, ["changes", "--store", str(target.store), "--database", str(target.database), "--json"],
                           catch_exceptions=False)
    assert result.exit_code == 0 and json.loads(result.stdout) == report.changes.as_dict()


def test_an_edit_made_since_the_last_rebuild_reaches_the_documents_already_loaded(
        target: StoreTarget, docs: Path, tmp_path: Path) -> None:
    curation = tmp_path / "curation.jsonl"
    library.rebuild([docs], target, FAST, curation=curation)
    assert library.rebuild([docs], target, FAST, curation=curation).changes.curation_changed is False  # type: ignore[union-attr]
    append_edit(curation, new_edit("block", "张明远"))
    report = library.rebuild([docs], target, FAST, curation=curation)  # not --full: the edit makes it full
    assert report.changes is not None and report.changes.curation_changed
    assert report.changes.removed == {"Person": ["张明远"], "-[HOLDS_POSITION]->": ["张明远 -> 杭州深蓝鲸鱼信息技术有限公司"]}
    assert report.changes.added == {} and report.changes.caused_by("curation")["removed"] == report.changes.removed


def test_load_applies_the_curation_to_an_extraction_file(target: StoreTarget, docs: Path, tmp_path: Path) -> None:
    jsonl = tmp_path / "out.jsonl"
    extracted = library.extract([docs], FAST).extractions
    jsonl.write_text("".join(json.dumps(x.to_dict(), ensure_ascii=False) + "\n" for x in extracted), encoding="utf-8")
    curation = tmp_path / "curation.jsonl"
    append_edit(curation, new_edit("rename", "红杉资本中国", "红杉中国"))
    report = library.load(jsonl, target, curation=curation)
    assert len(report.loaded) == 2 and report.stale == ()
    assert "红杉中国" in names_in(target) and "红杉资本中国" not in names_in(target)


def test_changes_since_a_run_join_the_runs(tmp_path: Path) -> None:
    from kg.curate.changes import read_changes, record_changes

    record_changes({}, {"Company": {"c:a": "甲"}}, tmp_path)
    second = record_changes({"Company": {"c:a": "甲"}}, {"Company": {"c:b": "乙"}}, tmp_path)
    assert read_changes(tmp_path).added == {"Company": ["乙"]} and read_changes(tmp_path).run == second.run
    first = sorted(tmp_path.glob("*.json"))[0].stem
    joined = read_changes(tmp_path, since=first)
    assert joined.added == {"Company": ["乙"]} and joined.removed == {}  # 甲 came and went
    with pytest.raises(KGError, match="no rebuild recorded"):
        read_changes(tmp_path / "none")


def test_changes_tell_a_documents_change_from_a_curation_edits(target: StoreTarget, docs: Path, tmp_path: Path) -> None:
    """One rebuild after a new bulletin and a new edit: the bulletin's deal is the documents',
    the blocked person and their relation are the curation's, and `kg changes` shows both."""
    curation = tmp_path / "curation.jsonl"
    library.rebuild([docs], target, FAST, curation=curation)
    (docs / "third.txt").write_text(THIRD, encoding="utf-8")
    append_edit(curation, new_edit("block", "张明远"))
    report = library.rebuild([docs], target, FAST, curation=curation)
    assert report.changes is not None
    curated, documents = report.changes.caused_by("curation"), report.changes.caused_by("documents")
    assert curated == {"added": {}, "removed": {"Person": ["张明远"],
                                                "-[HOLDS_POSITION]->": ["张明远 -> 杭州深蓝鲸鱼信息技术有限公司"]}}
    assert documents["removed"] == {} and documents["added"]["FundingRound"] == ["星火医疗 A轮"]
    assert "Person" not in documents["added"] or "张明远" not in documents["added"]["Person"]

    out = runner.invoke(app, ["changes", "--store", str(target.store), "--database", str(target.database), "--json"],
                        catch_exceptions=False)
    assert json.loads(out.stdout)["causes"] == {"documents": documents, "curation": curated}
    shown = runner.invoke(app, ["changes", "--store", str(target.store), "--database", str(target.database)],
                          catch_exceptions=False).stdout
    assert "from curation edits" in shown and "from new, changed or deleted documents" in shown

    (docs / "third.txt").unlink()  # next run: nothing edited, so all that goes is the documents'
    again = library.rebuild([docs], target, FAST, curation=curation).changes
    assert again is not None and again.caused_by("curation") == {"added": {}, "removed": {}}
    assert again.caused_by("documents")["removed"]["FundingRound"] == ["星火医疗 A轮"]
