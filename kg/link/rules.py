"""Rule kinds: ``kind -> function(doc, sentence, mentions, call) -> Iterator[LinkedRelation]``.

``mentions`` are the sentence's own mentions in text order. A new rule kind is one new
function added to ``RULE_KINDS``; its trigger words live in ``ontology/rules/relations.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

from kg.errors import OntologyError
from kg.link.amounts import find_amounts, find_valuation
from kg.link.context import RuleCall, relation
from kg.link.dates import DateSource, FoundDate, bulletin_date, find_date, find_deal_date
from kg.link.rounds import find_round
from kg.ontology import LexiconEntry, Ontology
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence

INVESTS_IN = "INVESTS_IN"
RAISED = "RAISED"
"""A deal no investor edge states: the company alone (head and tail), see ontology/relations.yaml."""
RuleFunction = Callable[[NormalizedDocument, Sentence, list[Mention], RuleCall], Iterator[LinkedRelation]]
_CLAUSE = re.compile(r"[，。；;,！？]")
_POST_END = re.compile(r"[，。；、,（(\s]")
"""Where the words after a name or an organization stop being its title (院长，…; 主任（…）)."""
DOC_NUMBER_RE = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]\d+号")


def _words(call: RuleCall, key: str) -> list[str]:
    try:
        return sorted(call.spec[key], key=len, reverse=True)
    except KeyError:
        raise OntologyError(f"ontology/rules/relations.yaml: rule {call.name!r} lacks {key!r}") from None


def _first(text: str, words: list[str]) -> tuple[int, str] | None:
    hits = [(text.find(w), w) for w in words if w in text]
    return min(hits, key=lambda h: (h[0], -len(h[1]))) if hits else None


def _trigger(doc: NormalizedDocument, sentence: Sentence, call: RuleCall) -> tuple[str, tuple[int, str], int] | None:
    """The sentence's text, its first trigger word (offset in the sentence, word) and its document offset."""
    text = doc.text[sentence.start:sentence.end]
    trigger = _first(text, _words(call, "triggers"))
    if trigger is None:
        return None
    return text, trigger, sentence.start + trigger[0]


def _allowed(call: RuleCall, kind: str, head: Mention, tail: Mention) -> bool:
    rel = call.ontology.relation_types.get(kind)
    same = head.text == tail.text or (head.canonical or head.text) == (tail.canonical or tail.text)
    if kind == "FOUNDED" and tail.text.startswith(head.text):
        # 百度 founded 百度汽车公司; but 百度公司 is 百度 itself
        same = same or tail.text[len(head.text):] in ("公司", *call.ontology.words("legal_forms"))
    else:
        same = same or (head.label == tail.label and (head.text in tail.text or tail.text in head.text))
    return bool(rel and rel.allows(head.label, tail.label)) and not same


def invests(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
            call: RuleCall) -> Iterator[LinkedRelation]:
    """Financing news: every investor of the round gets its own edge with round/amount/lead/date."""
    text = doc.text[sentence.start:sentence.end]
    if not any(w in text for w in _words(call, "financing")) and not find_round(text):
        return
    target = _target(doc, mentions, call)
    if target is None:
        return
    lead_words, follow_words, excluded = _words(call, "lead"), _words(call, "follow"), _words(call, "excluded")
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
    if call.found_subject is target:
        call.found_facts = {k: v for k, v in base.items() if v is not None}
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
    listed_from = _first(text, _words(call, "listed_after"))
    named = False
    for investor in mentions:
        if investor is target or investor.label not in ("Investor", "Company"):
            continue
        after = doc.text[investor.end:sentence.end]
        trigger = _first(after, excluded + lead_words + follow_words)
        if trigger is None and listed_from is not None and investor.start > sentence.start + listed_from[0]:
            trigger = (0, follow_words[-1])
        if trigger is None or trigger[1] in excluded:
            continue
        properties = base
        clause = re.sub(r"\s+", "", _CLAUSE.split(after)[0])
        own_round = find_round(clause)
        if own_round and own_round != base.get("round"):  # 'Y领投其天使轮，Z参与了其A轮': each its own
            properties = {**base, "round": own_round, **_amount_fields(clause),
                          **date_fields(find_date(clause, doc.date))}
        if _allowed(call, "INVESTS_IN", investor, target):
            named = True
            yield relation("INVESTS_IN", investor, target, sentence,
                           f"invests.{'lead' if trigger[1] in lead_words else 'follow'}",
                           lead=trigger[1] in lead_words, **properties)
    if not named and inside and not sentence.is_heading and (base.get("round") or base.get("amount")):
        # 'X完成数千万元A轮融资，投资方未透露': still a deal, with no investor to carry it (a
        # headline only sums up the body's deal); resolve drops it where a later sentence names investors
        yield relation(RAISED, target, target, sentence, "invests.raised", **base)


