"""The public NER sets read through ontology/corpora.yaml: label maps, suffix re-typing, splits, errors."""

from __future__ import annotations

import shutil

import pytest

from kg.errors import KGError, OntologyError
from kg.ner.corpora import is_validation, org_types, public_corpora, split_corpus, trim_ending
from kg.ontology import default_ontology_dir, load_ontology


@pytest.fixture(scope="module")
def corpora(tiny_corpora):
    return {c.name: c for c in public_corpora(load_ontology(), tiny_corpora)}


def spans_of(example):
    return {(example.text[s:e], label) for s, e, label in example.spans}


def test_cluener_labels_map_into_the_ontology_and_auxiliary_labels(corpora):
    first = corpora["cluener"].examples[0]
    assert spans_of(first) == {("星河微电子有限公司", "Company"), ("周建平", "Person"), ("董事长", "Title")}
    assert ("浙江省科学技术厅", "Agency") in spans_of(corpora["cluener"].examples[1])
    assert spans_of(corpora["cluener"].examples[2]) == {("《山海之间》", "Work"), ("林晓", "Person")}
    # a label mapped to null (scene) is plain text; the raw labels stay beside the mapped ones
    assert spans_of(corpora["cluener"].examples[3]) == {("中国围棋协会", "Organization")}
    assert corpora["cluener"].raw_labels[3] == ("organization",)


def test_generic_org_labels_are_retyped_by_ontology_suffix(corpora):
    assert spans_of(corpora["peoples_daily"].examples[1]) == {("清华大学", "Institute")}
    assert spans_of(corpora["peoples_daily"].examples[0]) == {("李明", "Person"), ("南京", "Location")}
    resume = corpora["resume"].examples[0]
    assert spans_of(resume) == {("王芳", "Person"), ("蓝海股份有限公司", "Company"), ("总经理", "Title")}


def test_every_file_of_a_set_is_read(corpora):
    assert len(corpora["peoples_daily"].examples) == 7
    assert len(corpora["resume"].examples) == 6


def test_validation_split_is_by_text_and_disjoint(corpora):
    train, validation = split_corpus(corpora["cluener"], 0.5)
    assert len(train.examples) + len(validation.examples) == len(corpora["cluener"].examples)
    assert {e.text for e in train.examples}.isdisjoint({e.text for e in validation.examples})
    assert all(is_validation(e.text, 0.5) for e in validation.examples)
    assert split_corpus(corpora["cluener"], 0.5) == (train, validation)


def test_org_types_are_the_types_with_suffix_lists():
    assert set(org_types(load_ontology())) == {"Company", "Investor", "Agency", "Park", "Institute", "Organization"}


def test_a_bad_line_names_file_and_line(tiny_corpora, tmp_path):
    root = tmp_path / "c"
    shutil.copytree(tiny_corpora, root)
    with (root / "cluener" / "train.json").open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    with pytest.raises(KGError, match=r"train.json:25: not a CLUENER record"):
        public_corpora(load_ontology(), root)


def test_a_missing_corpus_says_how_to_point_at_it(tmp_path):
    with pytest.raises(KGError, match="--corpora"):
        public_corpora(load_ontology(), tmp_path)


def test_a_label_mapped_to_an_unknown_type_is_refused_naming_file_and_key(tmp_path):
    folder = tmp_path / "onto"
    shutil.copytree(default_ontology_dir(), folder)
    path = folder / "corpora.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("PER: Person", "PER: Persn"), encoding="utf-8")
    with pytest.raises(OntologyError, match=r"corpora.yaml: corpora.peoples_daily.labels.PER: 'Persn'"):
        load_ontology(folder)


def test_a_nationality_span_keeps_only_its_country_as_a_location(tiny_corpora, tmp_path):
    root = tmp_path / "c"
    shutil.copytree(tiny_corpora, root)
    sentence = [("陈", "B-NAME"), ("雨", "I-NAME"), ("，", "O"), ("新", "B-CONT"), ("西", "I-CONT"), ("兰", "I-CONT"),
                ("国", "I-CONT"), ("籍", "I-CONT"), ("。", "O")]
    with (root / "resume_ner" / "test.char.bio.tsv").open("a", encoding="utf-8") as handle:
        handle.writelines(f"{c} {t}\n" for c, t in sentence)
    resume = {c.name: c for c in public_corpora(load_ontology(), root)}["resume"]
    assert spans_of(resume.examples[-1]) == {("陈雨", "Person"), ("新西兰", "Location")}
    assert resume.raw_labels[-1] == ("NAME", "CONT")


def test_trim_ending_leaves_a_name_and_takes_the_longest_ending():
    assert trim_ending("中国国籍", ["籍", "国籍"]) == "中国"
    assert trim_ending("中国籍", ["籍", "国籍"]) == "中国"
    assert trim_ending("国籍", ["国籍"]) == "国籍"
    assert trim_ending("法国", ["国籍"]) == "法国"
