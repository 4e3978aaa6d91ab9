"""The root ``kg`` command: global flags, then each module adds its commands."""

from __future__ import annotations

from typing import Annotated

import typer

from kg import __version__
from kg.cli import curate, deals, extract, ner, store, viz
from kg.cli.common import OPTIONS, stdout

app = typer.Typer(
    name="kg",
    help="Build a knowledge graph of China's innovation economy from Chinese bulletins.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        stdout.print(f"kg {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or status lines.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version.")] = False,
) -> None:
    """kg: bulletins in, a graph of companies, parks, investors, agencies, people and policies out."""
    OPTIONS.quiet = quiet
    OPTIONS.debug = debug


extract.register(app)
store.register(app)
viz.register(app)
deals.register(app)
curate.register(app)
app.add_typer(ner.app, name="ner", help="Train and inspect the shipped offline NER model.")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
