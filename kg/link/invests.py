"""Investment rule kinds: a financing round and its investors (``invests``), and an investor
that names the company it puts money in (``invests_direct``)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import pairwise

from kg.link.amounts import find_amounts, find_valuation
from kg.link.clauses import CLAUSE, allowed, date_fields, first_word, joined_before, rule_words
from kg.link.context import RuleCall, SubjectFound, relation
from kg.link.dates import DateSource, FoundDate, bulletin_date, find_date, find_deal_date
from kg.link.rounds import find_round
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence


def invests(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
            call: RuleCall) -> Iterator[LinkedRelation | SubjectFound]:
    """Financing news: every investor of the round gets its own edge with round/amount/lead/date;
    a company the sentence finances by name is the subject of the sentences after it."""
    text = doc.text[sentence.start:sentence.end]
    if not any(w in text for w in rule_words(call, "financing")) and not find_round(text):
        return
    target, named_here = _target(doc, mentions, call)
    if target is None:
        return
    lead_words, follow_words = rule_words(call, "lead"), rule_words(call, "follow")
    excluded = rule_words(call, "excluded")
    inside = sentence.start <= target.start < sentence.end
    # a headline glued to its first sentence names the company twice: the body's wording wins
    last = text.rfind(target.text) if inside else -1
    stated = text[last + len(target.text):] if last >= 0 else text
    compact = re.sub(r"\s+", "", stated if find_round(stated) or find_amounts(stated) else text)
    found_date = find_deal_date(compact, doc.date) or _opening_date(text[:last] if last > 0 else "", doc.date)
    valuation = find_valuation(re.sub(r"\s+", "", text))
    base = {
        "round": find_round(compact),
        **_amount_fields(compact),
        "valuation": valuation.text if valuation else None,
        "valuation_value": valuation.value if valuation else None,
        "valuation_currency": valuation.currency if valuation else None,
        **date_fields(found_date),
    }
    if named_here:
        yield SubjectFound(target, {k: v for k, v in base.items() if v is not None})
    elif target is call.subject:
        stated = {k: v for k, v in base.items() if v is not None}
        # '此前，Y曾领投其天使轮': another round than the subject's keeps none of its facts
        same_round = stated.get("round") in (None, call.facts.get("round"))
        base = {**(call.facts if same_round else {}), **stated}
    from_bulletin = bulletin_date(doc.date)
    # the bulletin dates a deal its sentence does not, unless the sentence says the deal is past
    # (曾获得, 此前完成): then the deal has no date rather than the bulletin's
    if base.get("date_iso") is None and from_bulletin and not _only_past_deals(compact):
        base = {**base, **date_fields(from_bulletin, DateSource.BULLETIN), "date": base.get("date")}
    listed_from = first_word(text, rule_words(call, "listed_after"))
    types = call.ontology.types
    named = False
    for investor in mentions:
        if investor is target or investor.label not in (types.investor, types.business):
            continue
        after = doc.text[investor.end:sentence.end]
        trigger = first_word(after, excluded + lead_words + follow_words)
        if trigger is None and listed_from is not None and investor.start > sentence.start + listed_from[0]:
            trigger = (0, follow_words[-1])
        if trigger is None or trigger[1] in excluded:
            continue
        properties = base
        clause = re.sub(r"\s+", "", CLAUSE.split(after)[0])
        own_round = find_round(clause)
        if own_round and own_round != base.get("round"):  # 'Y领投其天使轮，Z参与了其A轮': each its own
            properties = {**base, "round": own_round, **_amount_fields(clause),
                          **date_fields(find_date(clause, doc.date))}
        output = call.output("lead" if trigger[1] in lead_words else "follow")
        if allowed(call, output.relation, investor, target):
            named = True
            yield relation(output, investor, target, sentence, lead=trigger[1] in lead_words, **properties)
    if not named and inside and not sentence.is_heading and (base.get("round") or base.get("amount")):
        # 'X完成数千万元A轮融资，投资方未透露': still a deal, with no investor to carry it (a
        # headline only sums up the body's deal); resolve drops it where a later sentence names investors
        yield relation(call.output("raised"), target, target, sentence, **base)


_DEAL_VERB = re.compile(r"(曾经?|此前|之前|先前|早前)?已?(?:获得|获|完成)")


def _only_past_deals(text: str) -> bool:
    """'某公司曾获得某资本投资': every deal verb of the sentence speaks of an earlier deal, which the
    bulletin's date does not date ('完成C轮融资，2020年曾获B轮' still has a deal of today)."""
    verbs = _DEAL_VERB.findall(text)
    return bool(verbs) and all(verbs)


