"""What a rule sees besides the sentence: its spec, the layers switched off, and the subject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import OntologyError
from kg.ontology import Ontology
from kg.types import LinkedRelation, Mention, Sentence


@dataclass(frozen=True, slots=True)
class Output:
    """One way a rule states a fact, from its ``outputs:`` in the YAML: the relation type it
    states and the name the relation carries as its rule, so that neither is written in code."""

    relation: str
    name: str


@dataclass(frozen=True, slots=True)
class RuleCall:
    """One rule applied to one sentence: the YAML spec plus what the linker knows of the document
    so far (it makes a new one for every sentence; a rule only reads it)."""

    spec: Mapping[str, Any]
    ontology: Ontology
    without: frozenset[str]
    subject: Mention | None = None
    """The company the text is talking about (headline or earlier sentence), for back-references."""
    policies: tuple[Mention, ...] = ()
    """Full policy titles introduced so far, to resolve 《意见》-style short references."""
    facts: Mapping[str, Any] = field(default_factory=dict)
    """Round, amount and date stated with the subject, for later sentences about the round."""

    @property
    def name(self) -> str:
        return str(self.spec["name"])

    @property
    def where(self) -> Path:
        """The file the rule comes from, for error messages."""
        return self.ontology.directory / "rules" / "relations.yaml"

    def output(self, way: str) -> Output:
        """The relation type and rule name the YAML gives this rule's ``way`` of stating a fact."""
        try:
            entry = self.spec["outputs"][way]
            return Output(str(entry["relation"]), str(entry["name"]))
        except (KeyError, TypeError):
            raise OntologyError(f"{self.where}: rule {self.name!r} lacks outputs.{way} "
                                f"({{relation: TYPE, name: NAME}})") from None


@dataclass(frozen=True, slots=True)
class SubjectFound:
    """What a rule may yield besides relations: the sentence names its own subject (X完成…融资,
    X的投资方包括…) with the deal's facts; the linker carries both to the sentences that follow."""

    mention: Mention
    facts: Mapping[str, Any]


def relation(output: Output, head: Mention, tail: Mention, sentence: Sentence,
             confidence: float = 0.8, **properties: Any) -> LinkedRelation:
    """A LinkedRelation whose evidence is the sentence; None-valued properties are left out."""
    props = {k: v for k, v in properties.items() if v is not None}
    return LinkedRelation(output.relation, head, tail, sentence.start, sentence.end, output.name, confidence, props)


def in_sentence(mentions: list[Mention], sentence: Sentence) -> list[Mention]:
    return sorted((m for m in mentions if sentence.start <= m.start and m.end <= sentence.end),
                  key=lambda m: m.start)

