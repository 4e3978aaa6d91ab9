"""The Cypher both backends send, as functions returning ``Statement``s.

Every write statement is ``UNWIND $param AS row`` over a list of plain maps, ``MERGE`` on
``id`` (or on the relationship key), and ends in ``RETURN count(*)`` so statements can be
chained as ``CALL { ... }`` subqueries into one query (``combine``): FalkorDB runs one query
atomically, and an aggregate always yields a row, so an empty list never stops the chain.
Labels and relationship types cannot be parameters in Cypher; they come from
``model.check_name``-checked names only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any

from loaders.model import (
    DOCUMENT_LABEL,
    ENTITY_LABEL,
    MENTIONED_IN,
    PART_OF,
    PROVENANCE_KEYS,
    ROUND_FIELDS,
    ROUND_LABEL,
    GraphBatch,
    StoreNames,
)


@dataclass(frozen=True, slots=True)
class Statement:
    """A Cypher body (without its final RETURN) and its parameters."""

    body: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def cypher(self) -> str:
        return f"{self.body}\nRETURN count(*) AS n"

    def subquery(self, alias: str) -> str:
        return f"CALL {{\n{self.body}\nRETURN count(*) AS {alias}\n}}"


def combine(statements: list[Statement]) -> tuple[str, dict[str, Any]]:
    """One query (text, parameters) that runs the statements in order, each a ``CALL {}``."""
    params: dict[str, Any] = {}
    parts = []
    for i, statement in enumerate(statements):
        for name, value in statement.params.items():
            if name in params and params[name] != value:
                raise ValueError(f"parameter ${name} given two different values")
            params[name] = value
        parts.append(statement.subquery(f"n{i}"))
    aliases = ", ".join(f"n{i}" for i in range(len(statements))) or "0 AS n"
    return "\n".join(parts) + f"\nRETURN {aliases}", params


# ---- writes ---------------------------------------------------------------------------------

def merge_documents(rows: list[dict[str, Any]], param: str = "documents") -> Statement:
    return Statement(
        f"UNWIND ${param} AS row\n"
        f"MERGE (d:{DOCUMENT_LABEL} {{id: row.id}})\n"
        "SET d.path = row.path, d.sha256 = row.sha256, d.title = row.title, d.date = row.date",
        {param: rows},
    )


def merge_entities(label: str, rows: list[dict[str, Any]], param: str = "nodes") -> Statement:
    """Entity nodes of one label; aliases are the union over every document."""
    return Statement(
        f"UNWIND ${param} AS row\n"
        f"MERGE (n:{ENTITY_LABEL}:{label} {{id: row.id}})\n"
        "ON CREATE SET n.name = row.name, n.aliases = row.aliases\n"
        "ON MATCH SET n.aliases = coalesce(n.aliases, []) + "
        "[a IN row.aliases WHERE NOT a IN coalesce(n.aliases, []) AND a <> n.name]",
        {param: rows},
    )


def label_investors(ids: list[str], names: StoreNames, param: str = "investors") -> Statement:
    """Business nodes that invest also carry the investor label (their type stays the business type)."""
    return Statement(
        f"UNWIND ${param} AS id\n"
        f"MATCH (c:{ENTITY_LABEL}:{names.business} {{id: id}})\n"
        f"SET c:{names.investor}",
        {param: ids},
    )


def merge_mentions(rows: list[dict[str, Any]], param: str = "mentions") -> Statement:
    return Statement(
        f"UNWIND ${param} AS row\n"
        f"MATCH (e:{ENTITY_LABEL} {{id: row.entity}})\n"
        f"MATCH (d:{DOCUMENT_LABEL} {{id: row.doc}})\n"
        f"MERGE (e)-[m:{MENTIONED_IN}]->(d)\n"
        "SET m.count = row.count, m.aliases = row.aliases",
        {param: rows},
    )


def merge_rounds(rows: list[dict[str, Any]], param: str = "rounds") -> Statement:
    """FundingRound events; a value one document gives and another omits is kept."""
    sets = ", ".join(f"f.{k} = coalesce(f.{k}, row.{k})" for k in ROUND_FIELDS)
    return Statement(
        f"UNWIND ${param} AS row\n"
        f"MERGE (f:{ROUND_LABEL} {{id: row.id}})\n"
        f"SET {sets}",
        {param: rows},
    )


def link_places(rows: list[dict[str, Any]], param: str = "places") -> Statement:
    """The lexicon's place hierarchy between places in the graph (idempotent)."""
    return Statement(
        f"UNWIND ${param} AS row\n"
        f"MATCH (a:{ENTITY_LABEL} {{id: row.child}})\n"
        f"MATCH (b:{ENTITY_LABEL} {{id: row.parent}})\n"
        f"MERGE (a)-[:{PART_OF}]->(b)",
        {param: rows},
    )


