"""Read the ontology (types, relations, lexicons, word lists, patterns, rules) in one place.

Every stage receives the one frozen ``Ontology`` built here; no component opens an
ontology file itself. Cross-references are checked while loading, and a problem is
reported as ``OntologyError`` naming the file and line.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from kg.errors import OntologyError


def default_ontology_dir() -> Path:
    """The ontology shipped with the package (the top-level ``ontology/`` folder)."""
    from ontology import ONTOLOGY_DIR

    return ONTOLOGY_DIR


TRAITS = frozenset({"named_by_suffix", "list_members_inherit", "propagates", "opaque", "nested", "legal_form_key"})
"""The traits a type may declare in ``types.yaml`` (its header says what each means)."""


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    description: str
    properties: Mapping[str, str]
    role: str = ""
    """What the code calls this type (``TypeNames``): the code never writes the type's name."""
    traits: frozenset[str] = frozenset()
    colour: str = "#dddddd"
    labels: frozenset[str] = frozenset()
    """Foreign NER tags (upper case) that mean this type: ``NR`` and ``PER`` are ``Person``."""


@dataclass(frozen=True, slots=True)
class TypeNames:
    """The entity type that plays each role the extraction code knows of, from ``types.yaml``:
    code says ``types.place``, the ontology says that is ``Location``."""

    business: str
    investor: str
    government: str
    zone: str
    person: str
    document: str
    research: str
    body: str
    place: str


@dataclass(frozen=True, slots=True)
class RelationNames:
    """The relation type that plays each role the linking code knows of, from ``relations.yaml``."""

    investment: str
    raising: str
    location: str
    issuance: str
    post: str
    founding: str


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    heads: tuple[str, ...]
    tails: tuple[str, ...]
    properties: Mapping[str, str]
    key: tuple[str, ...] = ()
    """Properties that tell two edges of this type between one pair apart."""
    role: str = ""
    one_entity: bool = False
    """A fact about one entity (RAISED: a deal with no investor named): head and tail are the
    same entity, which every other type refuses as a relation of a name with itself."""

    def allows(self, head_type: str, tail_type: str) -> bool:
        return head_type in self.heads and tail_type in self.tails


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """A known entity: its canonical name, type, other names and where it is."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    located_in: str | None = None
    source: str = ""
    """``file:line`` it came from, for error messages and ablations."""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Ontology:
    """The whole ontology, read once; pass it (or slices of it) to the stages."""

    directory: Path
    entity_types: Mapping[str, EntityType]
    relation_types: Mapping[str, RelationType]
    lexicon: tuple[LexiconEntry, ...]
    vocab: Mapping[str, tuple[str, ...]]
    patterns: Mapping[str, Any]
    rules: Mapping[str, Any]
    corpora: Mapping[str, Any] = field(default_factory=dict)
    """``corpora.yaml``: the public NER sets the statistical layer trains on and their label maps."""
    types: TypeNames = field(default=None, repr=False)  # type: ignore[assignment]
    """Entity type names by role (set by ``_assemble``)."""
    relations: RelationNames = field(default=None, repr=False)  # type: ignore[assignment]
    """Relation type names by role (set by ``_assemble``)."""
    _by_type: Mapping[str, tuple[LexiconEntry, ...]] = field(default_factory=dict, repr=False)
    _by_trait: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    """Trait -> types, computed once: several stages ask for it on every document."""

    def with_trait(self, trait: str) -> tuple[str, ...]:
        """The entity types that declare ``trait`` in ``types.yaml``, in its order; an unknown trait is an error."""
        if trait not in TRAITS:
            raise OntologyError(f"{self.directory / 'types.yaml'}: no such trait {trait!r} (known: {', '.join(sorted(TRAITS))})")
        return self._by_trait.get(trait, ())

    def entries(self, entity_type: str) -> tuple[LexiconEntry, ...]:
        """Lexicon entries of one type."""
        return self._by_type.get(entity_type, ())

    def words(self, name: str) -> tuple[str, ...]:
        """A word list from ``vocab/<name>.txt``; an unknown name is an error, not empty."""
        try:
            return self.vocab[name]
        except KeyError:
            raise OntologyError(
                f"{self.directory / 'vocab' / (name + '.txt')}: no such word list "
                f"(have: {', '.join(sorted(self.vocab))})"
            ) from None

    def without_names(self, names: set[str], normalize: Any = None) -> Ontology:
        """A copy whose lexicon drops every entry that has one of ``names`` among its names.

        Used by ``kg eval --blind`` to measure what the lexicon contributes for
        entities it could not have known.
        """
        key = normalize or (lambda s: s)
        blocked = {key(n) for n in names}
        kept = tuple(e for e in self.lexicon if not any(key(n) in blocked for n in e.names))
        return _assemble(
            self.directory, self.entity_types, self.relation_types, kept,
            self.vocab, self.patterns, self.rules, self.corpora,
        )


def _assemble(
    directory: Path,
    entity_types: Mapping[str, EntityType],
    relation_types: Mapping[str, RelationType],
    lexicon: tuple[LexiconEntry, ...],
    vocab: Mapping[str, tuple[str, ...]],
    patterns: Mapping[str, Any],
    rules: Mapping[str, Any],
    corpora: Mapping[str, Any] | None = None,
) -> Ontology:
    by_type: dict[str, list[LexiconEntry]] = {}
    for entry in lexicon:
        by_type.setdefault(entry.type, []).append(entry)
    return Ontology(
        directory=directory,
        entity_types=MappingProxyType(dict(entity_types)),
        relation_types=MappingProxyType(dict(relation_types)),
        lexicon=lexicon,
        vocab=MappingProxyType(dict(vocab)),
        patterns=MappingProxyType(dict(patterns)),
        rules=MappingProxyType(dict(rules)),
        corpora=MappingProxyType(dict(corpora or {})),
        types=_roles(TypeNames, entity_types, directory / "types.yaml"),
        relations=_roles(RelationNames, relation_types, directory / "relations.yaml"),
        _by_type=MappingProxyType({k: tuple(v) for k, v in by_type.items()}),
        _by_trait=MappingProxyType({trait: tuple(name for name, spec in entity_types.items() if trait in spec.traits)
                                    for trait in TRAITS}),
    )


def _roles(names: type, types: Mapping[str, EntityType] | Mapping[str, RelationType], path: Path) -> Any:
    """``names`` (``TypeNames`` or ``RelationNames``) filled from the types' ``role:`` keys:
    each role played by exactly one type."""
    by_role: dict[str, str] = {}
    for name, spec in types.items():
        if spec.role in by_role:
            raise OntologyError(f"{path}: {name}.role: {spec.role!r} is already {by_role[spec.role]}'s role")
        if spec.role:
            by_role[spec.role] = name
    wanted = list(names.__dataclass_fields__)
    missing = [role for role in wanted if role not in by_role]
    if missing:
        raise OntologyError(f"{path}: no type has the role {', '.join(missing)} (each needs one: 'role: {missing[0]}')")
    return names(*(by_role[role] for role in wanted))


_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (about ten times faster), else PyYAML's own."""


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_SAFE_LOADER) or {}  # noqa: S506 - a safe loader
    except FileNotFoundError:
        raise OntologyError(f"{path}: missing") from None
    except yaml.YAMLError as exc:
        raise OntologyError(f"{path}: not valid YAML: {exc}") from None


