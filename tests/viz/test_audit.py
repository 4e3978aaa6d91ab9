"""The audit page from a hand-written extraction (offsets into the original text)."""

import re

from kg.ontology import load_ontology
from kg.types import Entity, Extraction, Relation, TextSpan
from kg.viz.audit import audit_page, entity_spans
from kg.viz.html import external_references

TEXT = "2021年3月，工业和信息化部印发\n《关于加快培育发展制造业优质企业的指导意见》。工信部表示……"


def _span(text: str, start_from: int = 0) -> TextSpan:
    start = TEXT.index(text, start_from)
    return TextSpan(start, start + len(text), text)


POLICY = "《关于加快培育发展制造业优质企业的指导意见》"
EXTRACTION = Extraction(
    doc="policy.txt", sha256="0" * 64, title="政策动态", date="2021-03",
    entities=[
        Entity("agency:miit", "工业和信息化部", "Agency", ["工信部"], [_span("工业和信息化部"), _span("工信部")]),
        Entity("policy:1", POLICY, "Policy", [], [_span(POLICY)]),
        # overlaps the agency mention: must not break the page
        Entity("org:x", "信息化部", "Organization", [], [_span("信息化部")]),
    ],
    relations=[Relation("ISSUED_POLICY", "agency:miit", "policy:1", {"date": "2021-03"},
                        _span("工业和信息化部印发\n" + POLICY), 0.85, "issue_verb")],
)


def test_every_mention_is_highlighted_with_its_type() -> None:
    page = audit_page(TEXT, EXTRACTION, load_ontology())
    marks = {(t.strip(), label) for t, label in
             re.findall(r"<mark[^>]*>\s*(.*?)\s*<span[^>]*>\s*(\w+)\s*</span>\s*</mark>", page, re.DOTALL)}
    assert {("工业和信息化部", "Agency"), ("工信部", "Agency"), (POLICY, "Policy")} <= marks


def test_overlapping_mentions_keep_the_longer_one() -> None:
    spans = entity_spans(TEXT, EXTRACTION)
    assert [TEXT[s["start"]:s["end"]] for s in spans] == ["工业和信息化部", POLICY, "工信部"]


def test_relations_listed_with_evidence_rule_and_confidence() -> None:
    page = audit_page(TEXT, EXTRACTION, load_ontology())
    section = page[page.index("Relations (1)"):]
    for expected in ("ISSUED_POLICY", "工业和信息化部", "issue_verb", "0.85", "date=2021-03", "印发"):
        assert expected in section
    assert external_references(page) == []


def test_entities_take_the_colour_of_their_type_from_the_ontology() -> None:
    ontology = load_ontology()
    page = audit_page(TEXT, EXTRACTION, ontology)
    assert ontology.entity_types["Agency"].colour in page
