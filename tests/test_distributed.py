"""--scheduler: a real Dask cluster gives the serial run's extractions and graph, in order;
a bad document is named and the rest go on; a scheduler nobody answers at is one quick error."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

from kg.build import StoreTarget, build, extract, open_store
from kg.distributed import DIED, run_distributed
from kg.errors import KGError
from kg.pipeline import PipelineConfig
from loaders.embedded import EmbeddedServer

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "loaders"))
from store_fixtures import running_server  # noqa: E402 - the store tests' helpers, found through the line above

SAMPLES = ROOT / "samples"
SERIAL = PipelineConfig(without=frozenset({"hanlp"}))  # the model is not what this is about


@pytest.fixture(scope="module")
def on_cluster() -> Iterator[PipelineConfig]:
    """The fast config, sent to a local cluster of two worker processes (where a task whose worker
    dies fails at once: Dask would otherwise retry it on three more)."""
    with (dask.config.set({"distributed.scheduler.allowed-failures": 0}),
          LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster):
        yield replace(SERIAL, scheduler=cluster.scheduler_address)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    yield from running_server(tmp_path_factory.mktemp("distributed-store"))


def as_lines(report) -> list[str]:
    return [json.dumps(e.to_dict(), ensure_ascii=False, sort_keys=True) for e in report.extractions]


def graph_dump(target: StoreTarget) -> tuple[object, list[str], list[tuple[str, str, str]]]:
    """What ``kg stats`` counts, every node id and every relation triple, sorted."""
    with open_store(target) as graph:
        stats = graph.stats()
        nodes = sorted(str(row[0]) for row in graph.query("MATCH (n) RETURN n.id").rows)
        triples = sorted((str(a), str(t), str(b)) for a, t, b in
                         graph.query("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id").rows)
    return stats, nodes, triples


def test_the_cluster_gives_the_serial_extractions_in_order(on_cluster: PipelineConfig) -> None:
    serial = extract([SAMPLES], SERIAL)
    distributed = extract([SAMPLES], on_cluster)
    assert len(serial.extractions) > 8  # more than one task's worth
    assert as_lines(distributed) == as_lines(serial)
    assert [f.message for f in distributed.failed] == [f.message for f in serial.failed]


def test_a_build_through_the_cluster_gives_the_serial_graph(on_cluster: PipelineConfig,
                                                            server: EmbeddedServer) -> None:
    serial, distributed = (StoreTarget(store=server.directory, database=f"dist_{uuid.uuid4().hex[:8]}")
                           for _ in range(2))
    build([SAMPLES], serial, SERIAL)
    report = build([SAMPLES], distributed, on_cluster)
    assert report.loaded and not report.failed
    stats, nodes, triples = graph_dump(distributed)
    assert nodes and triples
    assert (stats, nodes, triples) == graph_dump(serial)


def test_a_bad_document_is_named_and_the_rest_of_its_task_extracted(on_cluster: PipelineConfig,
                                                                     tmp_path: Path) -> None:
    good = sorted(SAMPLES.glob("*.txt"))[:3]
    for sample in good:
        shutil.copy(sample, tmp_path / sample.name)
    (tmp_path / "02_broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")  # sorts into the middle
    report = extract([tmp_path], on_cluster)  # four documents: one task
    assert [Path(e.doc).name for e in report.extractions] == [p.name for p in good]
    (failure,) = report.failed
    assert "02_broken.pdf" in failure.message


def test_a_pipeline_that_cannot_be_built_is_one_error(on_cluster: PipelineConfig) -> None:
    with pytest.raises(KGError, match="unknown layer"):
        extract([SAMPLES], replace(on_cluster, without=frozenset({"nonsense"})))


def test_a_scheduler_nobody_answers_at_is_one_error_naming_it() -> None:
    with socket.socket() as probe:  # a port that was free a moment ago: nothing listens there
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(KGError, match=f"cannot reach the Dask scheduler at {address}"):
        extract([SAMPLES / "01_touronjie.txt"], replace(SERIAL, scheduler=address))


@pytest.mark.slow
def test_a_dead_worker_fails_only_its_task_and_the_rest_go_on(on_cluster: PipelineConfig, tmp_path: Path) -> None:
    sentence = "近日，星云科技完成数千万元A轮融资，本轮融资由蓝海资本领投。"
    files = []
    for i in range(6):  # the second document takes seconds, the others a moment
        (tmp_path / f"{i:02}.txt").write_text(sentence * (2000 if i == 1 else 1), encoding="utf-8")
        files.append((tmp_path / f"{i:02}.txt", f"{i:02}.txt"))
    assert on_cluster.scheduler
    results = run_distributed(files, on_cluster, on_cluster.scheduler, batch=1, window=1)
    seen = [next(results)]  # the first is back, the second still running
    with Client(on_cluster.scheduler) as client:
        busy = next(worker for worker, tasks in client.processing().items() if tasks)
        os.kill(client.run(os.getpid, workers=[busy])[busy], signal.SIGKILL)
    seen.extend(results)
    assert [r.path for r in seen] == [display for _, display in files]  # every one reported, in order
    assert [(r.path, r.error) for r in seen if not r.ok] == [("01.txt", DIED)]