_DEAL_VERB = re.compile(r"(曾经?|此前|之前|先前|早前)?已?(?:获得|获|完成)")


def _only_past_deals(text: str) -> bool:
    """'某公司曾获得某资本投资': every deal verb of the sentence speaks of an earlier deal, which the
    bulletin's date does not date ('完成C轮融资，2020年曾获B轮' still has a deal of today)."""
    verbs = _DEAL_VERB.findall(text)
    return bool(verbs) and all(verbs)


_OPENING_DATE = re.compile(r"\s*(?P<date>[^，,。；]{2,14}?)\s*[，,]?\s*$")


def date_fields(found: FoundDate | None, source: DateSource = DateSource.TEXT) -> dict[str, str | None]:
    """A date as relation properties: as written, ISO, precision and where it comes from."""
    if found is None:
        return {"date": None, "date_iso": None, "date_precision": None, "date_source": None}
    return {"date": found.text or None, "date_iso": found.iso, "date_precision": found.precision,
            "date_source": source.value if found.iso else None}


def _opening_date(before_target: str, bulletin: str | None) -> FoundDate | None:
    """'11月28日，X宣布完成…': a date that opens the sentence, before the company, dates the round
    (not '2019年成立的X', whose date is the founding's)."""
    match = _OPENING_DATE.fullmatch(before_target)
    if match is None:
        return None
    found = find_date(re.sub(r"\s+", "", match["date"]), bulletin)
    return found if found and re.sub(r"\s+", "", match["date"]).endswith(found.text) else None


def _amount_fields(text: str) -> dict[str, object]:
    """The first amount raised in ``text`` as INVESTS_IN properties (all None when there is none)."""
    amounts = find_amounts(text)
    first = amounts[0] if amounts else None
    return {
        "amount": first.text if first else None,
        "amount_value": first.value if first else None,
        "currency": first.currency if first else None,
        "amount_bound": first.bound if first else None,
    }


def invests_direct(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                   call: RuleCall) -> Iterator[LinkedRelation]:
    """'X投资了Y', 'X战略投资Y', 'X向Y注资2亿元': the investor names the company it puts money in."""
    verbs, lead_words = _words(call, "verbs"), _words(call, "lead")
    toward_verbs = tuple(_words(call, "toward_verbs"))
    adverbs = tuple(sorted(call.spec.get("adverbs", []), key=len, reverse=True))
    for investor, company in pairwise(mentions):
        gap = doc.text[investor.end:company.start]
        verb = gap.removeprefix(next((a for a in adverbs if gap.startswith(a)), ""))
        if verb not in verbs and not (verb == "向" and doc.text.startswith(toward_verbs, company.end)):
            continue
        clause = re.sub(r"\s+", "", _CLAUSE.split(doc.text[company.end:sentence.end])[0])
        found_date = _opening_date(doc.text[sentence.start:investor.start], doc.date) or \
            find_date(gap, doc.date) or find_deal_date(clause, doc.date)  # X近日投资了Y
        dated = date_fields(found_date) if found_date and found_date.iso else \
            {**date_fields(bulletin_date(doc.date), DateSource.BULLETIN), "date": found_date.text if found_date else None}
        lead = verb in lead_words
        for listed in _joined_before(doc, mentions, investor.end, slack=0):  # 'A、B联合领投了Y': A too
            if _allowed(call, "INVESTS_IN", listed, company):
                yield relation("INVESTS_IN", listed, company, sentence, "invests.direct",
                               lead=lead, round=find_round(clause), **_amount_fields(clause), **dated)


