"""``kg viz investors`` against a real embedded store, and ``kg show`` through the real pipeline."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from kg.cli.viz import register
from kg.types import Entity, Extraction, Relation, TextSpan
from kg.viz.html import external_references
from loaders import batch_of, open_store

app = typer.Typer()
register(app)
runner = CliRunner()


def _entity(id_: str, name: str, type_: str) -> Entity:
    return Entity(id=id_, name=name, type=type_)


def _deal(head: str, tail: str, round_: str, lead: bool, date: str) -> Relation:
    return Relation("INVESTS_IN", head, tail, {"round": round_, "amount": "2亿元", "lead": lead, "date": date,
                                                    "date_iso": date},
                    TextSpan(0, 6, "本轮融资由领投"), 0.9, "test")


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store")
    entities = [_entity("i:hs", "红杉资本中国", "Investor"), _entity("i:gl", "高瓴资本", "Investor"),
                _entity("i:sct", "深创投", "Investor"), _entity("c:mt", "美团", "Company"),
                _entity("c:dj", "大疆", "Company")]
    extraction = Extraction(
        doc="bulletin-1.txt", sha256="a" * 64, title="投融界", date="2021-06-01", entities=entities,
        relations=[_deal("i:hs", "c:mt", "B轮", True, "2021-06"), _deal("i:gl", "c:mt", "B轮", False, "2021-06"),
                   _deal("i:sct", "c:dj", "C轮", True, "2019-01")],
    )
    with open_store(store=path) as store:
        store.ensure_schema()
        store.write(batch_of([extraction]))
    return path


def _shows(text: str, page: str) -> bool:
    """pyvis writes node data as JSON with \\u escapes inside an HTML-escaped srcdoc."""
    inner = html.unescape(page)
    return text in inner or json.dumps(text)[1:-1] in inner


def test_investors_page_is_offline_and_shows_deal_facts(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "investors.html"
    result = runner.invoke(app, ["viz", "investors", "--store", str(store_dir), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert external_references(page) == []
    for name in ("红杉资本中国", "高瓴资本", "深创投", "美团", "大疆"):
        assert _shows(name, page)
    assert _shows("B轮 | 2亿元 | 2021-06 | lead | source: bulletin-1.txt", page)  # a hover title
    assert "<table>" in page and "eigenvector" in page


def test_investors_filters_reach_the_page(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "recent.html"
    result = runner.invoke(app, ["viz", "investors", "--store", str(store_dir), "-o", str(out), "--since", "2020"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert _shows("美团", page) and not _shows("深创投", page)


def test_investors_until_and_a_raw_date_text(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "old.html"
    result = runner.invoke(app, ["viz", "investors", "--store", str(store_dir), "-o", str(out), "--until", "2019"])
    assert result.exit_code == 0, result.output
    assert not _shows("美团", out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("bad", ["2021-13", "2021-02-30", "3月10日", "21"])
def test_investors_rejects_an_invalid_date(store_dir: Path, tmp_path: Path, bad: str) -> None:
    result = runner.invoke(app, ["viz", "investors", "--store", str(store_dir), "-o", str(tmp_path / "a.html"),
                                 "--since", bad])
    assert result.exit_code == 1
    assert "not a date" in result.output and "YYYY-MM" in result.output


def test_investors_figure_rejects_unknown_suffix(store_dir: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["viz", "investors", "--store", str(store_dir), "-o", str(tmp_path / "a.html"),
                                 "--png", str(tmp_path / "fig.gif")])
    assert result.exit_code == 1
    assert "fig.gif" in result.output and ".png or .svg" in result.output


def test_investors_png(store_dir: Path, tmp_path: Path) -> None:
    png = tmp_path / "fig.png"
    result = runner.invoke(app, ["viz", "investors", "--store", str(store_dir), "-o", str(tmp_path / "a.html"),
                                 "--png", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


SAMPLE = (
    "【政策动态】\n"
    "2021年3月，工业和信息化部印发《关于加快培育发展制造业优质企业的指导意见》。\n"
    "【投融界】\n"
    "北京字节跳动科技有限公司完成B轮融资，由红杉资本中国领投，高瓴资本跟投。\n"
)


def test_show_highlights_every_entity(tmp_path: Path) -> None:
    doc = tmp_path / "bulletin.txt"
    doc.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "doc.html"
    result = runner.invoke(app, ["show", str(doc), "-o", str(out), "--without", "hanlp"])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    marks = re.findall(r"<mark[^>]*>\s*(.*?)\s*<span[^>]*>\s*(\w+)\s*</span>\s*</mark>", page, re.DOTALL)
    highlighted = {(text.strip(), label) for text, label in marks}
    entity_rows = re.findall(r"<tr><td>(.*?)</td><td>(\w+)</td>", page[page.index("<h2>Entities"):])
    from kg.pipeline import Pipeline, PipelineConfig
    from kg.read import read_document

    extraction = Pipeline(PipelineConfig(without=frozenset({"hanlp"}))).extract(read_document(doc, str(doc)))
    assert extraction.entities
    for entity in extraction.entities:
        texts = {m.text for m in entity.mentions}
        # highlighted itself, or nested inside a longer highlight (北京 in 北京字节跳动科技有限公司)
        assert any((t, entity.type) in highlighted or any(t in mark for mark, _ in highlighted) for t in texts), entity
        assert (html.escape(entity.name), entity.type) in entity_rows
    assert any(label == "Investor" for _, label in highlighted)
    for relation in extraction.relations:
        assert html.escape(relation.evidence.text) in page and relation.rule in page
    assert external_references(page) == []


def test_show_names_an_unreadable_file(tmp_path: Path) -> None:
    doc = tmp_path / "broken.pdf"
    doc.write_bytes(b"not a pdf at all")
    result = runner.invoke(app, ["show", str(doc), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "broken.pdf" in result.output
