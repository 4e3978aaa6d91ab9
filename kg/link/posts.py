"""The post rule kind (``holds_position``): the posts people hold at organizations ('Org title
Person', 'Org1 t1、Org2 t2 P', 'P，Org title', 'P出任Org title'), and the founder titles that
state a founding instead."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kg.link.clauses import CLAUSE, allowed, rule_words
from kg.link.context import RuleCall, relation
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence

_POST_END = re.compile(r"[，。；、,（(\s]")
"""Where the words after a name or an organization stop being its title (院长，…; 主任（…）)."""


_BEFORE_TITLE = "为任是的及和与被将由兼"
"""Characters that stand before a title without being part of it (选举某某为理事长)."""


_COPULA_GAP = re.compile(r"^的?(?P<title>.+?)(?:是|为)$")
"""'某公司的创始人是某某': the title between a possessive and a copula."""


def _title_of(gap: str, titles: list[str], former: list[str], units: tuple[str, ...] = ()) -> str | None:
    gap = gap.strip()
    copula = _COPULA_GAP.match(gap)
    if copula and any(copula["title"].endswith(t) for t in titles):
        gap = copula["title"]
    for word in former:
        gap = gap.removeprefix(word)
    parts = re.split("[、兼]", gap)  # 创始人、董事长兼CEO: the first post
    if not (0 < len(gap) <= 20 and not CLAUSE.search(gap) and all(0 < len(p) <= 14 for p in parts)):
        return None
    ends = [next((t for t in titles if p.endswith(t)), None) for p in parts]
    if not all(ends):
        return None
    # '强磁场科学中心研究员': a unit inside the organization, then the title itself; '为理事长'
    # (a verb before the title) is the title
    unit_inside = len(parts[0]) <= len(ends[0]) + 1 and parts[0][0] not in _BEFORE_TITLE
    # '省科技厅高新处处长': a named unit (``units``) before the title stays in it, the post is at the body
    unit = parts[0][:-len(ends[0])].removeprefix("的")
    named_unit = 2 <= len(unit) <= 8 and unit.endswith(units) and unit[0] not in _BEFORE_TITLE if units else False
    return parts[0].removeprefix("的") if unit_inside or named_unit else ends[0]


def _posts_before(doc: NormalizedDocument, mentions: list[Mention], i: int, titles: list[str], former: list[str],
                  person_type: str, units: tuple[str, ...] = ()) -> list[tuple[Mention, str]]:
    """Walk left from person ``i`` over 'Org1 t1、Org2 t2' (or 'Org1、Org2 t') collecting posts."""
    posts: list[tuple[Mention, str]] = []
    gap_end = mentions[i].start
    for org in reversed(mentions[:i]):
        if org.label == person_type:
            break
        gap = doc.text[org.end:gap_end].strip()
        listed = bool(posts) and gap.endswith("、")
        gap = gap.removesuffix("、") if posts else gap
        title = _title_of(gap, titles, former, units)
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
    elif pronoun and call.subject is not None and call.subject.label == call.ontology.types.business:
        org, title_at = call.subject, pronoun.end()
    else:
        return []
    after = _POST_END.split(doc.text[title_at:sentence.end], maxsplit=1)[0]
    title = _title_of(after, titles, former)
    if title is None:
        return []
    further = [next((t for t in titles if part.endswith(t)), None) for part in after.split("兼")[1:]]
    return [(org, title), *((org, t) for t in further if t)]  # 'P是某公司创始人兼CEO': both


def _post_taken_later(doc: NormalizedDocument, person: Mention, after: list[Mention], sentence: Sentence,
                      verbs: tuple[str, ...], titles: list[str], person_type: str) -> list[tuple[Mention, str]]:
    """'李某创办了某某智能，并担任董事长': the post is at the organization the clause before named."""
    clause_end = CLAUSE.search(doc.text, person.end, sentence.end)
    if clause_end is None or clause_end.group() not in "，,":
        return []
    orgs = [m for m in after if m.end <= clause_end.start() and m.label != person_type]
    rest = CLAUSE.split(doc.text[clause_end.end():sentence.end], maxsplit=1)[0].strip()
    for mark in ("并", "同时", "现"):
        rest = rest.removeprefix(mark)
    verb = next((v for v in verbs if rest.startswith(v)), None)
    if not orgs or verb is None or rest[len(verb):] not in titles:
        return []
    return [(orgs[-1], rest[len(verb):])]


_CLAUSE_TITLE = re.compile(r"(?:其|公司)?(?P<title>[^，。；、,\s]{1,10}?)(?:为|是)")
"""'…，创始人为某某': a title and a copula opening the person's clause."""


