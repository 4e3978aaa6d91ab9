"""``kg extract`` and ``kg eval``: files in, extraction lines or scores out."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kg.cli.common import (
    OPTIONS,
    handle_errors,
    info,
    print_json,
    progress_over,
    stderr,
    stdout,
)
from kg.errors import KGError
from kg.pipeline import LAYERS, DocumentResult, Pipeline, PipelineConfig
from kg.read import discover

PathsArg = Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")]
HanlpOpt = Annotated[
    str | None,
    typer.Option("--hanlp-model", help="HanLP NER model: a local path or a HanLP pretrained identifier "
                 "(default: the model shipped with kg, no download)."),
]
OntologyOpt = Annotated[Path | None, typer.Option("--ontology", help="Ontology folder (default: the shipped one).")]
WithoutOpt = Annotated[
    list[str] | None,
    typer.Option("--without", help=f"Switch a layer off (repeatable): {', '.join(LAYERS)}."),
]


def pipeline_config(ontology: Path | None, hanlp_model: str | None, without: list[str] | None,
                    blind_names: frozenset[str] = frozenset()) -> PipelineConfig:
    """The one place CLI options become a ``PipelineConfig``."""
    return PipelineConfig(ontology_dir=ontology, hanlp_model=hanlp_model,
                          without=frozenset(without or ()), blind_names=blind_names)


def run_pipeline(paths: list[Path], config: PipelineConfig, description: str = "extracting") -> list[DocumentResult]:
    """Extract every document under ``paths`` with a progress bar; failures are reported, not raised."""
    files = discover(paths)
    if not files:
        raise KGError(f"no documents found under {', '.join(map(str, paths))}")
    pipeline = Pipeline(config)
    results = []
    for result in progress_over(pipeline.run(files), len(files), description):
        if not result.ok:
            stderr.print(f"[bold red]error:[/] {result.path}: {result.error}", highlight=False, soft_wrap=True)
        results.append(result)
    return results


@handle_errors
def extract_command(
    paths: PathsArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Output JSONL file, '-' for stdout.")] = Path("-"),
    hanlp_model: HanlpOpt = None,
    ontology: OntologyOpt = None,
    without: WithoutOpt = None,
) -> None:
    """Extract entities and relations: one JSON object per document (see README, 'Extraction contract')."""
    results = run_pipeline(paths, pipeline_config(ontology, hanlp_model, without))
    lines = [json.dumps(r.extraction.to_dict(), ensure_ascii=False) for r in results if r.extraction]
    if str(output) == "-":
        for line in lines:
            sys.stdout.write(line + "\n")
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    failed = [r for r in results if not r.ok]
    entities = sum(len(r.extraction.entities) for r in results if r.extraction)
    relations = sum(len(r.extraction.relations) for r in results if r.extraction)
    info(f"{len(lines)} document(s) extracted, {len(failed)} failed: {entities} entities, {relations} relations"
         + ("" if str(output) == "-" else f" -> {output}"))
    if failed:
        raise typer.Exit(1)


def _score_table(title: str, rows: dict[str, dict[str, float]]) -> Table:
    table = Table(title=title)
    for column in ("", "P", "R", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if not column else "right")
    for name, s in rows.items():
        table.add_row(name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                      str(s["tp"]), str(s["fp"]), str(s["fn"]))
    return table


def _evaluate(paths: list[Path], gold: Path, config: PipelineConfig):
    from kg.eval import evaluate

    results = run_pipeline(paths, config, "evaluating")
    return evaluate([r.extraction for r in results if r.extraction], _load_gold(gold))


def _load_gold(gold: Path):
    from kg.eval import load_gold

    return load_gold(gold)


def _blind_names(gold: Path) -> frozenset[str]:
    """Every name and alias of every gold entity: their lexicon entries are dropped."""
    names: set[str] = set()
    for data in _load_gold(gold).values():
        for entity in data.get("entities", []):
            names.add(entity["name"])
            names.update(entity.get("aliases", []))
    return frozenset(names)


@handle_errors
def eval_command(
    paths: PathsArg,
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold JSON files (format: ontology.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    blind: Annotated[bool, typer.Option("--blind", help="Drop every lexicon entry that names a gold entity: "
                                        "the score unseen bulletins would get.")] = False,
    ablation: Annotated[bool, typer.Option("--ablation", help="Also run with each layer off in turn, and blind; "
                                           "print the table.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List missed and spurious items.")] = False,
    hanlp_model: HanlpOpt = None,
    ontology: OntologyOpt = None,
    without: WithoutOpt = None,
) -> None:
    """Score the extraction of PATHS against gold annotations (entities, relations, INVESTS_IN attributes)."""
    blind_names = _blind_names(gold) if blind else frozenset()
    report = _evaluate(paths, gold, pipeline_config(ontology, hanlp_model, without, blind_names))
    rows: list[tuple[str, object]] = []
    if ablation:
        variants = [(f"without {layer}", pipeline_config(ontology, hanlp_model, [*(without or []), layer]))
                    for layer in LAYERS]
        all_names = _blind_names(gold)
        variants.append(("blind (no dev names in lexicons)", pipeline_config(ontology, hanlp_model, without, all_names)))
        variants += [(f"blind, without {layer}", pipeline_config(ontology, hanlp_model, [*(without or []), layer], all_names))
                     for layer in ("hanlp", "pattern", "lists")]
        rows = [(name, _evaluate(paths, gold, config)) for name, config in variants]
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
        for column in ("run", "entities typed", "untyped", "relations", "INVESTS_IN"):
            table.add_column(column)
        for name, r in [("full pipeline", report), *rows]:
            h = _headline(r)
            table.add_row(name, *(f"{h[k]:.3f}" for k in ("entities_typed", "entities_untyped", "relations", "invests_in")))
        stdout.print(table)
    if errors:
        for e in report.errors:
            stdout.print(f"{e['doc']}\t{e['kind']}\t{e['item']}", highlight=False)


def _headline(report) -> dict[str, float]:
    return {
        "entities_typed": round(report.entities_typed.f1, 4),
        "entities_untyped": round(report.entities_untyped.f1, 4),
        "relations": round(report.relations.f1, 4),
        "invests_in": round(report.relations_by_type["INVESTS_IN"].f1, 4),
    }


def _print_report(report, data: dict) -> None:
    ents = data["entities"]
    stdout.print(_score_table(f"Entities ({len(report.documents)} documents)",
                              {"typed": ents["typed"], "untyped": ents["untyped"], **ents["by_type"]}))
    rels = data["relations"]
    stdout.print(_score_table("Relations", {"all": rels["all"], **rels["by_type"]}))
    stdout.print(_score_table("Relations by rule (recall is not defined per rule: fn column is 0)", rels["by_rule"]))
    attrs = Table(title="INVESTS_IN attributes on matched relations")
    for column in ("attribute", "accuracy", "correct", "total"):
        attrs.add_column(column)
    for name, a in data["invests_in_attributes"].items():
        attrs.add_row(name, f"{a['accuracy']:.3f}", str(a["correct"]), str(a["total"]))
    stdout.print(attrs)


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)


__all__ = ["OPTIONS", "pipeline_config", "register", "run_pipeline"]
