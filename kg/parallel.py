"""Extraction on several cores: local worker processes, each with its own pipeline.

A document is independent of every other until the graph is written, so ``--workers N`` sends
documents to N processes (the ``spawn`` start method: torch and a forked thread pool do not mix),
each building the pipeline and loading the model once, and takes the results back in document
order, so the output equals the serial run's. Each worker runs torch on one thread
(``KG_TORCH_THREADS``), so N workers use N cores without fighting. A document that fails is a
``DocumentResult`` with its reason, as in the serial path; a worker that dies takes only its
documents with it, each reported by name.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from kg.pipeline import DocumentResult, Pipeline, PipelineConfig

_PIPELINE: Pipeline | None = None
"""The worker process's pipeline, built once by ``_start_worker``."""


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start_worker(config: PipelineConfig) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(config)


def _extract_one(item: tuple[Path, str]) -> DocumentResult:
    assert _PIPELINE is not None, "worker started without its pipeline"
    return next(iter(_PIPELINE.run([item])))


def run_parallel(files: Sequence[tuple[Path, str]], config: PipelineConfig, workers: int,
                 window: int = 4) -> Iterator[DocumentResult]:
    """``Pipeline(config).run(files)`` on ``workers`` processes, results in input order.

    At most ``window`` documents per worker are in flight, so memory stays flat however long
    the list; a crashed worker turns each of its unfinished documents into a failure.
    """
    if not files:
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_start_worker, initargs=(config,)) as pool:
        pending: list[tuple[tuple[Path, str], Future[DocumentResult]]] = []
        queue = iter(files)
        broken = False

        def submit_next() -> None:
            item = next(queue, None)
            if item is not None:
                pending.append((item, pool.submit(_extract_one, item)))

        for _ in range(workers * window):
            submit_next()
        while pending:
            item, future = pending.pop(0)
            try:
                yield future.result()
            except BrokenProcessPool:
                broken = True
                yield DocumentResult(item[1], error="extraction failed: a worker process died")
            except Exception as exc:  # noqa: BLE001 - one bad document must not end a batch
                yield DocumentResult(item[1], error=f"extraction failed: {type(exc).__name__}: {exc}")
            if broken:
                for rest in queue:  # the pool cannot take more work: say what was not done
                    yield DocumentResult(rest[1], error="not extracted: a worker process died")
                continue
            submit_next()


__all__ = ["default_workers", "run_parallel"]
