"""Merge passes for names written again: declared short names, repeats and references.

A name chosen once is the same name wherever else the document writes it, in full, in its
contracted or declared short form (X（以下简称“Y”）), or as a type word before a title (该公司董事长).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from spacy.tokens import Span

from kg.recognize.found import occurrences
from kg.recognize.merge import add_covering, layer_span, relabeled, span_offsets, span_text, text_of
from kg.recognize.passes.registry import MergeState, merge_pass
from kg.recognize.resources import Resources
from kg.types import REFERENCE_SOURCE

_DECLARED = re.compile(r"\s*[（(]\s*(?:以下|下文|下)?(?:简称|称)为?[:：]?\s*[“\"「『]?([^”\"」』）)，,、《》]{2,12}?)[”\"」』]?\s*[）)]")
"""某某科技有限公司（以下简称“某某”）: the short name the text declares for itself."""


def declared_short_names(chosen: list[Span], res: Resources) -> dict[str, tuple[str, str]]:
    """Short name -> (type, canonical name) for every 'X（以下简称“Y”）' after a chosen name X."""
    declared: dict[str, tuple[str, str]] = {}
    for span in chosen:
        if span.label_ not in res.typed("propagates") or span.label_ == res.types.person:
            continue
        match = _DECLARED.match(text_of(span.doc), span.end_char)
        if match and match.group(1).strip() != span.text:
            declared.setdefault(match.group(1).strip(), (span.label_, span.kb_id_ or span.text))
    return declared


def with_declared_names(chosen: list[Span], declared: Mapping[str, tuple[str, str]]) -> list[Span]:
    """Chosen spans that write a declared short name take the type and name of its owner."""
    result = []
    for span in chosen:
        owner = declared.get(span_text(span))
        result.append(relabeled(span, owner[0], owner[1]) if owner else span)
    return result


@merge_pass("declared_names")
def declared_names(state: MergeState) -> MergeState:
    """The short names the text declares, kept in the state for ``repeats`` and given to their owners."""
    declared = declared_short_names(state.chosen, state.resources)
    return replace(state, chosen=with_declared_names(state.chosen, declared), declared=declared)


def repeated_names(doc_text: str, chosen: list[Span], propagated: tuple[str, ...],
                   contractions: dict[str, str] | None = None,
                   declared: Mapping[str, tuple[str, str]] | None = None) -> list[tuple[int, int, str, str]]:
    """Other occurrences of names already chosen, of the ``propagated`` types (one name, one sense per document).

    A name found once through its context (运动科技公司Keep, 研究员王某) is the same name
    where the text uses it again without that context (Keep已累计融资). So is its contracted
    form (某某发展研究院 -> 某某发展院, by ``contractions``), which carries the full name as its
    canonical one. Only gaps are filled (a contracted form may cover names that lie wholly
    inside it: 北京大学 in 北京大学首都发展院), and a Latin name must stand alone (not inside
    a longer Latin word). Declared short names (``declared_short_names``) are found the same
    way. Returns (start, end, label, canonical) with canonical '' for a plain repeat.
    """
    # spaCy builds a span's text and offsets anew on each access: read them once
    spans = [(*span_offsets(s), s.label_, span_text(s), s.kb_id_) for s in chosen]
    used = [False] * len(doc_text)
    for start, end, _label, _text, _kb in spans:
        used[start:end] = [True] * (end - start)
    names: dict[str, tuple[str, str]] = {}
    for _start, _end, label, text, kb_id in spans:
        if label not in propagated or len(text) < 2 or "\n" in text:
            continue
        names.setdefault(text, (label, ""))
        for long, short in (contractions or {}).items():
            if text.endswith(long) and len(text) - len(long) >= 3:
                names.setdefault(text[: -len(long)] + short, (label, kb_id or text))
    for short, owner in (declared or {}).items():
        names[short] = owner  # the declaration names the owner, whatever else wrote it
    edges = [(start, end) for start, end, *_rest in spans]
    found: list[tuple[int, int, str, str]] = []
    for name in sorted(names, key=len, reverse=True):
        label, canonical = names[name]
        start = doc_text.find(name)
        while start >= 0:
            end = start + len(name)
            free = not any(used[start:end]) or (canonical and _only_inside(edges, start, end))
            if free and _stands_alone(doc_text, start, end):
                found.append((start, end, label, canonical))
                used[start:end] = [True] * (end - start)
            start = doc_text.find(name, end)
    return found


def _only_inside(edges: list[tuple[int, int]], start: int, end: int) -> bool:
    """No chosen span (its start and end characters) crosses the edges of [start, end)."""
    return all(s_end <= start or s_start >= end or (start <= s_start and s_end <= end) for s_start, s_end in edges)


def _stands_alone(text: str, start: int, end: int) -> bool:
    def latin(i: int) -> bool:
        return 0 <= i < len(text) and text[i].isascii() and text[i].isalnum()

    return not ((latin(start) and latin(start - 1)) or (latin(end - 1) and latin(end)))


_OPENERS = "由和与及、的在是将向对为被把从等获"
"""Single characters after which a name may start inside running text (由某某领投)."""


def _clear_start(text: str, start: int, end: int) -> bool:
    """A two-character repeat must start a word: 建行 repeats in 由建行跟投, not in 创建行动."""
    if end - start > 2 or start == 0:
        return True
    before = text[start - 1]
    return not "\u4e00" <= before <= "\u9fff" or before in _OPENERS


@merge_pass("repeats")
def repeats(state: MergeState) -> MergeState:
    """Names chosen once, wherever else the document writes them (see ``repeated_names``).

    Never inside a phrase the lexicon marks as a false context (高通量 holds no 高通).
    """
    doc, res = state.doc, state.resources
    contractions = dict(res.setting("organizations", "contractions"))
    text = text_of(doc)
    false = state.index.false_contexts(text)
    spans = (layer_span(doc, s, e, label, "repeat", canonical)
             for s, e, label, canonical in repeated_names(text, state.chosen, res.typed("propagates"),
                                                         contractions, state.declared)
             if not any(fs <= s and e <= fe for fs, fe in false) and _clear_start(text, s, e))
    return state.with_chosen(add_covering(state.chosen, [s for s in spans if s is not None]))


_DEMONSTRATIVES = ("该", "本", "这家", "此")
_COMPANY_WORDS = ("公司", "企业", "集团")


def references_before_titles(doc_text: str, chosen: list[Span], res: Resources) -> list[tuple[int, int, str, str]]:
    """'联盟秘书长李某', '该公司董事长王某': a type word standing for a name before a title.

    The word refers to the nearest name before it that ends with it (联盟 -> 某某产业联盟), or,
    for 公司/企业/集团, to the nearest company. Only a word right before a title is read so: it is
    where a post needs its organization, and where no other reading is likely. Returns
    (start, end, label, canonical) like ``repeated_names``.
    """
    taken = sorted((s.start_char, s.end_char) for s in chosen)
    titles, organizations = res.titles, res.typed("named_by_suffix")
    found: list[tuple[int, int, str, str]] = []
    for word in sorted(res.pronouns, key=len, reverse=True):
        core = word
        for mark in _DEMONSTRATIVES:
            core = core.removeprefix(mark)
        for start, end in occurrences(doc_text, word):
            if not doc_text.startswith(titles, end) or any(s < end and start < e for s, e in taken):
                continue
            before = doc_text[start - 1] if start else "，"
            if "\u4e00" <= before <= "\u9fff" and word == core and before not in "".join(_DEMONSTRATIVES):
                continue  # part of a longer word (产业联盟秘书长 is a name's own title)
            antecedent = next((c for c in reversed(chosen) if c.end_char <= start and c.label_ in organizations
                               and (c.text.endswith(core) or core in _COMPANY_WORDS and c.label_ == res.types.business)), None)
            if antecedent is not None:
                found.append((start, end, antecedent.label_, antecedent.kb_id_ or antecedent.text))
                taken.append((start, end))
    return found


@merge_pass("references")
def references(state: MergeState) -> MergeState:
    """Type words standing for a name before a title, as ``reference`` mentions (``references_before_titles``)."""
    doc = state.doc
    spans = (layer_span(doc, s, e, label, REFERENCE_SOURCE, canonical)
             for s, e, label, canonical in references_before_titles(text_of(doc), state.chosen, state.resources))
    return state.with_chosen(sorted(state.chosen + [s for s in spans if s is not None], key=lambda s: s.start))
