"""``kg ner``: the statistical NER model shipped with kg (train it from generated sentences)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import handle_errors

app = typer.Typer(help="The HanLP NER model kg ships: train it on generated bulletin sentences.", no_args_is_help=True)

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "models" / "ner"


@app.command()
@handle_errors
def train(
    out: Annotated[Path, typer.Option("--out", help="Folder to save the model to (default: the one kg ships).")] = DEFAULT_OUT,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="Training epochs.")] = 10,
    sentences: Annotated[int, typer.Option("--sentences", min=20, help="Generated sentences (10% held out as dev).")] = 16000,
    seed: Annotated[int, typer.Option("--seed", help="Seed for generation and training.")] = 13,
    threads: Annotated[int, typer.Option("--threads", min=1, max=16, help="CPU threads for torch.")] = 1,
    annotate: Annotated[list[Path] | None, typer.Option(
        "--annotate", help="Bulletin-style text to label with the rule layers and train on too "
        "(repeatable; the shipped model used samples/). Never the documents you evaluate on.")] = None,
) -> None:
    """Generate labelled sentences, train a BiLSTM-CRF on CPU, save it and print dev F1."""
    from kg.ner.train import train as train_model
    from kg.ontology import load_ontology

    report = train_model(out, sentences=sentences, epochs=epochs, seed=seed,
                         ontology=load_ontology(), threads=threads, annotate=annotate or (), log=typer.echo)
    typer.echo(
        f"model: {report.out} ({report.size_bytes / 1e6:.1f} MB), {report.sentences} training / "
        f"{report.dev_sentences} dev sentences, {report.epochs} epochs, {report.seconds:.0f} s, "
        f"dev P {report.dev_precision:.3f} R {report.dev_recall:.3f} F1 {report.dev_f1:.3f}"
    )
