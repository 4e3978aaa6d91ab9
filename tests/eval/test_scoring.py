"""kg eval scores exactly as ontology.md defines: alias-aware, optional items ignored."""

from __future__ import annotations

import pytest

from kg.eval import EvalReport, evaluate, score_document
from kg.ontology import load_ontology
from kg.types import Entity, Extraction, Relation, TextSpan

GOLD = {
    "doc": "a.txt",
    "entities": [
        {"name": "工业和信息化部", "type": "Agency", "aliases": ["工信部"], "optional": False},
        {"name": "《关于推动制造业数字化转型的若干意见》", "type": "Policy", "aliases": ["《意见》"], "optional": False},
        {"name": "红杉资本中国", "type": "Investor", "aliases": ["红杉中国"], "optional": False},
        {"name": "云深处科技", "type": "Company", "aliases": [], "optional": False},
        {"name": "中国", "type": "Location", "aliases": [], "optional": True},
    ],
    "relations": [
        {"head": "工信部", "type": "ISSUED_POLICY", "tail": "《关于推动制造业数字化转型的若干意见》",
         "properties": {}, "evidence": "", "optional": False},
        {"head": "红杉中国", "type": "INVESTS_IN", "tail": "云深处科技",
         "properties": {"round": "B轮", "amount": "近亿元", "lead": True}, "evidence": "", "optional": False},
    ],
}

SPAN = TextSpan(0, 1, "x")


def extraction(entities: list[Entity], relations: list[Relation]) -> Extraction:
    return Extraction("docs/a.txt", "0" * 64, None, None, entities, relations)


def entity(eid: str, name: str, etype: str, *aliases: str) -> Entity:
    return Entity(eid, name, etype, list(aliases), [SPAN])


def test_alias_aware_match_and_optional_items() -> None:
    predicted = extraction(
        [
            entity("a", "工信部", "Agency"),  # matches by the gold alias
            entity("p", "关于推动制造业数字化转型的若干意见", "Policy"),  # 《》 ignored by the key
            entity("i", "红杉中国", "Company"),  # right name, wrong type
            entity("l", "中国", "Location"),  # optional: neither counted nor penalized
            entity("x", "某某公司", "Company"),  # spurious
        ],
        [],
    )
    report = EvalReport(load_ontology().relations.investment)
    score_document(predicted, GOLD, report)
    assert (report.entities_typed.tp, report.entities_typed.fp, report.entities_typed.fn) == (2, 2, 2)
    assert (report.entities_untyped.tp, report.entities_untyped.fp, report.entities_untyped.fn) == (3, 1, 1)
    assert report.entities_by_type["Investor"].fn == 1
    assert report.entities_by_type["Company"].fp == 2


def test_relations_and_invests_in_attributes() -> None:
    predicted = extraction(
        [
            entity("a", "工业和信息化部", "Agency", "工信部"),
            entity("p", "《关于推动制造业数字化转型的若干意见》", "Policy"),
            entity("i", "红杉资本中国", "Investor", "红杉中国"),
            entity("c", "云深处科技", "Company"),
        ],
        [
            Relation("ISSUED_POLICY", "a", "p", {}, SPAN, 0.9, "policy.issued_by"),
            Relation("INVESTS_IN", "i", "c", {"round": "B轮", "amount": "近亿元", "lead": False}, SPAN, 0.9, "invests.lead"),
            Relation("INVESTS_IN", "c", "i", {}, SPAN, 0.5, "invests.wrong_way"),
        ],
    )
    report = evaluate([predicted], {"a.txt": GOLD})
    assert (report.relations.tp, report.relations.fp, report.relations.fn) == (2, 1, 0)
    assert report.invests_in["round"].value == 1.0
    assert report.invests_in["amount"].value == 1.0
    assert report.invests_in["lead"].value == 0.0
    assert report.relations_by_rule["invests.wrong_way"].fp == 1
    assert report.relations_by_rule["policy.issued_by"].tp == 1


def test_one_gold_item_is_matched_once() -> None:
    twice = extraction([entity("a", "工信部", "Agency"), entity("b", "工业和信息化部", "Agency")], [])
    report = evaluate([twice], {"a.txt": GOLD})
    assert report.entities_typed.tp == 1
    assert report.entities_typed.fp == 1


def test_a_document_without_gold_is_an_error() -> None:
    from kg.errors import KGError

    with pytest.raises(KGError, match="no gold annotation"):
        evaluate([Extraction("b.txt", "0", None, None)], {"a.txt": GOLD})
