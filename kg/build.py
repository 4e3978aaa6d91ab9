"""The build spine: documents -> pipeline -> graph store, as plain functions.

``kg extract``, ``kg build``, ``kg rebuild``, ``kg load`` and the notebook helper all call
these, so a document takes the same path whichever way it comes in, and fails the same way:
a document that cannot be read, extracted or written is recorded in the report with its
name and the reason, nothing of it is written (each write is atomic), and the batch goes on.
Each function reads the ontology once and returns a frozen report; none prints.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import loaders
from kg.curate import CurationRun, StaleEdit, curation_path, read_curation
from kg.curate.changes import Changes, changes_dir, last_curation, last_edits, record_changes, snapshot
from kg.errors import KGError
from kg.ontology import Ontology, load_ontology
from kg.read import discover, read_document
from kg.resolve.places import place_hierarchy
from kg.types import Extraction, SourceDocument
from loaders import GraphStore, StoreOptions
from loaders.base import WriteStats
from loaders.load import LoadReport, load_extractions, read_jsonl
from loaders.model import relation_keys
from loaders.sync import name_unloaded
from loaders.sync import rebuild as sync_graph

if TYPE_CHECKING:
    from kg.pipeline import DocumentResult, PipelineConfig

StoreTarget = StoreOptions
"""Where the graph lives: ``store`` (an embedded store folder) or ``uri`` with ``user``,
``password`` and ``database``. One frozen dataclass, shared with ``loaders``."""

Progress = Callable[[Iterator["DocumentResult"], int], Iterator["DocumentResult"]]
"""Wraps the stream of per-document results (and is told how many there are), e.g. to draw a
progress bar; the library itself shows nothing."""


@dataclass(frozen=True)
class Failure:
    """A document (or ``file:line`` of a JSONL file) that was not extracted or loaded, and why."""

    document: str
    reason: str
    """As recorded; it usually starts with the document's name already."""

    @property
    def message(self) -> str:
        """One line that names the document once."""
        return self.reason if self.reason.startswith(self.document) else f"{self.document}: {self.reason}"


@dataclass(frozen=True)
class ExtractReport:
    """What ``extract`` produced: one extraction per good document, in input order, and the failures."""

    extractions: tuple[Extraction, ...]
    failed: tuple[Failure, ...]

    @property
    def entities(self) -> int:
        return sum(len(e.entities) for e in self.extractions)

    @property
    def relations(self) -> int:
        return sum(len(e.relations) for e in self.extractions)


@dataclass(frozen=True)
class ExtractCounts:
    """What ``extract_lines`` wrote: documents, their entities and relations, and the failures."""

    documents: int
    entities: int
    relations: int
    failed: tuple[Failure, ...]


@dataclass(frozen=True)
class BuildReport:
    """What ``build`` or ``load`` wrote: documents loaded, documents that failed and why, write counts."""

    loaded: tuple[str, ...]
    failed: tuple[Failure, ...]
    stats: WriteStats
    stale: tuple[StaleEdit, ...] = ()
    """Curation edits that named nothing in the documents written (reported; the build went on)."""

    def as_dict(self) -> dict[str, object]:
        """The report as ``--json`` prints it."""
        return {"loaded": list(self.loaded), "failed": {f.document: f.reason for f in self.failed},
                "stats": asdict(self.stats), "stale": [s.message for s in self.stale]}


@dataclass(frozen=True)
class RebuildReport(BuildReport):
    """A ``BuildReport`` and what the rebuild found: new, changed, deleted, unchanged and moved documents."""

    new: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    deleted: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    moved: tuple[tuple[str, str], ...] = ()
    """(old, new) names of documents found under another path with the same content: renamed
    in the graph, not extracted again."""
    changes: Changes | None = None
    """What the graph gained and lost, by type (``kg.curate.changes``; ``kg changes`` shows it again)."""

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "new": list(self.new), "changed": list(self.changed),
                "deleted": list(self.deleted), "unchanged": list(self.unchanged), "moved": dict(self.moved),
                "changes": self.changes.as_dict() if self.changes else None}