def _target(doc: NormalizedDocument, mentions: list[Mention], call: RuleCall) -> Mention | None:
    """The financed company: 'X完成/获…' in the sentence, else the subject (back-reference)."""
    verbs = _words(call, "target_verbs")
    holders = tuple(call.spec.get("holders", []))
    for m in mentions:
        ahead = _CLAUSE.split(doc.text[m.end:m.end + 14])[0]
        if m.label == "Company" and ahead.startswith(holders):
            call.found_subject = m  # '某某的投资方包括A和B'
            return m
        hit = _first(ahead, verbs)
        if m.label == "Company" and hit is not None and not any(o.start < m.end + hit[0] for o in mentions if o.start >= m.end):
            call.found_subject = m
            return m
    return call.subject


def issued_policy(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                  call: RuleCall) -> Iterator[LinkedRelation]:
    """'A、B等部门联合印发《…》': one edge per issuing agency, with date and 文号; a title right
    after its agency ('国务院办公厅关于…的意见（国办发〔2023〕1号）') needs no verb."""
    found = _trigger(doc, sentence, call)
    if found is None:
        found = _titled_by(doc, sentence, mentions)
    if found is None:
        return
    text, _word, at = found
    agencies = [m for m in mentions if m.label == "Agency" and m.end <= at]
    policies = [full_policy_title(m, call) for m in mentions if m.label == "Policy" and m.start >= at]
    found_date = find_date(doc.text[sentence.start:at], doc.date)
    number = DOC_NUMBER_RE.search(text)
    for agency in agencies:
        for policy in policies:
            if policy is not None and _allowed(call, "ISSUED_POLICY", agency, policy):
                yield relation("ISSUED_POLICY", agency, policy, sentence, "policy.issued_by",
                               date=found_date.text if found_date else None,
                               date_iso=found_date.iso if found_date else None,
                               doc_number=number.group(0) if number else None)


def _titled_by(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention]) -> tuple[str, tuple[int, str], int] | None:
    """A policy that starts right where an agency's name ends: the agency's own document."""
    for agency, policy in pairwise(mentions):
        if agency.label == "Agency" and policy.label == "Policy" and agency.end == policy.start:
            return doc.text[sentence.start:sentence.end], (policy.start - sentence.start, ""), policy.start
    return None


def full_policy_title(mention: Mention, call: RuleCall) -> Mention | None:
    """A short reference (《意见》, 该《行动计划》) becomes the full title introduced before.

    Sets the short mention's ``canonical`` to that title so resolve merges the two; None when
    no earlier title fits (or back-references are switched off).
    """
    name = mention.text.strip("《》")
    if len(name) > 6:
        return mention
    if "coref" in call.without:
        return None
    for full in reversed(call.policies):
        if full.text.strip("《》").endswith(name):
            mention.canonical = full.canonical or full.text
            return full
    return None


_BEFORE_TITLE = "为任是的及和与被将由兼"
"""Characters that stand before a title without being part of it (选举某某为理事长)."""


_COPULA_GAP = re.compile(r"^的?(?P<title>.+?)(?:是|为)$")
"""'某公司的创始人是某某': the title between a possessive and a copula."""


def _title_of(gap: str, titles: list[str], former: list[str]) -> str | None:
    gap = gap.strip()
    copula = _COPULA_GAP.match(gap)
    if copula and any(copula["title"].endswith(t) for t in titles):
        gap = copula["title"]
    for word in former:
        gap = gap.removeprefix(word)
    parts = re.split("[、兼]", gap)  # 创始人、董事长兼CEO: the first post
    if not (0 < len(gap) <= 20 and not _CLAUSE.search(gap) and all(0 < len(p) <= 14 for p in parts)):
        return None
    ends = [next((t for t in titles if p.endswith(t)), None) for p in parts]
    if not all(ends):
        return None
    # '强磁场科学中心研究员': a unit inside the organization, then the title itself; '为理事长'
    # (a verb before the title) is the title
    unit_inside = len(parts[0]) <= len(ends[0]) + 1 and parts[0][0] not in _BEFORE_TITLE
    return parts[0] if unit_inside else ends[0]