def _post_at_the_opener(doc: NormalizedDocument, person: Mention, before: list[Mention], sentence: Sentence,
                        titles: list[str], call: RuleCall) -> list[tuple[Mention, str]]:
    """'某某科技成立于2016年，创始人为李某': the clause names only the title; the post is at the
    organization the sentence opened with, when no other organization stands between them."""
    clause_start = max((m.end() for m in CLAUSE.finditer(doc.text, sentence.start, person.start)), default=None)
    match = _CLAUSE_TITLE.fullmatch(doc.text[clause_start:person.start].strip()) if clause_start else None
    if match is None or match["title"] not in titles or not before:
        return []
    opener, between = before[0], before[1:]
    places = (call.ontology.types.place, call.ontology.types.zone)
    if opener.label in (call.ontology.types.person, *places) or doc.text[sentence.start:opener.start].strip() \
            or opener.end > clause_start or any(m.label not in places for m in between):
        return []
    return [(opener, match["title"])]


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
    appointed = tuple(rule_words(call, "appointed")) if "appointed" in call.spec else ()
    founder_titles = frozenset(call.spec.get("founder_titles", ()))
    person_type = call.ontology.types.person
    post, founder = call.output("post"), call.output("founder")
    previous: list[tuple[Mention, str]] = []
    sub_units = tuple(sorted(call.spec.get("sub_units", []), key=len, reverse=True))
    mentions = employers(mentions, sub_units)
    for i, person in enumerate(mentions):
        if person.label != person_type:
            continue
        posts = _posts_before(doc, mentions, i, titles, former, person_type, sub_units)
        if not posts and previous and mentions[i - 1].label == person_type \
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
        if not posts and i >= 1 and mentions[i - 1].label != person_type:
            gap = doc.text[mentions[i - 1].end:person.start]
            after = _POST_END.split(doc.text[person.end:sentence.end], maxsplit=1)[0]
            title = next((t for t in titles if after == t), None)
            if title and len(gap) <= 14 and not CLAUSE.search(gap):
                posts = [(mentions[i - 1], title)]
        if not posts:
            posts = _post_taken_later(doc, person, mentions[i + 1:], sentence, appointed, titles, person_type)
        if not posts:
            posts = _post_at_the_opener(doc, person, mentions[:i], sentence, titles, call)
        listed_former = len(posts) > 1 and _formerly(doc, posts[-1][0], person, former)  # 原微软、亚马逊工程师
        for org, title in posts:
            was = listed_former or _formerly(doc, org, person, former)
            alone = not any(org.end <= m.start and m.end <= person.start for m in mentions)
            for each in [title, *(_further_titles(doc, org, person, titles, founder_titles) if alone else [])]:
                if each in founder_titles:
                    # 创始人 is the founding, not a post; a former founder is no founding news either
                    if not was and allowed(call, founder.relation, person, org):
                        yield relation(founder, person, org, sentence)
                elif allowed(call, post.relation, person, org):
                    yield relation(post, person, org, sentence,
                                   title=each, former=True if was else None)
        previous = posts


def _further_titles(doc: NormalizedDocument, org: Mention, person: Mention, titles: list[str],
                    founder_titles: frozenset[str]) -> list[str]:
    """'某公司董事长兼CEO某某': the posts joined by 兼 after the first one (CEO), each its own
    HOLDS_POSITION. A list with 、 (副主任、工委委员) stays one post, the first, as annotators read it."""
    if org.end > person.start:
        return []
    first, *parts = doc.text[org.end:person.start].strip().split("兼")
    listed = first.removeprefix("的").split("、")  # 某公司的创始人、首席执行官某某
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