def open_store(target: StoreTarget | None = None) -> GraphStore:
    """The graph ``target`` names (``store`` wins over ``uri``; default ``./.kg``); nothing connects yet."""
    return loaders.open_store(target or StoreTarget())


def find_documents(paths: Sequence[Path], consequence: str = "") -> list[tuple[Path, str]]:
    """The documents under ``paths`` as ``(path, display)``; finding none is an error, so that a
    mistyped folder is said, not taken for an empty corpus (``consequence`` ends the message)."""
    files = discover(paths)
    if not files:
        raise KGError(f"no documents found under {', '.join(map(str, paths))}{consequence}")
    return files


def _extracted(files: list[tuple[Path, str]], config: PipelineConfig | None, ontology: Ontology | None,
               progress: Progress | None, failed: dict[str, str]) -> Iterator[Extraction]:
    """The pipeline over ``files``, built on first use (a rebuild with nothing new loads no model);
    a document that fails goes into ``failed`` with its reason and the rest go on."""
    from kg.pipeline import Pipeline

    if config is not None and config.scheduler:
        from kg.distributed import run_distributed

        results = run_distributed(files, config, config.scheduler)  # the cluster's workers read the files
    elif config is not None and config.workers > 1 and len(files) > 1:
        from kg.parallel import run_parallel

        results = run_parallel(files, config, config.workers)  # each worker reads the ontology itself
    else:
        results = Pipeline(config, ontology).run(files)
    for result in progress(results, len(files)) if progress else results:
        if result.ok and result.extraction is not None:
            yield result.extraction
        else:
            failed[result.path] = f"{result.path}: {result.error}"


def _failures(failed: dict[str, str]) -> tuple[Failure, ...]:
    return tuple(Failure(document, reason) for document, reason in failed.items())


def _ontology_of(config: PipelineConfig | None) -> Ontology:
    return load_ontology(config.ontology_dir if config else None)


def extract(paths: Sequence[Path], config: PipelineConfig | None = None, *,
            progress: Progress | None = None) -> ExtractReport:
    """Extract every document under ``paths`` (files and folders, recursively)."""
    files = find_documents(paths)
    failed: dict[str, str] = {}
    extractions = tuple(_extracted(files, config, _ontology_of(config), progress, failed))
    return ExtractReport(extractions, _failures(failed))


def extract_lines(paths: Sequence[Path], write: Callable[[str], object], config: PipelineConfig | None = None, *,
                  progress: Progress | None = None) -> ExtractCounts:
    """``extract``, each extraction written as one JSON line (``write(line)``, newline included)
    as soon as it is made, in input order: memory stays flat however many documents there are."""
    files = find_documents(paths)
    failed: dict[str, str] = {}
    documents = entities = relations = 0
    for extraction in _extracted(files, config, _ontology_of(config), progress, failed):
        write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
        documents += 1
        entities += len(extraction.entities)
        relations += len(extraction.relations)
    return ExtractCounts(documents, entities, relations, _failures(failed))


def extract_document(path: Path, config: PipelineConfig | None = None) -> tuple[SourceDocument, Extraction]:
    """One document and its extraction; the file is read before any model loads, so a bad file
    fails at once (with one document there is no batch to go on with: errors raise)."""
    from kg.pipeline import Pipeline

    source = read_document(path, str(path))
    return source, Pipeline(config).extract(source)


def _load_report(report: LoadReport, curation: CurationRun) -> BuildReport:
    return BuildReport(tuple(report.loaded), _failures(report.failed), report.stats, curation.stale)


def _curation(target: StoreTarget | None, given: Path | None, ontology: Ontology) -> CurationRun:
    """The analyst's edits (``kg.curate``), read and checked before the store opens: a bad line
    or a contradiction stops the build before anything is written."""
    return CurationRun(read_curation(curation_path(target.store if target else None, given)), ontology)


