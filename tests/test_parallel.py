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
