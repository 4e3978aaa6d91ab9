"""Find documents and read each with the reader its format needs.

Every failure becomes ``ReadError(display, reason)`` so the CLI can print one line
naming the file.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path

from kg.errors import ReadError
from kg.read.formats import extract_docx, extract_html, extract_pdf
from kg.read.text import decode_text
from kg.types import SourceDocument

FORMATS: dict[str, str] = {
    ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
}
"""Known extensions and the format name each maps to."""


MAX_BYTES_ENV = "KG_MAX_DOCUMENT_MB"
DEFAULT_MAX_MB = 25.0
"""Files above this size are refused before they are read: a stray 50 MB dump must not take
the memory and the hours the rest of the batch needs (an annual report PDF is a few MB)."""


def max_document_bytes() -> int:
    """``$KG_MAX_DOCUMENT_MB`` (default 25) in bytes; a value that is no positive number is an error."""
    value = os.environ.get(MAX_BYTES_ENV, "").strip()
    if not value:
        return int(DEFAULT_MAX_MB * 1024 * 1024)
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = -1.0
    if megabytes <= 0:
        raise ReadError(MAX_BYTES_ENV, f"{value!r} is no positive number of megabytes")
    return int(megabytes * 1024 * 1024)


def document_name(path: Path, cwd: Path | None = None) -> str:
    """The one name of a file, however it was spelled: its resolved path, relative to the
    current directory when it lies inside it (what analysts see, and what stores built from
    the project folder already hold), else absolute. ``samples/x.txt``, ``./samples/x.txt``
    and ``/abs/samples/x.txt`` are one document, so a rebuild with another spelling finds it.

    A broken link or a loop cannot be resolved: its own absolute path stands in. ``cwd``: the
    current directory, resolved (a caller naming many files resolves it once).
    """
    broken = path.is_symlink() and not path.exists()
    resolved = Path(os.path.abspath(path)) if broken else path.resolve()
    try:
        return str(resolved.relative_to(cwd or Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(resolved)


def discover(paths: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """List documents under files and folders as ``(real path, display path)``, the display
    path being ``document_name``: two spellings of one file give one document.

    Folders are walked recursively in sorted order; hidden entries and unknown
    extensions are skipped there, while a file named explicitly is always kept. A file
    reached twice (named and inside a folder given too) is listed once.
    """
    found: list[tuple[Path, str]] = []
    cwd = Path.cwd().resolve()
    for given in paths:
        path = Path(given)
        if path.is_symlink() and not path.exists():
            found.append((path, document_name(path, cwd)))  # a broken link or a loop: named when it is read
        elif path.is_file():
            found.append((path.resolve(), document_name(path, cwd)))
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in FORMATS:
                    found.append((child.resolve(), document_name(child, cwd)))
        else:
            raise ReadError(str(given), "no such file or folder")
    first: dict[str, Path] = {}
    for real, display in found:
        first.setdefault(display, real)
    return [(real, display) for display, real in first.items()]


def read_document(path: Path, display: str) -> SourceDocument:
    """Read one file into a ``SourceDocument`` (text as read, before normalization)."""
    limit = max_document_bytes()
    try:
        size = Path(path).stat().st_size
        if size > limit:
            raise ReadError(display, f"too large: {size / 2**20:.1f} MB, the limit is {limit / 2**20:.0f} MB "
                                     f"(set {MAX_BYTES_ENV} to change it)")
        data = Path(path).read_bytes()
    except OSError as error:
        raise ReadError(display, f"cannot open: {error.strerror or error}") from error
    fmt = FORMATS.get(Path(path).suffix.lower(), "txt")
    encoding: str | None = None
    if fmt == "pdf":
        text = extract_pdf(data, display)
    elif fmt == "docx":
        text = extract_docx(data, display)
    else:
        text, encoding = decode_text(data, display)
        if fmt == "html":
            text = extract_html(text)
    if not text.strip():
        raise ReadError(display, "empty document")
    return SourceDocument(
        path=display, text=text, sha256=hashlib.sha256(data).hexdigest(),
        format=fmt, encoding=encoding,
    )
