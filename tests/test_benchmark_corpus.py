"""``benchmarks/corpus.py``, the scale benchmark's corpus: seeded, the size asked for, items and
bulletins both, and text the pipeline reads as the genre (a financing item gives investments)."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from types import ModuleType

import pytest

from kg.pipeline import Pipeline, PipelineConfig
from kg.types import SourceDocument

CORPUS = Path(__file__).resolve().parent.parent / "benchmarks" / "corpus.py"


@pytest.fixture(scope="module")
def corpus() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_corpus", CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_same_seed_same_corpus_other_seed_another(corpus: ModuleType) -> None:
    assert list(corpus.generate(40, seed=3)) == list(corpus.generate(40, seed=3))
    assert list(corpus.generate(40, seed=3)) != list(corpus.generate(40, seed=4))


def test_count_kinds_and_shapes(corpus: ModuleType) -> None:
    docs = list(corpus.generate(120, seed=5))
    assert len(docs) == 120
    assert len({name for name, _ in docs}) == 120
    items = [text for name, text in docs if name.endswith("_item.txt")]
    bulletins = [text for name, text in docs if name.endswith("_bulletin.txt")]
    assert items and bulletins
    assert all(text.strip().count("\n") == 0 for text in items)  # one sentence, one line
    assert max(map(len, items)) < min(map(len, bulletins))
    assert all("■ " in text and "【" in text for text in bulletins)
    assert any(max(map(len, text.splitlines())) <= 40 for text in bulletins)  # PDF-style broken lines


def test_names_repeat_across_documents(corpus: ModuleType) -> None:
    pool = corpus.name_pool(5)
    assert 200 <= len(pool.companies) < 1000
    texts = [text for _, text in corpus.generate(200, seed=5)]
    mentioned = [sum(name in text for text in texts) for name in pool.investors]
    assert sum(count >= 2 for count in mentioned) >= 20


def test_write_corpus(corpus: ModuleType, tmp_path: Path) -> None:
    written = corpus.write_corpus(15, 2, tmp_path / "docs")
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == sorted(p.name for p in written)
    assert [p.read_text(encoding="utf-8") for p in written] == [t for _, t in corpus.generate(15, 2)]


def test_pipeline_finds_investments_in_a_financing_item(corpus: ModuleType) -> None:
    writer = corpus.Writer(corpus.name_pool(11), random.Random(11), fresh=0.0)
    _headline, sentences = writer.financing()
    text = sentences[0]
    pipeline = Pipeline(PipelineConfig(without=frozenset({"hanlp"})))
    extraction = pipeline.extract(SourceDocument("item.txt", text, "0" * 64, "txt"))
    names = {e.id: e.name for e in extraction.entities}
    deals = [(names[r.head], names[r.tail], r.properties.get("lead")) for r in extraction.relations
             if r.type == "INVESTS_IN"]
    assert len(deals) >= 2, text
    assert len({company for _, company, _ in deals}) == 1
    assert any(lead for *_, lead in deals) and not all(lead for *_, lead in deals)