_ENTITY_KEYS = frozenset({"description", "role", "traits", "colour", "labels", "properties"})
_RELATION_KEYS = frozenset({"description", "role", "heads", "tails", "properties", "key", "one_entity"})


def _check_keys(path: Path, where: str, spec: Any, allowed: frozenset[str]) -> Mapping[str, Any]:
    """``spec`` as a mapping whose keys are all ``allowed``: the schema check, naming file and key."""
    if not isinstance(spec, Mapping):
        raise OntologyError(f"{path}: {where}: expected a mapping of settings, got {type(spec).__name__}")
    unknown = sorted(set(spec) - allowed)
    if unknown:
        raise OntologyError(f"{path}: {where}.{unknown[0]}: unknown key (allowed: {', '.join(sorted(allowed))})")
    return spec


def _read_labels(path: Path, where: str, raw: Any) -> tuple[str, ...]:
    """A ``labels``-like list of NER tags, upper-cased (tags are matched in any case)."""
    tags = raw or []
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag.strip() for tag in tags):
        raise OntologyError(f"{path}: {where}: expected a list of tags such as [NR, PER], got {raw!r}")
    return tuple(tag.strip().upper() for tag in tags)


def _check_labels(path: Path, entity_types: Mapping[str, EntityType], ignored: tuple[str, ...]) -> None:
    """Each NER tag means one type at most, and an ignored tag means none: a tag listed twice is refused."""
    owner: dict[str, str] = {}
    for name, spec in entity_types.items():
        for tag in sorted(spec.labels):
            if tag in owner:
                raise OntologyError(f"{path}: entity_types.{name}.labels: {tag!r} is already a label of {owner[tag]}")
            owner[tag] = name
    for tag in ignored:
        if tag in owner:
            raise OntologyError(f"{path}: ignored_labels: {tag!r} is a label of {owner[tag]}")


def type_for_label(entity_types: Mapping[str, EntityType], label: str) -> str | None:
    """The entity type whose ``labels:`` list a foreign NER tag (any case); None for a tag that
    means no type (dates, money ...: they stay O)."""
    tag = label.upper()
    return next((name for name, spec in entity_types.items() if tag in spec.labels), None)


def _read_entity_types(path: Path) -> dict[str, EntityType]:
    document = _read_yaml(path)
    data = document.get("entity_types") or {}
    if not data:
        raise OntologyError(f"{path}: no entity_types")
    result: dict[str, EntityType] = {}
    for name, raw in data.items():
        spec = _check_keys(path, f"entity_types.{name}", raw, _ENTITY_KEYS)
        traits = frozenset(spec.get("traits") or ())
        if traits - TRAITS:
            raise OntologyError(f"{path}: entity_types.{name}.traits: unknown trait {sorted(traits - TRAITS)[0]!r} "
                                f"(known: {', '.join(sorted(TRAITS))})")
        result[name] = EntityType(
            name=name,
            description=str(spec.get("description", "")),
            properties=MappingProxyType(dict(spec.get("properties") or {})),
            role=str(spec.get("role", "")),
            traits=traits,
            colour=str(spec.get("colour", "#dddddd")),
            labels=frozenset(_read_labels(path, f"entity_types.{name}.labels", spec.get("labels"))),
        )
    _check_labels(path, result, _read_labels(path, "ignored_labels", document.get("ignored_labels")))
    return result


