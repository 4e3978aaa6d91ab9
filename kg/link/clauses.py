"""The clause toolkit every relation kind shares: a rule's words, its trigger in a sentence,
names listed together around a word, and whether the ontology allows an edge between two names."""

from __future__ import annotations

import re

from kg.errors import OntologyError
from kg.link.context import RuleCall
from kg.link.dates import DateSource, FoundDate
from kg.types import Mention, NormalizedDocument, Sentence

CLAUSE = re.compile(r"[，。；;,！？]")
"""Where a clause ends: what follows speaks of something else."""


def rule_words(call: RuleCall, key: str) -> list[str]:
    """The rule's word list ``key``, longest first (so that 联合领投 wins over 领投)."""
    try:
        return sorted(call.spec[key], key=len, reverse=True)
    except KeyError:
        raise OntologyError(f"{call.where}: rule {call.name!r} lacks {key!r}") from None


def first_word(text: str, words: list[str]) -> tuple[int, str] | None:
    """The earliest of ``words`` in ``text`` (the longest where two start together) and its offset."""
    hits = [(text.find(w), w) for w in words if w in text]
    return min(hits, key=lambda h: (h[0], -len(h[1]))) if hits else None


def find_trigger(doc: NormalizedDocument, sentence: Sentence, call: RuleCall) -> tuple[str, tuple[int, str], int] | None:
    """The sentence's text, its first trigger word (offset in the sentence, word) and its document offset."""
    text = doc.text[sentence.start:sentence.end]
    found = first_word(text, rule_words(call, "triggers"))
    if found is None:
        return None
    return text, found, sentence.start + found[0]


def allowed(call: RuleCall, relation_type: str, head: Mention, tail: Mention) -> bool:
    """The ontology allows ``relation_type`` between the two, and they are not one name twice."""
    rel = call.ontology.relation_types.get(relation_type)
    same = head.text == tail.text or (head.canonical or head.text) == (tail.canonical or tail.text)
    if relation_type == call.ontology.relations.founding and tail.text.startswith(head.text):
        # 百度 founded 百度汽车公司; but 百度公司 is 百度 itself
        same = same or tail.text[len(head.text):] in ("公司", *call.ontology.words("legal_forms"))
    else:
        same = same or (head.label == tail.label and (head.text in tail.text or tail.text in head.text))
    return bool(rel and rel.allows(head.label, tail.label)) and not same


def allowed_head(call: RuleCall, relation_type: str, mention: Mention) -> bool:
    """``mention`` may be the head of a ``relation_type`` edge."""
    rel = call.ontology.relation_types.get(relation_type)
    return bool(rel and mention.label in rel.heads)


def date_fields(found: FoundDate | None, source: DateSource = DateSource.TEXT) -> dict[str, str | None]:
    """A date as relation properties: as written, ISO, precision and where it comes from."""
    if found is None:
        return {"date": None, "date_iso": None, "date_precision": None, "date_source": None}
    return {"date": found.text or None, "date_iso": found.iso, "date_precision": found.precision,
            "date_source": source.value if found.iso else None}


_LIST_JOINERS = ("、", "和", "与", "及", "以及", "同", "")
_PARTNERED = re.compile(r"(?:(?:将|已|拟|曾|正式|还)(?:与|和|同|携手))|(?:将|已|拟|还)?(?:携手|联合|联手|会同)")
"""'A将与B共同发起成立Z', 'A联合B成立Z': an adverb before the conjunction, or a verb of joining
forces, still lists A with B."""


_DATE_GAP = re.compile(r"于?\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?")


def joined_before(doc: NormalizedDocument, mentions: list[Mention], at: int, slack: int = 4) -> list[Mention]:
    """The mention just before ``at`` and those listed with it ('A、B和C联合…'); a date between
    does not count ('张某于2015年创立')."""
    before = [m for m in mentions if m.end <= at]
    gap = _DATE_GAP.sub("", doc.text[before[-1].end:at]).strip() if before else ""
    if not before or len(gap) > slack or CLAUSE.search(doc.text[before[-1].end:at]):
        return []
    heads = [before[-1]]
    for m in reversed(before[:-1]):
        gap = doc.text[m.end:heads[-1].start].strip()
        if gap not in _LIST_JOINERS and not _PARTNERED.fullmatch(gap):
            break
        heads.append(m)
    return heads[::-1]


def joined_after(doc: NormalizedDocument, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mention right at ``start`` and those listed with it, all before ``end`` ('由A、B于…')."""
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    if not inside or doc.text[start:inside[0].start].strip():
        return []
    heads = [inside[0]]
    for m in inside[1:]:
        if doc.text[heads[-1].end:m.start].strip().lstrip("”’\"）)") not in _LIST_JOINERS:
            break  # 'A（简称“B”）与C': the closing marks of a declared name still join B and C
        heads.append(m)
    return heads


def parties(doc: NormalizedDocument, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The first names listed together ('A与B', 'A、B和C') between ``start`` and ``end``."""
    for m in mentions:
        if start <= m.start < end:
            listed = joined_after(doc, mentions, m.start, end)
            if len(listed) >= 2:
                return listed
    return []
