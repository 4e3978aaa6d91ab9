"""Sentences the project annotates itself (``kg.ner.annotate``) for training the NER model."""

from __future__ import annotations

from pathlib import Path

from kg.ner.annotate import annotated_examples
from kg.recognize.iobes import iobes_to_spans
from kg.ontology import cached_ontology

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_sample_sentences_carry_the_rule_layers_labels() -> None:
    examples = annotated_examples([SAMPLES / "01_touronjie.txt"], cached_ontology())
    labelled = {e.text[s:t]: label for e in examples for s, t, label in e.spans}
    assert labelled["红杉资本中国"] == "Investor"
    assert labelled["字节跳动"] == "Company"
    for example in examples:
        assert list(iobes_to_spans(example.tags)) == list(example.spans)  # no overlaps, exact offsets
