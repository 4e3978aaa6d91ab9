"""The one result type of the pattern families: a typed character span of the text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    label: str
    rule: str
    """Which pattern family found it (for debugging and tests)."""
