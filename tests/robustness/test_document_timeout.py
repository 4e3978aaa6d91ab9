"""A document that takes too long is named with the reason and the batch goes on (issue 16)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kg import build as library
from kg.errors import KGError
from kg.pipeline import DEFAULT_DOCUMENT_TIMEOUT, TIMEOUT_ENV, Pipeline, PipelineConfig, document_timeout
from kg.recognize.hanlp import ModelFinds
from kg.types import Extraction, NormalizedDocument

DEAL = "星联智能今日宣布完成C1轮融资，由中金资本领投。"


def files(tmp_path: Path) -> list[Path]:
    paths = []
    for name in ("a.txt", "slow.txt", "z.txt"):
        (tmp_path / name).write_text(DEAL, encoding="utf-8")
        paths.append(tmp_path / name)
    return paths


@pytest.fixture
def slow_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """``slow.txt`` takes 30 s to extract (it would, without the limit)."""
    extract = Pipeline.extract_normalized

    def slow(self: Pipeline, doc: NormalizedDocument, model_finds: ModelFinds | None = None) -> Extraction:
        if doc.source.path.endswith("slow.txt"):
            time.sleep(30)
        return extract(self, doc, model_finds)

    monkeypatch.setattr(Pipeline, "extract_normalized", slow)


@pytest.mark.usefixtures("slow_pipeline")
def test_the_slow_document_is_named_and_the_others_are_extracted(
    tmp_path: Path, fast: PipelineConfig, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "0.3")
    started = time.monotonic()
    report = library.extract(files(tmp_path), fast)
    assert time.monotonic() - started < 20
    assert [Path(e.doc).name for e in report.extractions] == ["a.txt", "z.txt"]
    (failure,) = report.failed
    assert failure.document == str(tmp_path / "slow.txt")
    assert failure.message == f"{tmp_path / 'slow.txt'}: extraction stopped after 0.3 s (the limit, {TIMEOUT_ENV})"


@pytest.mark.usefixtures("slow_pipeline")
def test_the_config_sets_the_limit_and_the_alarm_is_put_back(tmp_path: Path, fast: PipelineConfig) -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    config = PipelineConfig(without=fast.without, document_timeout=0.2)
    results = list(Pipeline(config).run([(p, p.name) for p in files(tmp_path)]))
    assert [(r.path, r.ok) for r in results] == [("a.txt", True), ("slow.txt", False), ("z.txt", True)]
    assert "stopped after 0.2 s" in (results[1].error or "")
    assert signal.getsignal(signal.SIGALRM) is before and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TIMEOUT_ENV, raising=False)
    assert document_timeout() == DEFAULT_DOCUMENT_TIMEOUT == 300
    monkeypatch.setenv(TIMEOUT_ENV, "0")
    assert document_timeout() == 0  # no limit
    monkeypatch.setenv(TIMEOUT_ENV, "soon")
    with pytest.raises(KGError, match=f"{TIMEOUT_ENV}: 'soon' is no number of seconds"):
        document_timeout()
