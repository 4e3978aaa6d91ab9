"""Rule kinds: ``kind -> function(doc, sentence, mentions, call) -> Iterator[LinkedRelation]``
(a rule that finds the sentence's own subject also yields a ``SubjectFound``).

``mentions`` are the sentence's own mentions in text order. A new rule kind is one new
function (in the module of its relation kind, over the toolkit of ``kg.link.clauses``) added
to ``RULE_KINDS``; its trigger words, relation types and output names live in
``ontology/rules/relations.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from kg.link.context import RuleCall, SubjectFound
from kg.link.foundings import founded
from kg.link.invests import invests, invests_direct
from kg.link.locations import located_by_name, located_in
from kg.link.policies import issued_policy
from kg.link.posts import holds_position
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence

RuleFunction = Callable[[NormalizedDocument, Sentence, list[Mention], RuleCall],
                        Iterator[LinkedRelation | SubjectFound]]

RULE_KINDS: dict[str, RuleFunction] = {
    "located_by_name": located_by_name,
    "invests": invests,
    "invests_direct": invests_direct,
    "issued_policy": issued_policy,
    "holds_position": holds_position,
    "founded": founded,
    "located_in": located_in,
}
