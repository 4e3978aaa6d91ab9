"""The place hierarchy the lexicon states, as entity ids: what the store links as PART_OF.

Ids are resolve's to make (``keys.entity_id``); the store receives them ready, so that a
change in how ids are made is one change, here, and the store never recomputes one.
"""

from __future__ import annotations

from kg.ontology import Ontology
from kg.resolve.keys import entity_id


def place_hierarchy(ontology: Ontology) -> dict[str, str]:
    """Place id -> the id of the place the lexicon puts it in (海淀区 -> 北京市 -> 中国).

    The place type (``ontology.types.place``, Location) is the one whose lexicon entries carry ``located_in``."""
    place = ontology.types.place
    legal_form_types = ontology.with_trait("legal_form_key")
    entries = ontology.entries(place)
    canonical = {name: e.name for e in entries for name in e.names}
    links: dict[str, str] = {}
    for entry in entries:
        parent = canonical.get(entry.located_in or "")
        if parent and parent != entry.name:
            links[entity_id(entry.name, place, legal_form_types)] = entity_id(parent, place, legal_form_types)
    return links


__all__ = ["place_hierarchy"]
