"""Graph store commands: build, load, rebuild, query, stats, export (and ``db``, from ``kg.cli.db``).

Each command parses its options, calls one function (``kg.build`` builds and loads) and prints
what it returns. All take ``kg.cli.common.connection_options`` (``--store DIR``, default ``./.kg``;
or ``--uri``, ``--user``... or NEO4J_URI...). ``register(app)`` adds them to the root app.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Column, Table

from kg import build as library
from kg.build import BuildReport, StoreTarget, open_store
from kg.cli.common import (JsonReport, connection_options, handle_errors, info, pipeline_options,
                           print_failures, print_json, progress_bar, stdout)
from kg.cli.curate import CurationFile, print_stale
from kg.cli.db import db_app
from kg.errors import KGError
from loaders.questions import cypher_of

if TYPE_CHECKING:
    from kg.pipeline import PipelineConfig

BatchSize = Annotated[int, typer.Option("--batch-size", min=1, help="About this many relations per atomic write.")]


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


def _stats_table(title: str, report: BuildReport) -> Table:
    headers = ("documents loaded", "failed", "nodes created", "relationships created", "seconds")
    table = Table(*(Column(header, justify="right") for header in headers), title=title)
    table.add_row(str(len(report.loaded)), str(len(report.failed)), str(report.stats.nodes_created),
                  str(report.stats.relationships_created), f"{report.stats.seconds:.2f}")
    return table


def _finish(title: str, report: BuildReport, as_json: bool = False) -> None:
    """Print a build's report: each failure and stale curation edit on stderr, the report on
    stdout; exit 1 if any document failed (a stale edit is a warning)."""
    print_failures(report.failed)
    print_stale(report.stale)
    if as_json:
        print_json(report.as_dict())
    else:
        stdout.print(_stats_table(title, report))
    if report.failed:
        raise typer.Exit(1)


@connection_options
@pipeline_options
def build(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="Files and folders to extract.")],
    target: StoreTarget, config: PipelineConfig,
    batch_size: BatchSize = 1000, as_json: JsonReport = False, curation: CurationFile = None,
) -> None:
    """Extract documents and load them into the graph (documents that fail are reported)."""
    report = library.build(paths, target, config, batch_size=batch_size, progress=progress_bar("extracting"),
                           curation=curation)
    _finish("kg build", report, as_json)


@connection_options
def load(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="JSONL written by kg extract.")],
    target: StoreTarget, batch_size: BatchSize = 1000, as_json: JsonReport = False, curation: CurationFile = None,
) -> None:
    """Load an extraction file; a bad line is reported as file:line and the rest is loaded."""
    _finish("kg load", library.load(file, target, batch_size=batch_size, curation=curation), as_json)


@connection_options
@pipeline_options
def rebuild(
    paths: Annotated[list[Path], typer.Argument(exists=True, help="The files and folders the graph is built from.")],
    target: StoreTarget, config: PipelineConfig,
    full: Annotated[bool, typer.Option("--full", help="Clear the graph and extract everything.")] = False,
    batch_size: BatchSize = 1000, as_json: JsonReport = False, curation: CurationFile = None,
) -> None:
    """Bring the graph up to date: extract new and changed documents, remove deleted ones.

    Documents in the graph that are not under PATHS count as deleted: give the same paths
    the graph was built from.
    """
    report = library.rebuild(paths, target, config, full=full, batch_size=batch_size,
                             progress=progress_bar("extracting"), curation=curation)
    info(f"{len(report.new)} new, {len(report.changed)} changed, {len(report.moved)} moved, "
         f"{len(report.deleted)} deleted, {len(report.unchanged)} unchanged"
         + "".join(f"\nmoved: {old} -> {new}" for old, new in report.moved))
    if report.changes is not None:
        info(f"what changed: {report.changes.file} (`kg changes` shows it)")
    _finish("kg rebuild", report, as_json)


def _parse_param(text: str) -> tuple[str, object]:
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise KGError(f"--param {text!r}: expected NAME=VALUE")
    try:
        return name, json.loads(raw)
    except json.JSONDecodeError:
        return name, raw


def _cell(value: object) -> object:
    """A list or map value as JSON text (one CSV or table cell); anything else as it is."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


@connection_options
def query(
    target: StoreTarget,
    cypher: Annotated[str | None, typer.Argument(help="A Cypher query (or use --named).")] = None,
    named: Annotated[str | None, typer.Option("--named", "-n", help="A ready-made question: rounds-led, "
                     "co-investors, policies-by-agency, companies-in-parks, posts, deals, evidence.")] = None,
    param: Annotated[list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE (JSON or text).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Rows as JSON objects.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Rows as CSV.")] = False,
    write: Annotated[bool, typer.Option("--write", help="Allow writes (else the server refuses them).")] = False,
    timeout: Annotated[float | None, typer.Option("--timeout", min=0, help="Seconds the server lets the query "
                       "run (default $KG_QUERY_TIMEOUT or 60; 0: no limit).")] = None,
) -> None:
    """Run Cypher; read-only unless --write (enforced by the server)."""
    params = dict(_parse_param(p) for p in param or [])
    with open_store(target) as graph:
        result = graph.query(cypher_of(cypher, named, params), params, write=write, timeout=timeout)
    if as_json:
        print_json(result.records())
    elif as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(result.columns)
        writer.writerows([_cell(v) for v in row] for row in result.rows)
    else:
        table = Table(*result.columns)
        for row in result.rows:
            table.add_row(*(str(_cell(v)) for v in row))
        stdout.print(table)


@connection_options
def stats(
    target: StoreTarget,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """Nodes by label, relationships by type, documents."""
    with open_store(target) as graph:
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


@connection_options
def export(
    target: StoreTarget,
    fmt: Annotated[ExportFormat, typer.Option("--format", case_sensitive=False, help="graphml, gexf or csv.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File (graphml/gexf) or folder (csv).")],
    array_delimiter: Annotated[str, typer.Option("--array-delimiter", help="CSV list separator.")] = ";",
) -> None:
    """Export the graph: GraphML/GEXF (networkx) or CSV for neo4j-admin database import."""
    from loaders import export as exporter

    with open_store(target) as graph:
        if fmt is ExportFormat.csv:
            files = library.export_csv(graph, output, array_delimiter=array_delimiter)
            info(f"wrote {len(files)} files to {output}; import into an empty Neo4j with:")
            stdout.print(exporter.neo4j_admin_command(files, array_delimiter=array_delimiter),
                         highlight=False, soft_wrap=True)
            return
        nx_graph = exporter.to_networkx(graph)
    writer = exporter.write_graphml if fmt is ExportFormat.graphml else exporter.write_gexf
    writer(nx_graph, output)
    info(f"wrote {nx_graph.number_of_nodes()} nodes and {nx_graph.number_of_edges()} relationships to {output}")


def register(app: typer.Typer) -> None:
    """Add the store commands to the root app."""
    for func in (build, load, rebuild, query, stats, export):
        app.command(func.__name__)(handle_errors(func))
    app.add_typer(db_app, name="db")
