"""Hand-written extractions (our own sentences) shared by the store tests, and their server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kg.types import Entity, Extraction, Relation, TextSpan
from loaders.embedded import EmbeddedServer


def running_server(directory: Path) -> Iterator[EmbeddedServer]:
    """An embedded FalkorDB started in ``directory`` for a session fixture (``yield from`` it)."""
    embedded = EmbeddedServer(directory)
    embedded.start(detach=True)
    yield embedded
    embedded.stop()


def span(text: str, part: str) -> TextSpan:
    start = text.index(part)
    return TextSpan(start, start + len(part), part)


def entity(text: str, type_: str, name: str, *aliases: str) -> Entity:
    spans = [span(text, n) for n in (name, *aliases) if n in text]
    return Entity(id=f"{type_}:{name}", name=name, type=type_, aliases=list(aliases), mentions=spans)


def relation(text: str, type_: str, head: Entity, tail: Entity, evidence: str, **props: object) -> Relation:
    return Relation(type=type_, head=head.id, tail=tail.id, properties=dict(props),
                    evidence=span(text, evidence), confidence=0.9, rule=f"test_{type_.lower()}")


def deal_doc(doc: str = "deal.txt", sha: str = "a" * 64) -> Extraction:
    """A financing round led by one investor, joined by a company, plus a location."""
    text = ("星云智能完成B轮融资，金额2亿元，由红杉中国领投，腾讯跟投。"
            "星云智能位于中关村示范区。")
    company = entity(text, "Company", "星云智能")
    sequoia = entity(text, "Investor", "红杉中国")
    tencent = entity(text, "Company", "腾讯")
    park = entity(text, "Park", "中关村示范区")
    first = "星云智能完成B轮融资，金额2亿元，由红杉中国领投，腾讯跟投。"
    return Extraction(doc=doc, sha256=sha, title="融资快讯", date="2024-05-01",
                      entities=[company, sequoia, tencent, park],
                      relations=[
                          relation(text, "INVESTS_IN", sequoia, company, first, round="B轮",
                                   amount="2亿元", amount_value=2e8, currency="CNY", lead=True,
                                   date_iso="2024-04", valuation="约20亿元", valuation_value=2e9,
                                   valuation_currency="CNY"),
                          relation(text, "INVESTS_IN", tencent, company, first, round="B轮",
                                   amount="2亿元", amount_value=2e8, currency="CNY", lead=False),
                          relation(text, "LOCATED_IN", company, park, "星云智能位于中关村示范区。"),
                      ])


def policy_doc(doc: str = "policy.txt", sha: str = "b" * 64) -> Extraction:
    """A policy issued by a ministry, a person's post, and the same company's location again."""
    text = ("工业和信息化部（工信部）印发《关于推动智能制造发展的指导意见》。"
            "张明担任星云智能首席执行官。星云智能位于中关村示范区。")
    miit = entity(text, "Agency", "工业和信息化部", "工信部")
    policy = entity(text, "Policy", "《关于推动智能制造发展的指导意见》")
    person = entity(text, "Person", "张明")
    company = entity(text, "Company", "星云智能")
    park = entity(text, "Park", "中关村示范区")
    return Extraction(doc=doc, sha256=sha, title="政策速递", date="2024-06",
                      entities=[miit, policy, person, company, park],
                      relations=[
                          relation(text, "ISSUED_POLICY", miit, policy,
                                   "工业和信息化部（工信部）印发《关于推动智能制造发展的指导意见》。"),
                          relation(text, "HOLDS_POSITION", person, company, "张明担任星云智能首席执行官。",
                                   title="首席执行官"),
                          relation(text, "LOCATED_IN", company, park, "星云智能位于中关村示范区。"),
                      ])
