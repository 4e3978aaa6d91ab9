"""No text crashes extraction, every offset slices the original text, and every line of
``kg extract`` validates against the shipped JSON Schema (issue 16)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from kg.cli.main import app
from kg.pipeline import Pipeline
from kg.types import Extraction, SourceDocument

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "extraction.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ODD = ["\r\n", "\n", "\u2028", "\u2029", "\x00", "\x1b[31m", "\x1b[0m", "\t", "\u3000", " ", "\ufeff", "\u200b",
       "\u0301", "\u20dd", "😀", "👩‍💻", "🇨🇳", "《", "》", "（", "）", "，", "。", "、", "：", "“", "”", "\ud800"]
"""Pieces that have broken text pipelines before: line and paragraph separators, NUL, escapes,
BOM and zero-width characters, combining marks, emoji sequences, CJK brackets, a lone surrogate."""

texts = st.text(st.characters(codec=None), max_size=300) | st.lists(
    st.sampled_from(ODD) | st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=8),
    max_size=80).map("".join)

COMPANY = st.sampled_from(["星联智能", "云帆科技", "北京蓝海科技有限公司", "深圳市极光机器人股份有限公司", "MindFlow"])
INVESTOR = st.sampled_from(["中金资本", "红杉中国", "高瓴资本", "GGV纪源资本", "某某创投"])
ROUND = st.sampled_from(["天使轮", "Pre-A轮", "A轮", "B+轮", "C1轮", "战略融资"])
AMOUNT = st.sampled_from(["5亿元人民币", "数千万元", "超10亿美元", "1.2亿元", "近亿元"])
SENTENCE = st.one_of(
    st.builds("{}今日宣布完成{}融资，金额{}，由{}领投，{}跟投。".format, COMPANY, ROUND, AMOUNT, INVESTOR, INVESTOR),
    st.builds("{}完成{}融资，投资方未透露。".format, COMPANY, ROUND),
    st.builds("{}宣布获得{}的{}投资。".format, COMPANY, INVESTOR, ROUND),
    st.builds("工业和信息化部印发《关于{}发展的指导意见》。".format, st.sampled_from(["智能制造", "工业互联网"])),
    st.builds("张明担任{}首席执行官。".format, COMPANY),
    st.builds("【{}】".format, st.sampled_from(["投 融 界", "企业讯", "政策速递"])),
    st.sampled_from(["2021年3月15日", "■ 融资快讯", "# 中关村创新动态", "  ", ""]),
)
bulletins = st.lists(st.tuples(SENTENCE, st.sampled_from(["", "\n", "\r\n", "\n\n", " ", "\u2028", "\x00"])),
                     min_size=1, max_size=12).map(lambda parts: "".join(s + sep for s, sep in parts))


def check(extraction: Extraction, text: str) -> None:
    """The offset contract (``kg.types``) and the schema, on one extraction of ``text``."""
    for entity in extraction.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text, (entity.name, mention)
    ids = {e.id for e in extraction.entities}
    for relation in extraction.relations:
        assert text[relation.evidence.start:relation.evidence.end] == relation.evidence.text
        assert relation.head in ids and relation.tail in ids
    data: dict[str, Any] = extraction.to_dict()
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert not errors, errors


@SETTINGS
@given(text=texts)
def test_any_text_extracts_and_its_offsets_hold(pipeline: Pipeline, text: str) -> None:
    check(pipeline.extract(SourceDocument("any.txt", text, "0" * 64, "txt")), text)


@SETTINGS
@given(text=bulletins, long_line=st.booleans())
def test_bulletin_shaped_text_extracts_and_its_offsets_hold(pipeline: Pipeline, text: str, long_line: bool) -> None:
    if long_line:  # one very long line: no line breaks at all
        text = text.replace("\n", "").replace("\r", "") * 40
    check(pipeline.extract(SourceDocument("bulletin.md", text, "0" * 64, "md")), text)


def test_the_bulletin_grammar_yields_facts(pipeline: Pipeline) -> None:
    """The grammar is only worth fuzzing with if it says something the pipeline understands."""
    text = "星联智能今日宣布完成C1轮融资，金额5亿元人民币，由中金资本领投，红杉中国跟投。\r\n"
    assert {r.type for r in pipeline.extract(SourceDocument("b.txt", text, "0" * 64, "txt")).relations} == {"INVESTS_IN"}


@pytest.fixture(scope="module")
def sample_lines() -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["--quiet", "extract", str(ROOT / "samples"), "--without", "hanlp", "-o", "-"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def test_kg_extract_output_validates_against_the_shipped_schema(sample_lines: list[dict[str, Any]]) -> None:
    assert len(sample_lines) >= 5
    for line in sample_lines:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(line)]
        assert not errors, (line["doc"], errors[:5])


@pytest.mark.parametrize("change", [
    lambda d: d["entities"][0].update(aliases="ABC"),
    lambda d: d["entities"][0].update(id=["company:x"]),
    lambda d: d.update(doc=["x"]),
    lambda d: d["relations"][0]["properties"].update({"`": 1}),
    lambda d: d["entities"][0].update(name="星联智能 "),
    lambda d: d.update(title="\x1b[31m标题"),
])
def test_the_schema_refuses_what_kg_load_refuses(sample_lines: list[dict[str, Any]], change: Any) -> None:
    line = json.loads(json.dumps(next(d for d in sample_lines if d["relations"])))
    assert VALIDATOR.is_valid(line)
    change(line)
    assert not VALIDATOR.is_valid(line)
