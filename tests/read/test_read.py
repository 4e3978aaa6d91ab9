"""Each format reads back; bad files fail with a reason naming the file."""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

import pytest

from kg.errors import ReadError
from kg.read import discover, read_document

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
BAD = ROOT / "tests" / "data" / "bad"
sys.path.insert(0, str(ROOT / "scripts"))
from sample_texts import TEXTS


@pytest.mark.parametrize(
    ("name", "fmt", "encoding"),
    [
        ("01_touronjie.txt", "txt", "utf-8"),
        ("05_bom.txt", "txt", "utf-8-sig"),
        ("06_gbk.txt", "txt", "gb18030"),
        ("03_parks.md", "md", "utf-8"),
        ("07_html.html", "html", "utf-8"),
        ("08_docx.docx", "docx", None),
        ("09_pdf.pdf", "pdf", None),
    ],
)
def test_each_format_reads_back_chinese(name: str, fmt: str, encoding: str | None) -> None:
    path = SAMPLES / name
    doc = read_document(path, name)
    assert doc.format == fmt
    assert doc.encoding == encoding
    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    written = TEXTS[name]
    if fmt in ("txt", "md"):
        assert doc.text == written
    else:
        headlines = re.findall(r"■[^<\n]+", written)
        assert headlines and all(line in doc.text.replace("\n", "") for line in headlines)
    assert "\ufeff" not in doc.text


def test_html_drops_script_and_keeps_headings_on_own_lines() -> None:
    text = read_document(SAMPLES / "07_html.html", "x.html").text
    assert "tracking" not in text and "margin" not in text
    assert "【投融界】" in text.splitlines()


def test_docx_keeps_table_rows() -> None:
    text = read_document(SAMPLES / "08_docx.docx", "x.docx").text
    assert "联系单位\t成都高新区管委会" in text.splitlines()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("empty.txt", "empty document"),
        ("binary.txt", "binary content"),
        ("corrupt.docx", "corrupt DOCX"),
        ("corrupt.pdf", "corrupt PDF"),
        ("encrypted.pdf", "encrypted PDF"),
        ("image_only.pdf", "image-only PDF (no text layer)"),
    ],
)
def test_bad_files_raise_clear_errors(name: str, reason: str) -> None:
    display = f"bad/{name}"
    with pytest.raises(ReadError) as caught:
        read_document(BAD / name, display)
    assert caught.value.path == display
    assert caught.value.reason.startswith(reason)
    assert str(caught.value).startswith(display)


def test_discover_walks_sorted_skips_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.md").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c.png").write_bytes(b"x")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "h.txt").write_text("x", encoding="utf-8")
    found = discover([tmp_path])
    assert [display for _, display in found] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "z.md")]


def test_explicit_unknown_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "note.log"
    path.write_text("工信部印发通知。", encoding="utf-8")
    [(real, display)] = discover([path])
    assert read_document(real, display).text == "工信部印发通知。"


def test_missing_path_raises() -> None:
    with pytest.raises(ReadError, match="no such file or folder"):
        discover(["does/not/exist.txt"])


def test_samples_folder_has_each_document_once() -> None:
    displays = [display for _, display in discover([SAMPLES])]
    assert len(displays) == len(set(displays)) >= 12


def test_a_document_above_the_size_limit_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "dump.txt"
    big.write_bytes("工信部印发通知。\n".encode() * 50_000)  # about 1.2 MB
    monkeypatch.setenv("KG_MAX_DOCUMENT_MB", "1")
    with pytest.raises(ReadError, match=r"too large: 1\.\d MB, the limit is 1 MB \(set KG_MAX_DOCUMENT_MB"):
        read_document(big, "dump.txt")
    monkeypatch.setenv("KG_MAX_DOCUMENT_MB", "2")
    assert read_document(big, "dump.txt").text.startswith("工信部")
    monkeypatch.setenv("KG_MAX_DOCUMENT_MB", "lots")
    with pytest.raises(ReadError, match="KG_MAX_DOCUMENT_MB"):
        read_document(big, "dump.txt")


def test_a_symlink_loop_is_named_when_read_and_does_not_stop_discovery(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    good = tmp_path / "good.txt"
    good.write_text("工信部印发通知。", encoding="utf-8")
    found = discover([str(loop), str(good)])
    assert [display for _, display in found] == [str(loop), str(good)]
    with pytest.raises(ReadError, match="cannot open"):
        read_document(*found[0])
    assert read_document(*found[1]).text == "工信部印发通知。"
