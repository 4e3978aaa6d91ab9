"""The curation file: an analyst's edits to the graph, one JSON object a line.

The file lives with the project's data (``curation.jsonl`` beside the store folder), not in the
store, so it can be reviewed, kept in git and shared; every build applies it again, which is
why an edit survives ``kg rebuild --full``. Blank lines and lines starting with ``#`` are kept
as they are (an analyst may comment an edit); ``undo`` removes one line and leaves the others
byte for byte, so a diff shows exactly one change.

A line::

    {"op": "merge", "entity": "字节跳动", "other": "北京字节跳动科技有限公司", "time": "2026-12-06T14:00:00+00:00", "note": "brand"}
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from kg.errors import KGError

CURATION_FILE = "curation.jsonl"
"""The file's name beside the store folder when neither ``--curation`` nor ``KG_CURATION`` names one."""
CURATION_ENV = "KG_CURATION"

FIELDS: dict[str, tuple[str, ...]] = {
    "merge": ("entity", "other"),
    "rename": ("entity", "name"),
    "retype": ("entity", "type"),
    "block": ("entity",),
    "block-relation": ("head", "type", "tail"),
}
"""Each operation and the fields it takes, in the order the command line gives them."""


class CurationError(KGError):
    """A curation file that cannot be read or applied (bad line, contradiction, unknown type)."""


@dataclass(frozen=True, slots=True)
class Edit:
    """One analyst edit. ``args`` are the values of ``FIELDS[op]``; ``where`` is ``file:line``
    when the edit was read from a file (so every message can point at the line to fix)."""

    op: str
    args: tuple[str, ...]
    time: str = ""
    note: str | None = None
    where: str = ""

    def __post_init__(self) -> None:
        if self.op not in FIELDS:
            raise CurationError(f"{self.where or 'edit'}: unknown operation {self.op!r}; known: {', '.join(FIELDS)}")
        if len(self.args) != len(FIELDS[self.op]) or not all(isinstance(a, str) and a.strip() for a in self.args):
            raise CurationError(f"{self.where or 'edit'}: {self.op} needs {', '.join(FIELDS[self.op])} (non-empty text)")

    def field(self, name: str) -> str:
        return self.args[FIELDS[self.op].index(name)]

    @property
    def names(self) -> tuple[str, ...]:
        """The entity names the edit refers to (not a new name or a type)."""
        return tuple(self.field(f) for f in ("entity", "other", "head", "tail") if f in FIELDS[self.op])

    def describe(self) -> str:
        """``merge "A" "B"``, as a message shows it, with the line when known."""
        text = " ".join([self.op, *(json.dumps(a, ensure_ascii=False) for a in self.args)])
        return f"{self.where}: {text}" if self.where else text

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"op": self.op, **dict(zip(FIELDS[self.op], self.args, strict=True)), "time": self.time}
        if self.note:
            data["note"] = self.note
        return data


def new_edit(op: str, *args: str, note: str | None = None) -> Edit:
    """An edit made now (UTC, to the second)."""
    return Edit(op, tuple(args), datetime.now(timezone.utc).isoformat(timespec="seconds"), note or None)


def curation_path(store: Path | None = None, given: Path | None = None) -> Path:
    """Where the curation file is: ``given``, else ``$KG_CURATION``, else ``curation.jsonl``
    beside the store folder (``./.kg`` by default), i.e. with the project's data."""
    if given is not None:
        return given
    if os.environ.get(CURATION_ENV):
        return Path(os.environ[CURATION_ENV])
    return (store or Path(".kg")).parent / CURATION_FILE


def _edit_of(text: str, where: str) -> Edit:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CurationError(f"{where}: not valid JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(data, dict):
        raise CurationError(f"{where}: an edit must be one JSON object")
    op = data.get("op")
    if not isinstance(op, str) or op not in FIELDS:
        raise CurationError(f"{where}: unknown operation {op!r}; known: {', '.join(FIELDS)}")
    missing = [f for f in FIELDS[op] if not isinstance(data.get(f), str) or not data[f].strip()]
    if missing:
        raise CurationError(f"{where}: {op} needs {', '.join(missing)} (text)")
    unknown = set(data) - {"op", "time", "note", *FIELDS[op]}
    if unknown:
        raise CurationError(f"{where}: unknown field {', '.join(sorted(unknown))} for {op}")
    note = data.get("note")
    if note is not None and not isinstance(note, str):
        raise CurationError(f"{where}: note must be text")
    return Edit(op, tuple(data[f] for f in FIELDS[op]), str(data.get("time") or ""), note or None, where)


def read_curation(path: Path) -> tuple[Edit, ...]:
    """The edits of a curation file in order; a missing file holds none. Every bad line is
    named as ``file:line`` in one error, so one run shows all that needs mending."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        raise CurationError(f"{path}: cannot read the curation file: {exc}") from None
    edits: list[Edit] = []
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            edits.append(_edit_of(line, f"{path}:{number}"))
        except CurationError as exc:
            errors.append(str(exc))
    if errors:
        raise CurationError("bad curation file:\n" + "\n".join(errors))
    return tuple(edits)


def append_edit(path: Path, edit: Edit) -> Edit:
    """Append one edit as one line (creating the file); returns it with its ``file:line``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    prefix = "" if not text or text.endswith("\n") else "\n"
    with path.open("a", encoding="utf-8") as handle:
        handle.write(prefix + json.dumps(edit.to_dict(), ensure_ascii=False) + "\n")
    number = len((text + prefix).splitlines()) + 1
    return Edit(edit.op, edit.args, edit.time, edit.note, f"{path}:{number}")


def undo_edit(path: Path, number: int | None = None) -> Edit:
    """Remove edit ``number`` (1-based, as ``kg curate list`` numbers them; default the last)
    and only its line."""
    edits = read_curation(path)
    if not edits:
        raise CurationError(f"{path}: no edits to undo")
    if number is None:
        number = len(edits)
    if not 1 <= number <= len(edits):
        raise CurationError(f"{path}: no edit {number}; there are {len(edits)}")
    edit = edits[number - 1]
    line = int(edit.where.rsplit(":", 1)[1])
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    del lines[line - 1]
    path.write_text("".join(lines), encoding="utf-8")
    return edit


__all__ = ["CURATION_ENV", "CURATION_FILE", "FIELDS", "CurationError", "Edit", "append_edit",
           "curation_path", "new_edit", "read_curation", "undo_edit"]
