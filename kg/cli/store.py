"""Graph store commands: build, load, rebuild, query, stats, export, db start|stop|status.

Every command takes the same connection options (``--store DIR`` for the embedded
FalkorDB store, default ``./.kg``; or ``--uri bolt://...`` / ``falkor://...`` with
``--user/--password/--database``, also read from NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD,
NEO4J_DATABASE). ``register(app)`` adds them to the root app.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kg.cli.common import handle_errors, info, print_json, progress_over, stderr, stdout
from kg.errors import KGError
from kg.types import Extraction
from loaders import StoreOptions, open_store
from loaders.base import GraphStore, WriteStats
from loaders.embedded import DEFAULT_STORE, EmbeddedServer
from loaders.load import LoadReport, load_extractions, read_jsonl
from loaders.model import place_hierarchy, relation_keys

if TYPE_CHECKING:
    from kg.ontology import Ontology

StoreDir = Annotated[
    Path | None,
    typer.Option("--store", help="Embedded FalkorDB store directory (default ./.kg).", envvar="KG_STORE"),
]
Uri = Annotated[
    str | None,
    typer.Option("--uri", help="Server instead of the embedded store: bolt://, neo4j://, falkor://.", envvar="NEO4J_URI"),
]
User = Annotated[str | None, typer.Option("--user", help="Server user name.", envvar="NEO4J_USERNAME")]
Password = Annotated[str | None, typer.Option("--password", help="Server password.", envvar="NEO4J_PASSWORD")]
Database = Annotated[
    str | None,
    typer.Option("--database", help="Neo4j database, or FalkorDB graph name (default kg).", envvar="NEO4J_DATABASE"),
]
BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="About this many relations per atomic write.")]


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


def _open(store: Path | None, uri: str | None, user: str | None, password: str | None, database: str | None) -> GraphStore:
    """The one place that turns the connection options into a store."""
    return open_store(StoreOptions(store=store, uri=None if store else uri, user=user, password=password,
                                   database=database))


def _ontology(folder: Path | None = None) -> Ontology:
    """The ontology of ``--ontology`` (default: the shipped one), read once and on demand."""
    from kg.ontology import cached_ontology

    return cached_ontology(str(folder) if folder else None)


def _keys(ontology: Path | None = None) -> dict[str, tuple[str, ...]]:
    return relation_keys(_ontology(ontology))


def _places(ontology: Path | None = None) -> dict[str, str]:
    return place_hierarchy(_ontology(ontology))


def _stats_table(title: str, stats: WriteStats, report: LoadReport) -> Table:
    table = Table(title=title)
    table.add_column("documents loaded", justify="right")
    table.add_column("failed", justify="right")
    table.add_column("nodes created", justify="right")
    table.add_column("relationships created", justify="right")
    table.add_column("seconds", justify="right")
    table.add_row(str(len(report.loaded)), str(len(report.failed)), str(stats.nodes_created),
                  str(stats.relationships_created), f"{stats.seconds:.2f}")
    return table


JsonReport = Annotated[bool, typer.Option("--json", help="Print the report as JSON (for scripts).")]


def _finish(title: str, report: LoadReport, as_json: bool = False, **extra: object) -> None:
    for where, reason in report.failed.items():
        stderr.print(f"[bold red]failed:[/] {reason if reason.startswith(where) else where + ': ' + reason}",
                     highlight=False, soft_wrap=True)
    if as_json:
        from dataclasses import asdict

        print_json({"loaded": report.loaded, "failed": report.failed, "stats": asdict(report.stats), **extra})
    else:
        stdout.print(_stats_table(title, report.stats, report))
    if report.failed:
        raise typer.Exit(1)


# The pipeline options of ``kg extract`` (same flags), declared here so that this module
# imports without the pipeline; kg.cli.extract.pipeline_config turns them into a config.
Without = Annotated[
    list[str] | None,
    typer.Option("--without", help="Switch a pipeline layer off (repeatable): lexicon, pattern, hanlp, ..."),
]
HanlpModel = Annotated[
    str | None, typer.Option("--hanlp-model", help="HanLP NER model: a local path or a pretrained identifier.")
]
OntologyDir = Annotated[Path | None, typer.Option("--ontology", help="Ontology folder (default: the shipped one).")]


def _pipeline_extractor(
    ontology: Path | None, hanlp_model: str | None, without: list[str] | None, report: LoadReport
) -> Callable[[list[tuple[Path, str]]], Iterator[Extraction]]:
    """Extraction through kg.pipeline (built on first use: a rebuild with nothing new loads no
    model); a document that fails is recorded and skipped."""

    def extract(files: list[tuple[Path, str]]) -> Iterator[Extraction]:
        from kg.cli.extract import pipeline_config
        from kg.pipeline import Pipeline

        pipeline = Pipeline(pipeline_config(ontology, hanlp_model, without))
        for result in progress_over(pipeline.run(files), len(files), "extracting"):
            if result.ok and result.extraction is not None:
                yield result.extraction
            else:
                report.failed[result.path] = f"{result.path}: {result.error}"

    return extract


def build(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Files and folders to extract.")],
    store: StoreDir = None, uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None, batch_size: BatchSize = 1000, without: Without = None,
    hanlp_model: HanlpModel = None, ontology: OntologyDir = None, as_json: JsonReport = False,
) -> None:
    """Extract documents and load them into the graph (documents that fail are reported)."""
    from kg.read import discover

    files = list(discover(paths))
    if not files:
        raise KGError(f"no documents found under {', '.join(map(str, paths))}")
    report = LoadReport()
    extract = _pipeline_extractor(ontology, hanlp_model, without, report)
    with _open(store, uri, user, password, database) as graph:
        graph.ensure_schema()
        load_extractions(graph, extract(files), _keys(ontology), batch_size=batch_size,
                         report=report, places=_places(ontology))
    _finish("kg build", report, as_json)


def load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSONL written by kg extract.")],
    store: StoreDir = None, uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None, batch_size: BatchSize = 1000, as_json: JsonReport = False,
) -> None:
    """Load an extraction file; a bad line is reported as file:line and the rest is loaded."""
    report = LoadReport()
    with _open(store, uri, user, password, database) as graph:
        graph.ensure_schema()
        load_extractions(graph, read_jsonl(file, report), _keys(), batch_size=batch_size, report=report,
                         places=_places())
    _finish("kg load", report, as_json)


def rebuild(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="The files and folders the graph is built from.")],
    full: Annotated[bool, typer.Option("--full", help="Clear the graph and extract everything.")] = False,
    store: StoreDir = None, uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None, batch_size: BatchSize = 1000, without: Without = None,
    hanlp_model: HanlpModel = None, ontology: OntologyDir = None, as_json: JsonReport = False,
) -> None:
    """Bring the graph up to date: extract new and changed documents, remove deleted ones.

    Documents in the graph that are not under PATHS count as deleted: give the same paths
    the graph was built from.
    """
    from kg.read import discover
    from loaders.sync import rebuild as sync

    files = list(discover(paths))
    if not files:  # an empty or mistyped folder must not empty the graph
        raise KGError(f"no documents found under {', '.join(map(str, paths))}; nothing rebuilt")
    report = LoadReport()
    extract = _pipeline_extractor(ontology, hanlp_model, without, report)
    with _open(store, uri, user, password, database) as graph:
        plan, _ = sync(graph, files, extract, _keys(ontology), full=full, batch_size=batch_size,
                       report=report, places=_places(ontology))
    info(f"{len(plan.new)} new, {len(plan.changed)} changed, {len(plan.deleted)} deleted, "
         f"{len(plan.unchanged)} unchanged")
    _finish("kg rebuild", report, as_json, new=plan.new, changed=plan.changed, deleted=plan.deleted,
            unchanged=plan.unchanged)


def _parse_param(text: str) -> tuple[str, object]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise KGError(f"--param {text!r}: expected NAME=VALUE")
    try:
        return name, json.loads(raw)
    except json.JSONDecodeError:
        return name, raw


def _named_question(name: str, params: dict[str, object]) -> str:
    from loaders.questions import QUESTIONS

    question = QUESTIONS.get(name)
    if question is None:
        raise KGError(f"--named {name!r}: no such question; known: {', '.join(QUESTIONS)}")
    missing = [p for p in question.params if p not in params]
    if missing:
        raise KGError(f"--named {name}: needs " + ", ".join(f"--param {p}=..." for p in missing))
    return question.cypher


def query(
    cypher: Annotated[str | None, typer.Argument(help="A Cypher query (or use --named).")] = None,
    named: Annotated[str | None, typer.Option("--named", "-n", help="A ready-made question: rounds-led, "
                     "co-investors, policies-by-agency, companies-in-parks, posts, deals, evidence.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (JSON or text).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Rows as JSON objects.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Rows as CSV.")] = False,
    write: Annotated[bool, typer.Option("--write", help="Allow writes (else the server refuses them).")] = False,
    store: StoreDir = None, uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None,
) -> None:
    """Run Cypher; read-only unless --write (enforced by the server)."""
    params = dict(_parse_param(p) for p in param or [])
    if (cypher is None) == (named is None):
        raise KGError("give a Cypher query or --named QUESTION (not both)")
    cypher = _named_question(named, params) if named else cypher
    assert cypher is not None
    with _open(store, uri, user, password, database) as graph:
        result = graph.query(cypher, params, write=write)
    if as_json:
        print_json(result.records())
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow([json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for v in row])
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*(json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else str(v) for v in row))
        stdout.print(table)


def stats(
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
    store: StoreDir = None, uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None,
) -> None:
    """Nodes by label, relationships by type, documents."""
    with _open(store, uri, user, password, database) as graph:
        result = graph.stats()
    if as_json:
        print_json({"nodes_by_label": result.nodes_by_label,
                    "relationships_by_type": result.relationships_by_type, "documents": result.documents})
        return
    for title, counts in (("nodes by label", result.nodes_by_label),
                          ("relationships by type", result.relationships_by_type)):
        table = Table("name", "count", title=title)
        for name, count in counts.items():
            table.add_row(name, str(count))
        stdout.print(table)
    stdout.print(f"documents: {result.documents}")


def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", case_sensitive=False, help="graphml, gexf or csv.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File (graphml/gexf) or folder (csv).")],
    array_delimiter: Annotated[str, typer.Option("--array-delimiter", help="CSV list separator.")] = ";",
    store: StoreDir = None, uri: Uri = None, user: User = None, password: Password = None,
    database: Database = None,
) -> None:
    """Export the graph: GraphML/GEXF (networkx) or CSV for neo4j-admin database import."""
    from loaders import export as exporter

    with _open(store, uri, user, password, database) as graph:
        if fmt is ExportFormat.csv:
            files = exporter.write_neo4j_csv(graph, output, array_delimiter=array_delimiter)
            info(f"wrote {len(files)} files to {output}; import into an empty Neo4j with:")
            stdout.print(exporter.neo4j_admin_command(files, array_delimiter=array_delimiter),
                         highlight=False, soft_wrap=True)
            return
        nx_graph = exporter.to_networkx(graph)
    writer = exporter.write_graphml if fmt is ExportFormat.graphml else exporter.write_gexf
    writer(nx_graph, output)
    info(f"wrote {nx_graph.number_of_nodes()} nodes and {nx_graph.number_of_edges()} relationships to {output}")


db_app = typer.Typer(help="Run the embedded FalkorDB server in the background (for notebooks).",
                     no_args_is_help=True)


def _connection_help(server: EmbeddedServer, pid: int | None) -> None:
    conn = server.connection_info("kg")
    stdout.print(f"store:    {server.directory}\npid:      {pid}\nsocket:   {conn.socket_path}\n"
                 f"password: {conn.password_file} (mode 0600)\nPython:\n{conn.snippet()}",
                 highlight=False, soft_wrap=True)


@db_app.command("start")
@handle_errors
def db_start(store: StoreDir = None) -> None:
    """Start the store's server in the background (kg commands then use it too)."""
    server = EmbeddedServer(store or DEFAULT_STORE)
    started = server.start(detach=True)
    info("started" if started else "already running")
    _connection_help(server, server.running_pid())


@db_app.command("stop")
@handle_errors
def db_stop(store: StoreDir = None) -> None:
    """Stop the store's server, saving its data (refused while a kg command uses the store)."""
    server = EmbeddedServer(store or DEFAULT_STORE)
    server.lock()
    try:
        stopped = server.stop()
    finally:
        server.release()
    info("stopped" if stopped else "not running")


@db_app.command("status")
@handle_errors
def db_status(store: StoreDir = None) -> None:
    """Say whether the store's server runs and how to connect."""
    server = EmbeddedServer(store or DEFAULT_STORE)
    pid = server.running_pid()
    if pid is None:
        stdout.print(f"not running ({server.directory})", highlight=False)
        raise typer.Exit(3)
    _connection_help(server, pid)


def register(app: typer.Typer) -> None:
    """Add the store commands to the root app."""
    for func in (build, load, rebuild, query, stats, export):
        app.command(func.__name__)(handle_errors(func))
    app.add_typer(db_app, name="db")