def _posts_before(doc: NormalizedDocument, mentions: list[Mention], i: int,
                  titles: list[str], former: list[str]) -> list[tuple[Mention, str]]:
    """Walk left from person ``i`` over 'Org1 t1、Org2 t2' (or 'Org1、Org2 t') collecting posts."""
    posts: list[tuple[Mention, str]] = []
    gap_end = mentions[i].start
    for org in reversed(mentions[:i]):
        if org.label == "Person":
            break
        gap = doc.text[org.end:gap_end].strip()
        listed = bool(posts) and gap.endswith("、")
        gap = gap.removesuffix("、") if posts else gap
        title = _title_of(gap, titles, former)
        if title is None and listed and gap.strip() in former + [""]:
            title = posts[-1][1]
        if title is None:
            break
        posts.append((org, title))
        before = doc.text[:org.start].rstrip()
        if not (before.endswith("、") or any(before.endswith(t + "、") for t in titles)):
            break
        gap_end = org.start
    return posts


_THE_COMPANY = re.compile(r"(?:该|本|这家)?公司")
"""'P担任公司首席科学家': the company is the subject of the text."""


def _appointed(doc: NormalizedDocument, person: Mention, following: Mention | None, call: RuleCall,
               sentence: Sentence, verbs: tuple[str, ...], titles: list[str], former: list[str]) -> list[tuple[Mention, str]]:
    """'P出任/当选 Org title': the verb right after the person, the organization (or 公司, the
    subject) right after it."""
    verb = next((v for v in verbs if doc.text.startswith(v, person.end)), None)
    if verb is None:
        return []
    at = person.end + len(verb)
    pronoun = _THE_COMPANY.match(doc.text, at)
    if following is not None and following.start == at:
        org, title_at = following, following.end
    elif pronoun and call.subject is not None and call.subject.label == "Company":
        org, title_at = call.subject, pronoun.end()
    else:
        return []
    after = _POST_END.split(doc.text[title_at:sentence.end], maxsplit=1)[0]
    title = _title_of(after, titles, former)
    return [(org, title)] if title else []


def _post_taken_later(doc: NormalizedDocument, person: Mention, after: list[Mention], sentence: Sentence,
                      verbs: tuple[str, ...], titles: list[str]) -> list[tuple[Mention, str]]:
    """'李某创办了某某智能，并担任董事长': the post is at the organization the clause before named."""
    clause_end = _CLAUSE.search(doc.text, person.end, sentence.end)
    if clause_end is None or clause_end.group() not in "，,":
        return []
    orgs = [m for m in after if m.end <= clause_end.start() and m.label != "Person"]
    rest = _CLAUSE.split(doc.text[clause_end.end():sentence.end], maxsplit=1)[0].strip()
    for mark in ("并", "同时", "现"):
        rest = rest.removeprefix(mark)
    verb = next((v for v in verbs if rest.startswith(v)), None)
    if not orgs or verb is None or rest[len(verb):] not in titles:
        return []
    return [(orgs[-1], rest[len(verb):])]


def employers(mentions: list[Mention], sub_units: tuple[str, ...]) -> list[Mention]:
    """Drop a name nested at the start of a longer one unless the longer one is a unit inside it.

    北京大学 in 北京大学首都发展研究院 is not the employer; 某研究院 in 某研究院强磁场科学中心 is.
    """
    def shadowed(m: Mention) -> bool:
        return any(
            o.start == m.start and o.end > m.end and not o.text.endswith(sub_units)
            for o in mentions
        )

    def is_sub_unit(o: Mention) -> bool:
        return any(m.start == o.start and m.end < o.end for m in mentions) and o.text.endswith(sub_units)

    return [m for m in mentions if not shadowed(m) and not is_sub_unit(m)]


