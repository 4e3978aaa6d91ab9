"""Character-level cleaning with an offset map: every kept char remembers its origin."""

from __future__ import annotations

import re
import unicodedata

_MARKUP = re.compile(r"^\s*(#{1,6}\s+|[\ue000-\uf8ff■□•●◆◇▶►▸★☆◎\-\*·]+\s*)")


def is_cjk(ch: str) -> bool:
    """CJK ideographs and CJK punctuation/full-width forms.

    >>> is_cjk("中"), is_cjk("【"), is_cjk("A")
    (True, True, False)
    """
    code = ord(ch)
    return (0x3000 <= code <= 0x303F or 0x3400 <= code <= 0x9FFF
            or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFF0F
            or 0xFF1A <= code <= 0xFF20 or 0x2018 <= code <= 0x201D or ch in "《》…—·")


def one_char(ch: str) -> str:
    """NFKC of one char when it stays one char (full-width ＡＢ１ → AB1).

    >>> one_char("Ａ"), one_char("１"), one_char("，")
    ('A', '1', '，')
    """
    if ch in "，；：！？（）":
        return ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def line_chars(text: str, start: int, strip_marker: bool) -> list[tuple[str, int]]:
    """Clean one line: drop leading bullets, ** / __ emphasis and PDF spaces.

    >>> "".join(c for c, _ in line_chars("■ 2013 年 **GGV 纪源资本** 领投", 0, True))
    '2013年GGV纪源资本领投'
    >>> "".join(c for c, _ in line_chars("【新 动 向】", 0, False))
    '【新动向】'
    """
    skip = 0
    if strip_marker:
        marker = _MARKUP.match(text)
        if marker and not text.lstrip().startswith(("**", "__")):
            skip = marker.end()
    kept: list[tuple[str, int]] = []
    i = skip
    while i < len(text):
        pair = text[i:i + 2]
        if pair in ("**", "__"):
            i += 2
            continue
        kept.append((one_char(text[i]), start + i))
        i += 1
    return _drop_spaces(kept)


def _drop_spaces(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Drop spaces next to CJK chars; collapse runs of spaces between Latin words."""
    out: list[tuple[str, int]] = []
    n = len(chars)
    for i, (ch, at) in enumerate(chars):
        if not ch.isspace():
            out.append((ch, at))
            continue
        prev = out[-1][0] if out else ""
        j = i + 1
        while j < n and chars[j][0].isspace():
            j += 1
        nxt = chars[j][0] if j < n else ""
        if not prev or not nxt or prev.isspace() or is_cjk(prev) or is_cjk(nxt):
            continue
        out.append((" ", at))
    return out
