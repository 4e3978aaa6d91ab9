"""Classify the lines of a bulletin: headings, list items, paragraph text.

PDF extraction breaks sentences at the page width; a line is only joined to the
next one when it is plain text, has no end punctuation and is about as long as a
full line of the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

END_PUNCT = "。！？；：”’」』）)!?;:…"
_COLUMN = re.compile(r"^\s*(【[^】]{1,20}】|#\s+\S.*|[\u4e00-\u9fff ]{2,8}\s+[A-Z]{3,}(\s[A-Z]+)*)\s*$")
_MD = re.compile(r"^\s*(#{1,6})\s+")
_BULLET = re.compile(r"^\s*([\ue000-\uf8ff■□•●◆◇▶►▸★☆◎\-\*·]+)\s*")
_NUMBERED = re.compile(r"^\s*([一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\(\d+\)|\d+[\.、．](?!\d))")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)[^*_]+(\*\*|__)\s*$")
_LABEL = re.compile(r"[：:]\S|@|https?://")
"""Label-value lines (电话：..., email, URLs) are never headlines."""
_LEADER = re.compile(r"(…{2,}|\.{4,}|·{4,})\s*\d*\s*$")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the original text and what it is."""

    start: int
    end: int
    text: str
    kind: str
    """``blank``, ``heading``, ``item`` (list item or TOC entry) or ``text``."""
    level: int = 0


def _core_length(text: str) -> int:
    return len(re.sub(r"[\s*_#■•●◆▶\-]", "", text))


def classify(text: str, start: int, typical: int) -> Line:
    """Say what one line is; ``typical`` is the document's usual full line length.

    Examples
    --------
    >>> classify("【投 融 界】", 0, 40).kind, classify("【投 融 界】", 0, 40).level
    ('heading', 1)
    >>> classify("■ 字节跳动完成新一轮融资", 0, 40).level
    2
    >>> classify("北京大学首都发展研究院院长李国平表示，", 0, 40).kind
    'text'
    """
    end = start + len(text)
    stripped = text.strip()
    if not stripped:
        return Line(start, end, text, "blank")
    if _COLUMN.match(stripped) and not stripped.startswith("##"):
        return Line(start, end, text, "heading", 1)
    md = _MD.match(stripped)
    if md:
        return Line(start, end, text, "heading", min(len(md.group(1)), 3))
    if _LEADER.search(stripped):
        return Line(start, end, text, "item")
    if _BOLD_LINE.match(stripped):
        return Line(start, end, text, "heading", 2)
    bullet = _BULLET.match(stripped) or _NUMBERED.match(stripped)
    if bullet:
        body = stripped[bullet.end():]
        short = _core_length(body) <= 40 and "。" not in body.rstrip("。")
        if short and not body.rstrip().endswith(("。", "；")):
            return Line(start, end, text, "heading", 2)
        return Line(start, end, text, "item")
    return Line(start, end, text, "text")


def split_lines(text: str) -> list[Line]:
    """All lines of ``text`` classified, with their offsets (newlines excluded)."""
    raw: list[tuple[int, str]] = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        raw.append((pos, body))
        pos += len(piece)
    lengths = sorted(_core_length(body) for _, body in raw if body.strip())
    typical = lengths[int(len(lengths) * 0.8)] if lengths else 40
    lines = [classify(body, start, typical) for start, body in raw]
    return _mark_short_headlines(lines, typical)


def _mark_short_headlines(lines: list[Line], typical: int) -> list[Line]:
    """A short line without end punctuation between blank lines is a headline."""
    out = list(lines)
    for i, line in enumerate(lines):
        if line.kind != "text":
            continue
        body = line.text.strip()
        before_blank = i == 0 or lines[i - 1].kind in ("blank", "heading")
        after_blank = i + 1 >= len(lines) or lines[i + 1].kind == "blank"
        short = _core_length(body) <= min(30, max(8, typical * 0.6))
        labelled = _LABEL.search(body) is not None
        following = next((l.text for l in lines[i + 1:] if l.kind != "blank"), None)
        if is_fragment(body, following):
            continue
        if short and before_blank and after_blank and body[-1] not in END_PUNCT and not labelled:
            out[i] = Line(line.start, line.end, line.text, "heading", 2)
    return out


CONTINUATION_START = "的了着过们地得之其所等及和与或、，。；：！？”’》）)"
"""Chars that cannot start a sentence or headline: the line before was cut short."""


def is_fragment(body: str, next_body: str | None) -> bool:
    """A line cut mid-sentence: an open 《“（ left unclosed, or a next line that continues it.

    >>> is_fragment("据报道，“三安光电第三代半导体产", "业园”开工。")
    True
    >>> is_fragment("云栖小镇收获了巨大的关注度，越来越多", "的云计算企业申请入驻。")
    True
    >>> is_fragment("地平线完成C2轮融资", "近日，地平线宣布完成融资。")
    False
    """
    for opening, closing in ("《》", "“”", "（）", "【】"):
        if body.count(opening) > body.count(closing):
            return True
    return bool(next_body) and next_body.lstrip()[0] in CONTINUATION_START


def joins_next(line: Line, next_line: Line, typical: int) -> bool:
    """Whether a text line continues on the next text line (a PDF line break)."""
    body = line.text.rstrip()
    if line.kind != "text" or next_line.kind != "text" or not body or body[-1] in END_PUNCT:
        return False
    return _core_length(body) >= typical * 0.75 or is_fragment(body, next_line.text)


def heading_continues(line: Line, next_line: Line, typical: int) -> bool:
    """A ■ headline wrapped by PDF extraction: its tail stands alone on the next line.

    >>> typical = 40
    >>> head = classify("■ 神州泰岳中标工信部“5G+工业互联网高质量网络和公共服务平台”项", 0, typical)
    >>> heading_continues(head, Line(50, 51, "目", "heading", 2), typical)
    True
    >>> heading_continues(head, classify("■ 比亚迪开发刀片电池", 60, typical), typical)
    False
    """
    if line.kind != "heading" or line.level < 2 or next_line.kind not in ("heading", "text"):
        return False
    tail = next_line.text.strip()
    if _BULLET.match(tail) or _NUMBERED.match(tail) or _COLUMN.match(tail) or _MD.match(tail):
        return False
    body = line.text.strip()
    if body[-1] in "。！？；!?;…" or not _BULLET.match(body):
        return False
    if is_fragment(body, tail):
        return True
    return _core_length(body) >= typical * 0.6 and _core_length(tail) <= 6


def typical_width(lines: list[Line]) -> int:
    """The 80th percentile of non-blank line lengths: a full line of the document."""
    lengths = sorted(_core_length(line.text) for line in lines if line.kind != "blank")
    return lengths[int(len(lengths) * 0.8)] if lengths else 40
