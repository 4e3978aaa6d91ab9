"""Write the sample corpus (samples/) and the broken files of tests/data/bad/.

Usage: ``.venv/bin/python scripts/make_samples.py``. The texts live in
``scripts/sample_texts.py`` so ``discover("samples")`` never sees a source twice.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sample_texts import TEXTS  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
BAD = ROOT / "tests" / "data" / "bad"
PDF_LINE_CHARS = 24
"""Characters per PDF line: sentences wrap mid-word like extracted bulletins."""


def write_docx(text: str, path: Path) -> None:
    """Paragraph per line, plus a small table so tables are read too."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "联系单位"
    table.rows[0].cells[1].text = "成都高新区管委会"
    document.save(str(path))


def _pdf_canvas(path: Path, **kwargs: object):  # type: ignore[no-untyped-def]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path), **kwargs)
    pdf.setFont("STSong-Light", 11)
    return pdf


def write_pdf(text: str, path: Path) -> None:
    """Draw fixed-width lines; a blank line between paragraphs, as PDF bulletins do."""
    pdf = _pdf_canvas(path)
    y = 800
    for paragraph in text.splitlines():
        pieces = [paragraph[i:i + PDF_LINE_CHARS] for i in range(0, len(paragraph), PDF_LINE_CHARS)]
        for piece in pieces or [""]:
            if y < 60:
                pdf.showPage()
                pdf.setFont("STSong-Light", 11)
                y = 800
            if piece:
                pdf.drawString(60, y, piece)
            y -= 18
    pdf.save()


def write_samples() -> None:
    SAMPLES.mkdir(exist_ok=True)
    for name, text in TEXTS.items():
        target = SAMPLES / name
        if name.endswith(".docx"):
            write_docx(text, target)
        elif name.endswith(".pdf"):
            write_pdf(text, target)
        elif name == "05_bom.txt":
            target.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
        elif name == "06_gbk.txt":
            target.write_bytes(text.encode("gbk"))
        else:
            target.write_text(text, encoding="utf-8")


def write_bad() -> None:
    """Files every reader must refuse with a clear reason."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    BAD.mkdir(parents=True, exist_ok=True)
    (BAD / "empty.txt").write_text("  \n\n", encoding="utf-8")
    (BAD / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (BAD / "corrupt.docx").write_bytes(b"PK\x03\x04 this is not a real zip archive")
    (BAD / "corrupt.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF")
    secret = _pdf_canvas(BAD / "encrypted.pdf", encrypt=StandardEncryption("pw", canPrint=0))
    secret.drawString(60, 800, "中关村")
    secret.save()
    image = _pdf_canvas(BAD / "image_only.pdf")
    image.rect(100, 500, 200, 100, fill=1)
    image.save()


if __name__ == "__main__":
    write_samples()
    write_bad()
    print(f"wrote {len(TEXTS)} samples to {SAMPLES} and bad files to {BAD}")