def holds_position(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                   call: RuleCall) -> Iterator[LinkedRelation]:
    """'Org + title + Person', several posts ('Org1 t1、Org2 t2 P'), several people, 'P，Org title'."""
    titles = sorted(call.ontology.vocab.get("titles") or call.spec["titles"], key=len, reverse=True)
    former = list(call.spec.get("former", []))
    appointed = tuple(_words(call, "appointed")) if "appointed" in call.spec else ()
    founder_titles = frozenset(call.spec.get("founder_titles", ()))
    previous: list[tuple[Mention, str]] = []
    mentions = employers(mentions, tuple(sorted(call.spec.get("sub_units", []), key=len, reverse=True)))
    for i, person in enumerate(mentions):
        if person.label != "Person":
            continue
        posts = _posts_before(doc, mentions, i, titles, former)
        if not posts and previous and mentions[i - 1].label == "Person" \
                and doc.text[mentions[i - 1].end:person.start].strip() == "、":
            posts = previous
        if not posts and i + 1 < len(mentions) and doc.text[person.end:mentions[i + 1].start] in ("，", ","):
            org = mentions[i + 1]
            after = re.split(r"[，。；、,（(]", doc.text[org.end:sentence.end])[0]
            title = _title_of(after, titles, former)
            if title:
                posts = [(org, title)]
        following = mentions[i + 1] if i + 1 < len(mentions) else None
        # '院士、北大教授张某当选某学会理事长': both posts
        posts = posts + _appointed(doc, person, following, call, sentence, appointed, titles, former)
        if not posts and i >= 1 and mentions[i - 1].label != "Person":
            gap = doc.text[mentions[i - 1].end:person.start]
            after = _POST_END.split(doc.text[person.end:sentence.end], maxsplit=1)[0]
            title = next((t for t in titles if after == t), None)
            if title and len(gap) <= 14 and not _CLAUSE.search(gap):
                posts = [(mentions[i - 1], title)]
        if not posts:
            posts = _post_taken_later(doc, person, mentions[i + 1:], sentence, appointed, titles)
        listed_former = len(posts) > 1 and _formerly(doc, posts[-1][0], person, former)  # 原微软、亚马逊工程师
        for org, title in posts:
            was = listed_former or _formerly(doc, org, person, former)
            alone = not any(org.end <= m.start and m.end <= person.start for m in mentions)
            for each in [title, *(_further_titles(doc, org, person, titles, founder_titles) if alone else [])]:
                if each in founder_titles:
                    # 创始人 is the founding, not a post; a former founder is no founding news either
                    if not was and _allowed(call, "FOUNDED", person, org):
                        yield relation("FOUNDED", person, org, sentence, "founded.title")
                elif _allowed(call, "HOLDS_POSITION", person, org):
                    yield relation("HOLDS_POSITION", person, org, sentence, "position.org_title_person",
                                   title=each, former=True if was else None)
        previous = posts


def _further_titles(doc: NormalizedDocument, org: Mention, person: Mention, titles: list[str],
                    founder_titles: frozenset[str]) -> list[str]:
    """'某公司董事长兼CEO某某': the posts joined by 兼 after the first one (CEO), each its own
    HOLDS_POSITION. A list with 、 (副主任、工委委员) stays one post, the first, as annotators read it."""
    if org.end > person.start:
        return []
    first, *parts = doc.text[org.end:person.start].strip().split("兼")
    listed = first.split("、")
    if len(listed) > 1 and listed[0].strip() in founder_titles:
        parts = listed[1:] + parts  # 创始人、董事长兼CEO: the founding, then two posts
    found = [next((t for t in titles if p.endswith(t)), None) for p in parts]
    return [t for t in found if t] if all(found) else []


_NOT_FORMER = ("目前", "此前", "之前", "日前", "当前", "提前", "以前", "此后", "此外")
"""Words ending in a 'former' character that do not mark a former post (目前华为工程师某某)."""


def _formerly(doc: NormalizedDocument, org: Mention, person: Mention, former: list[str]) -> bool:
    """'原华为工程师某某', '华为原工程师某某', '曾任华为工程师的某某': a post the person held before."""
    before = doc.text[max(0, org.start - 3):org.start]
    if before.endswith(_NOT_FORMER):
        return False
    gap = doc.text[org.end:person.start].strip()
    return before.endswith(tuple(former)) or gap.startswith(tuple(former))


_LIST_JOINERS = ("、", "和", "与", "及", "以及", "同", "")
_PARTNERED = re.compile(r"(?:将|已|拟|曾|正式|还)(?:与|和|同|携手)")
"""'A将与B共同发起成立Z': an adverb before the conjunction still lists A with B."""


_DATE_GAP = re.compile(r"于?\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?")


