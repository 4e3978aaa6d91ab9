"""The CRF fix in force when training and after loading; a tiny training run saves and reloads."""

from pathlib import Path

import hanlp
import pytest
import torch

from kg.ner.model import KgCharNER
from kg.ner.train import MODEL_FILES, train

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("ner") / "model"
    report = train(out, sentences=120, epochs=1, seed=2, threads=1, rnn_hidden=16, embed=16, log=lambda _m: None)
    return out, report


def test_training_saves_only_what_loading_needs(tiny_model):
    out, report = tiny_model
    assert sorted(p.name for p in out.iterdir()) == sorted(MODEL_FILES)
    assert report.size_bytes == sum(p.stat().st_size for p in out.iterdir())
    assert report.dev_sentences == 12


def test_crf_is_batch_first_after_load_by_class_and_by_hanlp_load(tiny_model):
    out, _ = tiny_model
    model = KgCharNER()
    model.load(str(out), devices=-1)
    assert model.model.crf.batch_first is True
    loaded = hanlp.load(str(out), devices=-1)
    assert isinstance(loaded, KgCharNER)
    assert loaded.model.crf.batch_first is True


def test_unpatched_hanlp_builds_the_broken_crf():
    """Documents the bug the subclass fixes: HanLP's own class gives batch_first=None."""
    from hanlp.components.taggers.rnn.rnntaggingmodel import RNNTaggingModel

    broken = RNNTaggingModel(8, None, 4, 5, crf=True)
    assert broken.crf.batch_first is None


def test_reloaded_model_predicts_one_tag_per_character(tiny_model):
    out, _ = tiny_model
    model = KgCharNER()
    model.load(str(out), devices=-1)
    sentences = [list("张伟出任星云科技董事长。"), list("A_B")]
    tags = model.predict_tags(sentences)
    assert [len(t) for t in tags] == [len(s) for s in sentences]
    assert all(isinstance(found, list) for found in model.predict(sentences))


def test_training_learns_far_above_all_o(tmp_path):
    """With the fix, a short run on generated data beats all-O (F1 0) by far.

    The bar is low on purpose: four epochs on 2,500 sentences land between 0.2 and 0.4
    depending on the machine's floating-point path; without the CRF fix the score stays at 0.
    """
    torch.manual_seed(0)
    report = train(tmp_path / "m", sentences=2500, epochs=4, seed=4, threads=1, log=lambda _m: None)
    assert report.dev_f1 > 0.12, report
