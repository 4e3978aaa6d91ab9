"""``kg load``: one bad line of an extraction file is reported as ``file:line`` with the reason,
the rest loads, and nothing of the bad line reaches the graph (issue 16)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg import build as library
from kg.build import StoreTarget, open_store
from kg.pipeline import Pipeline
from kg.types import SourceDocument

DEAL = "星联智能今日宣布完成C1轮融资。本轮融资金额为5亿元人民币，由中金资本领投，京东、科大讯飞跟投。"


def test_each_bad_line_is_named_and_the_good_ones_load(target: StoreTarget, pipeline: Pipeline,
                                                       tmp_path: Path) -> None:
    good = pipeline.extract(SourceDocument("good.txt", DEAL, "a" * 64, "txt")).to_dict()
    assert good["relations"] and good["entities"]

    def variant(doc: str, change: Callable[[dict[str, Any]], object]) -> str:
        data = json.loads(json.dumps({**good, "doc": doc}))
        change(data)
        return json.dumps(data)  # ASCII: a lone surrogate is written as the escape \\ud800

    bad = {
        "a backtick as a property key": variant("b1", lambda d: d["relations"][0]["properties"].update({"`": 1})),
        "an empty property key": variant("b2", lambda d: d["relations"][0]["properties"].update({"": 1})),
        "a lone surrogate": variant("b3", lambda d: d["entities"][0].update(name="星联\ud800")),
        "an id given as a list": variant("b4", lambda d: d["entities"][0].update(id=["company:x"])),
        "a non-string doc": variant("b5", lambda d: d.update(doc=["b5"])),
        "aliases as a string": variant("b6", lambda d: d["entities"][0].update(aliases="ABC")),
        "a property the ontology lacks": variant("b7", lambda d: d["relations"][0]["properties"].update(colour=1)),
        "a truncated line": json.dumps({**good, "doc": "b8"})[:40],
    }
    lines = [variant("first.txt", lambda d: None), *bad.values(), variant("last.txt", lambda d: None)]
    jsonl = tmp_path / "out.jsonl"
    jsonl.write_bytes("\n".join(lines).encode("utf-8") + b"\n\xff\xfe not utf-8\n")

    report = library.load(jsonl, target)
    assert report.loaded == ("first.txt", "last.txt")
    reasons = {f.document: f.reason for f in report.failed}
    expected = {f"{jsonl}:{n}" for n in (2, 3, 4, 5, 6, 7, 9, 11)} | {"b7"}
    assert set(reasons) == expected, reasons
    assert "property key '`'" in reasons[f"{jsonl}:2"] and "property key ''" in reasons[f"{jsonl}:3"]
    assert "lone surrogate" in reasons[f"{jsonl}:4"] and "entities[0].id must be a string" in reasons[f"{jsonl}:5"]
    assert "doc must be a string" in reasons[f"{jsonl}:6"]
    assert "entities[0].aliases must be a list" in reasons[f"{jsonl}:7"]
    assert "no property 'colour' in the ontology" in reasons["b7"]
    assert "not valid JSON" in reasons[f"{jsonl}:9"] and "not UTF-8" in reasons[f"{jsonl}:11"]
    assert all(r.startswith(d) for d, r in reasons.items())
    with open_store(target) as graph:  # nothing half-loaded, and the server is up
        docs = sorted(r[0] for r in graph.query("MATCH (d:Document) RETURN d.id").rows)
        sources = {s for r in graph.query("MATCH ()-[r:INVESTS_IN]->() RETURN r.docs").rows for s in r[0]}
    assert docs == ["first.txt", "last.txt"] and sources == {"first.txt", "last.txt"}