def build(paths: Sequence[Path], target: StoreTarget | None = None, config: PipelineConfig | None = None, *,
          batch_size: int = 1000, progress: Progress | None = None, curation: Path | None = None) -> BuildReport:
    """Extract the documents under ``paths`` and load them into the graph (adding to what is there);
    ``curation``: the curation file (default ``curation.jsonl`` beside the store)."""
    files = find_documents(paths)
    ontology = _ontology_of(config)
    curate = _curation(target, curation, ontology)
    report = LoadReport()
    with open_store(target) as graph:
        graph.ensure_schema()
        load_extractions(graph, curate.apply(_extracted(files, config, ontology, progress, report.failed)),
                         relation_keys(ontology), batch_size=batch_size, report=report,
                         places=place_hierarchy(ontology))
    name_unloaded(report, files)  # the server was lost (and not brought back): the rest is named, not extracted
    return _load_report(report, curate)


def rebuild(paths: Sequence[Path], target: StoreTarget | None = None, config: PipelineConfig | None = None, *,
            full: bool = False, batch_size: int = 1000, progress: Progress | None = None,
            curation: Path | None = None) -> RebuildReport:
    """Bring the graph up to date with ``paths``: extract new and changed documents, remove the
    ones no longer there (``full``: clear the graph and extract everything; also done when the
    curation changed since the last rebuild, so that an edit reaches the documents already loaded)."""
    files = find_documents(paths, "; nothing rebuilt")  # an empty or mistyped folder must not empty the graph
    ontology = _ontology_of(config)
    curate = _curation(target, curation, ontology)
    history = changes_dir(target.store if target else None, target.database if target else None)
    previous = last_curation(history)
    edited = previous is not None and previous != curate.fingerprint
    full = full or edited  # an edit made since the last rebuild must reach the documents already loaded
    report = LoadReport()
    with open_store(target) as graph:
        before = snapshot(graph, ontology)
        plan, _ = sync_graph(graph, files,
                             lambda todo: curate.apply(_extracted(todo, config, ontology, progress, report.failed)),
                             relation_keys(ontology), full=full, batch_size=batch_size, report=report,
                             places=place_hierarchy(ontology))
        edits = tuple((e.op, *e.args) for e in curate.edits)
        since = edits if previous is None or not edited else last_edits(history)  # first run: all documents'
        wrote = full or plan.new or plan.changed or plan.deleted or plan.moved
        after = snapshot(graph, ontology) if wrote else before  # nothing written: reading the whole graph again tells nothing
        changes = record_changes(before, after, history, curate.fingerprint, edited, edits, since)
    loaded = _load_report(report, curate)
    return RebuildReport(loaded.loaded, loaded.failed, loaded.stats, loaded.stale, new=tuple(plan.new),
                         changed=tuple(plan.changed), deleted=tuple(plan.deleted), unchanged=tuple(plan.unchanged),
                         moved=tuple(plan.moved.items()), changes=changes)


def load(file: Path, target: StoreTarget | None = None, *, ontology_dir: Path | None = None,
         batch_size: int = 1000, curation: Path | None = None) -> BuildReport:
    """Load a ``kg extract`` JSONL file; a bad line is recorded as ``file:line`` and the rest loads
    (curated like a build: the file holds what extraction produced)."""
    ontology = load_ontology(ontology_dir)
    curate = _curation(target, curation, ontology)
    report = LoadReport()
    with open_store(target) as graph:
        graph.ensure_schema()
        load_extractions(graph, curate.apply(read_jsonl(file, report)), relation_keys(ontology),
                         batch_size=batch_size, report=report, places=place_hierarchy(ontology), drain=True)
    return _load_report(report, curate)


def export_csv(graph: GraphStore, directory: Path, *, array_delimiter: str = ";",
               ontology_dir: Path | None = None) -> list[Path]:
    """The graph as CSV files for ``neo4j-admin database import`` (``loaders.export``), each
    node in the file of its type, not of the investor label the store adds (from the ontology)."""
    from loaders.export import write_neo4j_csv  # networkx: only when exporting

    investor = relation_keys(load_ontology(ontology_dir)).names.investor
    return write_neo4j_csv(graph, directory, array_delimiter=array_delimiter, extra_labels=(investor,))


__all__ = [
    "BuildReport", "ExtractCounts", "ExtractReport", "Failure", "Progress", "RebuildReport", "StoreTarget",
    "build", "export_csv", "extract", "extract_document", "extract_lines", "find_documents", "load", "open_store", "rebuild",
]
