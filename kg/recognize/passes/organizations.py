"""Merge passes that fix where an organization's name begins and ends.

The grammar of names cuts a name at a conjunction or a dash and grows it over a verb's object;
these passes put back what a reader sees as one name (某某大学—某企业联合实验室, 百度汽车公司)
and take off what is no part of it (获得红杉资本中国投资).
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from kg.recognize.merge import DASHES, JOINERS, add_covering, span_text, text_of
from kg.recognize.orgs import ends_here, name_start
from kg.recognize.passes.model import no_name_begins
from kg.recognize.passes.registry import MergeState, merge_pass

_INVESTMENT_WORD = "投资"


@merge_pass("investment_word_dropped")
def investment_word_dropped(state: MergeState) -> MergeState:
    """'获得红杉资本中国投资': the investment is the verb's object, not the end of the name.

    A name ending in 投资 whose rest is a whole investor name already (a listed one, 红杉资本中国, or
    one ending in an investor suffix, 某某资本) loses the word; a company before 投资 is its investing
    arm (腾讯投资), and a short alias before it (中金投资) and a longer listed form stay.
    """
    res, index = state.resources, state.index
    result, investor = [], res.types.investor
    for span in state.chosen:
        text = span_text(span)
        rest = text[: -len(_INVESTMENT_WORD)]
        if (span.label_ in (investor, res.types.business) and text.endswith(_INVESTMENT_WORD) and len(rest) >= 2
                and index.lookup(text) is None):
            known = index.lookup(rest)
            by_suffix = res.suffix_type(rest)
            if known is not None and known[0] == investor and (known[1] == rest or by_suffix):
                result.append(Span(span.doc, span.start, span.end - 2, label=known[0], kb_id=known[1], span_id=span.id_))
                continue
            if by_suffix == investor and res.suffix_type(text) == investor:
                result.append(Span(span.doc, span.start, span.end - 2, label=investor, span_id=span.id_))
                continue
        result.append(span)
    return state.with_chosen(result)


@merge_pass("joined_names")
def joined_names(state: MergeState) -> MergeState:
    """Names with 与/和/及 inside them, which the name grammar cut at the conjunction.

    Conjunctions stop a name growing leftwards (工信部与某某研究院 are two names), but some
    names contain one: 某某研究所噪声与振动重点实验室, 北京嘉和美康信息技术有限公司. The cut is
    undone when the words right before the conjunction belong to no chosen name and do not
    end in a type suffix themselves, so they cannot be a name of their own, and when no
    listed name ends the span (突破地和实践地云栖小镇: the lexicon knows 云栖小镇, and the
    words before it are description).
    """
    chosen, candidates, res = state.chosen, state.candidates, state.resources
    if not chosen:
        return state
    doc = chosen[0].doc
    text = text_of(doc)
    covered = [False] * (len(text) + 1)
    for span in chosen:
        for i in range(span.start_char, span.end_char):
            covered[i] = True
    result = list(chosen)
    for span in chosen:
        conj = span.start_char - 1
        if span.id_ != "pattern" or span.label_ not in res.typed("named_by_suffix") or conj < 1 or text[conj] not in JOINERS:
            continue
        if covered[conj - 1]:
            continue  # 华为与某某有限公司: two names
        if any(c.id_ == "lexicon" and c.end_char == span.end_char and c.start_char > span.start_char for c in candidates):
            continue
        if any(c.label_ == res.types.place and c.start_char == span.start_char for c in candidates):
            continue  # 某某和浙江省财政厅: a name that begins with a place begins there
        start = name_start(text, conj, res, span.label_)
        left = text[start:conj]
        if no_name_begins(state.edges, start):
            continue  # 积极与|房山政府: the model reads no name beginning before the conjunction
        if not left or left in res.generic_cores or res.split_suffix(left) is not None or left.endswith(JOINERS):
            continue
        joined = doc.char_span(start, span.end_char, label=span.label_, span_id=span.id_)
        if joined is None or res.is_generic(joined.text):
            continue
        result = add_covering(result, [joined])
    return state.with_chosen(result)


_JOINT_WORDS = ("联合实验室", "联合研究院", "联合研究中心", "联合创新中心", "联合研究所", "联合工程中心", "联合中心")


@merge_pass("joint_bodies")
def joint_bodies(state: MergeState) -> MergeState:
    """'某某大学—某企业联合实验室' is one body, not a university and a lab of the company.

    A chosen name ending in a joint-body word (联合实验室) that follows a dash and another chosen
    organization name takes that name in; the whole keeps the joint body's type.
    """
    result: list[Span] = []
    organizations = state.resources.typed("named_by_suffix")
    for span in state.chosen:
        previous = result[-1] if result else None
        text = text_of(span.doc)
        if (previous is not None and span.label_ in organizations and previous.label_ in organizations
                and span.text.endswith(_JOINT_WORDS) and span.start_char >= 1
                and text[span.start_char - 1] in DASHES and previous.end_char == span.start_char - 1):
            result[-1] = Span(span.doc, previous.start, span.end, label=span.label_, span_id=span.id_)
            continue
        result.append(span)
    return state.with_chosen(result)


_SUBSIDIARY = re.compile(r"[\u4e00-\u9fff]{1,4}公司")


@merge_pass("subsidiary_names")
def subsidiary_names(state: MergeState) -> MergeState:
    """百度 + 汽车公司 -> 百度汽车公司: a company named after a chosen company is a company.

    Bare 公司 is no type suffix (一家智能汽车公司 names nobody), but right after a company's
    name, with a few words between, it names that company's unit or subsidiary. Words that
    stop names (等, 旗下, 的 ...) must not stand between; 百度公司 is 百度 itself and stays.
    """
    chosen, res = state.chosen, state.resources
    if not chosen:
        return state
    doc = chosen[0].doc
    text = text_of(doc)
    stops = tuple(res.setting("organizations", "left_stops"))
    right_stops = tuple(res.setting("organizations", "right_stops"))
    starts = {s.start_char for s in chosen}
    result = list(chosen)
    for span in chosen:
        if span.label_ != res.types.business:
            continue
        match = _SUBSIDIARY.match(text, span.end_char)
        if match is None or match.end() in starts or not ends_here(text, match.end(), right_stops):
            continue
        middle = match.group()[:-2]
        if any(stop in middle for stop in stops):
            continue
        grown = doc.char_span(span.start_char, match.end(), label=res.types.business, span_id=span.id_)
        if grown is not None:
            result = add_covering(result, [grown])
    return state.with_chosen(result)
