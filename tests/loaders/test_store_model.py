"""The pure part: extractions -> graph rows."""

from __future__ import annotations

from dataclasses import replace

import pytest
from store_fixtures import deal_doc, policy_doc

from kg.errors import StoreError
from kg.types import Relation, TextSpan
from loaders.model import ROUND_LABEL, batched, build_batch, clean_properties


def test_entities_are_merged_across_documents_with_the_union_of_aliases(keys):
    batch = build_batch([deal_doc(), policy_doc()], keys)
    ids = [n.id for n in batch.nodes]
    assert len(ids) == len(set(ids)) == 7
    assert {m.doc for m in batch.mentions if m.entity == "Company:星云智能"} == {"deal.txt", "policy.txt"}
    miit = next(n for n in batch.nodes if n.label == "Agency")
    assert miit.aliases == ["工信部"]


def test_investments_give_round_events_and_the_investor_label(keys):
    batch = build_batch([deal_doc()], keys)
    invests = [r for r in batch.relationships if r.type == "INVESTS_IN"]
    assert {r.key for r in invests} == {"B轮|2024"}
    assert [r.round for r in batch.rounds] == ["B轮"]
    assert batch.rounds[0].amount_value == 2e8
    links = [r for r in batch.relationships if r.tail_label == ROUND_LABEL]
    assert sorted(r.type for r in links) == ["PARTICIPATED_IN", "PARTICIPATED_IN", "RAISED"]
    assert all(r.docs == ["deal.txt"] for r in links)  # RAISED is stated once, not once per investor
    leads = {r.head: r.properties.get("lead") for r in links if r.type == "PARTICIPATED_IN"}
    assert leads == {"Investor:红杉中国": True, "Company:腾讯": False}
    # a Company that invests is labelled Investor too; an Investor needs no second label
    assert batch.investors == ["Company:腾讯"]


def test_a_fact_stated_twice_in_one_document_keeps_one_source(keys):
    doc = deal_doc()
    again = doc.relations[2]
    doc.relations.append(Relation(again.type, again.head, again.tail, {}, again.evidence, 0.95, "other"))
    rows = [r for r in build_batch([doc], keys).relationships if r.type == "LOCATED_IN"]
    assert len(rows) == 1
    assert (rows[0].docs, rows[0].confidences, rows[0].rules) == (["deal.txt"], [0.95], ["other"])


def test_a_fact_stated_by_two_documents_is_one_row_with_two_sources(keys):
    rows = [r for r in build_batch([deal_doc(), policy_doc()], keys).relationships if r.type == "LOCATED_IN"]
    assert len(rows) == 1
    assert rows[0].docs == ["deal.txt", "policy.txt"]
    assert rows[0].evidence == ["星云智能位于中关村示范区。"] * 2
    assert rows[0].evidence_start == [30, 46]


def test_maps_are_flattened_and_empty_values_dropped():
    assert clean_properties({"a": {"x": 1}, "b": None, "c": "", "d": [1, None], "e": 2}) == {
        "a": '{"x": 1}', "d": [1], "e": 2,
    }


def test_a_relation_to_an_unknown_entity_names_the_document(keys):
    doc = deal_doc()
    doc.relations.append(Relation("LOCATED_IN", "Company:星云智能", "Park:nowhere", {}, TextSpan(0, 1, "星"), 0.5))
    with pytest.raises(StoreError, match=r"deal\.txt: LOCATED_IN refers to unknown entity id 'Park:nowhere'"):
        build_batch([doc], keys)


def test_an_amount_that_is_not_a_number_names_the_document(keys):
    doc = deal_doc()
    doc.relations[0].properties["amount_value"] = "2亿"
    with pytest.raises(StoreError, match=r"deal\.txt: INVESTS_IN amount_value '2亿' is not a number"):
        build_batch([doc], keys)


def test_a_type_that_is_not_an_identifier_is_refused(keys):
    doc = deal_doc()
    doc.entities[0] = replace(doc.entities[0], type="Company) DETACH DELETE (x")
    with pytest.raises(StoreError, match="not a valid label"):
        build_batch([doc], keys)


def test_batches_never_split_a_document():
    docs = [deal_doc(f"d{i}.txt") for i in range(5)]  # 3 relations each
    groups = list(batched(docs, 7))
    assert [len(g) for g in groups] == [2, 2, 1]
    assert [len(g) for g in batched(docs, 1)] == [1, 1, 1, 1, 1]


def _dated_deal(doc: str, sha: str, date_iso: str | None, bulletin: str):
    deal = deal_doc(doc, sha)
    deal.date = bulletin
    for relation in deal.relations:
        if relation.type == "INVESTS_IN":
            relation.properties.pop("date_iso", None)
            if date_iso:
                relation.properties["date_iso"] = date_iso
    return deal


def test_one_round_reported_by_two_bulletins_is_one_deal(keys):
    batch = build_batch([_dated_deal("a.txt", "a" * 64, "2024-04", "2024-05-01"),
                         _dated_deal("b.txt", "b" * 64, None, "2024-06")], keys)
    assert [r.id for r in batch.rounds] == ["FundingRound:Company:星云智能|B轮|2024"]
    raised = [r for r in batch.relationships if r.type == "RAISED"]
    assert [r.docs for r in raised] == [["a.txt", "b.txt"]]
    assert len([r for r in batch.relationships if r.type == "INVESTS_IN"]) == 2  # one per investor


def test_same_named_rounds_a_year_apart_are_two_deals(keys):
    batch = build_batch([_dated_deal("a.txt", "a" * 64, "2020-03", "2020-04"),
                         _dated_deal("b.txt", "b" * 64, "2021-05", "2021-06")], keys)
    assert sorted(r.id for r in batch.rounds) == ["FundingRound:Company:星云智能|B轮|2020",
                                                   "FundingRound:Company:星云智能|B轮|2021"]
    assert len([r for r in batch.relationships if r.type == "INVESTS_IN"]) == 4
