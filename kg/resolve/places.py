"""The place hierarchy the lexicon states, as entity ids: what the store links as PART_OF.

Ids are resolve's to make (``keys.entity_id``); the store receives them ready, so that a
change in how ids are made is one change, here, and the store never recomputes one.
"""

from __future__ import annotations

from kg.ontology import Ontology
from kg.resolve.keys import entity_id

PLACE_TYPE = "Location"
"""The ontology type whose lexicon entries carry ``located_in``."""


def place_hierarchy(ontology: Ontology) -> dict[str, str]:
    """Location id -> the id of the Location the lexicon puts it in (海淀区 -> 北京市 -> 中国)."""
    entries = ontology.entries(PLACE_TYPE)
    canonical = {name: e.name for e in entries for name in e.names}
    links: dict[str, str] = {}
    for entry in entries:
        parent = canonical.get(entry.located_in or "")
        if parent and parent != entry.name:
            links[entity_id(entry.name, PLACE_TYPE)] = entity_id(parent, PLACE_TYPE)
    return links


__all__ = ["PLACE_TYPE", "place_hierarchy"]
