"""Text extraction for PDF (pdfminer.six), DOCX (python-docx) and HTML (BeautifulSoup)."""

from __future__ import annotations

import io
import re

from kg.errors import ReadError

_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
           "section", "article", "header", "footer", "table", "ul", "ol", "blockquote")


def extract_pdf(data: bytes, display: str) -> str:
    """Extract the text layer of a PDF; encrypted, image-only and corrupt files fail."""
    from pdfminer.high_level import extract_text
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    if b"/Encrypt" in data:
        raise ReadError(display, "encrypted PDF")
    try:
        text = extract_text(io.BytesIO(data))
    except (PDFEncryptionError, PDFPasswordIncorrect) as error:
        raise ReadError(display, "encrypted PDF") from error
    except PDFSyntaxError as error:
        raise ReadError(display, f"corrupt PDF: {error}") from error
    except Exception as error:  # pdfminer raises many types on broken files
        raise ReadError(display, f"corrupt PDF: {type(error).__name__}: {error}") from error
    text = text.replace("\x0c", "\n")
    if not text.strip():
        raise ReadError(display, "image-only PDF (no text layer)")
    return text


def extract_docx(data: bytes, display: str) -> str:
    """Paragraphs and table rows of a DOCX in document order, one a line."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:
        raise ReadError(display, f"corrupt DOCX: {type(error).__name__}") from error
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def extract_html(markup: str) -> str:
    """Visible text of an HTML page; block elements and headings become their own lines.

    Examples
    --------
    >>> extract_html("<h1>投融界</h1><p>字节跳动完成<b>新一轮</b>融资</p><script>x=1</script>")
    '投融界\\n字节跳动完成新一轮融资'
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "head"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()
