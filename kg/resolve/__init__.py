"""Stage 5, resolve: mentions and linked relations in, one ``Extraction`` out.

Mentions become entities (``entities.cluster_mentions``) with stable ids
(``keys.entity_id``) that agree across documents; relations are re-pointed from
mentions to entity ids, checked against the ontology and de-duplicated; every
offset is mapped back to the original text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from kg.errors import KGError
from kg.clean import clean_name, document_id
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


def _entity_of(cluster: Cluster, doc: NormalizedDocument, ontology: Ontology,
               legal_form_types: Collection[str]) -> Entity | None:
    """The cluster's entity, its name and aliases cleaned (``clean.clean_name``); None when
    the name was nothing but control characters."""
    name = clean_name(cluster.name)
    if not name:
        return None
    if cluster.type == ontology.types.document and not name.startswith("《"):
        name = f"《{name}》"  # a title a notice forwards without 《》 is written like every other
    spans = sorted({doc.original(m.start, m.end) for m in cluster.mentions}, key=lambda s: s.start)
    aliases = [a for a in map(clean_name, cluster.names) if a and match_key(a) != match_key(name)]
    return Entity(
        id=entity_id(name, cluster.type, legal_form_types),
        name=name,
        type=cluster.type,
        aliases=list(dict.fromkeys(aliases)),
        mentions=spans,
    )


def _relation_key(relation: Relation, ontology: Ontology) -> tuple:
    rtype = ontology.relation_types.get(relation.type)
    key_props = tuple(str(relation.properties.get(p, "")) for p in (rtype.key if rtype else ()))
    return (relation.type, relation.head, relation.tail, key_props)


def join_relation(kept: dict[tuple, Relation], relation: Relation, ontology: Ontology) -> None:
    """Add ``relation`` to ``kept`` (by type, ends and key properties), once: the more confident
    statement wins and the other's properties fill its gaps (a new ``Relation`` in ``kept``; the
    relations given are never changed)."""
    key = _relation_key(relation, ontology)
    previous = kept.get(key)
    if previous is None:
        kept[key] = relation
    elif relation.confidence > previous.confidence:
        kept[key] = replace(relation, properties={**previous.properties, **relation.properties})
    else:
        kept[key] = replace(previous, properties={**relation.properties, **previous.properties})


def resolve(
    doc: NormalizedDocument,
    mentions: list[Mention],
    relations: list[LinkedRelation],
    ontology: Ontology,
    aliases: Mapping[tuple[int, int], str] | None = None,
) -> Extraction:
    """Build the document's ``Extraction`` (entities, relations by id, original offsets).

    ``aliases`` maps a mention's (start, end) to the name it stands for (link's
    ``policy_aliases``: 《意见》 -> the full title introduced before), so that both are one entity.
    """
    if aliases:
        def named(mention: Mention) -> Mention:
            alias = aliases.get((mention.start, mention.end))
            return mention if alias is None else replace(mention, canonical=alias)

        mentions = [named(m) for m in mentions]
        relations = [replace(r, head=named(r.head), tail=named(r.tail)) for r in relations]
    legal_form_types = ontology.with_trait("legal_form_key")
    clusters = [
        c for c in cluster_mentions(doc, mentions, ontology)
        if not (c.type == ontology.types.document and len(c.key) <= _GENERIC_POLICY_MAX)
    ]
    entities: list[Entity] = []
    by_span: dict[tuple[int, int], Entity] = {}
    by_name: dict[tuple[str, str], Entity] = {}
    for cluster in clusters:
        entity = _entity_of(cluster, doc, ontology, legal_form_types)
        if entity is None:
            continue
        entities.append(entity)
        for m in cluster.mentions:
            by_span[(m.start, m.end)] = entity
        for n in cluster.names:
            by_name.setdefault((cluster.type, identity_key(n, cluster.type, legal_form_types)), entity)
            by_name.setdefault(("*", match_key(n)), entity)

    def entity_for(mention: Mention) -> Entity | None:
        found = by_span.get((mention.start, mention.end))
        if found:
            return found
        name = mention_name(mention)
        found = by_name.get((mention.label, identity_key(name, mention.label, legal_form_types))) or by_name.get(("*", match_key(name)))
        if found or mention.end <= mention.start or mention.label not in ontology.entity_types:
            return found
        # A mention only a rule produced (a place named in a company's name): its own entity.
        cluster = Cluster(mention.label, identity_key(name, mention.label, legal_form_types))
        cluster.add(mention, name)
        created = _entity_of(cluster, doc, ontology, legal_form_types)
        if created is None:
            return None
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
            properties=_ontology_properties(linked.properties, rtype.properties),
            evidence=doc.original(linked.evidence_start, linked.evidence_end),
            confidence=round(float(linked.confidence), 3),
            rule=linked.rule,
        )
        join_relation(kept, relation, ontology)

    source = doc.source
    doc_id = document_id(source.path)
    if not doc_id:
        raise KGError(f"{source.path!r}: the document's name is empty once control characters and spaces are removed")
    return Extraction(
        doc=doc_id,
        sha256=source.sha256,
        title=clean_name(doc.title or "") or None,
        date=clean_name(doc.date or "") or None,
        entities=entities,
        relations=_without_stated_deals(list(kept.values()), ontology),
    )


def _ontology_properties(properties: dict[str, Any], declared: Any) -> dict[str, Any]:
    """The properties the ontology declares for the type (the graph takes no others), text
    values cleaned like names."""
    return {k: clean_name(v) if isinstance(v, str) else v for k, v in properties.items() if k in declared}


def _without_stated_deals(relations: list[Relation], ontology: Ontology) -> list[Relation]:
    """A raising (RAISED) stands for a deal no investor edge states: drop it where an investment
    (INVESTS_IN) of the same company and round does ('X完成B轮融资。本轮由Y领投': the investors
    come a sentence later)."""
    investment, raising = ontology.relations.investment, ontology.relations.raising
    invested = {(r.tail, r.properties.get("round")) for r in relations if r.type == investment}
    return [r for r in relations if r.type != raising or (r.tail, r.properties.get("round")) not in invested]


__all__ = ["entity_id", "identity_key", "join_relation", "match_key", "resolve"]
