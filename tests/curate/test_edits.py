"""The curation file and ``apply_curation``, without a store: pure data in and out."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kg.curate import (CurationError, CurationRun, Edit, append_edit, apply_curation, check_curation,
                       curation_path, new_edit, read_curation, undo_edit)
from kg.ontology import cached_ontology
from kg.types import Entity, Extraction, Relation, TextSpan

ONTOLOGY = cached_ontology()
AT = TextSpan(0, 4, "蓝鲸智能")


def deal(doc: str, company: Entity, investor: str) -> Extraction:
    lead = Entity(f"investor:{investor}", investor, "Investor", [], [AT])
    invests = Relation("INVESTS_IN", lead.id, company.id, {"round": "B轮"}, AT, 0.9)
    return Extraction(doc, "sha", None, None, [company, lead], [invests])


BRAND = Entity("company:蓝鲸智能", "蓝鲸智能", "Company", [], [AT])
REGISTERED = Entity("company:杭州深蓝鲸鱼信息技术", "杭州深蓝鲸鱼信息技术有限公司", "Company", [], [AT])


def test_the_file_round_trips_and_undo_removes_one_line(tmp_path: Path) -> None:
    path = tmp_path / "curation.jsonl"
    path.write_text("# reviewed by the team\n", encoding="utf-8")
    first = append_edit(path, new_edit("merge", "蓝鲸智能", "杭州深蓝鲸鱼信息技术有限公司", note="brand"))
    append_edit(path, new_edit("block-relation", "红杉资本中国", "INVESTS_IN", "蓝鲸智能"))
    append_edit(path, new_edit("block", "口号"))
    assert first.where == f"{path}:2"
    edits = read_curation(path)
    assert [(e.op, e.args, e.note) for e in edits] == [
        ("merge", ("蓝鲸智能", "杭州深蓝鲸鱼信息技术有限公司"), "brand"),
        ("block-relation", ("红杉资本中国", "INVESTS_IN", "蓝鲸智能"), None),
        ("block", ("口号",), None)]
    assert all(e.time.endswith("+00:00") for e in edits) and edits[2].where == f"{path}:4"
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[1])["other"] == "杭州深蓝鲸鱼信息技术有限公司"
    assert undo_edit(path, 2).op == "block-relation"
    assert [e.op for e in read_curation(path)] == ["merge", "block"]
    assert path.read_text(encoding="utf-8").startswith("# reviewed by the team\n")
    assert undo_edit(path).op == "block" and len(read_curation(path)) == 1
    with pytest.raises(CurationError, match="no edit 5"):
        undo_edit(path, 5)


def test_bad_lines_are_named_by_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "curation.jsonl"
    good = json.dumps({"op": "block", "entity": "口号"}, ensure_ascii=False)
    path.write_text("\n".join([good, "{broken", '{"op": "explode", "entity": "x"}', good,
                               '{"op": "merge", "entity": "A"}']) + "\n", encoding="utf-8")
    with pytest.raises(CurationError) as error:
        read_curation(path)
    message = str(error.value)
    assert f"{path}:2: not valid JSON" in message and f"{path}:3: unknown operation 'explode'" in message
    assert f"{path}:5: merge needs other" in message and f"{path}:1" not in message


def test_a_missing_file_holds_no_edits_and_the_path_defaults_beside_the_store(tmp_path: Path,
                                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("KG_CURATION", raising=False)
    assert read_curation(tmp_path / "none.jsonl") == ()
    assert curation_path(tmp_path / ".kg") == tmp_path / "curation.jsonl"
    monkeypatch.setenv("KG_CURATION", str(tmp_path / "team.jsonl"))
    assert curation_path(tmp_path / ".kg") == tmp_path / "team.jsonl"
    assert curation_path(tmp_path / ".kg", tmp_path / "given.jsonl") == tmp_path / "given.jsonl"


def test_merge_resolves_either_name_to_the_kept_one_and_leaves_the_input_alone() -> None:
    one, two = deal("a.txt", BRAND, "红杉资本中国"), deal("b.txt", REGISTERED, "高瓴资本")
    before = copy.deepcopy(two)
    edits = (new_edit("merge", "蓝鲸智能", "杭州深蓝鲸鱼信息技术有限公司"),)
    curated = [apply_curation(x, edits, ONTOLOGY)[0] for x in (one, two)]
    assert two == before  # pure
    (a, _), (b, _) = (x.entities for x in curated)
    assert a.id == b.id == "company:蓝鲸智能" and b.aliases == ["杭州深蓝鲸鱼信息技术有限公司"]
    assert curated[1].relations[0].tail == "company:蓝鲸智能"


def test_one_document_with_both_names_gets_one_entity_and_no_duplicate_relation() -> None:
    both = Extraction("c.txt", "sha", None, None, [BRAND, REGISTERED, Entity("investor:红杉", "红杉", "Investor")], [
        Relation("INVESTS_IN", "investor:红杉", BRAND.id, {"round": "B轮"}, AT, 0.7),
        Relation("INVESTS_IN", "investor:红杉", REGISTERED.id, {"round": "B轮"}, AT, 0.9)])
    curated, stale = apply_curation(both, (new_edit("merge", "蓝鲸智能", "杭州深蓝鲸鱼信息技术"),), ONTOLOGY)
    assert stale == [] and [e.id for e in curated.entities] == ["company:蓝鲸智能", "investor:红杉"]
    (relation,) = curated.relations
    assert relation.confidence == 0.9 and relation.tail == "company:蓝鲸智能"


def test_rename_retype_block_and_block_relation() -> None:
    x = deal("a.txt", BRAND, "红杉资本中国")
    renamed, _ = apply_curation(x, (new_edit("rename", "蓝鲸智能", "蓝鲸"),), ONTOLOGY)
    assert (renamed.entities[0].id, renamed.entities[0].aliases) == ("company:蓝鲸", ["蓝鲸智能"])
    retyped, _ = apply_curation(x, (new_edit("retype", "红杉资本中国", "Organization"),), ONTOLOGY)
    assert retyped.entities[1].id == "organization:红杉资本中国" and retyped.relations == []  # no longer allowed
    blocked, _ = apply_curation(x, (new_edit("block", "ｒｅｄ"), new_edit("block", "红杉资本中国")), ONTOLOGY)
    assert [e.name for e in blocked.entities] == ["蓝鲸智能"] and blocked.relations == []
    cut, stale = apply_curation(x, (new_edit("block-relation", "红杉资本中国", "INVESTS_IN", "蓝鲸智能"),), ONTOLOGY)
    assert len(cut.entities) == 2 and cut.relations == [] and stale == []


def test_an_edit_naming_nothing_is_stale_only_when_no_document_holds_it() -> None:
    run = CurationRun((new_edit("block", "红杉资本中国"), new_edit("block", "不存在的公司")), ONTOLOGY)
    assert run.stale == ()  # nothing curated yet: nothing to call stale
    list(run.apply([deal("a.txt", BRAND, "高瓴资本"), deal("b.txt", REGISTERED, "红杉资本中国")]))
    (stale,) = run.stale
    assert stale.edit.args == ("不存在的公司",) and "names nothing in the 2 documents" in stale.message


def test_contradictions_and_unknown_types_are_refused_naming_both_edits() -> None:
    merge = Edit("merge", ("A公司", "B公司"), where="c.jsonl:1")
    block = Edit("block", ("ｂ公司",), where="c.jsonl:7")
    with pytest.raises(CurationError, match=r"c.jsonl:1: merge .* contradicts c.jsonl:7: block"):
        check_curation((merge, block), ONTOLOGY)
    with pytest.raises(CurationError, match="'Slogan' is no entity type"):
        CurationRun((new_edit("retype", "A", "Slogan"),), ONTOLOGY)
    with pytest.raises(CurationError, match="merge needs entity, other"):
        Edit("merge", ("A",))


def test_edits_chain_in_file_order_a_rename_then_a_merge_of_the_new_name() -> None:
    edits = (new_edit("rename", "杭州深蓝鲸鱼信息技术有限公司", "深蓝鲸鱼"), new_edit("merge", "蓝鲸智能", "深蓝鲸鱼"))
    curated, stale = apply_curation(deal("b.txt", REGISTERED, "高瓴资本"), edits, ONTOLOGY)
    assert stale == [] and curated.entities[0].id == "company:蓝鲸智能"
    assert curated.entities[0].aliases == ["深蓝鲸鱼", "杭州深蓝鲸鱼信息技术有限公司"]


def test_the_store_queries_pass_neo4j_lint() -> None:
    """``kg entities`` and ``kg changes`` must run on Neo4j too (FalkorDB runs them in the other tests)."""
    import shutil
    import subprocess

    from kg.curate import find
    from loaders import queries

    lint = Path(__file__).parents[1] / "cypher_lint"
    if not shutil.which("node") or not (lint / "node_modules").is_dir():
        pytest.skip("node or the Cypher linter is not installed")
    statements = [find._ENTITIES, find._COUNTS, find._EVIDENCE, queries.SNAPSHOT_ENTITIES,
                  queries.SNAPSHOT_DEALS, queries.SNAPSHOT_RELATIONS]
    done = subprocess.run(["node", str(lint / "lint.mjs")], input=json.dumps(statements), capture_output=True,
                          text=True, check=True, timeout=60)
    assert json.loads(done.stdout) == [[] for _ in statements]
