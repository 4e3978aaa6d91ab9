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


@dataclass(slots=True)
class _Work:
    """The extraction being curated: copies, never the caller's objects (``apply_curation`` is pure)."""

    entities: list[Entity]
    relations: list[Relation]
    ontology: Ontology
    _index: dict[str, list[Entity]] | None = None

    def index(self) -> dict[str, list[Entity]]:
        """Each entity by its id and the ``match_key`` of each of its names (rebuilt after a change)."""
        if self._index is None:
            self._index = {}
            for entity in self.entities:
                for key in {entity.id, *(_key(n) for n in (entity.name, *entity.aliases))}:
                    self._index.setdefault(key, []).append(entity)
        return self._index

    def matching(self, name: str) -> list[Entity]:
        """The entities ``name`` names: by id, by the id it would have, or by ``match_key`` of a name."""
        index = self.index()
        found: dict[int, Entity] = {}
        for key in _lookups(name, tuple(self.ontology.entity_types)):
            found.update((id(e), e) for e in index.get(key, ()))
        return list(found.values())

    def set_identity(self, chosen: list[Entity], name: str | None = None, etype: str | None = None) -> None:
        """Give ``chosen`` a (new) name and type, hence their id; join entities that now share an id."""
        moved: dict[str, str] = {}
        chosen_ids = {id(e) for e in chosen}
        for i, entity in enumerate(self.entities):
            if id(entity) not in chosen_ids:
                continue
            new_name = clean_name(name) if name else entity.name
            new_type = etype or entity.type
            aliases = [entity.name, *entity.aliases] if match_key(new_name) != match_key(entity.name) else entity.aliases
            updated = Entity(entity_id(new_name, new_type), new_name, new_type, list(aliases), list(entity.mentions))
            moved[entity.id] = updated.id
            self.entities[i] = updated
        self._join(set(moved.values()))
        self._repoint(moved)
        self._index = None

    def _join(self, changed: set[str]) -> None:
        """One entity per id: a merge or rename can make two share one (the store would too).
        Only the ``changed`` ids have their aliases tidied: the others are as they were, and
        tidying every entity after every edit was most of a 1,000-edit curation's cost."""
        by_id: dict[str, Entity] = {}
        for entity in self.entities:
            known = by_id.get(entity.id)
            if known is None:
                by_id[entity.id] = entity
                continue
            names = [*known.aliases, entity.name, *entity.aliases]
            mentions = {(m.start, m.end): m for m in [*known.mentions, *entity.mentions]}
            by_id[entity.id] = replace(known, aliases=names, mentions=sorted(mentions.values(), key=lambda m: m.start))
        self.entities = [replace(e, aliases=_aliases(e)) if e.id in changed else e for e in by_id.values()]

    def _repoint(self, moved: dict[str, str]) -> None:
        """Relations follow their entities; those left without an end, or refused by the ontology, go."""
        types = {e.id: e.type for e in self.entities}
        kept: dict[tuple, Relation] = {}
        for relation in self.relations:
            head, tail = moved.get(relation.head, relation.head), moved.get(relation.tail, relation.tail)
            rtype = self.ontology.relation_types.get(relation.type)
            if head not in types or tail not in types or rtype is None or (head == tail) != rtype.one_entity \
                    or not rtype.allows(types[head], types[tail]):
                continue
            join_relation(kept, replace(relation, head=head, tail=tail, properties=dict(relation.properties)),
                          self.ontology)
        self.relations = list(kept.values())

    def remove(self, gone: list[Entity]) -> None:
        ids = {e.id for e in gone}
        self.entities = [e for e in self.entities if e.id not in ids]
        self._repoint({})
        self._index = None


@lru_cache(maxsize=65536)
def _key(name: str) -> str:
    return "name:" + match_key(name)


@lru_cache(maxsize=16384)
def _lookups(name: str, types: tuple[str, ...]) -> frozenset[str]:
    """What an edit's name is looked up by (cached: a thousand edits meet every document)."""
    return frozenset({name, _key(name), *(entity_id(name, t) for t in types)})


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
            for key in _lookups(name, tuple(ontology.entity_types)):
                index.setdefault(key, []).append(position)
    return index


def _curate(extraction: Extraction, edits: Sequence[Edit], index: EditIndex,
            ontology: Ontology) -> tuple[Extraction, set[int]]:
    """The curated copy and the positions of the edits that touched it. Same result as applying
    every edit in order: after each edit that applies, the candidates are looked up again from
    the entities as they now are (a rename may bring a later edit's name). Only keys not seen
    before are looked up again: a candidate whose name has gone since simply applies to nothing."""
    work = _Work([replace(e, aliases=list(e.aliases), mentions=list(e.mentions)) for e in extraction.entities],
                 list(extraction.relations), ontology)
    used: set[int] = set()
    seen: set[str] = set()
    candidates: set[int] = set()
    start = 0
    while True:
        fresh = work.index().keys() - seen
        seen |= fresh
        candidates.update(p for key in fresh for p in index.get(key, ()) if p >= start)
        applied = next((p for p in sorted(candidates) if _apply(work, edits[p])), None)
        if applied is None:
            break
        used.add(applied)
        start = applied + 1
        candidates = {p for p in candidates if p >= start}
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
