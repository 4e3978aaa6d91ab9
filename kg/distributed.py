"""Extraction on a Dask cluster: past one machine's cores, on an engine that already exists.

``--workers N`` (``kg.parallel``) stops at the cores of one machine. ``--scheduler ADDR`` sends
the documents to a Dask cluster instead: Dask already places tasks, restarts dead workers,
retries their tasks and shows it all on its dashboard, so kg adds no scheduler of its own.
``local`` starts a ``LocalCluster`` of ``--workers`` processes (to try it out, or for the
dashboard on one machine).

Documents travel in batches, one task per batch (fewer round trips for short items). Each
worker process builds the pipeline once for a config and keeps it, so the model loads once
per worker, not once per task. Results come back as tasks finish (``as_completed``) and are
yielded in document order, a result that finishes early waiting for its turn, so the output
equals the serial run's and the single writer in ``kg.build`` loads it as before. At most
``window`` batches per worker thread are in flight or waiting, so memory stays flat.

The workers read the documents and the ontology themselves: paths are sent absolute and must
be visible to every worker (a shared filesystem). A document that fails is a ``DocumentResult``
with its reason, as in the serial path. A worker that dies with a task makes Dask retry the
task on another worker; a task whose workers keep dying (``KilledWorker``) fails only its own
documents, each named, and the batch goes on. A pipeline that cannot be built raises
``KGError`` once; a scheduler that cannot be reached (or has no workers) is a one-line
``KGError`` naming the address within ``CONNECT_TIMEOUT`` seconds.

The per-document time limit (``KG_DOCUMENT_TIMEOUT``) uses SIGALRM, which Dask's worker threads
cannot use: on a cluster a document runs without it. Dask is imported here only, so ``kg``
itself runs without the ``cluster`` extra.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from kg.errors import KGError
from kg.parallel import Item, WorkerStartError, batches, worker_pipeline
from kg.pipeline import DocumentResult, Pipeline, PipelineConfig

if TYPE_CHECKING:
    from distributed import Client, Future

LOCAL = "local"
"""The ``--scheduler`` value that starts a local cluster instead of joining one."""
CONNECT_TIMEOUT = 5.0
"""Seconds to reach the scheduler, and then to see a worker, before giving up."""
DIED = "extraction failed: the Dask workers running this document's task kept dying (KilledWorker)"

_PIPELINES: dict[PipelineConfig, Pipeline] = {}
"""The worker process's pipelines, one per config, built by the first task that needs it."""
_PIPELINE_LOCK = threading.Lock()
"""One task extracts at a time in a worker process: a pipeline is not known to be thread-safe."""


def _extract_batch(batch: list[Item], config: PipelineConfig) -> list[DocumentResult]:
    """The task a Dask worker runs: the batch through this process's pipeline for ``config``."""
    with _PIPELINE_LOCK:
        if config not in _PIPELINES:
            _PIPELINES[config] = worker_pipeline(config)
        return list(_PIPELINES[config].run(batch))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


@contextmanager
def _client(scheduler: str, workers: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler`` (``local``: a new ``LocalCluster`` of ``workers``
    processes, closed afterwards) that has at least one worker."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise KGError("--scheduler needs Dask: pip install 'kg[cluster]'") from None
    with ExitStack() as stack:
        address = scheduler
        if scheduler == LOCAL:
            cluster = stack.enter_context(LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                       dashboard_address=None))
            address = cluster.scheduler_address
        try:
            client = stack.enter_context(Client(address, timeout=CONNECT_TIMEOUT))
        except Exception as exc:  # noqa: BLE001 - refused, timed out, a bad address, not Dask at all
            raise KGError(f"cannot reach the Dask scheduler at {address}: {_one_line(exc)}") from None
        try:
            client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
        except TimeoutError:
            raise KGError(f"the Dask scheduler at {address} has no workers "
                          f"(start some: dask worker {address})") from None
        yield client


def _results_of(future: Future, items: list[Item]) -> list[DocumentResult]:
    """The batch's results, or each of its documents failed with the reason the task failed."""
    from distributed import KilledWorker

    try:
        return future.result()
    except WorkerStartError as exc:
        raise KGError(str(exc)) from None
    except KilledWorker:
        reason = DIED
    except Exception as exc:  # noqa: BLE001 - the task was lost (cancelled, scheduler gone): say so per document
        reason = f"not extracted on the cluster: {type(exc).__name__}: {_one_line(exc)}"
    return [DocumentResult(display, error=reason) for _, display in items]


def _in_order(client: Client, batches: Iterator[list[Item]], config: PipelineConfig,
              limit: int) -> Iterator[DocumentResult]:
    """Each batch as a task, results yielded in batch order, at most ``limit`` batches submitted
    and not yet yielded."""
    from distributed import as_completed

    finished = as_completed()
    in_flight: dict[Future, tuple[int, list[Item]]] = {}
    waiting: dict[int, list[DocumentResult]] = {}
    sent = yielded = 0
    while True:
        while sent - yielded < limit and (items := next(batches, None)):
            future = client.submit(_extract_batch, items, config, pure=False)  # a file may change between runs
            in_flight[future] = (sent, items)
            finished.add(future)
            sent += 1
        if not in_flight:
            return
        future = next(finished)
        index, items = in_flight.pop(future)
        waiting[index] = _results_of(future, items)
        while yielded in waiting:
            yield from waiting.pop(yielded)
            yielded += 1


def run_distributed(files: Sequence[Item], config: PipelineConfig, scheduler: str, *, batch: int = 8,
                    window: int = 2) -> Iterator[DocumentResult]:
    """``Pipeline(config).run(files)`` on the Dask cluster at ``scheduler`` (``local``: a local
    cluster of ``config.workers`` processes), results in input order.

    ``batch`` documents make one task; at most ``window`` tasks per worker thread are in flight
    or waiting for their turn. Nothing connects when there are no files.
    """
    if not files:
        return
    ontology = config.ontology_dir.absolute() if config.ontology_dir else None
    task_config = replace(config, ontology_dir=ontology, workers=1, scheduler=None)  # what a worker needs
    documents = [(path.absolute(), display) for path, display in files]
    with _client(scheduler, config.workers) as client:
        threads = sum(client.nthreads().values())
        yield from _in_order(client, batches(documents, batch), task_config, window * max(threads, 1))


__all__ = ["CONNECT_TIMEOUT", "DIED", "LOCAL", "run_distributed"]
