"""``kg`` stopped by a signal while it runs the embedded server it started (issue 16).

SIGTERM, SIGHUP (and SIGINT, Ctrl-C) unwind kg: it stops its server, saving the data, and the
queries it runs go with it; no redis-server of that store is left. After SIGKILL nothing can
run in kg: the server it started is left behind, and the next kg run takes it over (the lock
died with the process) and stops it when done.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.build import StoreTarget, open_store
from loaders.embedded import EmbeddedServer

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
WAIT = 120.0
"""Bounded waits (seconds): the machine is shared and slow; nothing is timed."""


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough documents that kg is still at work when the signal comes."""
    folder = tmp_path_factory.mktemp("signal-corpus")
    sources = [SAMPLES / n for n in ("01_touronjie.txt", "02_policy.txt", "04_people.txt", "10_angel.txt")]
    for copy in range(100):
        for source in sources:
            shutil.copy(source, folder / f"{copy:03d}_{source.name}")
    return folder


def _at_a_terminal() -> None:
    """Signals as a user's shell gives them: a job started in the background (``make test &``)
    inherits SIGINT ignored, and kg rightly keeps a signal that was ignored before it started."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _kg(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    return subprocess.Popen([sys.executable, "-m", "kg.cli.main", "--quiet", *args], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_at_a_terminal)


def _until(condition, what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def _server_up(store: Path, kg: subprocess.Popen[str]) -> int:
    """Wait until kg's server answers (looking only: this process holds no lock); its pid."""
    server = EmbeddedServer(store)
    _until(lambda: server.running_pid() is not None or kg.poll() is not None, "the server to start")
    assert kg.poll() is None, kg.communicate()
    server.wait_ready()
    pid = server.running_pid()
    assert pid is not None
    return pid


def _processes_of(store: Path) -> list[int]:
    """Live processes whose command line names the store (redis-server runs <store>/redis.conf)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if str(store).encode() in cmdline and b"redis" in cmdline:
                found.append(int(entry.name))
    return found


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and status.read_text().split(") ")[-1].startswith("Z")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Path]:
    """A store folder; whatever server of it a failed test leaves behind is killed afterwards."""
    yield tmp_path / "store"
    for pid in _processes_of(tmp_path / "store"):
        os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_stops_kg_and_the_server_it_started(corpus: Path, store: Path, stop: signal.Signals) -> None:
    kg = _kg("build", str(corpus), "--store", str(store), "--without", "hanlp", "--batch-size", "20")
    try:
        server = _server_up(store, kg)
        kg.send_signal(stop)
        _, err = kg.communicate(timeout=WAIT)
    finally:
        if kg.poll() is None:
            kg.kill()
            kg.wait()
    assert kg.returncode in (128 + stop, 130, -stop) and kg.returncode != 0, err
    assert "Traceback" not in err
    _until(lambda: _gone(server), "the server to stop")
    assert _processes_of(store) == []
    assert EmbeddedServer(store).running_pid() is None
    with open_store(StoreTarget(store=store)) as graph:  # the store opens again
        assert graph.stats().documents >= 0


def test_after_sigkill_the_next_run_takes_over_the_server_left_behind(corpus: Path, store: Path) -> None:
    kg = _kg("build", str(corpus), "--store", str(store), "--without", "hanlp", "--batch-size", "20")
    try:
        server = _server_up(store, kg)
        kg.kill()
    finally:
        kg.wait()
    assert not _gone(server)  # nothing ran in kg: its server is still there, its lock is not
    stats = _kg("stats", "--json", "--store", str(store))
    out, err = stats.communicate(timeout=WAIT)
    assert stats.returncode == 0, err
    assert '"documents"' in out
    _until(lambda: _gone(server), "the adopted server to stop")
    assert _processes_of(store) == []
    assert not (store / "server.owner").exists()
