"""The policy rule kind: the agencies that issue a policy document (``issued_policy``), and the
full title a short reference (《意见》) stands for."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from itertools import pairwise

from kg.link.clauses import allowed, find_trigger
from kg.link.context import RuleCall, in_sentence, relation
from kg.link.dates import find_date
from kg.ontology import Ontology, TypeNames
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence

DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号")


def issued_policy(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                  call: RuleCall) -> Iterator[LinkedRelation]:
    """'A、B等部门联合印发《…》': one edge per issuing agency, with date and 文号; a title right
    after its agency ('国务院办公厅关于…的意见（国办发〔2023〕1号）') needs no verb."""
    types = call.ontology.types
    found = find_trigger(doc, sentence, call)
    if found is None:
        found = _titled_by(doc, sentence, mentions, types)
    if found is None:
        return
    text, _word, at = found
    agencies = [m for m in mentions if m.label == types.government and m.end <= at]
    policies = [full_policy_title(m, call.policies, call.without) for m in mentions if m.label == types.document and m.start >= at]
    found_date = find_date(doc.text[sentence.start:at], doc.date)
    number = DOC_NUMBER_RE.search(text)
    output = call.output("issued")
    for agency in agencies:
        for policy in policies:
            if policy is not None and allowed(call, output.relation, agency, policy):
                yield relation(output, agency, policy, sentence,
                               date=found_date.text if found_date else None,
                               date_iso=found_date.iso if found_date else None,
                               doc_number=number.group(0) if number else None)


def _titled_by(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
               types: TypeNames) -> tuple[str, tuple[int, str], int] | None:
    """A policy that starts right where an agency's name ends: the agency's own document."""
    for agency, policy in pairwise(mentions):
        if agency.label == types.government and policy.label == types.document and agency.end == policy.start:
            return doc.text[sentence.start:sentence.end], (policy.start - sentence.start, ""), policy.start
    return None


def full_policy_title(mention: Mention, earlier: Sequence[Mention], without: Collection[str]) -> Mention | None:
    """The title a policy mention stands for: itself when it is a full title, the last of the
    ``earlier`` full titles that ends with a short reference (《意见》, 该《行动计划》), None when
    none fits (or back-references are switched off)."""
    name = mention.text.strip("《》")
    if len(name) > 6:
        return mention
    if "coref" in without:
        return None
    return next((full for full in reversed(earlier) if full.text.strip("《》").endswith(name)), None)


def read_titles(sentence_mentions: list[Mention], earlier: list[Mention], document_type: str,
                without: Collection[str]) -> dict[tuple[int, int], str]:
    """Add the sentence's full policy titles to ``earlier`` (in text order) and return the
    aliases of its short references: (start, end) -> the full title it stands for."""
    aliases: dict[tuple[int, int], str] = {}
    for mention in sentence_mentions:
        if mention.label != document_type:
            continue
        full = full_policy_title(mention, earlier, without)
        if full is mention:
            earlier.append(mention)
        elif full is not None:
            aliases[(mention.start, mention.end)] = full.canonical or full.text
    return aliases


def policy_aliases(doc: NormalizedDocument, mentions: list[Mention], ontology: Ontology,
                   without: Collection[str] = frozenset()) -> dict[tuple[int, int], str]:
    """(start, end) of each short policy reference -> the full title it stands for, so that
    resolve makes the two one entity: the alias facts link states besides its relations."""
    aliases: dict[tuple[int, int], str] = {}
    earlier: list[Mention] = []
    for sentence in doc.sentences:
        aliases.update(read_titles(in_sentence(mentions, sentence), earlier, ontology.types.document, without))
    return aliases
