"""``kg.build`` without Typer: one failure policy, frozen reports, against a real embedded FalkorDB."""

from __future__ import annotations

import dataclasses
import json
import shutil
import uuid
from pathlib import Path

import pytest

from kg import build as library
from kg.build import Failure, StoreTarget, open_store
from kg.cli.common import Without
from kg.errors import KGError
from kg.pipeline import LAYERS, PipelineConfig
from kg.read.files import document_name
from loaders.embedded import EmbeddedServer

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
CORRUPT = ROOT / "tests" / "data" / "bad" / "corrupt.docx"
FAST = PipelineConfig(without=frozenset({"hanlp"}))  # the statistical model is not what these tests are about


@pytest.fixture
def target(server: EmbeddedServer) -> StoreTarget:
    """A fresh graph on the shared test server (``conftest.server``)."""
    return StoreTarget(store=server.directory, database=f"build_{uuid.uuid4().hex[:8]}")


def documents_in(target: StoreTarget) -> int:
    with open_store(target) as graph:
        return graph.stats().documents


def test_a_bad_document_is_recorded_and_the_others_are_loaded(target: StoreTarget) -> None:
    good = [SAMPLES / "06_gbk.txt", SAMPLES / "01_touronjie.txt"]
    report = library.build([good[0], CORRUPT, good[1]], target, FAST)
    assert report.loaded == tuple(document_name(p) for p in good)
    (failure,) = report.failed
    assert failure.document == document_name(CORRUPT) and failure.message.startswith(f"{document_name(CORRUPT)}: ")
    assert report.stats.documents == 2 and report.stats.nodes_created > 0
    assert documents_in(target) == 2  # nothing of the bad document, all of the good ones
    with pytest.raises(dataclasses.FrozenInstanceError):
        report.loaded = ()  # type: ignore[misc]
    as_json = json.loads(json.dumps(report.as_dict()))
    assert as_json["failed"] == {document_name(CORRUPT): failure.reason} and as_json["stats"]["documents"] == 2


def test_rebuild_reports_what_changed(target: StoreTarget, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("01_touronjie.txt", "06_gbk.txt"):
        shutil.copy(SAMPLES / name, folder / name)
    first = library.rebuild([folder], target, FAST)
    assert sorted(first.new) == [str(folder / "01_touronjie.txt"), str(folder / "06_gbk.txt")]
    (folder / "06_gbk.txt").unlink()
    second = library.rebuild([folder], target, FAST)
    assert second.deleted == (str(folder / "06_gbk.txt"),) and second.unchanged == (str(folder / "01_touronjie.txt"),)
    assert second.loaded == () and second.as_dict()["deleted"] == [str(folder / "06_gbk.txt")]
    assert documents_in(target) == 1


def test_an_empty_folder_is_an_error_and_leaves_the_graph_alone(target: StoreTarget, tmp_path: Path) -> None:
    library.build([SAMPLES / "01_touronjie.txt"], target, FAST)
    with pytest.raises(KGError, match="no documents found under .*; nothing rebuilt"):
        library.rebuild([tmp_path], target, FAST)
    assert documents_in(target) == 1


def test_load_records_a_bad_line_by_file_and_line(target: StoreTarget, tmp_path: Path) -> None:
    extracted = library.extract([SAMPLES / "01_touronjie.txt", CORRUPT], FAST)
    assert [Path(e.doc).name for e in extracted.extractions] == ["01_touronjie.txt"]
    assert [f.document for f in extracted.failed] == [document_name(CORRUPT)]
    assert extracted.entities == len(extracted.extractions[0].entities)
    jsonl = tmp_path / "out.jsonl"
    jsonl.write_text(json.dumps(extracted.extractions[0].to_dict(), ensure_ascii=False) + "\n{broken\n",
                     encoding="utf-8")
    report = library.load(jsonl, target)
    assert report.loaded == (document_name(SAMPLES / "01_touronjie.txt"),)
    assert [f.document for f in report.failed] == [f"{jsonl}:2"]
    assert "not valid JSON" in report.failed[0].message


def test_extract_lines_writes_each_extraction_as_it_comes_the_lines_extract_gives() -> None:
    paths = [SAMPLES / "01_touronjie.txt", CORRUPT, SAMPLES / "03_parks.md"]
    whole = library.extract(paths, FAST)
    lines: list[str] = []
    counts = library.extract_lines(paths, lines.append, FAST)
    assert lines == [json.dumps(e.to_dict(), ensure_ascii=False) + "\n" for e in whole.extractions]
    assert (counts.documents, counts.entities, counts.relations) == (2, whole.entities, whole.relations)
    assert counts.failed == whole.failed


def test_a_failure_names_its_document_once() -> None:
    assert Failure("a.txt", "a.txt: cannot open").message == "a.txt: cannot open"
    assert Failure("a.txt", "write refused").message == "a.txt: write refused"


def test_the_without_help_names_every_layer() -> None:
    help_text = Without.__metadata__[0].help
    assert help_text.endswith(": " + ", ".join(LAYERS) + ".")
