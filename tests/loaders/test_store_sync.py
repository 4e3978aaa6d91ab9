"""``kg rebuild``: only new and changed files are extracted; deleted ones are removed.

The extractor here reads extractions we wrote as JSON files (the real pipeline is another
stage's business); everything on the graph side runs for real.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from store_fixtures import deal_doc, policy_doc

from kg.types import Extraction
from loaders.sync import plan_rebuild, rebuild


class JsonExtractor:
    """Reads a file holding one extraction as JSON; remembers which files it was asked for."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, files: list[tuple[Path, str]]) -> Iterator[Extraction]:
        for path, display in files:
            self.seen.append(display)
            data = json.loads(path.read_text(encoding="utf-8"))
            data["doc"], data["sha256"] = display, hashlib.sha256(path.read_bytes()).hexdigest()
            yield Extraction.from_dict(data)


def write(folder: Path, extraction: Extraction) -> tuple[Path, str]:
    path = folder / extraction.doc
    path.write_text(json.dumps(extraction.to_dict(), ensure_ascii=False), encoding="utf-8")
    return path, extraction.doc


def test_plan_sorts_documents_by_what_changed():
    plan = plan_rebuild({"a": "1", "b": "2", "c": "3"}, {"a": "1", "b": "x", "gone": "4"})
    assert (plan.new, plan.changed, plan.deleted, plan.unchanged) == (["c"], ["b"], ["gone"], ["a"])


def test_rebuild_after_a_change_and_a_deletion(store, keys, tmp_path: Path):
    files = [write(tmp_path, deal_doc()), write(tmp_path, policy_doc())]
    first = JsonExtractor()
    plan, report = rebuild(store, files, first, keys)
    assert plan.new == ["deal.txt", "policy.txt"] and report.ok and first.seen == plan.new

    again = JsonExtractor()
    plan, _ = rebuild(store, files, again, keys)
    assert again.seen == [] and plan.unchanged == ["deal.txt", "policy.txt"]

    changed = deal_doc()
    changed.relations = changed.relations[:1]  # tencent's investment and the location are gone
    files[0] = write(tmp_path, changed)
    third = JsonExtractor()
    plan, _ = rebuild(store, files, third, keys)
    assert third.seen == ["deal.txt"] and plan.changed == ["deal.txt"]
    investors = store.query("MATCH (i)-[:INVESTS_IN]->() RETURN i.name").rows
    assert investors == [["红杉中国"]]
    assert store.query("MATCH (c:Company:Investor) RETURN c").rows == []  # tencent no longer invests
    [[docs]] = store.query("MATCH ()-[r:LOCATED_IN]->() RETURN r.docs").rows
    assert docs == ["policy.txt"]  # still stated by the other document

    plan, _ = rebuild(store, files[1:], JsonExtractor(), keys)  # deal.txt deleted
    assert plan.deleted == ["deal.txt"]
    assert store.document_hashes().keys() == {"policy.txt"}
    assert store.query("MATCH (f:FundingRound) RETURN f").rows == []
    assert store.query("MATCH (c:Company) RETURN c.name").rows == [["星云智能"]]  # policy.txt mentions it


def test_full_rebuild_extracts_everything_again(store, keys, tmp_path: Path):
    files = [write(tmp_path, deal_doc()), write(tmp_path, policy_doc())]
    rebuild(store, files, JsonExtractor(), keys)
    before = store.stats()
    extractor = JsonExtractor()
    rebuild(store, files, extractor, keys, full=True)
    assert extractor.seen == ["deal.txt", "policy.txt"]
    assert store.stats() == before
