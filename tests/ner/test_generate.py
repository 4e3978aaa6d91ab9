"""The generated training data: exact spans, valid IOBES, every type, deterministic."""

import random

import pytest
from hanlp.utils.span_util import iobes_tags_to_spans

from kg.ner.generate import fill, generate, split, write_tsv
from kg.ner.names import NamePool, makers
from kg.ner.templates import FILLERS, TEMPLATES
from kg.ontology import load_ontology


@pytest.fixture(scope="module")
def examples():
    return generate(1500, seed=5, pool=NamePool.from_ontology(load_ontology()))


def test_hanlp_accepts_every_tag_sequence_and_spans_match(examples):
    for example in examples:
        strict = iobes_tags_to_spans(example.tags)  # raises InvalidTagSequence on bad tags
        assert sorted((b, e + 1, label) for label, (b, e) in strict) == sorted(example.spans)


def test_every_ontology_type_is_generated(examples):
    seen = {label for example in examples for _s, _e, label in example.spans}
    assert seen == set(makers(load_ontology().types))


def test_slot_fills_are_labelled_exactly():
    rng = random.Random(3)
    pool = NamePool(makers(load_ontology().types))
    example = fill("{Agency}、{Agency2}联合印发{Policy}。", pool, rng)
    names = [example.text[s:e] for s, e, _ in example.spans]
    assert [label for *_, label in example.spans] == ["Agency", "Agency", "Policy"]
    assert example.text == f"{names[0]}、{names[1]}联合印发{names[2]}。"
    assert names[2].startswith("《") and names[2].endswith("》")


def test_unknown_slot_is_an_error():
    with pytest.raises(ValueError, match="Bogus"):
        fill("{Bogus}宣布", NamePool(makers(load_ontology().types)), random.Random(0))


def test_templates_use_only_known_slots():
    rng = random.Random(0)
    for group in TEMPLATES.values():
        for template in group:
            fill(template, NamePool(makers(load_ontology().types)), rng)  # raises on an unknown slot
    assert set(FILLERS) >= {"round", "amount", "title"}


def test_generation_is_deterministic_and_seed_dependent():
    pool = NamePool(makers(load_ontology().types))
    assert generate(50, seed=1, pool=pool) == generate(50, seed=1, pool=pool)
    assert generate(50, seed=1, pool=pool) != generate(50, seed=2, pool=pool)
    assert generate(50, seed=1) == generate(50, seed=1, pool=pool)


def test_dev_split_is_held_out(examples):
    train, dev = split(examples)
    assert len(dev) == 150 and len(train) + len(dev) == len(examples)
    assert train[-1] is examples[len(train) - 1] and dev[0] is examples[len(train)]


def test_latin_names_keep_one_token_per_character(tmp_path):
    pool = NamePool(makers(load_ontology().types), {"Investor": ["Index Ventures"]}, known_share=1.0)
    example = fill("{Investor}领投。", pool, random.Random(0))
    rows = write_tsv([example], tmp_path / "t.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == len(example.text) + 1
    assert rows[5] == "_\tI-Investor"