def _read_relation_types(path: Path, entity_types: Mapping[str, EntityType]) -> dict[str, RelationType]:
    data = _read_yaml(path).get("relation_types") or {}
    result: dict[str, RelationType] = {}
    for name, raw in data.items():
        spec = _check_keys(path, f"relation_types.{name}", raw, _RELATION_KEYS)
        for end in ("heads", "tails"):
            unknown = [t for t in spec.get(end, []) if t not in entity_types]
            if unknown:
                raise OntologyError(f"{path}: {name}.{end} names unknown entity types {unknown}")
        result[name] = RelationType(
            name=name,
            heads=tuple(spec.get("heads", [])),
            tails=tuple(spec.get("tails", [])),
            properties=MappingProxyType(dict(spec.get("properties") or {})),
            key=tuple(spec.get("key", [])),
            role=str(spec.get("role", "")),
            one_entity=bool(spec.get("one_entity", False)),
        )
    return result


def _split_names(cell: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (cell or "").split("|") if n.strip())


def _read_lexicon(folder: Path, entity_types: Mapping[str, EntityType]) -> tuple[LexiconEntry, ...]:
    """Read ``lexicons/<Type>[.<topic>].tsv``: a header row, then name, aliases, located_in."""
    entries: list[LexiconEntry] = []
    for path in sorted(folder.glob("*.tsv")):
        entity_type = path.name.split(".", 1)[0]
        if entity_type not in entity_types:
            raise OntologyError(f"{path}: file name names unknown entity type {entity_type!r}")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = next(rows, None)
            if not header or header[0] != "name":
                raise OntologyError(f"{path}:1: header must start with 'name' (name, aliases, located_in)")
            for line_no, row in enumerate(rows, start=2):
                if not row or not row[0].strip() or row[0].startswith("#"):
                    continue
                cells = dict(zip(header, row))
                entries.append(
                    LexiconEntry(
                        name=cells["name"].strip(),
                        type=entity_type,
                        aliases=_split_names(cells.get("aliases")),
                        located_in=(cells.get("located_in") or "").strip() or None,
                        source=f"{path.name}:{line_no}",
                    )
                )
    return tuple(entries)


def _read_vocab(folder: Path) -> dict[str, tuple[str, ...]]:
    vocab: dict[str, tuple[str, ...]] = {}
    for path in sorted(folder.glob("*.txt")):
        words = []
        for line in path.read_text(encoding="utf-8").splitlines():
            word = line.split("#", 1)[0].strip()
            if word:
                words.append(word)
        vocab[path.stem] = tuple(dict.fromkeys(words))
    return vocab


def _read_yaml_folder(folder: Path) -> dict[str, Any]:
    return {path.stem: _read_yaml(path) for path in sorted(folder.glob("*.yaml"))}


def _read_corpora(path: Path, entity_types: Mapping[str, EntityType]) -> dict[str, Any]:
    """``corpora.yaml`` (optional): every mapped label must be an entity type, an auxiliary label or null."""
    if not path.is_file():
        return {}
    data = _read_yaml(path)
    auxiliary = set(data.get("auxiliary") or [])
    for name, spec in (data.get("corpora") or {}).items():
        for key in ("files", "format", "labels"):
            if key not in spec:
                raise OntologyError(f"{path}: corpus {name!r} has no {key!r}")
        for label, target in spec["labels"].items():
            if target is not None and target not in entity_types and target not in auxiliary:
                raise OntologyError(f"{path}: corpora.{name}.labels.{label}: {target!r} is neither an "
                                    f"entity type nor an auxiliary label ({', '.join(sorted(auxiliary))})")
    return dict(data)


def load_ontology(directory: Path | str | None = None) -> Ontology:
    """Read and check the ontology folder (default: the one shipped with kg)."""
    root = Path(directory) if directory else default_ontology_dir()
    if not root.is_dir():
        raise OntologyError(f"{root}: ontology folder not found")
    entity_types = _read_entity_types(root / "types.yaml")
    relation_types = _read_relation_types(root / "relations.yaml", entity_types)
    return _assemble(
        root,
        entity_types,
        relation_types,
        _read_lexicon(root / "lexicons", entity_types),
        _read_vocab(root / "vocab"),
        _read_yaml_folder(root / "patterns"),
        _read_yaml_folder(root / "rules"),
        _read_corpora(root / "corpora.yaml", entity_types),
    )


@lru_cache(maxsize=4)
def cached_ontology(directory: str | None = None) -> Ontology:
    """``load_ontology`` memoized per folder, for the CLI and tests."""
    return load_ontology(directory)
