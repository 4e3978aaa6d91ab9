"""A tiny public-corpus folder in the layout ``ontology/corpora.yaml`` names, written by the tests.

The real sets live outside the repository (../shared/corpus/public); these few sentences are our
own, in each set's file format, so the readers and a short training run are tested anywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CLUENER_LINES = [
    ("星河微电子有限公司董事长周建平表示，公司将扩大产能。", {"company": {"星河微电子有限公司": [[0, 8]]},
                                                 "name": {"周建平": [[12, 14]]}, "position": {"董事长": [[9, 11]]}}),
    ("浙江省科学技术厅发布了新的管理办法。", {"government": {"浙江省科学技术厅": [[0, 7]]}}),
    ("电影《山海之间》由林晓导演。", {"movie": {"《山海之间》": [[2, 7]]}, "name": {"林晓": [[9, 10]]}}),
    ("中国围棋协会在杭州召开年会。", {"organization": {"中国围棋协会": [[0, 5]]}, "scene": {"杭州": [[7, 8]]}}),
]
BIO_SENTENCES = [
    [("李", "B-PER"), ("明", "I-PER"), ("访", "O"), ("问", "O"), ("南", "B-LOC"), ("京", "I-LOC"), ("。", "O")],
    [("清", "B-ORG"), ("华", "I-ORG"), ("大", "I-ORG"), ("学", "I-ORG"), ("举", "O"), ("办", "O"), ("会", "O"), ("议", "O")],
]
RESUME_SENTENCES = [
    [("王", "B-NAME"), ("芳", "I-NAME"), ("，", "O"), ("现", "O"), ("任", "O"), ("蓝", "B-ORG"), ("海", "I-ORG"),
     ("股", "I-ORG"), ("份", "I-ORG"), ("有", "I-ORG"), ("限", "I-ORG"), ("公", "I-ORG"), ("司", "I-ORG"),
     ("总", "B-TITLE"), ("经", "I-TITLE"), ("理", "I-TITLE"), ("，", "O"), ("本", "B-EDU"), ("科", "I-EDU")],
]


def _write_bio(path: Path, sentences: list[list[tuple[str, str]]], repeat: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(repeat):
            for sentence in sentences:
                handle.writelines(f"{c} {t}\n" for c, t in sentence)
                handle.write("\n")


@pytest.fixture(scope="session")
def tiny_corpora(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpora")
    (root / "cluener").mkdir()
    with (root / "cluener" / "train.json").open("w", encoding="utf-8") as handle:
        for i in range(6):
            for text, label in CLUENER_LINES:
                handle.write(json.dumps({"text": text + "。" * i, "label": label}, ensure_ascii=False) + "\n")
    _write_bio(root / "peoples_daily" / "part1.char.bio", BIO_SENTENCES, 3)
    _write_bio(root / "peoples_daily" / "part2.char.bio", BIO_SENTENCES[:1], 1)
    for part in ("train", "dev", "test"):
        _write_bio(root / "resume_ner" / f"{part}.char.bio.tsv", RESUME_SENTENCES, 2)
    return root
