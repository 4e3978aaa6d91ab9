"""Look entities up in a store by part of a name or alias: what an analyst does before curating.

A name matches as typed (a substring) or normalized: ``match_key`` (full/half width, case,
spaces, 《》) and the legal form dropped (``identity_key``: 北京字节跳动科技有限公司 is found
by 字节跳动科技). Matching runs here, not in Cypher, so Neo4j and FalkorDB agree on it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from kg.ontology import Ontology
from kg.resolve.keys import identity_key, match_key
from loaders import GraphStore

_ENTITIES = "MATCH (e:Entity) RETURN e.id AS id, e.name AS name, e.aliases AS aliases, labels(e) AS labels"
_COUNTS = (
    "MATCH (e:Entity) WHERE e.id IN $ids "
    "OPTIONAL MATCH (e)-[:MENTIONED_IN]->(d:Document) "
    "WITH e, count(DISTINCT d) AS documents "
    "OPTIONAL MATCH (e)-[r]-() WHERE type(r) <> 'MENTIONED_IN' "
    "RETURN e.id AS id, documents, count(DISTINCT r) AS relations"
)
_EVIDENCE = (
    "MATCH (e:Entity {id: $id})-[r]-(x) WHERE type(r) <> 'MENTIONED_IN' "
    "RETURN type(r) AS relation, startNode(r) = e AS outgoing, x.id AS other_id, "
    "coalesce(x.name, x.round, x.id) AS other, r.docs AS docs, r.evidence AS evidence ORDER BY relation, other"
)
_SHARED_LABEL = "Entity"
"""The label every entity node carries besides its type's (``loaders.model``)."""


@dataclass(frozen=True, slots=True)
class EntityHit:
    """One entity found: what ``kg entities`` shows."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    documents: int
    relations: int

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "aliases": list(self.aliases)}


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact of an entity and the sentence of each document that states it."""

    relation: str
    outgoing: bool
    other: str
    document: str
    sentence: str


def entity_type_of(labels: list[str], ontology: Ontology) -> str | None:
    """The entity's type from its node labels: a Company that invests also carries the investor
    type's label (``ontology.types.investor``), which is its type only when it has no other; None
    for a node with the shared label only."""
    investor = ontology.types.investor
    kept = [label for label in labels if label not in (_SHARED_LABEL, investor)]
    return kept[0] if kept else (investor if investor in labels else None)


def _matches(query: str, names: list[str], etype: str, legal_form_types: Collection[str]) -> bool:
    keys = {match_key(query), identity_key(query, etype, legal_form_types)} - {""}
    for name in names:
        forms = (match_key(name), identity_key(name, etype, legal_form_types))
        if query in name or any(k in form for k in keys for form in forms):
            return True
    return False


def find_entities(graph: GraphStore, query: str, ontology: Ontology,
                  entity_type: str | None = None) -> tuple[EntityHit, ...]:
    """Entities whose id, name or an alias contains ``query`` (as typed or normalized), of
    ``entity_type`` when given; exact names first, then by name. ``ontology`` says which types
    drop their legal form for matching, and which label is the investor's."""
    legal_form_types = ontology.with_trait("legal_form_key")
    found: list[tuple[str, str, str, tuple[str, ...]]] = []
    for row in graph.query(_ENTITIES).records():
        etype = entity_type_of(list(row["labels"] or []), ontology) or _SHARED_LABEL
        names = [row["name"] or "", *(row["aliases"] or [])]
        if entity_type and entity_type not in row["labels"]:
            continue
        if query == row["id"] or _matches(query, names, etype, legal_form_types):
            found.append((row["id"], row["name"] or "", etype, tuple(row["aliases"] or ())))
    if not found:
        return ()
    counts = {r["id"]: (r["documents"], r["relations"])
              for r in graph.query(_COUNTS, {"ids": [f[0] for f in found]}).records()}
    exact = match_key(query)
    hits = [EntityHit(i, n, t, a, *counts.get(i, (0, 0))) for i, n, t, a in found]
    return tuple(sorted(hits, key=lambda h: (match_key(h.name) != exact, h.name, h.id)))


def entity_evidence(graph: GraphStore, entity: str) -> tuple[Evidence, ...]:
    """Every fact of the entity with id ``entity``, one row per document that states it."""
    rows: list[Evidence] = []
    for row in graph.query(_EVIDENCE, {"id": entity}).records():
        docs, sentences = list(row["docs"] or []), list(row["evidence"] or [])
        for i, doc in enumerate(docs or [""]):
            sentence = sentences[i] if i < len(sentences) else ""
            rows.append(Evidence(row["relation"], bool(row["outgoing"]), str(row["other"]), doc, sentence))
    return tuple(rows)


__all__ = ["EntityHit", "Evidence", "entity_evidence", "entity_type_of", "find_entities"]
