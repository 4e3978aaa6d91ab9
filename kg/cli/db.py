"""``kg db start|stop|status``: run the embedded FalkorDB server in the background, for notebooks.

``kg.cli.store.register`` adds the group to the root app, beside the other store commands.
"""

from __future__ import annotations

import typer

from kg.cli.common import StoreDir, handle_errors, info, stdout
from loaders.embedded import DEFAULT_STORE, EmbeddedServer

db_app = typer.Typer(help="Run the embedded FalkorDB server in the background (for notebooks).",
                     no_args_is_help=True)


def _connection_help(server: EmbeddedServer, pid: int | None) -> None:
    conn = server.connection_info("kg")
    stdout.print(f"store:    {server.directory}\npid:      {pid}\nsocket:   {conn.socket_path}\n"
                 f"password: {conn.password_file} (mode 0600)\nPython:\n{conn.snippet()}",
                 highlight=False, soft_wrap=True)


@db_app.command("start")
@handle_errors
def db_start(store: StoreDir = None) -> None:
    """Start the store's server in the background (kg commands then use it too)."""
    server = EmbeddedServer(store or DEFAULT_STORE)
    started = server.start(detach=True)
    info("started" if started else "already running")
    _connection_help(server, server.running_pid())


@db_app.command("stop")
@handle_errors
def db_stop(store: StoreDir = None) -> None:
    """Stop the store's server, saving its data (refused while a kg command uses the store)."""
    server = EmbeddedServer(store or DEFAULT_STORE)
    server.lock()
    try:
        stopped = server.stop()
    finally:
        server.release()
    info("stopped" if stopped else "not running")


@db_app.command("status")
@handle_errors
def db_status(store: StoreDir = None) -> None:
    """Say whether the store's server runs and how to connect."""
    server = EmbeddedServer(store or DEFAULT_STORE)
    pid = server.running_pid()
    if pid is None:
        stdout.print(f"not running ({server.directory})", highlight=False)
        raise typer.Exit(3)
    _connection_help(server, pid)
