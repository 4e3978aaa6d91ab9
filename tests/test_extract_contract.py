"""The extraction contract of ``kg extract`` (README, 'Extraction contract'), on the samples.

Every mention and every evidence span must be checkable against the file as read: slicing
the original text at the reported offsets gives exactly the reported text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli.main import app
from kg.ontology import cached_ontology
from kg.read import read_document

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BAD = ROOT / "tests" / "data" / "bad"
runner = CliRunner()


@pytest.fixture(scope="module")
def lines() -> list[dict]:
    result = runner.invoke(app, ["--quiet", "extract", str(SAMPLES), "-o", "-"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_one_line_per_sample_document(lines: list[dict]) -> None:
    documents = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
    assert sorted(Path(d["doc"]).name for d in lines) == documents
    for line in lines:
        assert set(line) >= {"doc", "sha256", "title", "date", "entities", "relations"}


def test_types_and_ends_come_from_the_ontology_and_the_same_line(lines: list[dict]) -> None:
    ontology = cached_ontology()
    for line in lines:
        ids = {e["id"] for e in line["entities"]}
        assert len(ids) == len(line["entities"]), line["doc"]
        for entity in line["entities"]:
            assert entity["type"] in ontology.entity_types
            assert entity["mentions"], entity
        for relation in line["relations"]:
            assert relation["type"] in ontology.relation_types
            assert relation["head"] in ids and relation["tail"] in ids
            assert 0 < relation["confidence"] <= 1


def test_every_offset_slices_the_original_text(lines: list[dict]) -> None:
    checked = 0
    for line in lines:
        original = read_document(Path(line["doc"]), line["doc"]).text
        for entity in line["entities"]:
            for mention in entity["mentions"]:
                assert original[mention["start"]:mention["end"]] == mention["text"], (line["doc"], mention)
                checked += 1
        for relation in line["relations"]:
            evidence = relation["evidence"]
            assert original[evidence["start"]:evidence["end"]] == evidence["text"], (line["doc"], evidence)
            checked += 1
    assert checked > 200


def test_the_samples_carry_the_facts_they_were_written_with(lines: list[dict]) -> None:
    facts = set()
    for line in lines:
        names = {e["id"]: e["name"] for e in line["entities"]}
        for r in line["relations"]:
            facts.add((names[r["head"]], r["type"], names[r["tail"]], r["properties"].get("lead")))
    assert ("红杉资本中国", "INVESTS_IN", "字节跳动", True) in facts
    assert ("腾讯投资", "INVESTS_IN", "优必选", True) in facts  # the GBK file
    gbk = next(line for line in lines if line["doc"].endswith("06_gbk.txt"))
    ubtech = next(e for e in gbk["entities"] if e["name"] == "优必选")
    assert "深圳市优必选科技股份有限公司" in ubtech["aliases"]  # registered name and brand: one company
    assert ("国务院", "ISSUED_POLICY", "《关于促进国家高新技术产业开发区高质量发展的若干意见》", None) in facts
    assert ("侯建国", "HOLDS_POSITION", "中国科学院", None) in facts


def test_a_bad_file_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["extract", str(SAMPLES / "06_gbk.txt"), str(BAD / "corrupt.docx"),
                                 str(SAMPLES / "01_touronjie.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "corrupt.docx" in result.output
    docs = [json.loads(line)["doc"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert [Path(d).name for d in docs] == ["06_gbk.txt", "01_touronjie.txt"]


def test_every_policy_is_named_in_brackets(tmp_path: Path) -> None:
    """A title a notice forwards without 《》 gets them, so it is one node with its bracketed mentions."""
    source = tmp_path / "notice.txt"
    source.write_text("浙江省人民政府办公厅关于印发浙江省科技创新发展规划的通知。\n", encoding="utf-8")
    result = runner.invoke(app, ["--quiet", "extract", str(source), "-o", "-"])
    policies = [e for e in json.loads(result.stdout)["entities"] if e["type"] == "Policy"]
    assert [p["name"] for p in policies] == ["《浙江省科技创新发展规划》"]
    assert policies[0]["mentions"][0]["text"] == "浙江省科技创新发展规划"
