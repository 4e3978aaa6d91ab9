"""The views show what the analyst curated: the investor network reads names from the store
(which holds only curated extractions), and the audit page applies the curation itself and
lists, for a merged entity, the names merged into it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from kg import build as library
from kg.build import StoreTarget
from kg.cli import viz as viz_cli
from kg.curate import append_edit, new_edit
from kg.curate.show import merged_from
from kg.pipeline import PipelineConfig
from kg.types import Entity, Extraction

FAST = PipelineConfig(without=frozenset({"hanlp"}))
app = typer.Typer()
viz_cli.register(app)
runner = CliRunner()


def test_a_rename_shows_in_the_investor_network(target: StoreTarget, docs: Path, tmp_path: Path) -> None:
    curation = tmp_path / "curation.jsonl"
    append_edit(curation, new_edit("rename", "红杉资本中国", "红杉中国"))
    library.build([docs], target, FAST, curation=curation)
    page = tmp_path / "investors.html"
    result = runner.invoke(app, ["viz", "investors", "--store", str(target.store), "--database", str(target.database),
                                 "-o", str(page)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    assert "红杉中国" in text and "红杉资本中国" not in text


def test_the_audit_page_shows_curated_names_and_what_a_merge_joined(docs: Path, tmp_path: Path) -> None:
    curation = tmp_path / "curation.jsonl"
    append_edit(curation, new_edit("merge", "蓝鲸智能", "杭州深蓝鲸鱼信息技术有限公司"))
    append_edit(curation, new_edit("rename", "红杉资本中国", "红杉中国"))
    page = tmp_path / "doc.html"
    result = runner.invoke(app, ["show", str(docs / "brand.txt"), "-o", str(page), "--without", "hanlp",
                                 "--curation", str(curation)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    rows = re.findall(r"<tr><td>(.*?)</td><td>(\w+)</td><td>(.*?)</td><td>(.*?)</td>",
                      text[text.index("<h2>Entities"):])
    by_name = {name: (etype, aliases, merged) for name, etype, aliases, merged in rows}
    assert "<th>merged from</th>" in text
    assert by_name["蓝鲸智能"][2] == html.escape("杭州深蓝鲸鱼信息技术有限公司")
    assert by_name["红杉中国"][1] == "红杉资本中国" and by_name["红杉中国"][2] == ""
    assert "红杉资本中国" not in by_name


def test_merged_from_follows_chains_and_leaves_unmerged_entities_out() -> None:
    edits = [new_edit("merge", "甲公司", "乙公司"), new_edit("merge", "丙公司", "甲公司"), new_edit("rename", "丁", "戊")]
    extraction = Extraction("d", "", None, None, [Entity("c:1", "丙公司", "Company"), Entity("c:2", "戊", "Company")], [])
    assert merged_from(edits, extraction) == {"c:1": ("甲公司", "乙公司")}
