"""IOBES tags to and from spans, with decoding that never refuses a sequence.

HanLP's CRF has no transition constraints, so a model may emit ``O I-X E-X`` or
``B-X E-Y``; ``hanlp`` would raise ``InvalidTagSequence``. Here every tag sequence
decodes: a continuation tag with no open span of its label opens one.
"""

from __future__ import annotations

from collections.abc import Sequence

Span = tuple[int, int, str]
"""(start, end, label) over characters, end exclusive."""


def spans_to_iobes(length: int, spans: Sequence[Span]) -> list[str]:
    """IOBES tags for ``length`` characters; spans must not overlap.

    >>> spans_to_iobes(5, [(0, 1, "Person"), (2, 5, "Company")])
    ['S-Person', 'O', 'B-Company', 'I-Company', 'E-Company']
    """
    tags = ["O"] * length
    for start, end, label in sorted(spans):
        if not 0 <= start < end <= length:
            raise ValueError(f"span {(start, end, label)} outside 0..{length}")
        if any(tag != "O" for tag in tags[start:end]):
            raise ValueError(f"span {(start, end, label)} overlaps another span")
        if end - start == 1:
            tags[start] = f"S-{label}"
            continue
        tags[start] = f"B-{label}"
        tags[start + 1 : end - 1] = [f"I-{label}"] * (end - start - 2)
        tags[end - 1] = f"E-{label}"
    return tags


def _split(tag: str) -> tuple[str, str]:
    prefix, _, label = tag.partition("-")
    if not label or prefix not in {"B", "I", "E", "S"}:
        return "O", ""
    return prefix, label


def iobes_to_spans(tags: Sequence[str]) -> list[Span]:
    """Spans of a tag sequence, decoded leniently (invalid sequences still give spans).

    >>> iobes_to_spans(["O", "I-Company", "E-Company", "S-Person"])
    [(1, 3, 'Company'), (3, 4, 'Person')]
    >>> iobes_to_spans(["B-Company", "E-Investor", "O"])
    [(0, 1, 'Company'), (1, 2, 'Investor')]
    """
    spans: list[Span] = []
    open_start: int | None = None
    open_label = ""

    def close(end: int) -> None:
        nonlocal open_start
        if open_start is not None:
            spans.append((open_start, end, open_label))
        open_start = None

    for i, tag in enumerate(tags):
        prefix, label = _split(tag)
        if prefix == "O":
            close(i)
            continue
        continues = open_start is not None and label == open_label and prefix in {"I", "E"}
        if not continues:
            close(i)
            open_start, open_label = i, label
        if prefix in {"E", "S"}:
            close(i + 1)
    close(len(tags))
    return spans
