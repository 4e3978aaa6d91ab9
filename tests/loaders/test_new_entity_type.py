"""Adding an entity type touches ``ontology/`` only (issue 14): a copy of the shipped ontology
gains a type with its suffixes and a lexicon, and the new type is extracted, loaded and queried
with no line of code changed."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from kg.build import StoreTarget, build, open_store
from kg.ontology import default_ontology_dir, load_ontology
from kg.pipeline import PipelineConfig
from loaders.embedded import EmbeddedServer

MUSEUM = """  Museum:
    description: A museum, gallery or memorial hall.
    traits: [named_by_suffix, propagates]
    colour: "#d4a373"
    properties: {name: string, aliases: "list[string]"}
"""


def museum_ontology(folder: Path) -> Path:
    target = folder / "ontology"
    shutil.copytree(default_ontology_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    types = target / "types.yaml"
    types.write_text(types.read_text(encoding="utf-8").replace("entity_types:\n", "entity_types:\n" + MUSEUM, 1),
                     encoding="utf-8")
    (target / "vocab" / "suffixes.Museum.txt").write_text("博物馆\n博物院\n美术馆\n纪念馆\n", encoding="utf-8")
    (target / "lexicons" / "Museum.tsv").write_text("name\taliases\tlocated_in\n故宫博物院\t故宫\t北京\n",
                                                     encoding="utf-8")
    relations = target / "relations.yaml"
    text = relations.read_text(encoding="utf-8")
    located = text.index("  LOCATED_IN:")
    heads = text.index("heads: [", located) + len("heads: [")
    relations.write_text(text[:heads] + "Museum, " + text[heads:], encoding="utf-8")
    return target


def test_a_new_entity_type_is_extracted_loaded_and_queried(tmp_path: Path, server: EmbeddedServer) -> None:
    folder = museum_ontology(tmp_path)
    assert "Museum" in load_ontology(folder).with_trait("named_by_suffix")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("文博简讯\n2025年6月1日\n\n故宫博物院与苏州丝绸博物馆签署合作协议。\n", encoding="utf-8")
    target = StoreTarget(store=server.directory, database=f"museum_{uuid.uuid4().hex[:8]}")
    config = PipelineConfig(ontology_dir=folder, without=frozenset({"hanlp"}))
    report = build([docs], target, config)
    assert not report.failed
    with open_store(target) as graph:
        rows = graph.query("MATCH (m:Museum) RETURN m.name AS name ORDER BY name").records()
    assert [r["name"] for r in rows] == ["故宫博物院", "苏州丝绸博物馆"]
