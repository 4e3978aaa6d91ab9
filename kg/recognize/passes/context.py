"""Merge passes that read a name's surroundings: list members, and credit lines to leave out.

A name nobody listed takes its type from its neighbours in a 、-list or from the phrase around it
(X完成C轮融资); a name inside a credit line ((来源：新华社), 编辑：王某) is no fact of the news.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.recognize.lists import find_list_members
from kg.recognize.merge import add_covering, is_out_of_scope, layer_span, text_of
from kg.recognize.passes.registry import MergeState, merge_pass
from kg.recognize.subjects import find_financing_subjects, find_investment_objects


@merge_pass("list_members")
def list_members(state: MergeState) -> MergeState:
    """Unknown list members typed by their neighbours, and financing subjects (``lists``, ``subjects``)."""
    doc, res = state.doc, state.resources
    known = [(s.start_char, s.end_char, s.label_) for s in state.chosen
             if len(s) > 1]  # an abbreviation (留京发展) is too slight to type the list it is in
    members = find_list_members(text_of(doc), known, res)
    known += [(m.start, m.end, m.label) for m in members]
    members += find_financing_subjects(text_of(doc), known, res)
    known += [(m.start, m.end, m.label) for m in members]
    members += find_investment_objects(text_of(doc), known, res)
    spans = (layer_span(doc, m.start, m.end, m.label, "list") for m in members)
    kept: list[Span] = []
    for span in spans:  # a later finder never overlaps what an earlier one found (万达 / 达投资)
        if span is not None and not is_out_of_scope(span.text, span.label_, res) \
                and not any(k.start < span.end and span.start < k.end for k in kept):
            kept.append(span)
    return state.with_chosen(add_covering(state.chosen, kept))


@merge_pass("places_outside_titles")
def places_outside_titles(state: MergeState) -> MergeState:
    """A place inside a work's or an event's title (《2023中国独角兽企业榜单》, “创客中国”大赛) is
    part of that title, not a place the news is about (``credits.yaml`` ``titled``)."""
    text, place = text_of(state.doc), state.resources.types.place
    titles = [m.span() for m in state.resources.pattern("credits", "titled").finditer(text)]
    return state.with_chosen([s for s in state.chosen if s.label_ != place
                              or not any(a < s.start_char and s.end_char < b for a, b in titles)])


@merge_pass("outside_credits")
def outside_credits(state: MergeState) -> MergeState:
    """Names inside a credit line ((来源：新华社), 编辑：王某) are no facts of the news."""
    credits = [m.span() for m in state.resources.pattern("credits", "credit").finditer(text_of(state.doc))]
    return state.with_chosen([s for s in state.chosen
                           if not any(a <= s.start_char and s.end_char <= b for a, b in credits)])
