"""Blind mode and the ablation runs are library code (``kg.eval``), checked without running a pipeline."""

from __future__ import annotations

from kg.eval import BLIND_ABLATION_LAYERS, ablation_variants, gold_names
from kg.pipeline import LAYERS, PipelineConfig


def test_gold_names_are_every_name_and_alias() -> None:
    gold = {"a.txt": {"entities": [{"name": "工业和信息化部", "aliases": ["工信部"]}, {"name": "腾讯"}]},
            "b.txt": {}}
    assert gold_names(gold) == {"工业和信息化部", "工信部", "腾讯"}


def test_ablation_switches_each_layer_off_then_runs_blind() -> None:
    base = PipelineConfig(without=frozenset({"coref"}), blind_names=frozenset({"x"}))
    variants = dict(ablation_variants(base, frozenset({"腾讯"})))
    assert list(variants) == [*(f"without {layer}" for layer in LAYERS), "blind (no dev names in lexicons)",
                              *(f"blind, without {layer}" for layer in BLIND_ABLATION_LAYERS)]
    assert variants["without lexicon"] == PipelineConfig(without=frozenset({"coref", "lexicon"}))
    assert variants["blind (no dev names in lexicons)"].blind_names == {"腾讯"}
    assert variants["blind, without hanlp"] == PipelineConfig(without=frozenset({"coref", "hanlp"}),
                                                              blind_names=frozenset({"腾讯"}))
