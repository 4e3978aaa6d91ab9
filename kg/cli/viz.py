"""What users look at: ``kg viz investors`` (the investor network page) and ``kg show DOC``
(one bulletin with its extraction highlighted, for auditing).

``register(app)`` adds both to the root app; the store and pipeline options are those of ``kg build``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kg.build import StoreTarget, open_store
from kg.cli.common import StoreDir, connection_options, handle_errors, info, pipeline_options
from kg.cli.curate import CurationFile
from kg.errors import KGError
from kg.ontology import load_ontology

if TYPE_CHECKING:
    from kg.pipeline import PipelineConfig

viz_app = typer.Typer(help="Offline HTML views of the graph.", no_args_is_help=True)


def _write(path: Path, page: str) -> None:
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise KGError(f"{path}: cannot write ({exc.strerror or exc})") from exc


@connection_options
def investors(
    target: StoreTarget,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("investors.html"),
    round_: Annotated[str | None, typer.Option("--round", help="Only this round (e.g. A轮).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only deals dated on/after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only deals dated on/before (YYYY[-MM[-DD]]).")] = None,
    min_deals: Annotated[int, typer.Option("--min-deals", min=0, help="Drop investors with fewer deals.")] = 0,
    lead_only: Annotated[bool, typer.Option("--lead-only", help="Only deals the investor led.")] = False,
    png: Annotated[Path | None, typer.Option("--png", help="Also draw a PNG figure.")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Also draw an SVG figure.")] = None,
) -> None:
    """The investor network: investments, co-investment communities and centrality, one offline page."""
    from kg.viz.figures import draw_investments
    from kg.viz.html import investor_page
    from kg.viz.network import (
        INVESTMENT_QUERY,
        InvestmentFilter,
        centrality_table,
        check_iso_date,
        co_investment_graph,
        communities,
        filter_rows,
        investment_graph,
    )

    flt = InvestmentFilter(round=round_, since=check_iso_date(since, "--since"), until=check_iso_date(until, "--until"),
                           min_deals=min_deals, lead_only=lead_only)  # a bad date fails before the store opens
    with open_store(target) as graph_store:
        rows = graph_store.query(INVESTMENT_QUERY).records()
    rows = filter_rows(rows, flt)
    graph = investment_graph(rows)
    projection = co_investment_graph(graph)
    groups = communities(projection)
    _write(output, investor_page(graph, projection, groups, centrality_table(projection)))
    info(f"{output}: {graph.number_of_edges()} deals, {projection.number_of_nodes()} investors, "
         f"{len(groups)} communities")
    for figure in (png, svg):
        if figure is not None:
            draw_investments(graph, figure, groups)
            info(f"{figure}: figure written")


@pipeline_options
def show(
    document: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="The bulletin to extract and show.")],
    config: PipelineConfig,
    output: Annotated[Path, typer.Option("--output", "-o", help="HTML file to write.")] = Path("doc.html"),
    store: StoreDir = None,
    curation: CurationFile = None,
) -> None:
    """Run the pipeline on one bulletin, apply the curation, and write it with entities highlighted,
    relations listed and, for a merged entity, the names merged into it."""
    from kg.curate.show import curated_document
    from kg.viz.audit import audit_page

    shown = curated_document(document, config, store=store, curation=curation)
    extraction = shown.extraction
    _write(output, audit_page(shown.source.text, extraction, load_ontology(config.ontology_dir), shown.merged_from))
    info(f"{output}: {len(extraction.entities)} entities, {len(extraction.relations)} relations")


def register(app: typer.Typer) -> None:
    """Add ``kg viz investors`` and ``kg show`` to the root app."""
    viz_app.command("investors")(handle_errors(investors))
    app.add_typer(viz_app, name="viz")
    app.command("show")(handle_errors(show))
