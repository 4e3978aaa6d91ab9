"""Turn ``Extraction`` records into plain graph records (pure: no I/O, no database).

The graph this builds:

- ``(:Entity:<Type> {id, name, aliases})`` for every entity; ``:Entity`` is a shared label so
  one unique constraint and one index cover every entity id. A Company that invests also gets
  ``:Investor`` (its ``type`` stays Company).
- ``(:Document {id, path, sha256, title, date})`` per extraction, and
  ``(entity)-[:MENTIONED_IN {count, aliases}]->(document)``: the aliases a document used, so
  removing a document can recompute an entity's aliases from the documents that remain.
- One relationship per ontology fact, keyed by the ontology's ``key`` properties (INVESTS_IN by
  round and the deal's year, ``deal_key``; HOLDS_POSITION by title) so loading twice creates nothing new.
- ``(:FundingRound {id, round, amount_text, amount_value, currency, amount_bound, date, date_iso,
  date_precision, date_source, valuation_text, valuation_value, valuation_currency})`` per financing
  round, with ``(company)-[:RAISED]->(round)`` and ``(investor)-[:PARTICIPATED_IN {lead}]->(round)``.
  An extraction's RAISED fact (a deal whose investors the text does not name) gives the round and
  its RAISED link only.

Provenance is kept on each relationship as parallel lists, one position per source document:
``docs``, ``evidence``, ``evidence_start``, ``evidence_end``, ``rules``, ``confidences``
(plus ``confidence``, their maximum). Lists of primitives are native property values in both
Neo4j and FalkorDB (a JSON string per source would not be queryable: ``'a.txt' IN r.docs``
is), and removing a document is a filter over positions. One source per document: when a
document states a fact twice, the most confident statement is kept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kg.clean import clean_name, clean_text, document_id
from kg.errors import StoreError
from kg.types import Entity, Extraction, Relation, TextSpan

if TYPE_CHECKING:
    from kg.ontology import Ontology

ENTITY_LABEL = "Entity"
DOCUMENT_LABEL = "Document"
ROUND_LABEL = "FundingRound"
PART_OF = "PART_OF"
"""(:Location)-[:PART_OF]->(:Location): the place hierarchy the lexicon states, between places in the graph."""
MENTIONED_IN = "MENTIONED_IN"
PARTICIPATED_IN = "PARTICIPATED_IN"

PROVENANCE_KEYS = ("docs", "evidence", "evidence_start", "evidence_end", "rules", "confidences")
"""The parallel provenance lists every loaded relationship carries."""

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class StoreNames:
    """The ontology's type names the graph's own layout depends on (``StoreNames.of(ontology)``):
    which nodes get the extra investor label, which facts become funding rounds, which nodes
    are places. Names only, so that a renamed type in ``ontology/`` needs no change here."""

    business: str
    """The type whose nodes that invest also carry the investor label (``types.business``)."""
    investor: str
    """That extra label, the investor type's name (``types.investor``)."""
    place: str
    """The type linked by the place hierarchy (``types.place``)."""
    investment: str
    """The fact that becomes a funding round with its investor (``relations.investment``)."""
    raising: str
    """The fact of a round without named investors, and the company -> round link (``relations.raising``)."""

    @classmethod
    def of(cls, ontology: Ontology) -> StoreNames:
        return cls(ontology.types.business, ontology.types.investor, ontology.types.place,
                   ontology.relations.investment, ontology.relations.raising)

    @property
    def deals(self) -> tuple[str, str]:
        """The relation types that are financing deals (one edge per investor per deal)."""
        return (self.investment, self.raising)


@dataclass(frozen=True, slots=True)
class NodeRow:
    """An entity node: its primary ontology label plus the shared ``:Entity`` label."""

    id: str
    label: str
    name: str
    aliases: list[str]


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: str
    path: str
    sha256: str
    title: str | None
    date: str | None


@dataclass(frozen=True, slots=True)
class MentionRow:
    """``(entity)-[:MENTIONED_IN {count, aliases}]->(document)``."""

    entity: str
    doc: str
    count: int
    aliases: list[str]


@dataclass(frozen=True, slots=True)
class RoundRow:
    """A financing round of one company: the event that INVESTS_IN edges share."""

    id: str
    company: str
    round: str | None
    amount_text: str | None
    amount_value: float | None
    currency: str | None
    date: str | None
    amount_bound: str | None = None
    date_iso: str | None = None
    valuation_text: str | None = None
    valuation_value: float | None = None
    valuation_currency: str | None = None
    date_precision: str | None = None
    """day, month or year: what ``date_iso`` knows."""
    date_source: str | None = None
    """text (the sentence dates the deal) or bulletin (the bulletin's date: the sentence gives none)."""