def merge_relationships(
    rel_type: str, head_label: str, tail_label: str, rows: list[dict[str, Any]], param: str = "rels"
) -> Statement:
    """Facts of one type, keyed by ``key``; each row brings the provenance of its documents.

    A new fact takes the row's provenance lists as they are (most facts of a load are new, and
    the server then does no list work); a known one appends the positions whose document it
    does not list yet, the same positions to every parallel list. ``docs`` is set last: the
    other lists' positions are chosen against the documents it held before.
    """
    fresh = "[i IN range(0, size(row.docs) - 1) WHERE NOT row.docs[i] IN coalesce(r.docs, [])"
    append = ", ".join(f"r.{k} = coalesce(r.{k}, []) + {fresh} | row.{k}[i]]"
                       for k in (*(k for k in PROVENANCE_KEYS if k != "docs"), "docs"))
    best = "reduce(m = {start}, c IN row.confidences | CASE WHEN c > m THEN c ELSE m END)"
    return Statement(
        f"UNWIND ${param} AS row\n"
        f"MATCH (h:{head_label} {{id: row.head}})\n"
        f"MATCH (t:{tail_label} {{id: row.tail}})\n"
        f"MERGE (h)-[r:{rel_type} {{key: row.key}}]->(t)\n"
        "ON CREATE SET r += row.properties, "
        + ", ".join(f"r.{k} = row.{k}" for k in PROVENANCE_KEYS)
        + f",\n    r.confidence = {best.format(start='0.0')}\n"
        f"ON MATCH SET r.confidence = {best.format(start='coalesce(r.confidence, 0.0)')},\n    {append}",
        {param: rows},
    )


