"""Time words and vague investors never become entities, investees or investors (whole pipeline)."""

import pytest

from kg.link.non_names import is_vague_investor
from kg.pipeline import Pipeline, PipelineConfig
from kg.types import SourceDocument


@pytest.fixture(scope="module")
def extract():
    pipeline = Pipeline(PipelineConfig(without=("hanlp",)))

    def run(text: str):
        return pipeline.extract(SourceDocument("t.txt", f"科技简报 2022年8月16日\n\n{text}\n", "0" * 64, "txt"))

    return run


def test_a_time_word_is_no_investee(extract):
    ex = extract("云帆科技于上月完成三亿元B轮融资，IDG资本领投。")
    names = {e.id: e.name for e in ex.entities}
    assert "上月" not in names.values()
    (rel,) = ex.relations
    assert (names[rel.head], names[rel.tail]) == ("IDG资本", "云帆科技")
    assert (rel.properties["date_iso"], rel.properties["amount_value"]) == ("2022-07", 3e8)


def test_a_time_word_after_an_investor_is_no_company(extract):
    ex = extract("IDG资本于上月完成对云帆科技的投资。")
    assert "上月" not in {e.name for e in ex.entities}


def test_vague_investors_are_no_entities(extract):
    ex = extract("本轮融资由老股东继续加码，多家机构跟投，投资机构包括红杉中国。")
    assert {e.name for e in ex.entities} == {"红杉资本中国"}  # the lexicon's name of 红杉中国


@pytest.mark.parametrize("text, expected", [
    ("资方", True), ("投资方未透露", True), ("未透露", True), ("老股东", True), ("多家机构", True),
    ("投资机构", True), ("红杉中国", False), ("老股东红杉中国", False),
])
def test_vague_investor_words(ontology, text, expected):
    assert is_vague_investor(text, frozenset(ontology.words("vague_investors"))) is expected