ROUND_FIELDS = ("company", "round", "amount_text", "amount_value", "currency", "amount_bound", "date", "date_iso",
                "valuation_text", "valuation_value", "valuation_currency", "date_precision", "date_source")
"""The properties of a FundingRound node besides its id."""


@dataclass(slots=True)
class RelationshipRow:
    """One fact and the documents of the batch that state it (parallel provenance lists).

    One row per fact and batch: FalkorDB does not let a later row of one query see what an
    earlier row wrote to the same relationship, so sources are gathered here, not in Cypher.
    """

    type: str
    head: str
    tail: str
    key: str
    properties: dict[str, Any]
    head_label: str = ENTITY_LABEL
    tail_label: str = ENTITY_LABEL
    docs: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    evidence_start: list[int] = field(default_factory=list)
    evidence_end: list[int] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)

    @property
    def ident(self) -> tuple[str, str, str, str]:
        return (self.type, self.head, self.tail, self.key)

    def add_source(self, doc: str, evidence: TextSpan, rule: str, confidence: float) -> None:
        """Add a document's statement; within one document the most confident one wins."""
        if doc in self.docs:
            i = self.docs.index(doc)
            if confidence <= self.confidences[i]:
                return
            self.evidence[i], self.evidence_start[i], self.evidence_end[i] = evidence.text, evidence.start, evidence.end
            self.rules[i], self.confidences[i] = rule, confidence
            return
        self.docs.append(doc)
        self.evidence.append(evidence.text)
        self.evidence_start.append(evidence.start)
        self.evidence_end.append(evidence.end)
        self.rules.append(rule)
        self.confidences.append(confidence)


@dataclass(frozen=True, slots=True)
class PlaceLink:
    """A place inside another (海淀区 in 北京市), as the lexicon states it."""

    child: str
    parent: str


@dataclass(slots=True)
class GraphBatch:
    """What one write sends: every record of a group of documents."""

    names: StoreNames
    """The ontology's names the statements need (the investor label, the investment relation)."""
    documents: list[DocumentRow] = field(default_factory=list)
    nodes: list[NodeRow] = field(default_factory=list)
    mentions: list[MentionRow] = field(default_factory=list)
    relationships: list[RelationshipRow] = field(default_factory=list)
    rounds: list[RoundRow] = field(default_factory=list)
    investors: list[str] = field(default_factory=list)
    """Ids of business nodes that invest: they get the extra investor label (``StoreNames``)."""
    places: list[PlaceLink] = field(default_factory=list)
    """PART_OF links between the batch's places and the places they are in or contain."""

    @property
    def doc_ids(self) -> list[str]:
        return [d.id for d in self.documents]

    def nodes_by_label(self) -> dict[str, list[NodeRow]]:
        groups: dict[str, list[NodeRow]] = {}
        for node in self.nodes:
            groups.setdefault(node.label, []).append(node)
        return groups

    def relationships_by_shape(self) -> dict[tuple[str, str, str], list[RelationshipRow]]:
        """Rows grouped by (type, head label, tail label): one Cypher statement per group."""
        groups: dict[tuple[str, str, str], list[RelationshipRow]] = {}
        for row in self.relationships:
            groups.setdefault((row.type, row.head_label, row.tail_label), []).append(row)
        return groups


class RelationSchema(dict[str, tuple[str, ...]]):
    """The key properties per relation type, the properties the ontology declares for each, and
    the ontology's ``StoreNames``.

    A plain mapping of keys to every caller; ``build_batch`` also refuses a property the
    ontology does not declare (a property key is a name in the graph, not data)."""

    def __init__(self, keys: Mapping[str, tuple[str, ...]], properties: Mapping[str, frozenset[str]],
                 names: StoreNames) -> None:
        super().__init__(keys)
        self.properties: dict[str, frozenset[str]] = dict(properties)
        self.names = names


def relation_keys(ontology: Ontology) -> RelationSchema:
    """The key properties per relation type, from a ``kg.ontology.Ontology`` (with its declared
    properties and the names the graph layout uses)."""
    return RelationSchema({name: tuple(rel.key) for name, rel in ontology.relation_types.items()},
                          {name: frozenset(rel.properties) for name, rel in ontology.relation_types.items()},
                          StoreNames.of(ontology))


