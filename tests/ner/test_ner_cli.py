"""``kg ner train`` through Typer's CliRunner, mounted as the root CLI mounts it."""

import pytest
import typer
from typer.testing import CliRunner

from kg.cli.ner import SHIPPED
from kg.cli.ner import app as ner_app
from kg.ontology import load_ontology
from kg.recognize.hanlp import load_predictor


def _root() -> typer.Typer:
    root = typer.Typer()
    root.add_typer(ner_app, name="ner")

    @root.callback()
    def _callback() -> None:
        """kg (test root)."""

    return root


@pytest.mark.slow
def test_train_command_saves_a_loadable_model(tmp_path, tiny_corpora):
    out = tmp_path / "model"
    result = CliRunner().invoke(_root(), ["ner", "train", "--out", str(out), "--epochs", "1", "--generated", "20",
                                          "--corpora", str(tiny_corpora), "--threads", "1"])
    assert result.exit_code == 0, result.output
    assert "validation P" in result.output and "MODEL_CARD.md" in result.output
    predict = load_predictor(str(out), load_ontology())
    assert len(predict(["王伟出任星云科技总经理。"])) == 1


def test_out_is_required():
    result = CliRunner().invoke(_root(), ["ner", "train"])
    assert result.exit_code != 0 and "--out" in result.output


def test_the_shipped_model_is_never_overwritten_unless_asked():
    result = CliRunner().invoke(_root(), ["ner", "train", "--out", str(SHIPPED)])
    assert result.exit_code != 0
    assert "--replace-shipped" in result.output
