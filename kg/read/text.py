"""Decode the bytes of a text file: strict UTF-8 first, then charset-normalizer."""

from __future__ import annotations

from charset_normalizer import from_bytes

from kg.errors import ReadError

_GB_FAMILY = {"gbk", "gb2312", "gb18030", "hz", "cp936"}
MIN_PRINTABLE = 0.85
"""Below this share of printable characters the content is taken as binary."""


def _printable_ratio(text: str) -> float:
    if not text:
        return 1.0
    good = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    return good / len(text)


def decode_text(data: bytes, display: str) -> tuple[str, str]:
    """Return ``(text, encoding)``; refuse binary content with a ``ReadError``.

    Examples
    --------
    >>> decode_text("中关村".encode("gbk"), "a.txt")
    ('中关村', 'gb18030')
    >>> decode_text(b"\\xef\\xbb\\xbf" + "投融界".encode(), "a.txt")
    ('投融界', 'utf-8-sig')
    """
    if b"\x00" in data:
        raise ReadError(display, "binary content (NUL bytes), not a text document")
    if not data.strip():
        raise ReadError(display, "empty document")
    if data.startswith(b"\xef\xbb\xbf"):
        text, encoding = data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                best = from_bytes(data).best()
                if best is None:
                    raise ReadError(display, "undecodable text (unknown encoding)") from None
                encoding = best.encoding.lower()
                encoding = "gb18030" if encoding in _GB_FAMILY else encoding
                text = data.decode(encoding, errors="strict")
    if _printable_ratio(text) < MIN_PRINTABLE:
        raise ReadError(display, "binary content (too few printable characters)")
    return text, encoding
