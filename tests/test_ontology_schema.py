"""The ontology's YAML is checked on load: a wrong key, trait or role is refused with the file and
the key named, and the code reads type names by role, so a renamed type needs no code change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import OntologyError
from kg.ontology import default_ontology_dir, load_ontology


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "ontology"
    shutil.copytree(default_ontology_dir(), target, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_roles_and_traits_come_from_the_yaml() -> None:
    ontology = load_ontology()
    assert ontology.types.place == "Location" and ontology.relations.investment == "INVESTS_IN"
    assert "Company" in ontology.with_trait("named_by_suffix") and "Location" not in ontology.with_trait("named_by_suffix")
    assert ontology.entity_types["Company"].colour.startswith("#")


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("types.yaml", "    role: zone\n", "    role: zone\n    colur: red\n",
     r"types\.yaml: entity_types\.Park\.colur: unknown key"),
    ("types.yaml", "traits: [opaque]", "traits: [opaque, see_through]", r"Policy\.traits: unknown trait 'see_through'"),
    ("types.yaml", "    role: zone\n", "    role: place\n", r"Location\.role: 'place' is already Park's role"),
    ("types.yaml", "    role: zone\n", "", r"no type has the role zone"),
    ("relations.yaml", "    role: founding\n", "    role: founding\n    head: Person\n",
     r"relations\.yaml: relation_types\.FOUNDED\.head: unknown key"),
    ("types.yaml", "labels: [COMPANY]", "labels: [COMPANY, ORG]",
     r"types\.yaml: entity_types\.Organization\.labels: 'ORG' is already a label of Company"),
], ids=["unknown-key", "unknown-trait", "role-twice", "role-nobody", "unknown-relation-key", "label-twice"])
def test_a_schema_error_is_refused_naming_file_and_key(folder: Path, file: str, old: str, new: str,
                                                       message: str) -> None:
    _edit(folder / file, old, new)
    with pytest.raises(OntologyError, match=message):
        load_ontology(folder)


def test_foreign_ner_tags_map_to_types_by_their_labels() -> None:
    from kg.ontology import type_for_label

    types = load_ontology().entity_types
    assert [type_for_label(types, tag) for tag in ("NR", "per", "GPE", "ORG", "COMPANY", "LAW", "DATE", "FAC")] \
        == ["Person", "Person", "Location", "Organization", "Company", "Policy", None, None]


def test_an_ignored_label_that_a_type_lists_is_refused(folder: Path) -> None:
    _edit(folder / "types.yaml", "labels: [LAW]", "labels: [LAW, date]")
    with pytest.raises(OntologyError, match=r"types\.yaml: ignored_labels: 'DATE' is a label of Policy"):
        load_ontology(folder)
