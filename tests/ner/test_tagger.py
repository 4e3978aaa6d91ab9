"""The CRF against brute force, IOBES constraints, lexicon features, and a short real training run."""

from __future__ import annotations

import itertools
import json

import pytest
import torch

from kg.errors import KGError, RecognizerError
from kg.ner.train import MODEL_FILES, train
from kg.ontology import load_ontology
from kg.recognize.features import build_features, feature_classes
from kg.recognize.hanlp import load_predictor
from kg.recognize.iobes import iobes_to_spans, spans_to_iobes
from kg.recognize.tagger import CRF, allowed_transitions, iobes_tags

TAGS = iobes_tags(("Person", "Company"))


def _valid(path: list[str]) -> bool:
    return spans_to_iobes(len(path), iobes_to_spans(path)) == path


@pytest.fixture
def crf() -> CRF:
    torch.manual_seed(0)
    layer = CRF(TAGS)
    with torch.no_grad():
        layer.transitions.normal_()
        layer.start.normal_()
        layer.end.normal_()
    return layer


def _brute_force(layer: CRF, emissions: torch.Tensor) -> tuple[torch.Tensor, list[int], torch.Tensor]:
    """log Z, the best path and the marginals by enumerating every tag sequence."""
    trans, start, end = layer._scores()
    steps, n = emissions.shape
    scores, paths = [], list(itertools.product(range(n), repeat=steps))
    for path in paths:
        score = start[path[0]] + emissions[0, path[0]] + end[path[-1]]
        score = score + sum(trans[a, b] + emissions[t + 1, b] for t, (a, b) in enumerate(zip(path, path[1:])))
        scores.append(score)
    stacked = torch.stack(scores)
    log_z = torch.logsumexp(stacked, 0)
    probs = torch.softmax(stacked, 0)
    marginals = torch.zeros(steps, n)
    for p, path in zip(probs, paths):
        for t, tag in enumerate(path):
            marginals[t, tag] += p
    return log_z, list(paths[int(stacked.argmax())]), marginals


def test_nll_decode_and_marginals_match_brute_force(crf):
    emissions = torch.randn(2, 3, len(TAGS))
    mask = torch.tensor([[True, True, True], [True, True, False]])
    for row, length in enumerate((3, 2)):
        log_z, best, marginals = _brute_force(crf, emissions[row, :length])
        gold = torch.tensor([best + [0] * (3 - length)])
        nll = crf.nll(emissions[row : row + 1], gold, mask[row : row + 1])
        trans, start, end = crf._scores()
        gold_score = start[best[0]] + emissions[row, 0, best[0]] + end[best[-1]] + sum(
            trans[a, b] + emissions[row, t + 1, b] for t, (a, b) in enumerate(zip(best, best[1:])))
        assert torch.isclose(nll, log_z - gold_score, atol=1e-4)
        assert crf.decode(emissions[row : row + 1], mask[row : row + 1])[0] == best
        got = crf.marginals(emissions[row : row + 1], mask[row : row + 1])[0, :length]
        assert torch.allclose(got, marginals, atol=1e-4)


def test_decoding_always_gives_valid_iobes(crf):
    emissions = torch.randn(8, 12, len(TAGS)) * 5
    for path in crf.decode(emissions, torch.ones(8, 12, dtype=torch.bool)):
        assert _valid([TAGS[t] for t in path])


def test_transition_constraints():
    mask = allowed_transitions(TAGS)
    index = {t: i for i, t in enumerate(TAGS)}
    assert mask[index["B-Person"], index["E-Person"]] == 0
    assert mask[index["B-Person"], index["E-Company"]] < -1000
    assert mask[index["O"], index["I-Person"]] < -1000
    assert mask[index["E-Company"], index["S-Person"]] == 0


def test_lexicon_features_mark_begin_middle_end_and_follow_a_blinded_ontology():
    ontology = load_ontology()
    entities = tuple(ontology.entity_types)
    orgs = ("Company", "Investor", "Agency", "Park", "Institute", "Organization")
    classes = feature_classes(entities, orgs)
    column = classes.index("lex:Investor") * 3
    name = next(e.name for e in ontology.entries("Investor") if len(e.name) >= 4)
    text = "由" + name + "领投"
    full = build_features(ontology, entities, orgs).features(text)
    assert full[1, column] == 1 and full[len(name), column + 2] == 1 and full[2, column + 1] == 1
    blinded = build_features(ontology.without_names({name}), entities, orgs).features(text)
    assert blinded[1, column] == 0
    # jieba's word list: a person-name class exists and common words are marked
    assert classes[:5] == ("w:word", "w:nr", "w:ns", "w:nt", "w:nz")
    assert full[:, 0:3].sum() > 0


@pytest.fixture(scope="module")
def tiny_model(tiny_corpora, tmp_path_factory):
    out = tmp_path_factory.mktemp("ner") / "model"
    report = train(out, load_ontology(), corpora_root=tiny_corpora, epochs=2, generated=40,
                   validation_share=0.3, threads=1, log=lambda _m: None)
    return out, report


@pytest.mark.slow
def test_training_saves_model_and_card(tiny_model):
    out, report = tiny_model
    assert sorted(p.name for p in out.iterdir()) == sorted((*MODEL_FILES, "MODEL_CARD.md"))
    card = (out / "MODEL_CARD.md").read_text(encoding="utf-8")
    for name in ("cluener", "peoples_daily", "resume", "CLUENER2020", "jieba", "Limits"):
        assert name in card
    config = json.loads((out / "config.json").read_text(encoding="utf-8"))
    assert config["classpath"] == "kg.recognize.tagger.CharLexTagger"
    assert "Title" in config["labels"] and "Person" in config["labels"]
    assert report.validation_sentences > 0 and report.best_epoch in (1, 2)


@pytest.mark.slow
def test_saved_model_predicts_ontology_types_with_confidences(tiny_model):
    out, _ = tiny_model
    ontology = load_ontology()
    predict = load_predictor(str(out), ontology)
    texts = ["星河微电子有限公司董事长周建平表示。", "", "A B"]
    found = predict(texts)
    assert len(found) == 3 and found[1].names == []
    for text, sentence in zip(texts, found):
        for label, start, end, confidence in sentence.names:
            assert label in ontology.entity_types  # auxiliary labels (Title) never leave the layer
            assert 0 <= start < end and 0.0 <= confidence <= 1.0
        # a chance per character that a name begins or ends there
        assert sentence.starts is not None and sentence.ends is not None
        assert len(sentence.starts) == len(sentence.ends) == len(text)
        assert ((0.0 <= sentence.starts) & (sentence.starts <= 1.0 + 1e-5)).all()


def test_a_broken_own_model_is_a_clear_error(tmp_path):
    (tmp_path / "config.json").write_text('{"classpath": "kg.recognize.tagger.CharLexTagger"}', encoding="utf-8")
    with pytest.raises(RecognizerError, match="cannot be loaded"):
        load_predictor(str(tmp_path), load_ontology())


def test_training_needs_the_corpora(tmp_path):
    with pytest.raises(KGError, match="not found"):
        train(tmp_path / "m", load_ontology(), corpora_root=tmp_path, epochs=1, log=lambda _m: None)
