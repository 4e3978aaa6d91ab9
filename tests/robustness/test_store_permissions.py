"""The embedded store is private to its user (issue 16): the folder 0700, what the server writes
in it 0600, and a long store path's socket in a private temporary folder, not a predictable
name in /tmp."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

from kg.build import StoreTarget, open_store
from loaders.embedded import MAX_SOCKET_PATH, EmbeddedServer


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def _files(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): _mode(p) for p in folder.rglob("*") if not p.is_socket()}


def test_the_store_folder_and_every_file_the_server_writes_are_private(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with open_store(StoreTarget(store=store)) as graph:
        graph.query("CREATE (:Probe {id: 1})", write=True)
        EmbeddedServer(store).client().connection.save()  # dump.rdb now, not only at shutdown
        assert _mode(store) == 0o700
        files = _files(store)
        assert {"dump.rdb", "redis.log", "password", "redis.conf", "kg.lock"} <= set(files)
        assert any(name.startswith("appendonlydir/") for name in files)
    files = _files(store)  # after the clean shutdown's snapshot and rewrite too
    assert {name: mode for name, mode in files.items() if mode != (0o700 if (store / name).is_dir() else 0o600)} == {}


def test_a_store_an_older_kg_left_readable_is_made_private(tmp_path: Path) -> None:
    store = tmp_path / "store"
    server = EmbeddedServer(store)
    server.start(detach=True)
    server.stop()
    store.chmod(0o755)
    for path in store.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (store / "notes.txt").write_text("not kg's")
    (store / "notes.txt").chmod(0o644)
    server.start(detach=True)
    try:
        assert _mode(store) == 0o700
        assert {name for name, mode in _files(store).items() if mode & 0o077} == {"notes.txt"}  # left alone
    finally:
        server.stop()


def test_a_long_store_path_puts_its_socket_in_a_private_temporary_folder(tmp_path: Path) -> None:
    store = tmp_path / ("a-long-folder-name-" * 6) / "store"
    assert len(str(store / "falkordb.sock")) > MAX_SOCKET_PATH
    server = EmbeddedServer(store)
    server.start(detach=True)
    try:
        socket = server.socket_path
        assert socket.is_socket() and len(str(socket)) <= MAX_SOCKET_PATH
        assert socket.parent.parent == Path(tempfile.gettempdir()) and _mode(socket.parent) == 0o700
        assert EmbeddedServer(store).socket_path == socket  # another kg process finds it
        with open_store(StoreTarget(store=store)) as graph:  # and a store opened on it answers
            graph.query("CREATE (:Probe)", write=True)
            assert graph.query("MATCH (n:Probe) RETURN count(n)").rows == [[1]]
    finally:
        server.stop()
    assert not socket.exists() and not socket.parent.exists()  # nothing left in /tmp
    server.start(detach=True)  # a second start makes a fresh private folder
    try:
        assert server.socket_path.is_socket() and _mode(server.socket_path.parent) == 0o700
    finally:
        server.stop()
