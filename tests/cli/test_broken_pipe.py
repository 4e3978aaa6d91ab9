"""A reader that stops early (kg deals | head) ends kg quietly, with status 0."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import typer
from kg.cli.common import handle_errors

app = typer.Typer()

@app.command()
@handle_errors
def many_lines():
    for i in range(200000):
        print("公司", i)

app()
"""


def test_a_closed_pipe_is_no_error() -> None:
    writer = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert writer.stdout is not None
    writer.stdout.readline()
    writer.stdout.close()  # as head does after its first line
    _, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err.decode()
    assert b"BrokenPipe" not in err and b"Traceback" not in err
