"""Build a ``NormalizedDocument``: joined lines, sections, sentences, title and date."""

from __future__ import annotations

import re

from kg.normalize.chars import line_chars
from kg.normalize.lines import (
    Line,
    heading_continues,
    joins_next,
    split_lines,
    typical_width,
)
from kg.types import NormalizedDocument, Section, Sentence, SourceDocument

_SENTENCE_END = "。！？；!?;…"
_OPEN, _CLOSE = "《“「『", "》”」』"
_DATE_FULL = re.compile(r"(20\d\d|19\d\d)\s*[年\-\./]\s*(\d{1,2})\s*[月\-\./]\s*(\d{1,2})\s*日?")
_DATE_MONTH = re.compile(r"(20\d\d|19\d\d)\s*年\s*(\d{1,2})\s*月")
_ISSUE_YEAR = re.compile(r"(20\d\d|19\d\d)\s*年\s*(?:第\s*[一二三四五六七八九十\d]+\s*期|[第总]?\s*\d+\s*期)")
"""A masthead that gives only the year and the issue: 2020年 第一期."""


def _heading_title(text: str) -> str:
    """``【投 融 界】`` → ``投融界``; bullets, brackets and spaces go.

    >>> _heading_title("【投融界】"), _heading_title("■ 政策")
    ('投融界', '政策')
    """
    body = re.sub(r"^[\ue000-\uf8ff\s#■□•●◆◇▶►▸★☆◎\-\*·]+", "", text)
    body = body.replace("【", "").replace("】", "").replace("**", "").replace("__", "")
    return re.sub(r"\s+", "", body) or text.strip()


def _build_text(lines: list[Line]) -> tuple[str, list[int], list[tuple[int, int, Line]]]:
    """Join broken lines; return text, offsets and the normalized span of each output line."""
    typical = typical_width(lines)
    chars: list[tuple[str, int]] = []
    spans: list[tuple[int, int, Line]] = []
    open_start: int | None = None
    open_line: Line | None = None
    for i, line in enumerate(lines):
        if line.kind == "blank":
            continue
        if open_start is None:
            open_start, open_line = len(chars), line
        chars.extend(line_chars(line.text, line.start, line.kind != "text"))
        nxt = next((l for l in lines[i + 1:] if l.kind != "blank"), None)
        if nxt is not None and (joins_next(line, nxt, typical) or heading_continues(line, nxt, typical)):
            continue
        assert open_line is not None
        spans.append((open_start, len(chars), open_line))
        open_start, open_line = None, None
        if nxt is not None:
            chars.append(("\n", line.end))
    text = "".join(c for c, _ in chars)
    offsets = [at for _, at in chars]
    offsets.append(offsets[-1] + 1 if offsets else 0)
    return text, offsets, spans


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``, never split inside 《》 or “”.

    >>> t = "工信部印发《关于A；B的意见》。该《意见》提出“一；二”。"
    >>> [t[s:e] for s, e in split_sentences(t, 0, len(t))]
    ['工信部印发《关于A；B的意见》。', '该《意见》提出“一；二”。']
    """
    spans: list[tuple[int, int]] = []
    depth, begin = 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _SENTENCE_END and depth == 0:
            if i + 1 < end and text[i + 1] in _SENTENCE_END + "”":
                continue
            spans.append((begin, i + 1))
            begin = i + 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return spans


def find_date(text: str) -> str | None:
    r"""The bulletin date near the top: ``YYYY-MM-DD``, ``YYYY-MM``, or ``YYYY`` from an issue line.

    >>> find_date("中关村简报 2020年7月15日"), find_date("2021年3月"), find_date("无")
    ('2020-07-15', '2021-03', None)
    >>> find_date("科技速递\n2020年 第一期\n主办单位")
    '2020'
    """
    head = text[:400]
    full = _DATE_FULL.search(head)
    if full:
        year, month, day = (int(g) for g in full.groups())
        if 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}-{month:02d}-{day:02d}"
    month = _DATE_MONTH.search(head)
    if month and 1 <= int(month.group(2)) <= 12:
        return f"{int(month.group(1)):04d}-{int(month.group(2)):02d}"
    issue = _ISSUE_YEAR.search(head)
    return issue.group(1) if issue else None


def normalize(source: SourceDocument) -> NormalizedDocument:
    """Normalize a document for recognition, keeping a map back to ``source.text``.

    Examples
    --------
    >>> from kg.types import SourceDocument
    >>> raw = "【投 融 界】\\n\\n近日，北京大学首都发展研\\n\\n究院院长李国平在 2021 年论\\n坛上说。"
    >>> doc = normalize(SourceDocument("a.txt", raw, "0", "txt"))
    >>> doc.text
    '【投融界】\\n近日，北京大学首都发展研究院院长李国平在2021年论坛上说。'
    >>> [(s.section, s.is_heading) for s in doc.sentences]
    [('投融界', True), ('投融界', False)]
    """
    lines = split_lines(source.text)
    text, offsets, spans = _build_text(lines)
    sections: list[Section] = []
    sentences: list[Sentence] = []
    current: dict[int, str | None] = {1: None, 2: None}
    heads: list[tuple[int, int, str]] = []
    for start, end, line in spans:
        if line.kind == "heading":
            title = _heading_title(text[start:end])
            level = line.level
            if level == 1:
                current = {1: title, 2: None}
            else:
                current[2] = title
            heads.append((start, level, title))
            sentences.append(Sentence(start, end, current[1], current[2], True))
            continue
        for s, e in split_sentences(text, start, end):
            sentences.append(Sentence(s, e, current[1], current[2], False))
    for k, (start, level, title) in enumerate(heads):
        stop = next((s for s, lv, _ in heads[k + 1:] if lv <= level), len(text))
        sections.append(Section(title, start, stop, level))
    title = sections[0].title if sections else None
    if spans and (title is None or spans[0][2].kind != "heading"):
        first = text[spans[0][0]:spans[0][1]].strip()
        title = first if len(first) <= 40 else title
    return NormalizedDocument(
        source=source, text=text, offsets=offsets, sections=sections,
        sentences=sentences, title=title, date=find_date(text),
    )
