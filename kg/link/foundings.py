"""The founding rule kind (``founded``): who founded an organization ('由A、B创立', 'A、B共同
发起成立Z', '双方将共建Z', a new unit named after the subject)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.link.clauses import allowed, allowed_head, find_trigger, joined_after, joined_before, parties
from kg.link.context import RuleCall, relation
from kg.link.dates import find_date
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence

_BOTH_PARTIES = re.compile(r"(?:双方|三方|两家|多方)[^，。；]{0,4}$")
"""'…，双方将共建Z': the parties named earlier in the sentence found Z together."""


def founded(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
            call: RuleCall) -> Iterator[LinkedRelation]:
    """'X成立于…，由A、B创立' (tail before 由), 'A、B共同发起成立Z' / 'A和B联合打造的“Z”', and
    '新组建的百度汽车公司' when the subject of the text (百度) begins the new name."""
    found = find_trigger(doc, sentence, call)
    if found is None:
        return
    text, trigger, at = found
    output = call.output("founded")
    heads = joined_before(doc, mentions, at)
    by = text.rfind("由", 0, trigger[0])
    if by >= 0:
        if not any(allowed_head(call, output.relation, m) for m in heads):
            heads = joined_after(doc, mentions, sentence.start + by + 1, at)  # 由周某博士于2019年在深圳创立
        tails = [m for m in mentions if m.end <= sentence.start + by and m not in heads]
        tail = tails[0] if tails else call.subject
    else:
        after = [m for m in mentions if 0 <= m.start - (at + len(trigger[1])) <= 3]
        tail = after[0] if after else None
    if tail is None:
        return
    if not heads and _BOTH_PARTIES.search(text, 0, trigger[0]):
        heads = parties(doc, mentions, sentence.start, at)  # A与B签署协议，双方将共建Z
    if not heads and call.subject is not None and tail.text.startswith(call.subject.text) \
            and tail.text != call.subject.text:
        heads = [call.subject]  # 新组建的百度汽车公司, under a headline about 百度
    found_date = find_date(re.sub(r"\s+", "", text), doc.date)
    for head in heads:
        if allowed(call, output.relation, head, tail):
            yield relation(output, head, tail, sentence, date=found_date.text if found_date else None)
