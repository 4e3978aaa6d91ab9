"""Loading, reloading, replacing and removing documents on a real FalkorDB server."""

from __future__ import annotations

import dataclasses

import pytest
from store_fixtures import deal_doc, policy_doc

from kg.errors import ReadOnlyError, StoreError
from kg.types import Entity, Extraction
from loaders.model import build_batch


def counts(store) -> tuple[dict[str, int], dict[str, int]]:
    stats = store.stats()
    return stats.nodes_by_label, stats.relationships_by_type


def test_load_builds_the_graph_with_provenance(store, keys):
    store.write(build_batch([deal_doc(), policy_doc()], keys))
    labels, types = counts(store)
    assert labels["Document"] == 2 and labels["Entity"] == 7 and labels["FundingRound"] == 1
    assert types["INVESTS_IN"] == 2 and types["LOCATED_IN"] == 1 and types["MENTIONED_IN"] == 9
    [[docs, starts, evidence]] = store.query(
        "MATCH (:Company {name: $c})-[r:LOCATED_IN]->(:Park) RETURN r.docs, r.evidence_start, r.evidence",
        {"c": "星云智能"},
    ).rows
    assert sorted(docs) == ["deal.txt", "policy.txt"]
    text = "星云智能位于中关村示范区。"
    for doc, start, sentence in zip(docs, starts, evidence):
        source = deal_doc() if doc == "deal.txt" else policy_doc()
        span = source.relations[2].evidence
        assert (start, sentence) == (span.start, text) == (start, span.text)
    # deals are queryable as events: who took part in which round, and who led
    rows = store.query(
        "MATCH (i)-[p:PARTICIPATED_IN]->(f:FundingRound)<-[:RAISED]-(c:Company) "
        "RETURN i.name, p.lead, f.round, f.amount_value, c.name ORDER BY i.name"
    ).rows
    assert rows == [["红杉中国", True, "B轮", 2e8, "星云智能"], ["腾讯", False, "B轮", 2e8, "星云智能"]]
    assert store.query("MATCH (c:Company:Investor) RETURN c.name").rows == [["腾讯"]]
    # a round keeps what any of its edges states: the resolved date and the valuation
    assert store.query("MATCH (f:FundingRound) RETURN f.date_iso, f.valuation_text, f.valuation_value").rows == [
        ["2024-04", "约20亿元", 2e9]]


def test_a_fact_another_write_states_again_appends_its_provenance(store, keys):
    """The first write creates the fact, the second finds it: its source is appended to every
    parallel list at the same position, and the confidence is the best of both."""
    store.write(build_batch([deal_doc()], keys))
    again = policy_doc()
    at = next(i for i, r in enumerate(again.relations) if r.type == "LOCATED_IN")
    located = again.relations[at] = dataclasses.replace(again.relations[at], confidence=0.97, rule="another_rule")
    store.write(build_batch([again], keys))
    store.write(build_batch([again], keys))  # the same document again adds nothing
    [[docs, starts, rules, confidences, best]] = store.query(
        "MATCH ()-[r:LOCATED_IN]->() RETURN r.docs, r.evidence_start, r.rules, r.confidences, r.confidence"
    ).rows
    assert docs == ["deal.txt", "policy.txt"]
    assert rules == ["test_located_in", "another_rule"] and confidences == [0.9, 0.97] and best == 0.97
    assert starts == [next(r for r in deal_doc().relations if r.type == "LOCATED_IN").evidence.start,
                      located.evidence.start]


def test_loading_twice_creates_nothing_new(store, keys):
    batch = build_batch([deal_doc(), policy_doc()], keys)
    store.write(batch)
    before = counts(store)
    store.write(batch)
    store.write(build_batch([policy_doc()], keys))
    assert counts(store) == before
    [[docs]] = store.query("MATCH ()-[r:LOCATED_IN]->() RETURN r.docs").rows
    assert sorted(docs) == ["deal.txt", "policy.txt"]


def test_a_changed_document_replaces_what_it_said_and_shared_facts_stay(store, keys):
    store.write(build_batch([deal_doc(), policy_doc()], keys))
    changed = deal_doc(sha="c" * 64)
    changed.relations = [r for r in changed.relations if r.type != "LOCATED_IN"]
    changed.relations[0].properties["round"] = "C轮"
    store.write(build_batch([changed], keys))
    assert store.document_hashes()["deal.txt"] == "c" * 64
    rounds = store.query("MATCH ()-[r:INVESTS_IN]->() RETURN DISTINCT r.round ORDER BY r.round").rows
    assert rounds == [["B轮"], ["C轮"]]  # tencent's B-round edge is still stated, sequoia's moved to C
    [[docs]] = store.query("MATCH ()-[r:LOCATED_IN]->() RETURN r.docs").rows
    assert docs == ["policy.txt"]  # the fact stays: the other document still states it


