"""Every sample reads, normalizes, and maps each sentence back to its original text."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.normalize import normalize
from kg.read import discover, read_document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DOCS = discover([SAMPLES])


@pytest.mark.parametrize(("path", "display"), DOCS, ids=[d for _, d in DOCS])
def test_sample_normalizes_with_consistent_offsets(path: Path, display: str) -> None:
    doc = normalize(read_document(path, display))
    assert doc.title and doc.sentences and doc.sections
    assert any(s.is_heading for s in doc.sentences)
    for sentence in doc.sentences:
        orig = doc.original(sentence.start, sentence.end)
        assert doc.source.text[orig.start:orig.end] == orig.text
        squeezed = "".join(orig.text.split())
        assert all(ch in squeezed or ch == "\n" for ch in doc.text[sentence.start:sentence.end].replace(" ", ""))


def test_pdf_sample_lines_are_joined() -> None:
    doc = normalize(read_document(SAMPLES / "09_pdf.pdf", "09_pdf.pdf"))
    assert "中关村海外人才创业园" in doc.text
    assert "7.5亿美元" in doc.text
