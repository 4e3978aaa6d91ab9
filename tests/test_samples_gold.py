"""The gold set kg ships for its own samples (samples/gold/): complete, well-formed, inside the
ontology, and scored by one cheap run of the pipeline so that a regression on the samples shows."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from kg.eval import EvalReport, evaluate, load_gold
from kg.normalize import normalize
from kg.ontology import Ontology, load_ontology
from kg.pipeline import Pipeline, PipelineConfig
from kg.read import discover, read_document
from kg.resolve.keys import match_key

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
GOLD_DIR = SAMPLES / "gold"
DOCS = discover([SAMPLES])

ENTITY_TYPED_F1_FLOOR = 0.80
"""Typed entity F1 on the samples was 0.96 when the gold set was written; well below that is a regression."""
RELATION_F1_FLOOR = 0.70
"""Relation F1 on the samples was 0.87 when the gold set was written."""


@pytest.fixture(scope="module")
def ontology() -> Ontology:
    return load_ontology()


@pytest.fixture(scope="module")
def gold() -> dict[str, dict[str, Any]]:
    return load_gold(GOLD_DIR)


@pytest.fixture(scope="module")
def report(gold: dict[str, dict[str, Any]]) -> EvalReport:
    """What ``kg eval samples --gold samples/gold`` computes: one pipeline over every sample."""
    results = list(Pipeline(PipelineConfig()).run(DOCS))
    assert not [r.display for r in results if r.error], "every sample must extract"
    return evaluate([r.extraction for r in results if r.extraction], gold)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_sample_has_exactly_one_gold_file(gold: dict[str, dict[str, Any]]) -> None:
    names = sorted(path.name for path, _ in DOCS)
    assert len(names) >= 12
    assert sorted(gold) == names
    assert len(list(GOLD_DIR.glob("*.json"))) == len(names)
    for path in GOLD_DIR.glob("*.json"):
        doc = json.loads(path.read_text(encoding="utf-8"))["doc"]
        assert Path(doc).stem == path.stem, f"{path.name}: a gold file is named after its document"


@pytest.mark.parametrize(("path", "display"), DOCS, ids=[d for _, d in DOCS])
def test_gold_file_follows_the_ontology(path: Path, display: str, gold: dict[str, dict[str, Any]],
                                        ontology: Ontology) -> None:
    data = gold[path.name]
    assert data["entities"], "a sample with nothing to find is no test"
    types_of: dict[str, str] = {}
    for e in data["entities"]:
        assert set(e) <= {"name", "type", "aliases", "optional"}, e
        assert e["type"] in ontology.entity_types, e
        assert isinstance(e.get("aliases", []), list) and isinstance(e.get("optional", False), bool), e
        for name in (e["name"], *e.get("aliases", [])):
            key = match_key(name)
            assert key and key not in types_of, f"{name}: empty, or names two gold entities"
            types_of[key] = e["type"]

    text = _squeeze(normalize(read_document(path, display)).text)  # the text kg reads
    for r in data["relations"]:
        label = f"{r['head']} -{r['type']}-> {r['tail']}"
        assert r["type"] in ontology.relation_types, label
        rtype = ontology.relation_types[r["type"]]
        head, tail = types_of.get(match_key(r["head"])), types_of.get(match_key(r["tail"]))
        assert head and tail, f"{label}: both ends must be gold entities (name or alias)"
        assert rtype.allows(head, tail), f"{label}: {head} -> {tail} not allowed by the ontology"
        assert set(r.get("properties") or {}) <= set(rtype.properties), label
        assert isinstance(r.get("optional", False), bool), label
        assert r.get("evidence") and _squeeze(r["evidence"]) in text, f"{label}: evidence not in the document"
        if r["type"] == "INVESTS_IN" and "lead" in r["properties"]:
            assert isinstance(r["properties"]["lead"], bool), label


def test_samples_score_above_the_floor(report: EvalReport) -> None:
    assert len(report.documents) == len(DOCS)
    assert report.entities_typed.f1 >= ENTITY_TYPED_F1_FLOOR, report.entities_typed.as_dict()
    assert report.relations.f1 >= RELATION_F1_FLOOR, report.relations.as_dict()
    for attr in ("round", "amount", "lead"):
        assert report.invests_in[attr].total > 0
        assert report.invests_in[attr].value >= 0.8, (attr, report.invests_in[attr].as_dict())
