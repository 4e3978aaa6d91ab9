"""Mentions that read like names but name nothing: time words (上月, 近日) and vague investors
(资方, 投资方未透露, 老股东). Dropped before link and resolve, so they never become entities,
investees or investors; a deal whose investors are undisclosed keeps its company and round."""

from __future__ import annotations

import re

from kg.link.dates import is_time_words
from kg.ontology import Ontology
from kg.types import Mention

VAGUE_INVESTORS = "vague_investors"
"""The word list (``ontology/vocab/vague_investors.txt``)."""
_UNDISCLOSED = re.compile(r"(?:暂)?(?:未透露|未披露|未公开|不详)$")


def is_vague_investor(text: str, words: frozenset[str]) -> bool:
    """资方, 多家机构, and any of them followed by 未透露 (投资方未透露)."""
    text = re.sub(r"\s+", "", text)
    return text in words or _UNDISCLOSED.sub("", text) in words or bool(_UNDISCLOSED.fullmatch(text))


def drop_non_names(mentions: list[Mention], ontology: Ontology) -> list[Mention]:
    """The mentions that name something: no time words, no vague investors."""
    words = frozenset(ontology.words(VAGUE_INVESTORS))
    return [m for m in mentions if not is_time_words(m.text) and not is_vague_investor(m.text, words)]
