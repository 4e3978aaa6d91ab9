"""Regex pieces shared by the value readers (amounts, dates)."""

from __future__ import annotations

from collections.abc import Iterable


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation that tries longer words first (超过 before 超, 上个月 before 上月)."""
    return "|".join(sorted(words, key=len, reverse=True))