def _joined_before(doc: NormalizedDocument, mentions: list[Mention], at: int, slack: int = 4) -> list[Mention]:
    """The mention just before ``at`` and those listed with it ('A、B和C联合…'); a date between
    does not count ('张某于2015年创立')."""
    before = [m for m in mentions if m.end <= at]
    gap = _DATE_GAP.sub("", doc.text[before[-1].end:at]).strip() if before else ""
    if not before or len(gap) > slack or _CLAUSE.search(doc.text[before[-1].end:at]):
        return []
    heads = [before[-1]]
    for m in reversed(before[:-1]):
        gap = doc.text[m.end:heads[-1].start].strip()
        if gap not in _LIST_JOINERS and not _PARTNERED.fullmatch(gap):
            break
        heads.append(m)
    return heads[::-1]


def _allowed_head(call: RuleCall, kind: str, mention: Mention) -> bool:
    rel = call.ontology.relation_types.get(kind)
    return bool(rel and mention.label in rel.heads)


def _joined_after(doc: NormalizedDocument, mentions: list[Mention], start: int, end: int) -> list[Mention]:
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


_BOTH_PARTIES = re.compile(r"(?:双方|三方|两家|多方)[^，。；]{0,4}$")
"""'…，双方将共建Z': the parties named earlier in the sentence found Z together."""


