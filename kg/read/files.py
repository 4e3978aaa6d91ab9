"""Find documents and read each with the reader its format needs.

Every failure becomes ``ReadError(display, reason)`` so the CLI can print one line
naming the file.
"""

from __future__ import annotations

import hashlib
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


def _hidden(path: Path) -> bool:
    return path.name.startswith(".")


def discover(paths: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """List documents under files and folders as ``(real path, display path)``.

    Folders are walked recursively in sorted order; hidden entries and unknown
    extensions are skipped there, while a file named explicitly is always kept.
    """
    found: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_file():
            found.append((path.resolve(), str(given)))
        elif path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                if child.is_file() and child.suffix.lower() in FORMATS:
                    found.append((child.resolve(), str(Path(given) / rel)))
        else:
            raise ReadError(str(given), "no such file or folder")
    return found


def read_document(path: Path, display: str) -> SourceDocument:
    """Read one file into a ``SourceDocument`` (text as read, before normalization)."""
    try:
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
