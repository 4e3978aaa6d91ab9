"""What every command shares: consoles, global flags, and turning errors into one line."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)

from kg.errors import KGError

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


def print_json(data: Any) -> None:
    """Write JSON to stdout for scripts (no colours, no wrapping)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def info(message: str) -> None:
    """A status line on stderr unless --quiet."""
    if not OPTIONS.quiet:
        stderr.print(message, highlight=False)
