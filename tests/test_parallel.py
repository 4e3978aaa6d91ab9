"""--workers: the same extractions, in the same order, as the serial run; a bad document is named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from kg.build import extract
from kg.pipeline import PipelineConfig

ROOT = Path(__file__).resolve().parent.parent
CONFIG = PipelineConfig(without=frozenset({"hanlp"}))  # the layers' merge is what parallel must keep


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for sample in sorted((ROOT / "samples").glob("*.txt"))[:5]:
        shutil.copy(sample, folder / sample.name)
    (folder / "03_broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")  # sorts into the middle
    return folder


def lines(report) -> list[str]:
    return [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in report.extractions]


@pytest.mark.slow
def test_two_workers_give_the_serial_output_in_order(corpus: Path) -> None:
    serial = extract([corpus], CONFIG)
    parallel = extract([corpus], PipelineConfig(without=CONFIG.without, workers=2))
    assert [e.doc for e in parallel.extractions] == [e.doc for e in serial.extractions]
    assert lines(parallel) == lines(serial)
    assert [f.document for f in parallel.failed] == [f.document for f in serial.failed]
    assert len(parallel.failed) == 1 and "03_broken.pdf" in parallel.failed[0].message
    assert len(parallel.extractions) == 5


@pytest.mark.slow
def test_a_dead_worker_fails_its_documents_and_a_fresh_pool_takes_the_rest(tmp_path: Path) -> None:
    import multiprocessing
    import os
    import signal
    import time

    from kg.parallel import DIED, run_parallel

    text = "近日，星云科技完成数千万元A轮融资，本轮融资由蓝海资本领投。"
    files = []
    for i in range(40):
        (tmp_path / f"{i:02}.txt").write_text(text, encoding="utf-8")
        files.append((tmp_path / f"{i:02}.txt", f"{i:02}.txt"))
    results = run_parallel(files, CONFIG, 2, batch=1, window=1)
    seen = [next(results)]
    victim = multiprocessing.active_children()[0]
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(10)
    time.sleep(0.5)  # the pool notices the death before the next batch goes out
    seen.extend(results)
    assert [r.path for r in seen] == [display for _, display in files]  # every one reported, in order
    assert {r.error for r in seen if not r.ok} == {DIED}
    assert seen[-1].ok  # a fresh pool extracted the rest


def test_a_pipeline_that_cannot_be_built_is_one_error(corpus: Path) -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match="unknown layer"):
        extract([corpus], PipelineConfig(without=frozenset({"nonsense"}), workers=2))
