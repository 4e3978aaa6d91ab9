"""``kg ner``: train the statistical NER layer on the public annotated sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import handle_errors
from kg.errors import KGError

app = typer.Typer(help="The statistical NER model: train it on public annotated Chinese.", no_args_is_help=True)

SHIPPED = Path(__file__).resolve().parent.parent / "models" / "ner"


@app.command()
@handle_errors
def train(
    out: Annotated[Path, typer.Option("--out", help="Folder to save the model and its card to (required).")],
    corpora: Annotated[Path | None, typer.Option(
        "--corpora", help="Folder of the public sets named in ontology/corpora.yaml "
        "(default: $KG_CORPORA, else ../shared/corpus/public beside the checkout).")] = None,
    epochs: Annotated[int, typer.Option("--epochs", min=1, help="Training epochs (the best validation epoch is kept).")] = 12,
    generated: Annotated[int, typer.Option("--generated", min=0, help="Generated bulletin sentences to add.")] = 4000,
    seed: Annotated[int, typer.Option("--seed", help="Seed for generation, shuffling and initialization.")] = 13,
    threads: Annotated[int, typer.Option("--threads", min=1, max=16, help="CPU threads for torch.")] = 2,
    annotate: Annotated[list[Path] | None, typer.Option(
        "--annotate", help="Bulletin-style text to silver-label with the rule layers and train on too "
        "(repeatable). Never the documents you evaluate on.")] = None,
    replace_shipped: Annotated[bool, typer.Option(
        "--replace-shipped", help="Allow --out to be the model kg ships (kg/models/ner).")] = False,
) -> None:
    """Train the character BiLSTM-CRF on CPU, keep the best validation epoch, write model and card."""
    if out.resolve() == SHIPPED and not replace_shipped:
        raise KGError(f"{out} is the model kg ships; pass --replace-shipped to overwrite it")
    from kg.ner.train import train as train_model
    from kg.ontology import load_ontology

    report = train_model(out, load_ontology(), corpora_root=corpora, epochs=epochs, generated=generated,
                         seed=seed, threads=threads, annotate=annotate or (), log=typer.echo)
    overall = report.validation["all"]
    typer.echo(
        f"model: {report.out} ({report.size_bytes / 1e6:.1f} MB), {report.train_sentences} training / "
        f"{report.validation_sentences} validation sentences, best epoch {report.best_epoch} of {report.epochs}, "
        f"{report.seconds:.0f} s, validation P {overall.precision:.3f} R {overall.recall:.3f} F1 {overall.f1:.3f}; "
        f"card: {report.out / 'MODEL_CARD.md'}"
    )
