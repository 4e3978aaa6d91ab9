"""``kg_hanlp`` on a blank Chinese pipeline, its tag mapping and its load errors."""


import pytest
import spacy

from kg.errors import RecognizerError
from kg.recognize import hanlp as hanlp_layer
from kg.ontology import load_ontology
from kg.recognize.hanlp import CONFIDENCE_KEY, load_predictor, map_label, model_available


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("NR", "Person"), ("NS", "Location"), ("NT", "Organization"),  # MSRA
        ("PERSON", "Person"), ("LOCATION", "Location"), ("ORGANIZATION", "Organization"),
        ("PER", "Person"), ("GPE", "Location"), ("LOC", "Location"), ("ORG", "Organization"),  # OntoNotes
        ("DATE", None), ("MONEY", None), ("FAC", None), ("whatever", None),
        ("Company", "Company"), ("Investor", "Investor"), ("Park", "Park"), ("Policy", "Policy"),  # kg's own
    ],
)
def test_tag_sets_map_into_the_ontology(raw, expected):
    assert map_label(raw, load_ontology().entity_types) == expected


@pytest.fixture(scope="module")
def nlp():
    if not model_available(None):
        pytest.fail("no shipped model in kg/models/ner: run `kg ner train`")
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("kg_hanlp").set_resources(load_ontology())
    pipeline.initialize()
    return pipeline


def test_shipped_model_finds_people_and_organizations(nlp):
    doc = nlp("苏州博创微电子有限公司总经理陈晓东出席签约仪式。会上，深圳市科技创新委员会主任王立新介绍了相关情况。")
    found = {(span.text, span.label_) for span in doc.spans["kg_hanlp"]}
    assert {("陈晓东", "Person"), ("王立新", "Person")} <= found, found
    assert ("苏州博创微电子有限公司", "Company") in found, found
    assert ("深圳市科技创新委员会", "Agency") in found, found


def test_spans_follow_sentences_and_offsets(nlp):
    text = "南京市科学技术局印发《关于支持新型研发机构发展的若干措施》。副局长陈立新出席。"
    doc = nlp(text)
    for span in doc.spans["kg_hanlp"]:
        assert text[span.start_char : span.end_char] == span.text
    labels = {span.label_ for span in doc.spans["kg_hanlp"]}
    assert {"Agency", "Person"} <= labels, labels
    confidence = doc.user_data[CONFIDENCE_KEY]
    assert {(s.start_char, s.end_char) for s in doc.spans["kg_hanlp"]} == set(confidence)
    assert all(0.0 <= c <= 1.0 for c in confidence.values())


def test_the_layer_needs_its_ontology():
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("kg_hanlp")
    with pytest.raises(RecognizerError, match="set_resources"):
        pipeline("张伟出任星云科技董事长。")


def test_model_available():
    assert model_available(None) == (hanlp_layer.SHIPPED_MODEL_DIR / "config.json").is_file()
    assert model_available("hanlp.pretrained.ner.MSRA_NER_ELECTRA_SMALL_ZH")
    assert not model_available("/no/such/model")


def test_missing_local_path_is_a_clear_error():
    with pytest.raises(RecognizerError, match="no such folder"):
        load_predictor("/no/such/model", load_ontology())


def test_folder_without_config_is_a_clear_error(tmp_path):
    with pytest.raises(RecognizerError, match="no config.json"):
        load_predictor(str(tmp_path), load_ontology())


def test_unknown_pretrained_identifier_is_a_clear_error():
    with pytest.raises(RecognizerError, match="no such pretrained identifier"):
        load_predictor("hanlp.pretrained.ner.NO_SUCH_MODEL", load_ontology())


def test_broken_model_folder_reports_the_real_error_not_pkg_resources(tmp_path):
    """hanlp.load fails fast here; its error handler imports pkg_resources, which must not mask the cause."""
    (tmp_path / "config.json").write_text('{"classpath": "hanlp.components.no_such.Thing"}', encoding="utf-8")
    with pytest.raises(RecognizerError, match="cannot be loaded") as caught:
        load_predictor(str(tmp_path), load_ontology())
    assert "pkg_resources" not in str(caught.value)
    assert "no_such" in str(caught.value)


@pytest.mark.slow
def test_pretrained_identifier_offline_is_a_clear_error():
    """The real download path: HanLP retries 8 times with backoff (about 25 s), then fails."""
    with pytest.raises(RecognizerError, match="MSRA|msra") as caught:
        load_predictor("hanlp.pretrained.ner.MSRA_NER_ELECTRA_SMALL_ZH", load_ontology())
    assert "pkg_resources" not in str(caught.value)


def test_tagging_uses_one_torch_thread_unless_asked(monkeypatch):
    import torch

    from kg.errors import RecognizerError
    from kg.ontology import cached_ontology
    from kg.recognize.hanlp import THREADS_ENV, load_predictor, tagging_threads

    monkeypatch.delenv(THREADS_ENV, raising=False)
    assert tagging_threads() == 1
    before = torch.get_num_threads()
    try:
        load_predictor(None, cached_ontology())
        assert torch.get_num_threads() == 1
        monkeypatch.setenv(THREADS_ENV, "2")
        load_predictor(None, cached_ontology())
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)
    monkeypatch.setenv(THREADS_ENV, "many")
    with pytest.raises(RecognizerError, match="KG_TORCH_THREADS='many'"):
        tagging_threads()
