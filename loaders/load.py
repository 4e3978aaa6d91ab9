"""Write extractions to a store in batches; a batch that fails is retried document by document.

Each write is atomic, so a failing batch leaves nothing behind; retrying its documents one
at a time then loads every good document and names each bad one with the reason.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError, StoreError, StoreUnavailableError
from kg.types import Extraction
from loaders.base import GraphStore, WriteStats
from loaders.model import RelationSchema, batched, build_batch


@dataclass(slots=True)
class LoadReport:
    stats: WriteStats = field(default_factory=WriteStats)
    loaded: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    """Document (or ``file:line``) -> why it was not loaded."""
    stopped: str | None = None
    """Why loading stopped before the end (the graph server was lost), or None."""
    _told: bool = field(default=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.failed

    def unloaded(self, docs: Iterable[str]) -> None:
        """Name documents left unwritten when loading stopped: the first with the error, the
        rest in a few words (not the same connection error once per document)."""
        for doc in docs:
            if doc not in self.failed:
                self.failed[doc] = f"{doc}: not loaded: {'loading stopped (see above)' if self._told else self.stopped}"
                self._told = True


_REFUSED = (StoreError, ValueError, UnicodeError)
"""What one document's write can fail with (a client refuses a value it cannot encode with
ValueError or UnicodeError): that document is reported and the others go on."""


def _reason(extraction: Extraction, exc: Exception) -> str:
    return str(exc) if isinstance(exc, StoreError) else f"{extraction.doc}: not written: {type(exc).__name__}: {exc}"


def _write_group(store: GraphStore, group: list[Extraction], keys: RelationSchema,
                 places: Mapping[str, str] | None = None) -> WriteStats:
    return store.write(build_batch(group, keys, places))


@dataclass(slots=True)
class _InFlight:
    """A group whose write runs in the writer thread while the next group is read and built."""

    group: list[Extraction]
    write: Future[WriteStats]


def load_extractions(
    store: GraphStore,
    extractions: Iterable[Extraction],
    keys: RelationSchema,
    *,
    batch_size: int = 1000,
    report: LoadReport | None = None,
    on_write: Callable[[list[Extraction]], None] | None = None,
    places: Mapping[str, str] | None = None,
    drain: bool = False,
) -> LoadReport:
    """Load extractions, about ``batch_size`` relations per atomic write (a document is never split).

    ``places`` is the lexicon's place hierarchy (``kg.resolve.places.place_hierarchy``), linked as PART_OF.

    One write is in flight at a time, in a thread of its own, while the next group is read,
    extracted and built: the server's work and kg's overlap (the wait for a reply holds no
    lock), and the writes still reach the server one after the other, in order.

    If the server is lost (``StoreUnavailableError``, after the store's own restart), loading
    stops: ``report.stopped`` says why and the documents of the write in flight are named;
    ``drain``: also name the rest of ``extractions`` (cheap for a JSONL file; a build names
    the files it did not get to instead of extracting them)."""
    report = report or LoadReport()
    groups = batched(extractions, batch_size)
    flight: _InFlight | None = None
    group: list[Extraction] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-write") as writer:
        try:
            for group in groups:
                try:
                    batch = build_batch(group, keys, places)
                except _REFUSED:
                    batch = None  # an inconsistent document: the group is written document by document
                if flight is not None:
                    _land(store, flight, keys, places, report, on_write)
                    flight = None
                if batch is None:
                    _write_alone(store, group, keys, places, report)
                    if on_write is not None:
                        on_write(group)
                else:
                    flight = _InFlight(group, writer.submit(store.write, batch))
                group = []
            if flight is not None:
                _land(store, flight, keys, places, report, on_write)
                flight = None
        except StoreUnavailableError as exc:
            report.stopped = str(exc)
            for stopped in (flight.group if flight else [], group):
                report.unloaded(e.doc for e in stopped if e.doc not in report.loaded)
            if drain:
                report.unloaded(e.doc for rest in groups for e in rest)
    return report


def _land(store: GraphStore, flight: _InFlight, keys: RelationSchema, places: Mapping[str, str] | None,
          report: LoadReport, on_write: Callable[[list[Extraction]], None] | None) -> None:
    """Wait for the write in flight and record it; refused, its documents are written one by one."""
    try:
        report.stats += flight.write.result()
        report.loaded.extend(e.doc for e in flight.group)
    except StoreUnavailableError:
        raise
    except _REFUSED as exc:
        if len(flight.group) == 1:
            report.failed[flight.group[0].doc] = _reason(flight.group[0], exc)
        else:
            _write_alone(store, flight.group, keys, places, report)
    if on_write is not None:
        on_write(flight.group)


def _write_alone(store: GraphStore, group: list[Extraction], keys: RelationSchema,
                 places: Mapping[str, str] | None, report: LoadReport) -> None:
    """Each document of a group that was refused as a whole on its own, recording each failure
    (a write is atomic: the refused group left nothing behind)."""
    for extraction in group:
        try:
            report.stats += _write_group(store, [extraction], keys, places)
            report.loaded.append(extraction.doc)
        except StoreUnavailableError:
            raise
        except _REFUSED as single:
            report.failed[extraction.doc] = _reason(extraction, single)


def read_jsonl(path: Path, report: LoadReport) -> Iterator[Extraction]:
    """Extractions of a ``kg extract`` file; a bad line is recorded as ``file:line`` and skipped.

    Each line is decoded on its own (read as bytes), so a line that is not UTF-8 is one bad
    line, not the end of the file; ``Extraction.from_dict`` checks every field's type."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise KGError(f"{path}: cannot open: {exc.strerror or exc}") from None
    with handle:
        for line_no, raw in enumerate(handle, start=1):
            where = f"{path}:{line_no}"
            try:
                line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
                if not line.strip():
                    continue
                yield Extraction.from_dict(json.loads(line))
            except UnicodeDecodeError as exc:
                report.failed[where] = f"{where}: not UTF-8 text (byte {exc.start + 1})"
            except json.JSONDecodeError as exc:
                report.failed[where] = f"{where}: not valid JSON: {exc.msg} (column {exc.colno})"
            except KeyError as exc:
                report.failed[where] = f"{where}: not an extraction: missing field {exc}"
            except (TypeError, ValueError) as exc:
                report.failed[where] = f"{where}: not an extraction: {exc}"
