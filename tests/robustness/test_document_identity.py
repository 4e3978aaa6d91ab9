"""One file is one document however its path is spelled (issue 16).

Analysts name the same bulletin as ``bulletins/x.txt``, ``./bulletins/x.txt`` or by its absolute
path; each spelling used to give its own Document node, and a rebuild with another spelling
re-extracted everything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kg import build as library
from kg.build import StoreTarget, open_store
from kg.pipeline import PipelineConfig
from kg.read import discover
from kg.read.files import document_name

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "01_touronjie.txt"


@pytest.fixture
def bulletins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bulletins"
    folder.mkdir()
    shutil.copy(SAMPLE, folder / "x.txt")
    monkeypatch.chdir(tmp_path)
    return folder


def test_every_spelling_of_a_path_is_one_name(bulletins: Path) -> None:
    spellings = [Path("bulletins/x.txt"), Path("./bulletins/x.txt"), bulletins / "x.txt",
                 Path("bulletins/../bulletins/x.txt")]
    assert {document_name(p) for p in spellings} == {"bulletins/x.txt"}
    assert discover([*spellings, Path("bulletins")]) == [((bulletins / "x.txt").resolve(), "bulletins/x.txt")]


def test_a_file_outside_the_current_folder_is_named_by_its_absolute_path(bulletins: Path) -> None:
    elsewhere = bulletins.parent / "elsewhere"
    elsewhere.mkdir()
    os.chdir(elsewhere)  # the fixture's monkeypatch restores the folder afterwards
    assert document_name(Path("../bulletins/x.txt")) == str((bulletins / "x.txt").resolve())


def test_a_rebuild_with_another_spelling_changes_nothing(
    bulletins: Path, target: StoreTarget, fast: PipelineConfig,
) -> None:
    library.build([Path("bulletins/x.txt")], target, fast)
    again = library.rebuild([bulletins.resolve()], target, fast)
    assert again.unchanged == ("bulletins/x.txt",) and again.new == () and again.deleted == ()
    with open_store(target) as graph:
        assert graph.stats().documents == 1
