"""Stage 5, resolve: mentions and linked relations in, one ``Extraction`` out.

Mentions become entities (``entities.cluster_mentions``) with stable ids
(``keys.entity_id``) that agree across documents; relations are re-pointed from
mentions to entity ids, checked against the ontology and de-duplicated; every
offset is mapped back to the original text.
"""

from __future__ import annotations

from kg.link.rules import INVESTS_IN, RAISED
from kg.ontology import Ontology
from kg.resolve.entities import Cluster, cluster_mentions, mention_name
from kg.resolve.keys import entity_id, identity_key, match_key
from kg.types import (
    Entity,
    Extraction,
    LinkedRelation,
    Mention,
    NormalizedDocument,
    Relation,
)

_GENERIC_POLICY_MAX = 4
"""An unresolved 《》 reference this short (《意见》, 《方案》) names no policy: dropped."""


def _entity_of(cluster: Cluster, doc: NormalizedDocument) -> Entity:
    name = cluster.name
    if cluster.type == "Policy" and not name.startswith("《"):
        name = f"《{name}》"  # a title a notice forwards without 《》 is written like every other
    spans = sorted({doc.original(m.start, m.end) for m in cluster.mentions}, key=lambda s: s.start)
    aliases = [n for n in cluster.names if match_key(n) != match_key(name)]
    return Entity(
        id=entity_id(name, cluster.type),
        name=name,
        type=cluster.type,
        aliases=list(dict.fromkeys(aliases)),
        mentions=spans,
    )


def _relation_key(relation: Relation, ontology: Ontology) -> tuple:
    rtype = ontology.relation_types.get(relation.type)
    key_props = tuple(str(relation.properties.get(p, "")) for p in (rtype.key if rtype else ()))
    return (relation.type, relation.head, relation.tail, key_props)


def resolve(
    doc: NormalizedDocument,
    mentions: list[Mention],
    relations: list[LinkedRelation],
    ontology: Ontology,
) -> Extraction:
    """Build the document's ``Extraction`` (entities, relations by id, original offsets)."""
    clusters = [
        c for c in cluster_mentions(doc, mentions, ontology)
        if not (c.type == "Policy" and len(c.key) <= _GENERIC_POLICY_MAX)
    ]
    entities: list[Entity] = []
    by_span: dict[tuple[int, int], Entity] = {}
    by_name: dict[tuple[str, str], Entity] = {}
    for cluster in clusters:
        entity = _entity_of(cluster, doc)
        entities.append(entity)
        for m in cluster.mentions:
            by_span[(m.start, m.end)] = entity
        for n in cluster.names:
            by_name.setdefault((cluster.type, identity_key(n, cluster.type)), entity)
            by_name.setdefault(("*", match_key(n)), entity)

    def entity_for(mention: Mention) -> Entity | None:
        found = by_span.get((mention.start, mention.end))
        if found:
            return found
        name = mention_name(mention)
        found = by_name.get((mention.label, identity_key(name, mention.label))) or by_name.get(("*", match_key(name)))
        if found or mention.end <= mention.start or mention.label not in ontology.entity_types:
            return found
        # A mention only a rule produced (a place named in a company's name): its own entity.
        cluster = Cluster(mention.label, identity_key(name, mention.label))
        cluster.add(mention, name)
        created = _entity_of(cluster, doc)
        entities.append(created)
        by_span[(mention.start, mention.end)] = created
        by_name[(mention.label, cluster.key)] = created
        return created

    kept: dict[tuple, Relation] = {}
    for linked in relations:
        head, tail = entity_for(linked.head), entity_for(linked.tail)
        rtype = ontology.relation_types.get(linked.type)
        if not head or not tail or not rtype or (head.id == tail.id) != rtype.one_entity \
                or not rtype.allows(head.type, tail.type):
            continue
        relation = Relation(
            type=linked.type,
            head=head.id,
            tail=tail.id,
            properties=dict(linked.properties),
            evidence=doc.original(linked.evidence_start, linked.evidence_end),
            confidence=round(float(linked.confidence), 3),
            rule=linked.rule,
        )
        key = _relation_key(relation, ontology)
        previous = kept.get(key)
        if previous is None or relation.confidence > previous.confidence:
            if previous is not None:
                relation.properties = {**previous.properties, **relation.properties}
            kept[key] = relation
        else:
            previous.properties = {**relation.properties, **previous.properties}

    source = doc.source
    return Extraction(
        doc=source.path,
        sha256=source.sha256,
        title=doc.title,
        date=doc.date,
        entities=entities,
        relations=_without_stated_deals(list(kept.values())),
    )


def _without_stated_deals(relations: list[Relation]) -> list[Relation]:
    """RAISED stands for a deal no investor edge states: drop it where an INVESTS_IN of the same
    company and round does ('X完成B轮融资。本轮由Y领投': the investors come a sentence later)."""
    invested = {(r.tail, r.properties.get("round")) for r in relations if r.type == INVESTS_IN}
    return [r for r in relations if r.type != RAISED or (r.tail, r.properties.get("round")) not in invested]


__all__ = ["entity_id", "identity_key", "match_key", "resolve"]
