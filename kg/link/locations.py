"""Location rule kinds: where an organization is (``located_in``: 位于/落户/入驻, '在X建设',
park + company side by side, '园区引进A、B等企业') and a name that starts with a known place
(``located_by_name``)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from kg.link.clauses import allowed, allowed_head, first_word, rule_words
from kg.link.context import RuleCall, relation
from kg.ontology import LexiconEntry, Ontology
from kg.types import LinkedRelation, Mention, NormalizedDocument, Sentence


def located_in(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
               call: RuleCall) -> Iterator[LinkedRelation]:
    """位于/落户/入驻 ('A位于X', '位于X的A'), '在X建设', 'park+company' adjacency, '园区引进A、B等企业'."""
    text = doc.text[sentence.start:sentence.end]
    zone, place = call.ontology.types.zone, call.ontology.types.place
    places = (zone, place)
    trigger = first_word(text, rule_words(call, "triggers"))
    if trigger is not None:
        output = call.output("trigger")
        at = sentence.start + trigger[0]
        # '某公司由母公司投资设立，位于某地': the agent after 由 is not what is located
        heads = [m for m in mentions if m.end <= at and allowed_head(call, output.relation, m)
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
        for where in chain if head is not None else []:
            if allowed(call, output.relation, head, where):
                yield relation(output, head, where, sentence)
    gather = first_word(text, rule_words(call, "gather"))
    if gather is not None:
        output = call.output("gather")
        at = sentence.start + gather[0]
        parks = [m for m in mentions if m.end <= at and m.label == zone]
        for m in mentions:
            if parks and m.start >= at and allowed(call, output.relation, m, parks[-1]):
                yield relation(output, m, parks[-1], sentence, 0.7)
    gaps = list(call.spec.get("adjacent_gaps", [""]))
    output = call.output("adjacent")
    for left, right in pairwise(mentions):
        gap = doc.text[left.end:right.start]
        if (left.label == zone and gap in gaps or left.label == place and gap == "") and \
                allowed(call, output.relation, right, left):
            yield relation(output, right, left, sentence, 0.7)
    yield from _built_at(doc, sentence, mentions, call, places)


def _built_at(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention], call: RuleCall,
              places: tuple[str, str]) -> Iterator[LinkedRelation]:
    """'“某产业园”在X启动建设': what the clause builds at a park or place is located there."""
    output = call.output("build_at")
    for i, m in enumerate(mentions):
        if m.label in places and doc.text.startswith("在", m.start - 1):
            rest = doc.text[m.end:sentence.end]
            if any(rest.startswith(w) for w in call.spec.get("build_after_at", [])):
                # the subject of the clause: “某产业园”在X启动建设 (a park may sit in a park),
                # not a source named earlier in the sentence (据某厅报道，…)
                clause = max(sentence.start, *(doc.text.rfind(c, sentence.start, m.start) for c in "，；:："))
                heads = [h for h in mentions[:i] if h.label != call.ontology.types.place
                         and allowed(call, output.relation, h, m)]
                in_clause = [h for h in heads if h.start >= clause]
                head = (in_clause or heads or [call.subject])[0]
                if head is not None and allowed(call, output.relation, head, m):
                    yield relation(output, head, m, sentence, 0.7)


_PLACES_CACHE: dict[tuple[int, tuple[str, ...]], tuple[Ontology, dict[str, LexiconEntry]]] = {}


def _places_by_name(ontology: Ontology, skip: tuple[str, ...]) -> dict[str, LexiconEntry]:
    """Every name of a known park or place -> its entry (built once per ontology)."""
    key = (id(ontology), skip)
    cached = _PLACES_CACHE.get(key)
    if cached is None or cached[0] is not ontology:
        places = {n: e for t in (ontology.types.zone, ontology.types.place) for e in ontology.entries(t)
                  for n in e.names if len(n) >= 2 and n not in skip and e.name not in skip}
        cached = _PLACES_CACHE[key] = (ontology, places)
    return cached[1]


def located_by_name(doc: NormalizedDocument, sentence: Sentence, mentions: list[Mention],
                    call: RuleCall) -> Iterator[LinkedRelation]:
    """'杭州X科技', '广州高新区X': a name that starts with a known place is located there.

    Only names built as place + core + type suffix: a brand that merely begins with a
    place name (宁德时代) says nothing about where the company sits. An agency's suffix does
    not count: the place in an agency's name is where it governs.
    """
    types = call.ontology.types
    skip = tuple(call.spec.get("skip_prefixes", []))
    suffixes = tuple(w for t in call.ontology.with_trait("named_by_suffix") if t != types.government
                     for w in call.ontology.words(f"suffixes.{t}"))
    places = _places_by_name(call.ontology, skip)
    output = call.output("prefix")
    for m in mentions:
        if m.label not in call.spec.get("heads", [types.business, types.zone]):
            continue
        prefix = next((m.text[:k] for k in range(len(m.text) - 2, 1, -1) if m.text[:k] in places), None)
        if prefix is None or not m.text.endswith(suffixes):
            continue
        entry = places[prefix]
        tail = Mention(m.start, m.start + len(prefix), prefix, entry.type, "lexicon", entry.name)
        if allowed(call, output.relation, m, tail):
            yield relation(output, m, tail, sentence, 0.7)