def test_removing_a_document_keeps_what_another_document_supports(store, keys):
    store.write(build_batch([deal_doc(), policy_doc()], keys))
    store.remove_documents(["deal.txt"], keys.names)
    labels, types = counts(store)
    assert labels["Document"] == 1 and "FundingRound" not in labels and "Investor" not in labels
    assert "INVESTS_IN" not in types and "PARTICIPATED_IN" not in types
    names = {row[0] for row in store.query("MATCH (e:Entity) RETURN e.name").rows}
    assert names == {"工业和信息化部", "《关于推动智能制造发展的指导意见》", "张明", "星云智能", "中关村示范区"}
    [[docs, confidences]] = store.query("MATCH ()-[r:LOCATED_IN]->() RETURN r.docs, r.confidences").rows
    assert docs == ["policy.txt"] and confidences == [0.9]
    store.remove_documents(["policy.txt"], keys.names)
    assert counts(store) == ({}, {})


def test_aliases_are_recomputed_from_the_remaining_documents(store, keys):
    other = policy_doc("other.txt", "d" * 64)
    other.entities[0] = dataclasses.replace(other.entities[0], aliases=["国家工业和信息化部"])
    store.write(build_batch([policy_doc(), other], keys))
    [[aliases]] = store.query("MATCH (a:Agency) RETURN a.aliases").rows
    assert sorted(aliases) == ["国家工业和信息化部", "工信部"]
    store.remove_documents(["other.txt"], keys.names)
    assert store.query("MATCH (a:Agency) RETURN a.aliases").rows == [[["工信部"]]]


def test_a_failing_batch_leaves_nothing_behind(store, keys):
    store.write(build_batch([policy_doc()], keys))
    before = counts(store)
    batch = build_batch([deal_doc(), policy_doc(sha="e" * 64)], keys)
    # a map-valued property, which the server refuses, in the SECOND document of the batch
    bad = next(i for i, r in enumerate(batch.relationships) if r.docs == ["policy.txt"])
    batch.relationships[bad] = dataclasses.replace(batch.relationships[bad], properties={"x": {"nested": 1}})
    with pytest.raises(StoreError, match="query failed"):
        store.write(batch)
    assert counts(store) == before  # neither the new document nor the removal of the old one
    assert store.document_hashes() == {"policy.txt": "b" * 64}


def test_read_only_queries_are_refused_by_the_server(store):
    with pytest.raises(ReadOnlyError, match="--write"):
        store.query("CREATE (:Company {name: $n})", {"n": "x"})
    assert store.query("MATCH (n) RETURN count(n)").rows == [[0]]
    store.query("CREATE (:Company {name: $n})", {"n": "x"}, write=True)
    assert store.query("MATCH (n) RETURN count(n)").rows == [[1]]


def test_schema_is_idempotent_and_ids_are_unique(store):
    store.ensure_schema()
    store.query("CREATE (:Entity:Company {id: 'Company:x'})", write=True)
    with pytest.raises(StoreError, match="unique"):
        store.query("CREATE (:Entity:Company {id: 'Company:x'})", write=True)


def test_places_are_linked_by_the_lexicons_hierarchy(store, keys):
    """海淀区 PART_OF 北京市 once both are in the graph, whichever document brought each."""
    def place_doc(doc: str, name: str) -> Extraction:
        return Extraction(doc=doc, sha256=doc[0] * 64, title=None, date=None, relations=[],
                          entities=[Entity(id=f"Location:{name}", name=name, type="Location", aliases=[], mentions=[])])

    hierarchy = {"Location:海淀区": "Location:北京市", "Location:北京市": "Location:中国"}
    store.write(build_batch([place_doc("a.txt", "海淀区")], keys, hierarchy))
    assert store.query("MATCH ()-[r:PART_OF]->() RETURN count(r)").rows == [[0]]
    store.write(build_batch([place_doc("b.txt", "北京市")], keys, hierarchy))
    store.write(build_batch([place_doc("b.txt", "北京市")], keys, hierarchy))
    assert store.query("MATCH (a)-[:PART_OF]->(b) RETURN a.name, b.name").rows == [["海淀区", "北京市"]]


def test_only_rounds_left_without_links_go_and_no_mark_stays(store, keys):
    """The orphan sweep looks at the rounds the replaced documents linked to (``ROUND_CHECK``)."""
    from loaders.queries import ROUND_CHECK

    store.write(build_batch([deal_doc(), policy_doc()], keys))
    store.write(build_batch([deal_doc()], keys))  # the deal written again: its round is replaced, not lost
    assert store.query("MATCH (f:FundingRound) RETURN count(f)").rows == [[1]]
    store.remove_documents(["policy.txt"], keys.names)  # the round's company stays linked through the deal
    assert store.query("MATCH (f:FundingRound) RETURN count(f)").rows == [[1]]
    store.remove_documents(["deal.txt"], keys.names)
    assert store.query("MATCH (f:FundingRound) RETURN count(f)").rows == [[0]]
    assert store.query(f"MATCH (n) WHERE n.{ROUND_CHECK} IS NOT NULL RETURN count(n)").rows == [[0]]
