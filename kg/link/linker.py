"""Apply the relation rules of ``ontology/rules/relations.yaml`` sentence by sentence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.errors import OntologyError
from kg.link.context import RuleCall, SubjectFound, in_sentence
from kg.link.policies import read_titles
from kg.link.rules import RULE_KINDS
from kg.ontology import Ontology, TypeNames
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence


def _rule_specs(ontology: Ontology) -> list[dict]:
    data = ontology.rules.get("relations")
    where = ontology.directory / "rules" / "relations.yaml"
    if not data or not isinstance(data.get("rules"), list):
        raise OntologyError(f"{where}: missing or has no 'rules' list")
    for spec in data["rules"]:
        if spec.get("kind") not in RULE_KINDS:
            raise OntologyError(f"{where}: rule {spec.get('name')!r} has unknown kind {spec.get('kind')!r} "
                                f"(known: {', '.join(sorted(RULE_KINDS))})")
        for way, output in (spec.get("outputs") or {}).items():
            if not isinstance(output, dict) or output.get("relation") not in ontology.relation_types:
                raise OntologyError(f"{where}: rule {spec.get('name')!r}: outputs.{way} names no relation type "
                                    f"of relations.yaml (known: {', '.join(ontology.relation_types)})")
    return data["rules"]


def _headline_subject(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                      types: TypeNames) -> Mention | None:
    """The first company named in the headline line the sentence stands under."""
    for heading in doc.sentences:
        if heading.is_heading and heading.start <= sentence.start and \
                doc.text[heading.start:heading.end].strip() == (sentence.headline or "").strip():
            companies = [m for m in in_sentence(mentions, heading) if m.label == types.business]
            if companies:
                return companies[0]
    return None


def link(doc: NormalizedDocument, mentions: list[Mention], ontology: Ontology, *,
         without: frozenset[str] = frozenset()) -> list[LinkedRelation]:
    """Relations stated in ``doc`` between ``mentions``; one per head of a list, no duplicates.

    ``without`` may hold ``coref`` (no back-references to an earlier subject or policy title)
    and ``headline`` (the ■ headline does not name the paragraph's subject).
    """
    specs = _rule_specs(ontology)
    seen: dict[tuple, LinkedRelation] = {}
    current_headline: str | None = None
    headline_subject: Mention | None = None
    carried: Mention | None = None
    facts: Mapping[str, Any] = {}
    policies: list[Mention] = []
    for sentence in doc.sentences:
        local = in_sentence(mentions, sentence)
        if sentence.headline != current_headline:
            current_headline, carried, facts = sentence.headline, None, {}
            headline_subject = None if "headline" in without else _headline_subject(doc, sentence, mentions, ontology.types)
        for spec in specs:
            call = RuleCall(spec, ontology, without, (carried if "coref" not in without else None) or headline_subject,
                            tuple(policies), facts)
            found: SubjectFound | None = None
            for rel in RULE_KINDS[spec["kind"]](doc, sentence, local, call):
                if isinstance(rel, SubjectFound):
                    found = rel
                    continue
                key = (rel.type, rel.head.start, rel.head.end, rel.tail.start, rel.tail.end,
                       *(rel.properties.get(p) for p in ontology.relation_types[rel.type].key))
                if key not in seen or seen[key].confidence < rel.confidence:
                    seen[key] = rel
            if found is not None and not (sentence.is_heading and "headline" in without):
                carried, facts = found.mention, found.facts
        read_titles(local, policies, ontology.types.document, without)  # the titles later sentences may cite
    return sorted(seen.values(), key=lambda r: (r.evidence_start, r.type, r.head.start))