def check_name(name: str, what: str, doc: str) -> str:
    """Labels and relationship types go into Cypher text: allow plain identifiers only."""
    if not _NAME.match(name or ""):
        raise StoreError(f"{doc}: {what} {name!r} is not a valid label/type name (letters, digits, _)")
    return name


def property_value(value: Any) -> Any:
    """A value both servers accept: primitives and lists of primitives; maps become JSON text."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (dict, list, tuple)) for v in value):
            return json.dumps(list(value), ensure_ascii=False, sort_keys=True)
        return [v for v in value if v is not None]
    return value


def clean_properties(properties: Mapping[str, Any]) -> dict[str, Any]:
    """Drop empty values (``SET r += {x: null}`` would delete) and flatten maps."""
    return {k: property_value(v) for k, v in properties.items() if v is not None and v != ""}


def relationship_key(relation: Relation, keys: Mapping[str, Sequence[str]]) -> str:
    """What tells two edges of one type between one pair apart (``""`` if the type has no key)."""
    return "|".join(str(relation.properties.get(k) or "") for k in keys.get(relation.type, ()))


def round_id(company: str, key: str) -> str:
    """``FundingRound:<company id>|<round>|<year>``: stable across rebuilds (see ``deal_key``)."""
    return f"{ROUND_LABEL}:{company}|{key}"


def deal_key(key: str, props: Mapping[str, Any], bulletin_date: str | None) -> str:
    """What tells one real deal of a company apart: its round name plus its year (the deal's
    ``date_iso``, else the bulletin's). Two bulletins reporting 某某B轮 in 2021 give one deal;
    B轮 in 2020 and B轮 in 2021 give two. A deal reported in December by one bulletin and in
    January by the next splits in two: the year is the one compatibility test a stable id can
    carry without knowing the other documents.

    >>> deal_key("B轮", {"date_iso": "2021-03"}, None), deal_key("B轮", {}, "2020-12-01"), deal_key("", {}, None)
    ('B轮|2021', 'B轮|2020', '|')
    """
    iso = str(props.get("date_iso") or bulletin_date or "")
    return f"{key}|{iso[:4]}"


def _unique(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def _text(value: Any, what: str, doc: str, *, optional: bool = False) -> str:
    """``value`` cleaned as a name (``clean.clean_name``); a non-string or a value that cleans
    to nothing is refused naming the document (ids that end in whitespace crash FalkorDB)."""
    if value is None and optional:
        return ""
    if not isinstance(value, str):
        raise StoreError(f"{doc}: {what} must be text, not {type(value).__name__} {value!r}")
    cleaned = clean_name(value)
    if not cleaned and not optional:
        raise StoreError(f"{doc}: {what} {value!r} is empty once control characters and spaces are removed")
    return cleaned


def _clean_value(value: Any) -> Any:
    """A property value with its text cleaned like a name (lists item by item)."""
    if isinstance(value, str):
        return clean_name(value)
    if isinstance(value, (list, tuple)):
        return [_clean_value(v) for v in value]
    if isinstance(value, dict):
        return {clean_name(str(k)): _clean_value(v) for k, v in value.items()}
    return value


def _clean_properties(relation: Relation, declared: Mapping[str, frozenset[str]] | None, doc: str) -> dict[str, Any]:
    """The relation's properties, keys checked (identifiers the ontology declares), values cleaned."""
    allowed = declared.get(relation.type) if declared is not None else None
    for key in relation.properties:
        if not isinstance(key, str) or not _NAME.match(key):
            raise StoreError(f"{doc}: {relation.type} property key {key!r} is not a valid name (letters, digits, _)")
        if allowed is not None and key not in allowed:
            raise StoreError(f"{doc}: {relation.type} has no property {key!r} in the ontology"
                             f" (known: {', '.join(sorted(allowed)) or 'none'})")
    return {k: _clean_value(v) for k, v in relation.properties.items()}


def _cleaned(extraction: Extraction, declared: Mapping[str, frozenset[str]] | None) -> Extraction:
    """A copy of the extraction that a server can store: ids, names, aliases, title, date and
    property values cleaned (``kg.clean``), evidence texts without control characters.

    Raises ``StoreError`` naming the document when an id or name is not text or is nothing
    but control characters and spaces, or a property key is not one the ontology declares."""
    raw_doc = extraction.doc
    doc = document_id(_text(raw_doc, "document id", repr(raw_doc)))
    if not extraction.sha256 or not isinstance(extraction.sha256, str):
        raise StoreError(f"{doc}: extraction has no sha256")
    entities = [
        Entity(id=_text(e.id, "entity id", doc), name=_text(e.name, f"name of {e.id!r}", doc),
               type=check_name(e.type, "entity type", doc),
               aliases=[a for a in (_text(a, f"alias of {e.id!r}", doc, optional=True) for a in e.aliases) if a],
               mentions=e.mentions)
        for e in extraction.entities
    ]
    relations = [
        Relation(type=check_name(r.type, "relation type", doc), head=_text(r.head, "relation head", doc),
                 tail=_text(r.tail, "relation tail", doc), properties=_clean_properties(r, declared, doc),
                 evidence=TextSpan(r.evidence.start, r.evidence.end, clean_text(r.evidence.text)),
                 confidence=r.confidence, rule=clean_name(r.rule or ""))
        for r in extraction.relations
    ]
    return Extraction(doc=doc, sha256=extraction.sha256,
                      title=_text(extraction.title, "title", doc, optional=True) or None,
                      date=_text(extraction.date, "date", doc, optional=True) or None,
                      entities=entities, relations=relations)


def _check(extraction: Extraction) -> None:
    doc = extraction.doc
    ids = {e.id for e in extraction.entities}
    for relation in extraction.relations:
        for end in (relation.head, relation.tail):
            if end not in ids:
                raise StoreError(f"{doc}: {relation.type} refers to unknown entity id {end!r}")


def _number(props: Mapping[str, Any], name: str, doc: str) -> float | None:
    value = props.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise StoreError(f"{doc}: INVESTS_IN {name} {value!r} is not a number")
    return float(value) if value is not None else None


def _round_row(company: str, key: str, props: Mapping[str, Any], doc: str) -> RoundRow:
    return RoundRow(
        id=round_id(company, key),
        company=company,
        round=props.get("round") or None,
        amount_text=props.get("amount_text") or None,
        amount_value=_number(props, "amount_value", doc),
        currency=props.get("currency") or None,
        date=props.get("date") or None,
        amount_bound=props.get("amount_bound") or None,
        date_iso=props.get("date_iso") or None,
        valuation_text=props.get("valuation_text") or None,
        valuation_value=_number(props, "valuation_value", doc),
        valuation_currency=props.get("valuation_currency") or None,
        date_precision=props.get("date_precision") or None,
        date_source=props.get("date_source") or None,
    )


def _add_relationship(
    facts: dict[tuple[str, str, str, str], RelationshipRow], row: RelationshipRow,
    doc: str, evidence: TextSpan, rule: str, confidence: float,
) -> RelationshipRow:
    known = facts.setdefault(row.ident, row)
    known.add_source(doc, evidence, rule, confidence)
    return known


def _add_round(
    facts: dict[tuple[str, str, str, str], RelationshipRow], rounds: dict[str, RoundRow],
    relation: Relation, key: str, props: dict[str, Any], doc: str, names: StoreNames,
) -> None:
    """The FundingRound event of an investment (or investor-less raising) fact and its raising /
    PARTICIPATED_IN links."""
    rid = round_id(relation.tail, key)
    rounds.setdefault(rid, _round_row(relation.tail, key, props, doc))
    source = (doc, relation.evidence, relation.rule, float(relation.confidence))
    _add_relationship(facts, RelationshipRow(names.raising, relation.tail, rid, "", {}, tail_label=ROUND_LABEL),
                      *source)
    if relation.type == names.raising:  # 投资方未透露: the deal stands without investors
        return
    lead = props.get("lead")
    link_props = {"lead": bool(lead)} if lead is not None else {}
    _add_relationship(
        facts, RelationshipRow(PARTICIPATED_IN, relation.head, rid, "", link_props, tail_label=ROUND_LABEL), *source
    )


DEAL_PROPERTY_NAMES: dict[str, str] = {"amount": "amount_text", "valuation": "valuation_text"}
"""Extraction property -> graph property of a deal fact, where the graph's name says more (amount as written)."""


def graph_properties(relation_type: str, props: dict[str, Any], names: StoreNames) -> dict[str, Any]:
    """The relation's properties under their graph names (an investment's amount -> amount_text)."""
    renames = DEAL_PROPERTY_NAMES if relation_type in names.deals else {}
    return {renames.get(k, k): v for k, v in props.items()}


def build_batch(extractions: Iterable[Extraction], keys: RelationSchema,
                places: Mapping[str, str] | None = None) -> GraphBatch:
    """Graph records for a group of extractions (see the module docstring for the shape).

    ``keys`` (``relation_keys(ontology)``) maps a relation type to its key properties, refuses a
    property the ontology does not declare and names the investor label and the deal relations
    (``StoreNames``); ``places`` a Location id to the id
    of the Location it is in (``kg.resolve.places.place_hierarchy``). Every id, name and value
    is cleaned first (``_cleaned``). Raises ``StoreError`` naming the document when an extraction is inconsistent.
    """
    names = keys.names
    batch = GraphBatch(names=names)
    nodes: dict[str, NodeRow] = {}
    rounds: dict[str, RoundRow] = {}
    facts: dict[tuple[str, str, str, str], RelationshipRow] = {}
    investors: dict[str, None] = {}
    declared = keys.properties
    for given in extractions:
        extraction = _cleaned(given, declared)
        _check(extraction)
        if extraction.doc in batch.doc_ids:
            raise StoreError(f"{extraction.doc}: the same document twice in one batch")
        batch.documents.append(
            DocumentRow(extraction.doc, extraction.doc, extraction.sha256, extraction.title, extraction.date)
        )
        types = {e.id: e.type for e in extraction.entities}
        for entity in extraction.entities:
            aliases = _unique(a for a in entity.aliases if a != entity.name)
            known = nodes.get(entity.id)
            if known is None:
                nodes[entity.id] = NodeRow(entity.id, entity.type, entity.name, list(aliases))
            else:
                known.aliases.extend(a for a in aliases if a not in known.aliases and a != known.name)
            batch.mentions.append(MentionRow(entity.id, extraction.doc, len(entity.mentions), aliases))
        for relation in extraction.relations:
            key = relationship_key(relation, keys)
            if relation.type in names.deals:  # one edge per investor per deal, not per round name
                key = deal_key(key, relation.properties, extraction.date)
            props = graph_properties(relation.type, clean_properties(relation.properties), names)
            if relation.type == names.raising:  # a round with no investor named: the event, no self-loop
                _add_round(facts, rounds, relation, key, props, extraction.doc, names)
                continue
            row = RelationshipRow(relation.type, relation.head, relation.tail, key, props)
            source = (extraction.doc, relation.evidence, relation.rule, float(relation.confidence))
            _add_relationship(facts, row, *source)
            if relation.type == names.investment:
                _add_round(facts, rounds, relation, key, props, extraction.doc, names)
                if types.get(relation.head) != names.investor:
                    investors[relation.head] = None
    batch.nodes = list(nodes.values())
    batch.rounds = list(rounds.values())
    batch.relationships = list(facts.values())
    batch.investors = list(investors)
    batch.places = _place_links(batch.nodes, places or {}, names.place)
    return batch


def _place_links(nodes: list[NodeRow], places: Mapping[str, str], place: str) -> list[PlaceLink]:
    """The hierarchy links that touch a place (a ``place`` node) of the batch (the other end may be stored already)."""
    here = {n.id for n in nodes if n.label == place}
    if not here:
        return []
    return [PlaceLink(child, parent) for child, parent in places.items() if child in here or parent in here]


def batched(extractions: Iterable[Extraction], max_relationships: int) -> Iterator[list[Extraction]]:
    """Group extractions so each group holds about ``max_relationships`` relations.

    A document is never split (a write is all of a document or none of it), so a single
    document with more relations than the limit forms a group of its own.
    """
    if max_relationships < 1:
        raise StoreError(f"batch size must be at least 1, not {max_relationships}")
    group: list[Extraction] = []
    size = 0
    for extraction in extractions:
        n = max(1, len(extraction.relations))
        if group and size + n > max_relationships:
            yield group
            group, size = [], 0
        group.append(extraction)
        size += n
    if group:
        yield group


__all__ = [
    "DOCUMENT_LABEL",
    "ENTITY_LABEL",
    "PART_OF",
    "PROVENANCE_KEYS",
    "ROUND_FIELDS",
    "ROUND_LABEL",
    "DocumentRow",
    "GraphBatch",
    "MentionRow",
    "NodeRow",
    "PlaceLink",
    "RelationSchema",
    "RelationshipRow",
    "RoundRow",
    "StoreNames",
    "batched",
    "build_batch",
    "check_name",
    "clean_properties",
    "relation_keys",
    "deal_key",
    "round_id",
]
