"""Extraction on several cores: local worker processes, each with its own pipeline.

A document is independent of every other until the graph is written, so ``--workers N`` sends
documents to N processes (the ``spawn`` start method: torch and a forked thread pool do not mix),
each building the pipeline and loading the model once, and takes the results back in document
order, so the output equals the serial run's. Each worker runs torch on one thread
(``KG_TORCH_THREADS``), so N workers use N cores without fighting. Documents travel in small
batches (fewer round trips for one-sentence items, still an even spread over the workers).

A document that fails is a ``DocumentResult`` with its reason, as in the serial path. A worker
that dies (killed, out of memory, a crash in native code) fails the documents that were in
flight, each named; a fresh pool takes the rest, so one poisonous document costs a few
neighbours, not the batch, and nothing waits forever. A pipeline that cannot be built (a bad
``--without`` or model) raises ``KGError`` once, as the serial path does.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path

from kg.errors import KGError
from kg.pipeline import DocumentResult, Pipeline, PipelineConfig

Item = tuple[Path, str]
"""A document as ``discover`` lists it: its path and its display name."""

_PIPELINE: Pipeline | None = None
"""The worker process's pipeline, built once by ``_start_worker``."""
_START_ERROR: str | None = None
"""Why the worker's pipeline could not be built; said by the first batch, not as a dead pool."""

DIED = "extraction failed: a worker process died while this document was in flight"
NOT_DONE = "not extracted: worker processes kept dying"


class WorkerStartError(KGError):
    """A worker could not build its pipeline (the same error the serial run would raise)."""


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_pipeline(config: PipelineConfig) -> Pipeline:
    """A worker's pipeline; one that cannot be built is a ``WorkerStartError`` with the message
    the serial run would give (used by these processes and by ``kg.distributed``'s workers)."""
    try:
        return Pipeline(config)
    except KGError as exc:
        raise WorkerStartError(str(exc)) from None
    except Exception as exc:  # noqa: BLE001 - said once by the parent, as the serial run would
        raise WorkerStartError(f"{type(exc).__name__}: {exc}") from None


def _start_worker(config: PipelineConfig) -> None:
    """Build the pipeline once per process; an error is kept for the first batch to raise, since
    an initializer that raises only breaks the pool and the reason is lost."""
    global _PIPELINE, _START_ERROR
    try:
        _PIPELINE = worker_pipeline(config)
    except WorkerStartError as exc:
        _START_ERROR = str(exc)


def _extract_batch(batch: list[Item]) -> list[DocumentResult]:
    if _PIPELINE is None:
        raise WorkerStartError(_START_ERROR or "worker started without its pipeline")
    return list(_PIPELINE.run(batch))


def batches(files: Iterable[Item], size: int) -> Iterator[list[Item]]:
    """``files`` in lists of ``size`` (the last one shorter)."""
    items = iter(files)
    while batch := list(islice(items, size)):
        yield batch


def _submit(pool: ProcessPoolExecutor, items: list[Item]) -> Future[list[DocumentResult]]:
    """The batch's future; a pool that already died gives a future holding that error."""
    try:
        return pool.submit(_extract_batch, items)
    except BrokenProcessPool as exc:
        failed: Future[list[DocumentResult]] = Future()
        failed.set_exception(exc)
        return failed


def run_parallel(files: Sequence[Item], config: PipelineConfig, workers: int, *, batch: int = 4,
                 window: int = 2, restarts: int = 3) -> Iterator[DocumentResult]:
    """``Pipeline(config).run(files)`` on ``workers`` processes, results in input order.

    At most ``window`` batches of ``batch`` documents per worker are in flight, so memory stays
    flat however long the list. After a worker dies, up to ``restarts`` fresh pools take the
    rest; past that, every remaining document is reported as not extracted.
    """
    queue = batches(files, batch)
    pending: deque[tuple[list[Item], Future[list[DocumentResult]]]] = deque()
    context = multiprocessing.get_context("spawn")
    for _ in range(restarts + 1):
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                                   initializer=_start_worker, initargs=(config,))
        try:
            while len(pending) < workers * window and (items := next(queue, None)):
                pending.append((items, _submit(pool, items)))
            while pending:
                items, future = pending.popleft()
                try:
                    results = future.result()
                except WorkerStartError as exc:
                    raise KGError(str(exc)) from None
                except BrokenProcessPool:
                    lost = [items, *(rest for rest, _ in pending)]  # in flight when the pool died
                    pending.clear()
                    yield from (DocumentResult(display, error=DIED) for done in lost for _, display in done)
                    break
                yield from results
                if items := next(queue, None):
                    pending.append((items, _submit(pool, items)))
            else:
                return  # every batch done
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    for items in queue:
        yield from (DocumentResult(display, error=NOT_DONE) for _, display in items)


__all__ = ["DIED", "NOT_DONE", "WorkerStartError", "batches", "default_workers", "run_parallel", "worker_pipeline"]