def _parties(doc: NormalizedDocument, mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The first names listed together ('A与B', 'A、B和C') between ``start`` and ``end``."""
    for m in mentions:
        if start <= m.start < end:
            listed = _joined_after(doc, mentions, m.start, end)
            if len(listed) >= 2:
                return listed
    return []


def founded(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
            call: RuleCall) -> Iterator[LinkedRelation]:
    """'X成立于…，由A、B创立' (tail before 由), 'A、B共同发起成立Z' / 'A和B联合打造的“Z”', and
    '新组建的百度汽车公司' when the subject of the text (百度) begins the new name."""
    found = _trigger(doc, sentence, call)
    if found is None:
        return
    text, trigger, at = found
    heads = _joined_before(doc, mentions, at)
    by = text.rfind("由", 0, trigger[0])
    if by >= 0:
        if not any(_allowed_head(call, "FOUNDED", m) for m in heads):
            heads = _joined_after(doc, mentions, sentence.start + by + 1, at)  # 由周某博士于2019年在深圳创立
        tails = [m for m in mentions if m.end <= sentence.start + by and m not in heads]
        tail = tails[0] if tails else call.subject
    else:
        after = [m for m in mentions if 0 <= m.start - (at + len(trigger[1])) <= 3]
        tail = after[0] if after else None
    if tail is None:
        return
    if not heads and _BOTH_PARTIES.search(text, 0, trigger[0]):
        heads = _parties(doc, mentions, sentence.start, at)  # A与B签署协议，双方将共建Z
    if not heads and call.subject is not None and tail.text.startswith(call.subject.text) \
            and tail.text != call.subject.text:
        heads = [call.subject]  # 新组建的百度汽车公司, under a headline about 百度
    found_date = find_date(re.sub(r"\s+", "", text), doc.date)
    for head in heads:
        if _allowed(call, "FOUNDED", head, tail):
            yield relation("FOUNDED", head, tail, sentence, "founded.by",
                           date=found_date.text if found_date else None)


def located_in(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
               call: RuleCall) -> Iterator[LinkedRelation]:
    """位于/落户/入驻 ('A位于X', '位于X的A'), '在X建设', 'park+company' adjacency, '园区引进A、B等企业'."""
    text = doc.text[sentence.start:sentence.end]
    places = ("Park", "Location")
    trigger = _first(text, _words(call, "triggers"))
    if trigger is not None:
        at = sentence.start + trigger[0]
        # '某公司由母公司投资设立，位于某地': the agent after 由 is not what is located
        heads = [m for m in mentions if m.end <= at and _allowed_head(call, "LOCATED_IN", m)
                 and not doc.text[:m.start].endswith("由")]
        clause_start = max(doc.text.rfind(p, sentence.start, at) for p in "，,；;") + 1
        in_clause = [m for m in heads if m.start >= clause_start]
        # 'X成立于…，由Y创办，总部位于Z': a clause without its own subject speaks of the sentence's
        head = in_clause[-1] if in_clause else heads[0] if heads else call.subject
        tails = [m for m in mentions if m.start >= at and m.label in places]
        chain = tails[:1]
        if tails:
            chain_end = tails[0].end
            for m in tails[1:]:
                if m.start == chain_end:
                    chain_end = m.end  # 深圳市南山区: the city and the district
                    chain.append(m)
            described = [m for m in mentions if m.start > chain_end
                         and doc.text[chain_end:m.start].strip() == "的"]
            if described:
                head = described[0]  # 总部位于苏州工业园区的某某公司
        for place in chain if head is not None else []:
            if _allowed(call, "LOCATED_IN", head, place):
                yield relation("LOCATED_IN", head, place, sentence, "located.trigger")
    gather = _first(text, _words(call, "gather"))
    if gather is not None:
        at = sentence.start + gather[0]
        parks = [m for m in mentions if m.end <= at and m.label == "Park"]
        for m in mentions:
            if parks and m.start >= at and _allowed(call, "LOCATED_IN", m, parks[-1]):
                yield relation("LOCATED_IN", m, parks[-1], sentence, "located.gather", 0.7)
    gaps = list(call.spec.get("adjacent_gaps", [""]))
    for left, right in pairwise(mentions):
        gap = doc.text[left.end:right.start]
        if (left.label == "Park" and gap in gaps or left.label == "Location" and gap == "") and \
                _allowed(call, "LOCATED_IN", right, left):
            yield relation("LOCATED_IN", right, left, sentence, "located.adjacent", 0.7)
    for i, m in enumerate(mentions):
        if m.label in places and doc.text.startswith("在", m.start - 1):
            rest = doc.text[m.end:sentence.end]
            if any(rest.startswith(w) for w in call.spec.get("build_after_at", [])):
                # the subject of the clause: “某产业园”在X启动建设 (a park may sit in a park),
                # not a source named earlier in the sentence (据某厅报道，…)
                clause = max(sentence.start, *(doc.text.rfind(c, sentence.start, m.start) for c in "，；:："))
                heads = [h for h in mentions[:i] if h.label != "Location" and _allowed(call, "LOCATED_IN", h, m)]
                in_clause = [h for h in heads if h.start >= clause]
                head = (in_clause or heads or [call.subject])[0]
                if head is not None and _allowed(call, "LOCATED_IN", head, m):
                    yield relation("LOCATED_IN", head, m, sentence, "located.build_at", 0.7)


_PLACES_CACHE: dict[tuple[int, tuple[str, ...]], tuple[Ontology, dict[str, LexiconEntry]]] = {}


def _places_by_name(ontology: Ontology, skip: tuple[str, ...]) -> dict[str, LexiconEntry]:
    """Every name of a known park or place -> its entry (built once per ontology)."""
    key = (id(ontology), skip)
    cached = _PLACES_CACHE.get(key)
    if cached is None or cached[0] is not ontology:
        places = {n: e for t in ("Park", "Location") for e in ontology.entries(t) for n in e.names
                  if len(n) >= 2 and n not in skip and e.name not in skip}
        cached = _PLACES_CACHE[key] = (ontology, places)
    return cached[1]


def located_by_name(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                    call: RuleCall) -> Iterator[LinkedRelation]:
    """'杭州X科技', '广州高新区X': a name that starts with a known place is located there.

    Only names built as place + core + type suffix: a brand that merely begins with a
    place name (宁德时代) says nothing about where the company sits.
    """
    skip = tuple(call.spec.get("skip_prefixes", []))
    suffixes = tuple(w for t in ("Company", "Investor", "Institute", "Park", "Organization")
                     for w in call.ontology.words(f"suffixes.{t}"))
    places = _places_by_name(call.ontology, skip)
    for m in mentions:
        if m.label not in call.spec.get("heads", ["Company", "Park"]):
            continue
        prefix = next((m.text[:k] for k in range(len(m.text) - 2, 1, -1) if m.text[:k] in places), None)
        if prefix is None or not m.text.endswith(suffixes):
            continue
        entry = places[prefix]
        tail = Mention(m.start, m.start + len(prefix), prefix, entry.type, "lexicon", entry.name)
        if _allowed(call, "LOCATED_IN", m, tail):
            yield relation("LOCATED_IN", m, tail, sentence, "located.name_prefix", 0.7)


RULE_KINDS: dict[str, RuleFunction] = {
    "located_by_name": located_by_name,
    "invests": invests,
    "invests_direct": invests_direct,
    "issued_policy": issued_policy,
    "holds_position": holds_position,
    "founded": founded,
    "located_in": located_in,
}
