"""``kg extract`` and ``kg eval``: files in, extraction lines or scores out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kg.build import extract_lines
from kg.cli.common import handle_errors, info, pipeline_options, print_failures, print_json, progress_bar, stdout
from kg.eval import EvalReport, evaluate_paths

if TYPE_CHECKING:
    from kg.pipeline import PipelineConfig

PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")]


@handle_errors
@pipeline_options
def extract_command(
    paths: PathsArg,
    config: PipelineConfig,
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSONL file, '-' for stdout.")] = Path("-"),
) -> None:
    """Extract entities and relations: one JSON object per document (see README, 'Extraction contract')."""
    bar = progress_bar("extracting")
    if str(output) == "-":
        report = extract_lines(paths, sys.stdout.write, config, progress=bar)
    else:  # written line by line into a file beside it, which takes the name once complete
        output.parent.mkdir(parents=True, exist_ok=True)
        part = output.with_name(f".{output.name}.part")
        try:
            with part.open("w", encoding="utf-8") as handle:
                report = extract_lines(paths, handle.write, config, progress=bar)
        except BaseException:
            part.unlink(missing_ok=True)
            raise
        part.replace(output)
    print_failures(report.failed, "error:")
    info(f"{report.documents} document(s) extracted, {len(report.failed)} failed: {report.entities} entities, "
         f"{report.relations} relations" + ("" if str(output) == "-" else f" -> {output}"))
    if report.failed:
        raise typer.Exit(1)


def _score_table(title: str, rows: dict[str, dict[str, float]]) -> Table:
    table = Table(title=title)
    for column in ("", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if not column else "right")
    for name, s in rows.items():
        table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                      str(s["tp"]), str(s["fp"]), str(s["fn"]))
    return table


@handle_errors
@pipeline_options
def eval_command(
    paths: PathsArg,
    config: PipelineConfig,
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files (format: ontology.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    blind: Annotated[bool, typer.Option("--blind", help="Drop every lexicon entry that names a gold entity: "
                                        "the score unseen bulletins would get.")] = False,
    ablation: Annotated[bool, typer.Option("--ablation", help="Also run with each layer off in turn, and blind; "
                                           "print the table.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List missed and spurious items.")] = False,
) -> None:
    """Score the extraction of PATHS against gold annotations (entities, relations, INVESTS_IN attributes)."""
    run = evaluate_paths(paths, gold, config, blind=blind, ablation=ablation, progress=progress_bar("evaluating"))
    print_failures(run.failed, "error:")
    report, rows = run.report, run.ablation
    data = report.as_dict()
    if not errors:
        data.pop("errors")
    if as_json:
        if rows:
            data["ablation"] = {name: _headline(r) for name, r in rows}
        print_json(data)
        return
    _print_report(report, data)
    if rows:
        table = Table(title="Ablation (F1)")
        for column in ("run", "entities typed", "untyped", "relations", report.investment):
            table.add_column(column)
        for name, r in [("full pipeline", report), *rows]:
            h = _headline(r)
            table.add_row(name, *(f"{h[k]:.3f}" for k in ("entities_typed", "entities_untyped", "relations", "invests_in")))
        stdout.print(table)
    if errors:
        for e in report.errors:
            stdout.print(f"{e['doc']}\t{e['kind']}\t{e['item']}", highlight=False)


def _headline(report: EvalReport) -> dict[str, float]:
    return {
        "entities_typed": round(report.entities_typed.f1, 4),
        "entities_untyped": round(report.entities_untyped.f1, 4),
        "relations": round(report.relations.f1, 4),
        "invests_in": round(report.relations_by_type[report.investment].f1, 4),
    }


def _print_report(report: EvalReport, data: dict) -> None:
    ents = data["entities"]
    stdout.print(_score_table(f"Entities ({len(report.documents)} documents)",
                              {"typed": ents["typed"], "untyped": ents["untyped"], **ents["by_type"]}))
    rels = data["relations"]
    stdout.print(_score_table("Relations", {"all": rels["all"], **rels["by_type"]}))
    stdout.print(_score_table("Relations by rule (recall is not defined per rule: fn column is 0)", rels["by_rule"]))
    attrs = Table(title=f"{report.investment} attributes on matched relations")
    for column in ("attribute", "accuracy", "correct", "total"):
        attrs.add_column(column)
    for name, a in data["invests_in_attributes"].items():
        attrs.add_row(name, f"{a['accuracy']:.3f}", str(a["correct"]), str(a["total"]))
    stdout.print(attrs)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)


__all__ = ["register"]
