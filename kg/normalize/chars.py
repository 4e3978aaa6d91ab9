"""Character-level cleaning with an offset map: every kept char remembers its origin."""

from __future__ import annotations

import re
import unicodedata

ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
"""Terminal escape sequences: CSI (``\\x1b[31m``), OSC (``\\x1b]0;title\\x07``) and two-byte ones."""
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Unicode category Cc except tab, line feed and carriage return."""

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
    """NFKC of one char when it stays one char (full-width ＡＢ１ → AB1); a lone surrogate
    (text from Python or JSON, never from a decoded file) becomes U+FFFD, which the models'
    UTF-8 string stores can take.

    >>> one_char("Ａ"), one_char("１"), one_char("，"), one_char("\\ud800")
    ('A', '1', '，', '\\ufffd')
    """
    if "\ud800" <= ch <= "\udfff":
        return "\ufffd"
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
    >>> "".join(c for c, _ in line_chars("\\x1b[31m星联\\x00智能\\x1b[0m", 0, False))
    '星联智能'
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
        if CONTROL.match(text, i):  # an escape sequence or a NUL is no text to recognize
            escape = ESCAPE_SEQUENCE.match(text, i)
            i = escape.end() if escape else i + 1
            continue
        kept.append((one_char(text[i]), start + i))
        i += 1
    return _fold_interpuncts(_drop_spaces(kept))


INTERPUNCTS = "•‧∙⋅・"
"""Look-alikes of the interpunct that foreign names are written with (杰夫•莫雷尔, from fonts and
PDF text); between two ideographs each becomes ``·``, so one rule reads every spelling."""


def _ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _fold_interpuncts(chars: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``·`` for an interpunct look-alike between two ideographs (a bullet elsewhere stays).

    >>> "".join(c for c, _ in _fold_interpuncts([(c, i) for i, c in enumerate("理查德•迈尔 • 要点")]))
    '理查德·迈尔 • 要点'
    """
    for i in range(1, len(chars) - 1):
        if chars[i][0] in INTERPUNCTS and _ideograph(chars[i - 1][0]) and _ideograph(chars[i + 1][0]):
            chars[i] = ("·", chars[i][1])
    return chars


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
