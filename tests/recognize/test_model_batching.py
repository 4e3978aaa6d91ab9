"""The statistical layer tags the sentences of many documents in one call (issue 15): same names
as document by document, and a failing batch costs no document."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.pipeline import Pipeline, PipelineConfig
from kg.recognize import Recognizer
from kg.read import read_document
from kg.recognize.hanlp import HanlpNER
from kg.types import Extraction

from .conftest import make_document

TEXTS = (
    "青岚储能科技有限公司近日完成2亿元B轮融资，由红杉中国领投，高瓴创投跟投。",
    "浙江省科技厅厅长林子安表示，将在杭州高新区建设一批新型研发机构。",
    "工业和信息化部印发《关于推动智能网联汽车产业发展的指导意见》。\n其中提出到2027年形成一批骨干企业。",
    "   ",
    "深圳市澄明医疗器械有限公司成立于2016年，总部位于深圳市南山区。创始人周以宁曾任华为工程师。",
)


@pytest.fixture(scope="module")
def full_pipeline() -> Pipeline:
    pipeline = Pipeline(PipelineConfig(document_timeout=0))
    if "kg_hanlp" not in pipeline.recognizer.layers:
        pytest.skip("no statistical model in this install")
    return pipeline


def written(tmp_path: Path) -> list[tuple[Path, str]]:
    files = []
    for number, text in enumerate(TEXTS):
        path = tmp_path / f"{number:02d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append((path, path.name))
    return files


def graph_of(extraction: Extraction | None) -> dict:
    assert extraction is not None
    return extraction.to_dict()


def test_one_call_for_many_documents_finds_what_each_document_finds_alone(full_pipeline: Pipeline) -> None:
    recognizer: Recognizer = full_pipeline.recognizer
    docs = [make_document(text) for text in TEXTS]
    batched = recognizer.predict_model(docs)
    assert batched is not None and len(batched) == len(docs)
    for doc, finds in zip(docs, batched):
        (alone,) = recognizer.predict_model([doc])
        assert [f[:3] for f in finds.names] == [f[:3] for f in alone.names]
        assert [f[3] for f in finds.names] == pytest.approx([f[3] for f in alone.names], abs=1e-5)
        assert finds.starts == pytest.approx(alone.starts, abs=1e-5) and finds.ends == pytest.approx(alone.ends, abs=1e-5)
        assert len(finds.starts) == len(doc.text)
        assert all(doc.text[start:end].strip() for _label, start, end, _score in finds.names)
        assert recognizer(doc, finds) == recognizer(doc)
    assert any(finds.names for finds in batched)


def test_run_in_groups_equals_extracting_each_document(full_pipeline: Pipeline, tmp_path: Path) -> None:
    files = written(tmp_path)
    results = list(full_pipeline.run(files))
    assert [r.path for r in results] == [display for _path, display in files]
    assert [r.error for r in results if not r.ok] == ["empty document"]  # the blank file, in its place
    for result, (path, display) in zip(results, files):
        if result.ok:
            assert graph_of(result.extraction) == graph_of(full_pipeline.extract(read_document(path, display)))


def test_a_failing_group_call_falls_back_to_each_document_and_names_the_bad_one(
    full_pipeline: Pipeline, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = written(tmp_path)
    expected = {r.path: graph_of(r.extraction) for r in full_pipeline.run(files) if r.ok}
    predict = HanlpNER.predict

    def poisoned(self: HanlpNER, documents: list) -> list:
        if any("厅长" in text for text, _chunks in documents):
            raise RuntimeError("the model broke on this text")
        return predict(self, documents)

    monkeypatch.setattr(HanlpNER, "predict", poisoned)
    results = list(full_pipeline.run(files))
    assert [r.path for r in results] == [display for _path, display in files]
    assert [(r.path, r.error) for r in results if not r.ok] == [
        ("01.txt", "extraction failed: RuntimeError: the model broke on this text"), ("03.txt", "empty document")]
    assert {r.path: graph_of(r.extraction) for r in results if r.ok} == {
        path: graph for path, graph in expected.items() if path != "01.txt"}
