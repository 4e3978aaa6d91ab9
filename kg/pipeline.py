"""Wire the stages together: read -> normalize -> recognize -> link -> resolve.

The pipeline knows nothing of the graph store: it turns files into ``Extraction``
records; ``loaders`` takes it from there.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TypeVar

from kg.errors import KGError, ReadError
from kg.link import link, policy_aliases
from kg.link.non_names import drop_non_names
from kg.normalize import normalize
from kg.ontology import Ontology, load_ontology
from kg.read import discover, read_document
from kg.recognize import Recognizer
from kg.recognize.hanlp import ModelFinds
from kg.resolve import resolve
from kg.types import Extraction, NormalizedDocument, SourceDocument

T = TypeVar("T")

TIMEOUT_ENV = "KG_DOCUMENT_TIMEOUT"
DEFAULT_DOCUMENT_TIMEOUT = 300.0
"""Seconds one document may take to extract: a 50 MB text once ran 45 minutes and the good
files after it never ran. Generous: the slowest sample takes well under a second."""


class DocumentTimeout(KGError):
    """A document's extraction ran past its time limit (``document_timeout``)."""


def document_timeout() -> float:
    """``$KG_DOCUMENT_TIMEOUT`` in seconds (default 300); 0 switches the limit off, anything
    else that is no positive number is an error."""
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return DEFAULT_DOCUMENT_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if seconds < 0 or seconds != seconds:
        raise KGError(f"{TIMEOUT_ENV}: {value!r} is no number of seconds (0: no limit)")
    return seconds


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in the block once ``seconds`` have passed (None or 0: no limit).

    A SIGALRM interval timer: it interrupts pure-Python and most library code, but only on
    the main thread of a POSIX process. Elsewhere (a worker thread, Windows) the block runs
    unlimited; a process pool gives each worker its own main thread. A C call that never
    returns to Python (one huge regex) is stopped only when it does.
    """
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise DocumentTimeout(f"extraction stopped after {seconds:g} s (the limit, {TIMEOUT_ENV})")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


GROUP_DOCUMENTS = 32
GROUP_CHARACTERS = 100_000
"""``Pipeline.run`` tags up to this many documents, or about this many characters, in one model
call: enough to fill the model's batches with one-sentence items, small enough to stream."""

LAYERS = ("lexicon", "pattern", "hanlp", "typing", "lists", "coref", "headline")
"""Parts of the pipeline that ``--without`` can switch off for an ablation."""


@dataclass(frozen=True)
class PipelineConfig:
    """How to build the pipeline; the CLI fills it from its options."""

    ontology_dir: Path | None = None
    hanlp_model: str | None = None
    """A HanLP model identifier or local path; None means the model shipped with kg."""
    without: frozenset[str] = frozenset()
    """Layers switched off (see ``LAYERS``)."""
    blind_names: frozenset[str] = frozenset()
    """Names whose lexicon entries are dropped (``kg eval --blind``)."""
    document_timeout: float | None = None
    """Seconds one document may take in ``Pipeline.run`` (0: no limit); None: ``$KG_DOCUMENT_TIMEOUT``, default 300."""
    workers: int = 1
    """Processes extracting at once (``kg.parallel``); 1 runs in this process."""
    scheduler: str | None = None
    """A Dask scheduler's address, or ``local`` for a local cluster of ``workers`` processes
    (``kg.distributed``); None extracts on this machine."""


@dataclass
class DocumentResult:
    """The outcome for one file of a batch: an extraction or the reason it failed."""

    path: str
    extraction: Extraction | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


