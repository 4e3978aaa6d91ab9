"""The embedded server: persistence, the writer lock, recovery after a crash."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_fixtures import deal_doc, policy_doc

from kg.errors import StoreLockedError
from loaders.embedded import EmbeddedServer
from loaders.falkordb import FalkorDBStore
from loaders.model import build_batch

HOLD_LOCK = """
import sys
from loaders.falkordb import FalkorDBStore
from loaders.embedded import EmbeddedServer
store = FalkorDBStore(server=EmbeddedServer(sys.argv[1]))
store.stats()
print("holding", flush=True)
sys.stdin.read()
"""


def test_the_password_file_is_private_and_the_server_has_no_tcp_port(tmp_path: Path):
    server = EmbeddedServer(tmp_path)
    assert server.start(detach=True)
    try:
        assert stat.S_IMODE(server.password_file.stat().st_mode) == 0o600
        assert stat.S_IMODE((tmp_path / "redis.conf").stat().st_mode) == 0o600
        assert server.client().connection.config_get("port") == {"port": "0"}
        assert server.password() not in Path(f"/proc/{server.running_pid()}/cmdline").read_text()
    finally:
        assert server.stop()
    assert server.running_pid() is None and not server.socket_path.exists()


def test_data_survive_a_clean_restart(tmp_path: Path, keys):
    with FalkorDBStore(server=EmbeddedServer(tmp_path)) as store:
        store.write(build_batch([deal_doc()], keys))
    assert EmbeddedServer(tmp_path).running_pid() is None  # the store stopped the server it started
    # the append-only file was compacted to a snapshot, so a restart does not replay every query
    assert list((tmp_path / "appendonlydir").glob("*.base.rdb"))
    assert all(f.stat().st_size == 0 for f in (tmp_path / "appendonlydir").glob("*.incr.aof"))
    with FalkorDBStore(server=EmbeddedServer(tmp_path)) as store:
        assert store.document_hashes() == {"deal.txt": "a" * 64}


def test_the_lock_refuses_a_second_writer_and_dies_with_its_holder(tmp_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(StoreLockedError, match=f"in use by kg process {holder.pid}"):
            FalkorDBStore(server=EmbeddedServer(tmp_path)).stats()
        holder.kill()  # a crashed kg process leaves its lock (and its server) behind ...
        holder.wait()
        with FalkorDBStore(server=EmbeddedServer(tmp_path)) as store:  # ... and the next one goes on
            assert store.stats().documents == 0
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()
        EmbeddedServer(tmp_path).stop()


def test_recovers_after_the_server_is_killed(tmp_path: Path, keys):
    store = FalkorDBStore(server=EmbeddedServer(tmp_path))
    store.write(build_batch([deal_doc(), policy_doc()], keys))
    pid = store.server.running_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    store.close()  # finds the server gone: cleans the stale pid file and socket
    (tmp_path / "redis.pid").write_text(str(pid))  # as a crash would have left them
    server = EmbeddedServer(tmp_path)
    server.socket_path.touch()
    with FalkorDBStore(server=server) as reopened:  # append-only file: nothing acknowledged is lost
        assert sorted(reopened.document_hashes()) == ["deal.txt", "policy.txt"]
        assert reopened.stats().relationships_by_type["LOCATED_IN"] == 1
        assert server.running_pid() != pid


def test_a_server_left_running_is_reused(tmp_path: Path):
    first = EmbeddedServer(tmp_path)
    assert first.start(detach=True)
    try:
        second = EmbeddedServer(tmp_path)
        assert not second.start()
        assert second.running_pid() == first.running_pid()
    finally:
        first.stop()
    deadline = time.monotonic() + 5
    while first.socket_path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not first.socket_path.exists()
