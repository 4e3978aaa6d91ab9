"""The audit page of one extraction: the bulletin with its entities highlighted by displaCy,
then every relation with its evidence sentence, rule and confidence.

Offsets come from the ``Extraction`` and point into ``SourceDocument.text``, so the page
shows the text exactly as read.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from spacy import displacy

from kg.ontology import Ontology
from kg.types import Extraction


def type_colours(ontology: Ontology) -> dict[str, str]:
    """displaCy's ``colors`` option: each entity type's colour, as the ontology gives it."""
    return {name: entity_type.colour for name, entity_type in ontology.entity_types.items()}


def entity_spans(text: str, extraction: Extraction) -> list[dict[str, Any]]:
    """displaCy's manual spans, sorted and without overlaps (the longer mention wins)."""
    spans = sorted(
        ({"start": m.start, "end": m.end, "label": e.type}
         for e in extraction.entities for m in e.mentions if 0 <= m.start < m.end <= len(text)),
        key=lambda s: (s["start"], -(s["end"] - s["start"])),
    )
    kept: list[dict[str, Any]] = []
    for span in spans:
        if not kept or span["start"] >= kept[-1]["end"]:
            kept.append(span)
    return kept


def _relations_table(extraction: Extraction) -> str:
    names = {e.id: e.name for e in extraction.entities}
    rows = []
    for r in extraction.relations:
        props = ", ".join(f"{k}={v}" for k, v in r.properties.items() if v not in (None, ""))
        cells = (names.get(r.head, r.head), r.type, names.get(r.tail, r.tail), props, r.evidence.text,
                 f"{r.evidence.start}-{r.evidence.end}", r.rule, f"{r.confidence:.2f}")
        rows.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("head", "relation", "tail", "properties", "evidence",
                                               "offsets", "rule", "confidence"))
    return f"<table class=\"relations\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _entities_table(extraction: Extraction, merged: Mapping[str, Sequence[str]]) -> str:
    """Every entity, so one nested inside a longer highlight (北京 in 北京字节跳动...) is still seen;
    ``merged``: entity id -> the names a curation merge joined into it."""
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in
                         (e.name, e.type, " | ".join(e.aliases), " | ".join(merged.get(e.id, ())),
                          len(e.mentions), e.id)) + "</tr>"
        for e in sorted(extraction.entities, key=lambda e: (e.type, e.name))
    )
    head = "".join(f"<th>{h}</th>" for h in ("name", "type", "aliases", "merged from", "mentions", "id"))
    return f"<table class=\"entities\"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def audit_page(text: str, extraction: Extraction, ontology: Ontology,
               merged_from: Mapping[str, Sequence[str]] | None = None) -> str:
    """A standalone HTML page (displaCy's own markup and styles, no external resources), entities in
    their ``ontology`` colours; ``merged_from`` (``kg.curate.show``) lists the names merged into each entity."""
    title = extraction.title or extraction.doc
    rendered = displacy.render(
        {"text": text, "ents": entity_spans(text, extraction), "title": title},
        style="ent", manual=True, page=True, options={"colors": type_colours(ontology)},
    )
    section = (
        f"<section style=\"margin:2em\"><h2>Relations ({len(extraction.relations)})</h2>"
        "<style>table{border-collapse:collapse;font-size:14px}"
        "td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}</style>"
        f"{_relations_table(extraction)}"
        f"<h2>Entities ({len(extraction.entities)})</h2>{_entities_table(extraction, merged_from or {})}</section>"
    )
    return rendered.replace("</body>", section + "</body>", 1)