def as_params(rows: list[Any], leave_out: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Rows as parameter maps (shallow: ``dataclasses.asdict`` deep-copies every list), without
    the fields in ``leave_out`` (what the query text already says need not be sent per row)."""
    if not rows:
        return []
    names = tuple(f.name for f in fields(rows[0]) if f.name not in leave_out)
    if len(names) == 1:
        return [{names[0]: getattr(row, names[0])} for row in rows]
    values = attrgetter(*names)  # one C call per row, not a getattr per field
    return [dict(zip(names, values(row))) for row in rows]


_SHAPE = ("type", "head_label", "tail_label")
"""A relationship row's shape: the text of the statement its group is written by."""


def write_statements(batch: GraphBatch) -> list[Statement]:
    """Everything a batch writes, in dependency order (nodes before the edges between them)."""
    statements = [merge_documents(as_params(batch.documents))]
    for i, (label, nodes) in enumerate(sorted(batch.nodes_by_label().items())):
        statements.append(merge_entities(label, as_params(nodes, ("label",)), f"nodes_{i}"))
    if batch.investors:
        statements.append(label_investors(batch.investors, batch.names))
    statements.append(merge_mentions(as_params(batch.mentions)))
    if batch.places:
        statements.append(link_places(as_params(batch.places)))
    if batch.rounds:
        statements.append(merge_rounds(as_params(batch.rounds)))
    for i, ((rel_type, head, tail), rows) in enumerate(sorted(batch.relationships_by_shape().items())):
        statements.append(merge_relationships(rel_type, head, tail, as_params(rows, _SHAPE), f"rels_{i}"))
    return statements


# ---- removal --------------------------------------------------------------------------------

_PROVENANCE_OF_DOCS = (
    f"MATCH (d:{DOCUMENT_LABEL})<-[:{MENTIONED_IN}]-(:{ENTITY_LABEL})-[r]->()\n"
    "WHERE d.id IN ${param} AND r.docs IS NOT NULL\n"
    "WITH DISTINCT r\n"
    "WITH r, [i IN range(0, size(r.docs) - 1) WHERE NOT r.docs[i] IN ${param}] AS keep\n"
)
"""Facts the documents support, with the positions of their provenance to keep.

FalkorDB (4.16) loses a ``SET`` on rows that a later ``WHERE`` of the same query part filters
out, and that ``WHERE`` sees the old values; so every filter here comes before the ``SET``."""


def delete_unsupported_relationships(docs: list[str], param: str = "docs") -> Statement:
    """Facts that only these documents state."""
    return Statement(
        _PROVENANCE_OF_DOCS.replace("{param}", param) + "WITH r, keep WHERE size(keep) = 0\nDELETE r",
        {param: docs},
    )


def trim_provenance(docs: list[str], param: str = "docs") -> Statement:
    """Drop the documents' positions from the provenance lists of facts others still state."""
    copies = ", ".join(f"r.{k} = [i IN keep | r.{k}[i]]" for k in PROVENANCE_KEYS)
    return Statement(
        _PROVENANCE_OF_DOCS.replace("{param}", param)
        + "WITH r, keep WHERE size(keep) > 0 AND size(keep) < size(r.docs)\n"
        "WITH r, keep, reduce(m = 0.0, i IN keep | CASE WHEN r.confidences[i] > m "
        "THEN r.confidences[i] ELSE m END) AS best\n"
        f"SET {copies}, r.confidence = best",
        {param: docs},
    )


_ENTITIES_OF_DOCS = (
    f"MATCH (e:{ENTITY_LABEL})-[:{MENTIONED_IN}]->(d:{DOCUMENT_LABEL})\n"
    "WHERE d.id IN ${param}\n"
    "WITH DISTINCT e\n"
    f"OPTIONAL MATCH (e)-[m:{MENTIONED_IN}]->(o:{DOCUMENT_LABEL})\n"
    "WHERE NOT o.id IN ${param}\n"
    "WITH e, count(o) AS others, collect(m.aliases) AS kept\n"
)


def refresh_aliases(docs: list[str], param: str = "docs") -> Statement:
    """Entities other documents still mention: aliases become the union of theirs."""
    return Statement(
        _ENTITIES_OF_DOCS.replace("{param}", param)
        + "WITH e, kept WHERE others > 0\n"
        "SET e.aliases = reduce(acc = [], a IN kept | acc + [x IN a WHERE NOT x IN acc])",
        {param: docs},
    )


def delete_orphan_entities(docs: list[str], param: str = "docs") -> Statement:
    """Entities no other document mentions."""
    return Statement(
        _ENTITIES_OF_DOCS.replace("{param}", param) + "WITH e, others WHERE others = 0\nDETACH DELETE e",
        {param: docs},
    )


def delete_documents(docs: list[str], param: str = "docs") -> Statement:
    return Statement(
        f"MATCH (d:{DOCUMENT_LABEL}) WHERE d.id IN ${param}\nDETACH DELETE d",
        {param: docs},
    )


ROUND_CHECK = "orphan_check"
"""A mark on the rounds the documents link to, set before their facts go and removed after, so
the sweep looks at those rounds only: sweeping every round made each write cost more the larger
the graph (a tenth of a second per write at 9,000 documents, a third of the write)."""


def mark_rounds(docs: list[str], param: str = "docs") -> Statement:
    """Mark the rounds linked to entities the documents mention (they may lose their last link)."""
    return Statement(
        f"MATCH (d:{DOCUMENT_LABEL})<-[:{MENTIONED_IN}]-(:{ENTITY_LABEL})-[]->(f:{ROUND_LABEL})\n"
        f"WHERE d.id IN ${param}\n"
        f"SET f.{ROUND_CHECK} = true",
        {param: docs},
    )


def delete_orphan_rounds() -> Statement:
    """Marked rounds that nothing links to any more."""
    return Statement(
        f"MATCH (f:{ROUND_LABEL}) WHERE f.{ROUND_CHECK} = true\n"
        "OPTIONAL MATCH (f)<-[r]-()\n"
        "WITH f, count(r) AS links WHERE links = 0\n"
        "DELETE f"
    )


def unmark_rounds() -> Statement:
    return Statement(f"MATCH (f:{ROUND_LABEL}) WHERE f.{ROUND_CHECK} = true\nREMOVE f.{ROUND_CHECK}")


def unlabel_former_investors(names: StoreNames) -> Statement:
    """Business nodes left without an investment lose the investor label."""
    return Statement(
        f"MATCH (c:{names.business}:{names.investor})\n"
        f"OPTIONAL MATCH (c)-[r:{names.investment}]->()\n"
        "WITH c, count(r) AS deals WHERE deals = 0\n"
        f"REMOVE c:{names.investor}"
    )


def rename_documents(moves: list[dict[str, str]], param: str = "moves") -> Statement:
    """Documents now under another path (``{old, new}`` rows): the node's id and path, and the
    old name in the provenance of every fact it states (its position kept), become the new."""
    return Statement(
        f"UNWIND ${param} AS move\n"
        f"MATCH (d:{DOCUMENT_LABEL} {{id: move.old}})\n"
        "SET d.id = move.new, d.path = move.new\n"
        "WITH d, move\n"
        f"MATCH (d)<-[:{MENTIONED_IN}]-(:{ENTITY_LABEL})-[r]->()\n"
        "WHERE r.docs IS NOT NULL AND move.old IN r.docs\n"
        "WITH DISTINCT r, move\n"
        "SET r.docs = [x IN r.docs | CASE WHEN x = move.old THEN move.new ELSE x END]",
        {param: moves},
    )


def removal_statements(docs: list[str], names: StoreNames) -> list[Statement]:
    """Remove what documents contributed; what another document still states stays
    (``names``: the ontology's investor label and investment relation)."""
    return [
        mark_rounds(docs),
        delete_unsupported_relationships(docs),
        trim_provenance(docs),
        refresh_aliases(docs),
        delete_orphan_entities(docs),
        delete_documents(docs),
        delete_orphan_rounds(),
        unmark_rounds(),
        unlabel_former_investors(names),
    ]


# ---- reads ----------------------------------------------------------------------------------

DOCUMENT_HASHES = f"MATCH (d:{DOCUMENT_LABEL}) RETURN d.id AS id, d.sha256 AS sha256"
NODES_BY_LABEL = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS count ORDER BY label"
RELATIONSHIPS_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count ORDER BY type"
ALL_NODES = "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS properties"
ALL_RELATIONSHIPS = (
    "MATCH (a)-[r]->(b) RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS properties"
)
SNAPSHOT_ENTITIES = f"MATCH (e:{ENTITY_LABEL}) RETURN e.id AS id, e.name AS name, labels(e) AS labels"
SNAPSHOT_DEALS = (f"MATCH (r:{ROUND_LABEL})<-[:RAISED]-(c) "
                  "RETURN r.id AS id, c.name + ' ' + coalesce(r.round, '?') AS name")
SNAPSHOT_RELATIONS = (
    f"MATCH (a)-[r]->(b) WHERE type(r) <> '{MENTIONED_IN}' AND type(r) <> '{PART_OF}' "
    "RETURN type(r) AS type, a.id AS head, b.id AS tail, coalesce(r.key, '') AS key, "
    "coalesce(a.name, a.id) AS head_name, coalesce(b.name, b.round, b.id) AS tail_name"
)
"""What a rebuild's change record compares (``kg.curate.changes.snapshot``): entities, deals and
facts with what to show for each; read through ``GraphStore.scan``, a page at a time."""
READS = (DOCUMENT_HASHES, NODES_BY_LABEL, RELATIONSHIPS_BY_TYPE, ALL_NODES, ALL_RELATIONSHIPS,
         SNAPSHOT_ENTITIES, SNAPSHOT_DEALS, SNAPSHOT_RELATIONS)
