"""``kg ner train`` through Typer's CliRunner, mounted as the root CLI mounts it."""

# HanLP binds its progress printer to the stderr of the moment it is imported; import it
# here so that it does not bind to CliRunner's stream, which is closed after invoke.
import hanlp  # noqa: F401
import pytest
import typer
from typer.testing import CliRunner

from kg.cli.ner import app as ner_app
from kg.recognize.hanlp import load_predictor


@pytest.mark.slow
def test_train_command_saves_a_loadable_model(tmp_path):
    root = typer.Typer()
    root.add_typer(ner_app, name="ner")

    @root.callback()
    def _root() -> None:
        """kg (test root)."""

    out = tmp_path / "model"
    result = CliRunner().invoke(root, ["ner", "train", "--out", str(out), "--epochs", "1", "--sentences", "60"])
    assert result.exit_code == 0, result.output
    assert "dev P" in result.output and "MB" in result.output
    predict = load_predictor(str(out))
    assert len(predict([list("王伟出任星云科技总经理。")])) == 1
