"""Apply the curation to what extraction produced, before anything is written.

The store only ever receives curated extractions, so there is no patching of the database and
nothing for a rebuild to undo. Edits name entities by their names, compared with ``match_key``
(width, case, spaces and 《》 do not matter) or by id, so an edit keeps working on documents
extracted later; edits apply in file order, so ``rename A B`` then ``merge B C`` chains.

A merged, renamed or retyped entity gets the id of its curated name and type
(``entity_id``), the same in every document, so a document that names only B and one that
names only A land on one node. Entities that end with the same id are joined (names become
aliases, mentions are pooled); relations follow their entities, those the ontology no longer
allows (a retype, a merge into one) are dropped and duplicates are joined.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from kg.clean import clean_name
from kg.curate.edits import CurationError, Edit
from kg.ontology import Ontology
from kg.resolve import join_relation
from kg.resolve.keys import entity_id, match_key
from kg.types import Entity, Extraction, Relation


@dataclass(frozen=True, slots=True)
class StaleEdit:
    """An edit that named nothing the documents held: reported, never an error (the document
    that held the name may have been deleted, or extraction may now spell it differently)."""

    edit: Edit
    reason: str

    @property
    def message(self) -> str:
        return f"{self.edit.describe()}: {self.reason}"


def check_curation(edits: Sequence[Edit], ontology: Ontology) -> None:
    """Refuse edits that cannot apply: a type the ontology lacks, or two edits that contradict
    each other (merge A B and block B: is B to stay as A, or never to exist?)."""
    errors: list[str] = []
    for edit in edits:
        if edit.op == "retype" and edit.field("type") not in ontology.entity_types:
            errors.append(f"{edit.describe()}: {edit.field('type')!r} is no entity type; "
                          f"known: {', '.join(ontology.entity_types)}")
        if edit.op == "block-relation" and edit.field("type") not in ontology.relation_types:
            errors.append(f"{edit.describe()}: {edit.field('type')!r} is no relation type; "
                          f"known: {', '.join(ontology.relation_types)}")
    blocked = {match_key(e.field("entity")): e for e in edits if e.op == "block"}
    for edit in edits:
        if edit.op == "merge":
            for name in edit.names:
                block = blocked.get(match_key(name))
                if block is not None:
                    errors.append(f"{edit.describe()} contradicts {block.describe()}: "
                                  f"{name!r} cannot be both merged and blocked; undo one of them")
    if errors:
        raise CurationError("\n".join(errors))


def _keys_of(entity: Entity) -> set[str]:
    """What an entity is found by: its id and the ``match_key`` of each of its names."""
    return {entity.id, *(_key(n) for n in (entity.name, *entity.aliases))}


def _joined(known: Entity, other: Entity) -> Entity:
    """``other`` folded into ``known`` (the earlier of the two): names become aliases, mentions pooled."""
    names = [*known.aliases, other.name, *other.aliases]
    mentions = {(m.start, m.end): m for m in [*known.mentions, *other.mentions]}
    return replace(known, aliases=names, mentions=sorted(mentions.values(), key=lambda m: m.start))


@dataclass(slots=True)
class _Work:
    """The extraction being curated: copies, never the caller's objects (``apply_curation`` is pure).

    Entities keep their slot (their place in the extraction's order); the lookup index is kept up
    to date edit by edit, not rebuilt after each one: a thousand edits of which a few hundred apply
    to one bulletin made the rebuilt index most of the curation's cost."""

    slots: list[Entity | None]
    relations: list[Relation]
    ontology: Ontology
    slot_of: dict[str, int] = field(default_factory=dict)
    index: dict[str, set[str]] = field(default_factory=dict)
    """Lookup key -> the ids of the entities it finds."""
    added: set[str] = field(default_factory=set)
    """Keys added since ``fresh_keys`` was last asked: the only ones a new edit can be looked up by."""
    legal_form_types: tuple[str, ...] = ()
    keys_of: dict[str, set[str]] = field(default_factory=dict)
    """Entity id -> the keys it is indexed under (so that taking it out needs no recomputing)."""

    @classmethod
    def of(cls, extraction: Extraction, ontology: Ontology) -> _Work:
        work = cls([], list(extraction.relations), ontology, legal_form_types=ontology.with_trait("legal_form_key"))
        for entity in extraction.entities:
            work.slots.append(None)
            work._place(replace(entity, aliases=list(entity.aliases), mentions=list(entity.mentions)),
                        len(work.slots) - 1)
        return work

    @property
    def entities(self) -> list[Entity]:
        return [e for e in self.slots if e is not None]

    def fresh_keys(self) -> set[str]:
        """Keys added since the last call that still find an entity."""
        fresh = {key for key in self.added if self.index.get(key)}
        self.added = set()
        return fresh

    def _index_add(self, entity: Entity) -> None:
        keys = self.keys_of[entity.id] = _keys_of(entity)
        for key in keys:
            self.index.setdefault(key, set()).add(entity.id)
        self.added |= keys

    def _index_remove(self, entity: Entity) -> None:
        for key in self.keys_of.pop(entity.id, ()):
            self.index[key].discard(entity.id)

    def _unplace(self, entity: Entity) -> int:
        slot = self.slot_of.pop(entity.id)
        self.slots[slot] = None
        self._index_remove(entity)
        return slot

    def _place(self, entity: Entity, slot: int) -> None:
        """Put ``entity`` in ``slot``; one that holds its id already is joined with it, in the
        earlier of the two slots (the store would make them one node too)."""
        other_slot = self.slot_of.get(entity.id)
        if other_slot is not None:
            other = self.slots[other_slot]
            assert other is not None
            self._unplace(other)
            if other_slot < slot:
                entity, slot = _joined(other, entity), other_slot
            else:
                entity = _joined(entity, other)
        self.slots[slot] = entity
        self.slot_of[entity.id] = slot
        self._index_add(entity)

    def matching(self, name: str) -> list[Entity]:
        """The entities ``name`` names: by id, by the id it would have, or by ``match_key`` of a name;
        in the extraction's order."""
        ids: set[str] = set()
        for key in _lookups(name, tuple(self.ontology.entity_types), self.legal_form_types):
            ids |= self.index.get(key, set())
        found = [self.slots[self.slot_of[i]] for i in sorted(ids, key=self.slot_of.__getitem__)]
        return [e for e in found if e is not None]

    def set_identity(self, chosen: list[Entity], name: str | None = None, etype: str | None = None) -> None:
        """Give ``chosen`` a (new) name and type, hence their id; join entities that now share an id."""
        moved: dict[str, str] = {}
        updated: list[tuple[int, Entity]] = []
        for entity in chosen:
            new_name = _clean(name) if name else entity.name
            new_type = etype or entity.type
            aliases = [entity.name, *entity.aliases] if _key(new_name) != _key(entity.name) else entity.aliases
            new = Entity(_id(new_name, new_type, self.legal_form_types), new_name, new_type, list(aliases), list(entity.mentions))
            moved[entity.id] = new.id
            updated.append((self._unplace(entity), new))
        for slot, entity in sorted(updated, key=lambda pair: pair[0]):
            self._place(entity, slot)
        for new_id in set(moved.values()):
            slot = self.slot_of[new_id]
            entity = self.slots[slot]
            assert entity is not None
            aliases = _aliases(entity)
            if aliases != entity.aliases:
                self._index_remove(entity)
                self.slots[slot] = tidied = replace(entity, aliases=aliases)
                self._index_add(tidied)
        gone = {old for old, new in moved.items() if old != new}
        if any(r.head in gone or r.tail in gone for r in self.relations):
            self._repoint(moved)

    def settle(self) -> None:
        """One pass over every relation once the edits are done: an edit that moved no relation's
        end skipped it (an entity that kept its id kept its type, so its relations stand)."""
        self._repoint({})

    def _repoint(self, moved: dict[str, str]) -> None:
        """Relations follow their entities; those left without an end, or refused by the ontology, go."""
        types = {e.id: e.type for e in self.slots if e is not None}
        kept: dict[tuple, Relation] = {}
        for relation in self.relations:
            head, tail = moved.get(relation.head, relation.head), moved.get(relation.tail, relation.tail)
            rtype = self.ontology.relation_types.get(relation.type)
            if head not in types or tail not in types or rtype is None or (head == tail) != rtype.one_entity \
                    or not rtype.allows(types[head], types[tail]):
                continue
            join_relation(kept, replace(relation, head=head, tail=tail),
                          self.ontology)
        self.relations = list(kept.values())

    def remove(self, gone: list[Entity]) -> None:
        ids = {entity.id for entity in gone}
        for entity in gone:
            self._unplace(entity)
        self.relations = [r for r in self.relations if r.head not in ids and r.tail not in ids]


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return "name:" + match_key(name)


@lru_cache(maxsize=16384)
def _clean(name: str) -> str:
    return clean_name(name)


@lru_cache(maxsize=65536)
def _id(name: str, entity_type: str, legal_form_types: tuple[str, ...]) -> str:
    return entity_id(name, entity_type, legal_form_types)


@lru_cache(maxsize=16384)
def _lookups(name: str, types: tuple[str, ...], legal_form_types: tuple[str, ...]) -> frozenset[str]:
    """What an edit's name is looked up by (cached: a thousand edits meet every document)."""
    return frozenset({name, _key(name), *(_id(name, t, legal_form_types) for t in types)})


def _aliases(entity: Entity) -> list[str]:
    """The entity's other names, once each by ``match_key``, never its own name."""
    seen = {_key(entity.name)}
    aliases: list[str] = []
    for alias in entity.aliases:
        key = _key(alias)
        if alias and key not in seen:
            seen.add(key)
            aliases.append(alias)
    return aliases


def _apply(work: _Work, edit: Edit) -> bool:
    """Apply one edit; False when it named nothing in this extraction."""
    if edit.op == "merge":
        keep, other = work.matching(edit.field("entity")), work.matching(edit.field("other"))
        chosen = list({id(e): e for e in [*keep, *other]}.values())
        if not chosen:
            return False
        work.set_identity(chosen, edit.field("entity"), (keep or other)[0].type)
        return True
    if edit.op in ("rename", "retype"):
        chosen = work.matching(edit.field("entity"))
        if chosen:
            if edit.op == "rename":
                work.set_identity(chosen, name=edit.field("name"))
            else:
                work.set_identity(chosen, etype=edit.field("type"))
        return bool(chosen)
    if edit.op == "block":
        chosen = work.matching(edit.field("entity"))
        if chosen:
            work.remove(chosen)
        return bool(chosen)
    heads = {e.id for e in work.matching(edit.field("head"))}
    tails = {e.id for e in work.matching(edit.field("tail"))}
    before = len(work.relations)
    work.relations = [r for r in work.relations
                      if not (r.type == edit.field("type") and r.head in heads and r.tail in tails)]
    return len(work.relations) < before


EditIndex = dict[str, list[int]]
"""Lookup key -> positions of the edits naming it: a document meets only the edits that can touch it."""


def edit_index(edits: Sequence[Edit], ontology: Ontology) -> EditIndex:
    index: EditIndex = {}
    for position, edit in enumerate(edits):
        for name in edit.names:
            for key in _lookups(name, tuple(ontology.entity_types), ontology.with_trait("legal_form_key")):
                index.setdefault(key, []).append(position)
    return index


def _curate(extraction: Extraction, edits: Sequence[Edit], index: EditIndex,
            ontology: Ontology) -> tuple[Extraction, set[int]]:
    """The curated copy and the positions of the edits that touched it. Same result as applying
    every edit in order: after each edit that applies, the candidates are looked up again from
    the entities as they now are (a rename may bring a later edit's name). Only keys not seen
    before are looked up again: a candidate whose name has gone since simply applies to nothing."""
    work = _Work.of(extraction, ontology)
    used: set[int] = set()
    seen: set[str] = set()
    candidates: set[int] = set()
    start = 0
    while True:
        fresh = work.fresh_keys() - seen
        seen |= fresh
        candidates.update(p for key in fresh for p in index.get(key, ()) if p >= start)
        applied = next((p for p in sorted(candidates) if _apply(work, edits[p])), None)
        if applied is None:
            break
        used.add(applied)
        start = applied + 1
        candidates = {p for p in candidates if p >= start}
    if used:
        work.settle()
    return replace(extraction, entities=work.entities, relations=work.relations), used


def apply_curation(extraction: Extraction, edits: Sequence[Edit],
                   ontology: Ontology) -> tuple[Extraction, list[StaleEdit]]:
    """The curated copy of ``extraction`` and the edits that named nothing in it (the input is
    left as it was). ``check_curation`` first: a contradiction is refused there, not here."""
    curated, used = _curate(extraction, edits, edit_index(edits, ontology), ontology)
    return curated, [StaleEdit(e, "names nothing in this document") for p, e in enumerate(edits) if p not in used]


@dataclass(slots=True)
class CurationRun:
    """The curation over a build's stream of extractions: an edit is stale when it named
    nothing in any of them (not merely in one document)."""

    edits: tuple[Edit, ...]
    ontology: Ontology
    _used: set[int] = field(default_factory=set)
    _seen: int = 0
    _index: EditIndex = field(default_factory=dict)

    def __post_init__(self) -> None:
        check_curation(self.edits, self.ontology)
        self._index = edit_index(self.edits, self.ontology)

    @property
    def fingerprint(self) -> str:
        """What the edits do (not when they were made, nor their notes): equal for equal curations."""
        text = json.dumps([(e.op, e.args) for e in self.edits], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def apply(self, extractions: Iterable[Extraction]) -> Iterator[Extraction]:
        """Each extraction curated, lazily (a build streams them); with no edits, as they are."""
        for extraction in extractions:
            self._seen += 1
            if not self.edits:
                yield extraction
                continue
            curated, used = _curate(extraction, self.edits, self._index, self.ontology)
            self._used |= used
            yield curated

    @property
    def stale(self) -> tuple[StaleEdit, ...]:
        """Edits that named nothing in the documents curated so far (none when none was)."""
        if not self._seen:
            return ()
        reason = f"names nothing in the {self._seen} document{'s' if self._seen > 1 else ''} written"
        return tuple(StaleEdit(e, reason) for p, e in enumerate(self.edits) if p not in self._used)


__all__ = ["CurationRun", "StaleEdit", "apply_curation", "check_curation"]
