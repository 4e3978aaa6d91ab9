"""What every command shares: consoles, global flags, turning errors into one line, and the
connection and pipeline options, declared here once."""

from __future__ import annotations

import functools
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, get_type_hints

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from kg.build import Failure, StoreTarget
from kg.errors import KGError

if TYPE_CHECKING:
    from kg.build import Progress as ResultsProgress
    from kg.pipeline import DocumentResult, PipelineConfig

T = TypeVar("T")

stdout = Console()
stderr = Console(stderr=True)


@dataclass
class GlobalOptions:
    """Flags given before the command: ``kg --quiet --debug extract ...``."""

    quiet: bool = False
    debug: bool = False


OPTIONS = GlobalOptions()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one error line to stderr and return the Exit to raise."""
    stderr.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def handle_errors(func: Callable[..., T]) -> Callable[..., T]:
    """Report KGError (and anything unexpected) as one line, with a traceback only under --debug."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except KGError as exc:
            if OPTIONS.debug:
                raise
            raise fail(str(exc)) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            # the reader went away (kg deals | head): what it wanted was printed; stop quietly, and
            # point stdout at /dev/null so the interpreter's last flush does not fail again
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception as exc:
            if OPTIONS.debug:
                raise
            raise fail(f"{type(exc).__name__}: {exc} (run with --debug for the traceback)") from None

    return wrapper


def progress_over(items: Iterable[T], total: int, description: str) -> Iterator[T]:
    """Iterate with a rich progress bar on stderr (hidden under --quiet or when not a terminal)."""
    disable = OPTIONS.quiet or not stderr.is_terminal
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        disable=disable,
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=total)
        for item in items:
            yield item
            progress.advance(task)


def progress_bar(description: str) -> ResultsProgress:
    """``progress_over`` for a build's stream of document results."""

    def bar(results: Iterator[DocumentResult], total: int) -> Iterator[DocumentResult]:
        return progress_over(results, total, description)

    return bar


def print_json(data: Any) -> None:
    """Write JSON to stdout for scripts (no colours, no wrapping)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def info(message: str) -> None:
    """A status line on stderr unless --quiet."""
    if not OPTIONS.quiet:
        stderr.print(message, highlight=False)


def print_failures(failed: Iterable[Failure], label: str = "failed:") -> None:
    """One stderr line per document that failed, naming it and the reason."""
    for failure in failed:
        stderr.print(f"[bold red]{label}[/] {failure.message}", highlight=False, soft_wrap=True)


# ---- options shared by several commands --------------------------------------------------------
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
Without = Annotated[
    list[str] | None,
    typer.Option("--without", help="Switch a layer off (repeatable): "
                 "lexicon, pattern, hanlp, typing, lists, coref, headline."),  # kg.pipeline.LAYERS; a test checks
]
HanlpModel = Annotated[
    str | None,
    typer.Option("--hanlp-model", help="HanLP NER model: a local path or a HanLP pretrained identifier "
                 "(default: the model shipped with kg, no download)."),
]
OntologyDir = Annotated[Path | None, typer.Option("--ontology", help="Ontology folder (default: the shipped one).")]
Workers = Annotated[
    int | None,
    typer.Option("--workers", "-j", min=0, envvar="KG_WORKERS",
                 help="Processes extracting at once (default 1; 0: every core). Output is the same, in the same order."),
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", metavar="ADDR", envvar="KG_SCHEDULER",
                 help="Extract on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for a local cluster "
                      "of --workers processes (needs the cluster extra). Output is the same, in the same order."),
]
JsonReport = Annotated[bool, typer.Option("--json", help="Print the report as JSON (for scripts).")]


def pipeline_config(without: list[str] | None = None, hanlp_model: str | None = None,
                    ontology: Path | None = None, workers: int | None = None,
                    scheduler: str | None = None) -> PipelineConfig:
    """The pipeline options as a ``PipelineConfig`` (kg.pipeline is imported only when a command runs)."""
    from kg.pipeline import PipelineConfig

    if workers == 0:
        from kg.parallel import default_workers

        workers = default_workers()
    return PipelineConfig(ontology_dir=ontology, hanlp_model=hanlp_model, without=frozenset(without or ()),
                          workers=workers or 1, scheduler=scheduler or None)


def options_as(parameter: str, options: dict[str, Any],
               make: Callable[..., Any]) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """A decorator: where the command declares ``parameter``, Typer sees ``options`` (each defaulting
    to None) and the command receives ``make(**their values)``, so a group of options is declared
    once here instead of in every command signature."""

    def decorate(command: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(command)
        def with_options(*args: Any, **kwargs: Any) -> T:
            values = {name: kwargs.pop(name, None) for name in options}
            return command(*args, **kwargs, **{parameter: make(**values)})

        with_options.__annotations__ = {k: v for k, v in command.__annotations__.items() if k != parameter}
        hints = get_type_hints(with_options, include_extras=True)  # resolved in the command's module
        signature = inspect.signature(command)
        kept = [p.replace(annotation=hints[p.name]) for p in signature.parameters.values() if p.name != parameter]
        added = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
                 for name, annotation in options.items()]
        with_options.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*kept, *added], return_annotation=hints.get("return", inspect.Signature.empty))
        with_options.__annotations__ = {**hints, **options}
        return with_options

    return decorate


connection_options = options_as(
    "target", {"store": StoreDir, "uri": Uri, "user": User, "password": Password, "database": Database}, StoreTarget)
"""``--store``/``--uri``/``--user``/``--password``/``--database`` in, ``target: StoreTarget`` out."""

pipeline_options = options_as(
    "config", {"without": Without, "hanlp_model": HanlpModel, "ontology": OntologyDir, "workers": Workers,
               "scheduler": Scheduler},
    pipeline_config)
"""``--without``/``--hanlp-model``/``--ontology``/``--workers``/``--scheduler`` in, ``config: PipelineConfig`` out."""
