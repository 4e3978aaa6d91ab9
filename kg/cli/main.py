"""The root ``kg`` command: global flags, then each module adds its commands."""

from __future__ import annotations

import functools
import os
import signal
import sys
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


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
_stopped_by: list[int] = []
"""The stop signal received, if any: the exit status must say so even when the SystemExit the
handler raises lands inside a finalizer (a client's ``__del__``), where Python only prints it."""


def _stop(main_pid: int, signum: int, _frame: object) -> None:
    """SIGTERM or SIGHUP: unwind as Ctrl-C does (SIGINT), so that every ``with`` block closes:
    an embedded server this process started is stopped with its data saved, and the queries
    it runs with it. A second signal while that happens is ignored (SIGKILL still works; the
    next kg run then takes over the server left behind)."""
    if os.getpid() != main_pid:  # a forked child: die as it would have
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    for stop_signal in STOP_SIGNALS:
        signal.signal(stop_signal, signal.SIG_IGN)
    sys.stderr.write(f"kg: stopped by {signal.Signals(signum).name}\n")
    _stopped_by.append(signum)
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    for stop_signal in STOP_SIGNALS:
        if signal.getsignal(stop_signal) is signal.SIG_DFL:  # not under nohup, which ignores SIGHUP
            signal.signal(stop_signal, functools.partial(_stop, os.getpid()))
    try:
        app()
    finally:
        if _stopped_by:
            raise SystemExit(128 + _stopped_by[0])


if __name__ == "__main__":
    main()
