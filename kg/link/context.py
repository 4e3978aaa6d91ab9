"""What a rule sees besides the sentence: its spec, the layers switched off, and the subject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kg.ontology import Ontology
from kg.types import LinkedRelation, Mention, Sentence


@dataclass
class RuleCall:
    """One rule applied to one sentence: the YAML spec plus document-level state."""

    spec: Mapping[str, Any]
    ontology: Ontology
    without: frozenset[str]
    subject: Mention | None = None
    """The company the text is talking about (headline or earlier sentence), for back-references."""
    policies: list[Mention] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    """Round, amount and date stated with the subject, for later sentences about the round."""
    found_facts: dict[str, Any] = field(default_factory=dict)
    found_subject: Mention | None = None
    """Set by a rule that finds the sentence's own subject (X完成…融资), carried to later sentences."""
    """Full policy titles introduced so far, to resolve 《意见》-style short references."""

    @property
    def name(self) -> str:
        return str(self.spec["name"])


def relation(kind: str, head: Mention, tail: Mention, sentence: Sentence, rule: str,
             confidence: float = 0.8, **properties: Any) -> LinkedRelation:
    """A LinkedRelation whose evidence is the sentence; None-valued properties are left out."""
    props = {k: v for k, v in properties.items() if v is not None}
    return LinkedRelation(kind, head, tail, sentence.start, sentence.end, rule, confidence, props)


def in_sentence(mentions: list[Mention], sentence: Sentence) -> list[Mention]:
    return sorted((m for m in mentions if sentence.start <= m.start and m.end <= sentence.end),
                  key=lambda m: m.start)