_OPENING_DATE = re.compile(r"\s*(?P<date>[^，,。；]{2,14}?)\s*[，,]?\s*$")


def _opening_date(before_target: str, bulletin: str | None) -> FoundDate | None:
    """'11月28日，X宣布完成…': a date that opens the sentence, before the company, dates the round
    (not '2019年成立的X', whose date is the founding's)."""
    match = _OPENING_DATE.fullmatch(before_target)
    if match is None:
        return None
    found = find_date(re.sub(r"\s+", "", match["date"]), bulletin)
    return found if found and re.sub(r"\s+", "", match["date"]).endswith(found.text) else None


def _amount_fields(text: str) -> dict[str, object]:
    """The first amount raised in ``text`` as investment properties (all None when there is none)."""
    amounts = find_amounts(text)
    first = amounts[0] if amounts else None
    return {
        "amount": first.text if first else None,
        "amount_value": first.value if first else None,
        "currency": first.currency if first else None,
        "amount_bound": first.bound if first else None,
    }


_COUNTED = re.compile(r"(?:一家|这家|该|国内|一个)?[\u4e00-\u9fffA-Za-z]{0,8}?")
"""The words of a description before its head noun (一家自动驾驶公司, 人工智能企业)."""


def _described(gap: str, longest_first: Sequence[str], heads: tuple[str, ...]) -> str:
    """'X投资了一家自动驾驶公司Y': the verb (of ``longest_first``), when the rest of the gap
    describes the company; else the gap as it was."""
    verb = next((v for v in longest_first if gap.startswith(v)), None)
    rest = gap[len(verb):] if verb else ""
    if verb and rest.endswith(heads) and _COUNTED.fullmatch(rest[:-len(next(h for h in heads if rest.endswith(h)))]):
        return verb
    return gap


def invests_direct(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                   call: RuleCall) -> Iterator[LinkedRelation]:
    """'X投资了Y', 'X战略投资Y', 'X向Y注资2亿元': the investor names the company it puts money in."""
    verbs, lead_words = rule_words(call, "verbs"), rule_words(call, "lead")
    toward_verbs = tuple(rule_words(call, "toward_verbs"))
    adverbs = tuple(sorted(call.spec.get("adverbs", []), key=len, reverse=True))
    output = call.output("direct")
    described = tuple(call.spec.get("described_by", ()))
    longest_first = sorted(verbs, key=len, reverse=True)
    paid_re = re.compile(str(call.spec.get("paid", "(?!)")))
    for investor, company in pairwise(mentions):
        gap = doc.text[investor.end:company.start]
        words = gap.removeprefix(next((a for a in adverbs if gap.startswith(a)), ""))
        paid = paid_re.match(words)
        verb = _described(words[paid.end():] if paid else words, longest_first, described)
        if verb not in verbs and not (verb == "向" and doc.text.startswith(toward_verbs, company.end)):
            continue
        clause = (paid.group() if paid else "") + re.sub(r"\s+", "", CLAUSE.split(doc.text[company.end:sentence.end])[0])
        found_date = _opening_date(doc.text[sentence.start:investor.start], doc.date) or \
            find_date(gap, doc.date) or find_deal_date(clause, doc.date)  # X近日投资了Y
        dated = date_fields(found_date) if found_date and found_date.iso else \
            {**date_fields(bulletin_date(doc.date), DateSource.BULLETIN), "date": found_date.text if found_date else None}
        lead = verb in lead_words
        for listed in joined_before(doc, mentions, investor.end, slack=0):  # 'A、B联合领投了Y': A too
            if allowed(call, output.relation, listed, company):
                yield relation(output, listed, company, sentence,
                               lead=lead, round=find_round(clause), **_amount_fields(clause), **dated)


def _target(doc: NormalizedDocument, mentions: list[Mention], call: RuleCall) -> tuple[Mention | None, bool]:
    """The financed company and whether the sentence names it: 'X完成/获…' in the sentence (True),
    else the subject (a back-reference: False)."""
    verbs = rule_words(call, "target_verbs")
    holders = tuple(call.spec.get("holders", []))
    business = call.ontology.types.business
    for m in mentions:
        ahead = CLAUSE.split(doc.text[m.end:m.end + 14])[0]
        if m.label == business and ahead.startswith(holders):
            return m, True  # '某某的投资方包括A和B'
        hit = first_word(ahead, verbs)
        if m.label == business and hit is not None and not any(o.start < m.end + hit[0] for o in mentions if o.start >= m.end):
            return m, True
    return call.subject, False