class Pipeline:
    """Turns one ``SourceDocument`` into one ``Extraction``.

    Example:
        >>> from kg.types import SourceDocument
        >>> pipe = Pipeline(PipelineConfig(without=frozenset({"hanlp"})))
        >>> text = "2021年3月，工信部印发《关于加快培育发展制造业优质企业的指导意见》。"
        >>> ex = pipe.extract(SourceDocument("a.txt", text, "0" * 64, "txt"))
        >>> sorted(e.type for e in ex.entities)
        ['Agency', 'Policy']
    """

    def __init__(self, config: PipelineConfig | None = None, ontology: Ontology | None = None) -> None:
        self.config = config or PipelineConfig()
        unknown = set(self.config.without) - set(LAYERS)
        if unknown:
            raise KGError(f"unknown layer(s) for --without: {', '.join(sorted(unknown))}; known: {', '.join(LAYERS)}")
        onto = ontology or load_ontology(self.config.ontology_dir)
        if self.config.blind_names:
            from kg.resolve.keys import match_key

            onto = onto.without_names(set(self.config.blind_names), match_key)
        self.ontology = onto
        limit = self.config.document_timeout
        self.document_timeout = document_timeout() if limit is None else limit
        self.recognizer = Recognizer(
            onto, hanlp_model=self.config.hanlp_model, without=frozenset(self.config.without)
        )

    def extract(self, source: SourceDocument) -> Extraction:
        return self.extract_normalized(normalize(source))

    def extract_normalized(self, doc: NormalizedDocument, model_finds: ModelFinds | None = None) -> Extraction:
        """Recognize, link and resolve a normalized document (``model_finds``: its part of a
        batched model call, see ``run``)."""
        mentions = drop_non_names(self.recognizer(doc, model_finds), self.ontology)
        without = frozenset(self.config.without)
        relations = link(doc, mentions, self.ontology, without=without)
        aliases = policy_aliases(doc, mentions, self.ontology, without)
        return resolve(doc, mentions, relations, self.ontology, aliases)

    def warm_up(self) -> None:
        """Load what the first document would load (the model, jieba's tagger), so a timing of
        documents measures documents."""
        self.recognizer.warm_up()

    def run(self, files: Iterable[tuple[Path, str]]) -> Iterator[DocumentResult]:
        """Extract each file, in order; a file that fails or runs past ``document_timeout`` is
        reported and the batch goes on.

        Files are read and normalized in groups (``GROUP_DOCUMENTS``, ``GROUP_CHARACTERS``) whose
        sentences go through the statistical model in one call; should that call fail or run
        past the limit, each document of the group is tagged on its own, under its own limit."""
        group: list[tuple[str, NormalizedDocument | str]] = []
        characters = 0
        self.warm_up()  # in the order that peaks lowest, not in the order the first document asks
        for path, display in files:
            prepared = self._prepared(path, display)
            group.append((display, prepared))
            characters += len(prepared.text) if isinstance(prepared, NormalizedDocument) else 0
            if len(group) >= GROUP_DOCUMENTS or characters >= GROUP_CHARACTERS:
                yield from self._run_group(group)
                group, characters = [], 0
        yield from self._run_group(group)

    def _prepared(self, path: Path, display: str) -> NormalizedDocument | str:
        """The file read and normalized, or why that failed."""
        try:
            source = read_document(path, display)
        except ReadError as exc:
            return exc.reason
        return self._guarded(partial(normalize, source))

    def _run_group(self, group: list[tuple[str, NormalizedDocument | str]]) -> Iterator[DocumentResult]:
        docs = [prepared for _display, prepared in group if isinstance(prepared, NormalizedDocument)]
        finds = self._guarded(partial(self.recognizer.predict_model, docs)) if len(docs) > 1 else None
        found = iter(finds) if isinstance(finds, list) else None
        for display, prepared in group:
            if isinstance(prepared, str):
                yield DocumentResult(display, error=prepared)
                continue
            model_finds = next(found) if found is not None else None
            outcome = self._guarded(partial(self.extract_normalized, prepared, model_finds))
            if isinstance(outcome, str):
                yield DocumentResult(display, error=outcome)
            else:
                yield DocumentResult(display, extraction=outcome)

    def _guarded(self, work: Callable[[], T]) -> T | str:
        """``work()`` under the time limit, or the reason it failed: one bad document must not
        end a batch."""
        try:
            with time_limit(self.document_timeout):
                return work()
        except KGError as exc:
            return str(exc)
        except Exception as exc:  # noqa: BLE001
            return f"extraction failed: {type(exc).__name__}: {exc}"


def extract_paths(paths: Sequence[str | Path], config: PipelineConfig | None = None) -> list[DocumentResult]:
    """Extract every readable document under ``paths`` (files and folders, recursively)."""
    return list(Pipeline(config).run(discover(paths)))


__all__ = [
    "DEFAULT_DOCUMENT_TIMEOUT", "LAYERS", "TIMEOUT_ENV", "DocumentResult", "DocumentTimeout", "Pipeline",
    "PipelineConfig", "document_timeout", "extract_paths", "time_limit",
]
