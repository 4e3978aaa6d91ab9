"""A document moved to another path is a move, not a delete and an add (issue 16).

``kg rebuild`` finds the old name gone and the same content (sha256) under a new one: it says
old -> new, renames the document in the graph without extracting it again, and the graph is
the one a clean build of the new layout gives.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import build as library
from kg.build import StoreTarget, open_store
from kg.pipeline import PipelineConfig
from loaders.sync import plan_rebuild

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.fixture
def bulletins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bulletins"
    folder.mkdir()
    for name in ("01_touronjie.txt", "02_policy.txt", "10_angel.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    monkeypatch.chdir(tmp_path)
    return folder


def dump(target: StoreTarget) -> tuple[list[str], list[tuple[str, str, str, tuple[str, ...]]]]:
    """Node ids and relation triples, each with the documents that state it (sorted)."""
    with open_store(target) as graph:
        nodes = sorted(str(row[0]) for row in graph.query("MATCH (n) RETURN n.id").rows)
        rels = sorted((str(a), t, str(b), tuple(sorted(docs or []))) for a, t, b, docs in graph.query(
            "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.docs").rows)
    return nodes, rels


class Counting:
    """A progress hook that counts the documents sent to extraction."""

    def __init__(self) -> None:
        self.extracted = 0

    def __call__(self, results: Iterator, total: int) -> Iterator:
        self.extracted += total
        yield from results


def test_a_moved_document_is_renamed_not_extracted_again(
    bulletins: Path, target: StoreTarget, fast: PipelineConfig, tmp_path: Path,
) -> None:
    library.rebuild([Path("bulletins")], target, fast)
    (bulletins / "archive").mkdir()
    (bulletins / "10_angel.txt").rename(bulletins / "archive" / "angel.txt")
    counting = Counting()
    report = library.rebuild([Path("bulletins")], target, fast, progress=counting)
    assert report.moved == (("bulletins/10_angel.txt", "bulletins/archive/angel.txt"),)
    assert report.new == () and report.deleted == () and report.failed == ()
    assert counting.extracted == 0
    assert report.as_dict()["moved"] == {"bulletins/10_angel.txt": "bulletins/archive/angel.txt"}

    clean = StoreTarget(store=target.store, database=f"{target.database}_clean")
    library.build([Path("bulletins")], clean, fast)
    assert dump(target) == dump(clean)
    assert any("bulletins/archive/angel.txt" in docs for *_, docs in dump(target)[1])  # its facts, renamed
    with open_store(target) as graph:
        assert "bulletins/archive/angel.txt" in graph.document_hashes()
    again = library.rebuild([Path("bulletins")], target, fast)  # and nothing is left to do
    assert again.moved == () and len(again.unchanged) == 3


def test_kg_rebuild_prints_the_move(bulletins: Path, target: StoreTarget) -> None:
    from kg.cli.main import app

    where = ["--store", str(target.store), "--database", str(target.database), "--without", "hanlp"]
    assert CliRunner().invoke(app, ["rebuild", "bulletins", *where]).exit_code == 0
    (bulletins / "02_policy.txt").rename(bulletins / "policy.txt")
    result = CliRunner().invoke(app, ["rebuild", "bulletins", *where])
    assert result.exit_code == 0, result.output
    assert "0 new, 0 changed, 1 moved, 0 deleted, 2 unchanged" in result.output
    assert "moved: bulletins/02_policy.txt -> bulletins/policy.txt" in result.output


def test_what_counts_as_a_move() -> None:
    # another file type is read another way: extracted again; two copies of one content: one moves
    plan = plan_rebuild({"a.md": "1", "x/b.txt": "2", "y/b.txt": "2"}, {"a.txt": "1", "b.txt": "2"})
    assert plan.moved == {"b.txt": "x/b.txt"}
    assert plan.new == ["a.md", "y/b.txt"] and plan.deleted == ["a.txt"]


def test_the_rename_passes_neo4j_grammar_and_semantics() -> None:
    import json
    import shutil
    import subprocess

    from loaders import queries

    lint_dir = Path(__file__).resolve().parents[1] / "cypher_lint"
    if shutil.which("node") is None or not (lint_dir / "node_modules").is_dir():
        pytest.skip("Neo4j's Cypher linter (tests/cypher_lint) is not installed")
    done = subprocess.run(["node", str(lint_dir / "lint.mjs")], capture_output=True, text=True, check=True,
                          input=json.dumps([queries.rename_documents([]).cypher]), timeout=300)
    assert json.loads(done.stdout) == [[]]
