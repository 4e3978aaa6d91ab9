"""The embedded server dies (SIGKILL) while ``kg.build.build`` loads many documents (issue 16).

kg starts it again once and the batch goes on; if it dies again, or cannot be started again,
the run stops and names every document it did not load, the connection error once, not once
per document. A rerun gives the graph a clean run gives.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

import loaders.embedded
from kg import build as library
from kg.build import BuildReport, StoreTarget, open_store
from kg.pipeline import PipelineConfig
from loaders.embedded import EmbeddedServer

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
COPIES = 6
SOURCES = ("01_touronjie.txt", "02_policy.txt", "04_people.txt", "10_angel.txt", "11_toc.txt")
BATCH = 5
"""About five relations per write: many writes, so a kill always lands between two of them."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Thirty documents, each its own content."""
    folder = tmp_path_factory.mktemp("many")
    for copy in range(COPIES):
        for name in SOURCES:
            text = (SAMPLES / name).read_text(encoding="utf-8")
            (folder / f"{copy:02d}_{name}").write_text(f"{text}\n（第{copy + 1}期）\n", encoding="utf-8")
    return folder


Dump = tuple[dict[str, int], list[tuple[str, ...]], list[tuple[str, ...]]]


def dump(target: StoreTarget) -> Dump:
    """Counts, the sorted node ids (with labels) and relation triples (with their documents)."""
    with open_store(target) as graph:
        stats = graph.stats()
        nodes = sorted((str(i), ":".join(sorted(labels))) for i, labels in
                       graph.query("MATCH (n) RETURN n.id, labels(n)").rows)
        rels = sorted((str(a), t, str(b), ",".join(sorted(docs or []))) for a, t, b, docs in
                      graph.query("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, r.docs").rows)
    counts = {**stats.nodes_by_label, **{f"-{k}-": v for k, v in stats.relationships_by_type.items()}}
    return counts, nodes, rels


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Dump:
    target = StoreTarget(store=tmp_path_factory.mktemp("clean-store"))
    report = library.build([corpus], target, PipelineConfig(without=frozenset({"hanlp"})), batch_size=BATCH)
    assert report.failed == () and len(report.loaded) == COPIES * len(SOURCES)
    return dump(target)


def killing(store: Path, at: tuple[int, ...], pids: list[int], then=None):
    """A progress hook that SIGKILLs the store's server as result number ``at`` goes by."""

    def hook(results: Iterator, total: int) -> Iterator:
        for number, result in enumerate(results, start=1):
            if number in at:
                pid = EmbeddedServer(store).running_pid()
                assert pid is not None
                pids.append(pid)
                os.kill(pid, signal.SIGKILL)
                if then is not None:
                    then()
            yield result

    return hook


def named_once(report: BuildReport, corpus: Path) -> None:
    """Every document is loaded or failed, and the connection error is told once."""
    names = {str(p) for p in corpus.iterdir()}
    failed = {f.document for f in report.failed}
    assert set(report.loaded) | failed == names and not set(report.loaded) & failed
    assert report.failed, "the run was expected to stop"
    reasons = [f.message for f in report.failed]
    assert sum("connection" in r.lower() or "restart" in r.lower() for r in reasons) == 1, reasons
    assert all("not loaded" in r for r in reasons)


def test_a_server_killed_mid_build_is_restarted_and_the_build_goes_on(
    corpus: Path, clean: Dump, tmp_path: Path, fast: PipelineConfig,
) -> None:
    target = StoreTarget(store=tmp_path / "store")
    pids: list[int] = []
    report = library.build([corpus], target, fast, batch_size=BATCH, progress=killing(target.store, (8,), pids))
    assert len(pids) == 1
    assert report.failed == () and len(report.loaded) == COPIES * len(SOURCES)
    assert EmbeddedServer(target.store).running_pid() is None  # the restarted server was stopped at the end
    assert dump(target) == clean


def test_a_server_that_dies_again_stops_the_run_naming_every_unloaded_document(
    corpus: Path, clean: Dump, tmp_path: Path, fast: PipelineConfig,
) -> None:
    target = StoreTarget(store=tmp_path / "store")
    pids: list[int] = []
    report = library.build([corpus], target, fast, batch_size=BATCH,
                           progress=killing(target.store, (5, 15), pids))
    assert len(pids) == 2 and pids[0] != pids[1]  # the second kill hit the restarted server
    named_once(report, corpus)
    assert 0 < len(report.loaded) < COPIES * len(SOURCES)
    again = library.build([corpus], target, fast, batch_size=BATCH)  # the rerun
    assert again.failed == ()
    assert dump(target) == clean


def test_a_server_that_cannot_be_restarted_stops_the_run(
    corpus: Path, clean: Dump, tmp_path: Path, fast: PipelineConfig, monkeypatch: pytest.MonkeyPatch,
) -> None:
    target = StoreTarget(store=tmp_path / "store")
    real = loaders.embedded.server_binaries()

    def broken() -> None:  # the next start runs a program that exits at once
        monkeypatch.setattr(loaders.embedded, "server_binaries", lambda: (Path("/bin/false"), real[1]))

    report = library.build([corpus], target, fast, batch_size=BATCH,
                           progress=killing(target.store, (6,), [], then=broken))
    named_once(report, corpus)
    assert any("could not be restarted" in f.message for f in report.failed)
    monkeypatch.setattr(loaders.embedded, "server_binaries", lambda: real)
    assert library.build([corpus], target, fast, batch_size=BATCH).failed == ()
    assert dump(target) == clean



def test_a_load_that_loses_the_server_names_the_rest_of_its_input(
    corpus: Path, tmp_path: Path, fast: PipelineConfig,
) -> None:
    """``kg load`` (``drain``) reads its file on after the stop: each extraction left is named, not written."""
    from kg.ontology import cached_ontology
    from loaders.load import load_extractions
    from loaders.model import relation_keys

    extractions = library.extract([corpus], fast).extractions
    target = StoreTarget(store=tmp_path / "store")
    pids: list[int] = []

    def feed() -> Iterator:
        for number, extraction in enumerate(extractions, start=1):
            if number in (5, 15):
                pids.append(EmbeddedServer(target.store).running_pid() or 0)
                os.kill(pids[-1], signal.SIGKILL)
            yield extraction

    with open_store(target) as graph:
        graph.ensure_schema()
        report = load_extractions(graph, feed(), relation_keys(cached_ontology()), batch_size=BATCH, drain=True)
    assert len(pids) == 2 and report.stopped is not None
    assert set(report.loaded) | set(report.failed) == {e.doc for e in extractions}
    assert 0 < len(report.loaded) < len(extractions)
    assert sum("connection" in reason for reason in report.failed.values()) == 1
