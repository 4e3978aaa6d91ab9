"""Clean names, ids and values before they reach a graph server.

Text from outside (PDF exports, web pages, a JSONL file someone edited) can carry what a
server cannot take: the embedded FalkorDB crashes on an id that ends in whitespace
(``MERGE (n:E {id:'ab '})``), refuses a query holding a NUL, and no client can send a lone
surrogate as UTF-8. ANSI escapes would be printed raw by ``kg query``. So every id, name,
alias, title and property value is cleaned with these functions, in resolve (what ``kg extract``
writes) and again in ``loaders.model`` (the last step before a server, for extractions from
files). They sit beside ``kg.types``, outside the stages, because both the resolve stage and the
store use them and the store imports nothing from the extraction stages.

Mention and evidence texts in an ``Extraction`` are NOT cleaned: they must slice the
original text exactly. The graph's copy of an evidence text is cleaned with ``clean_text``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from kg.normalize.chars import CONTROL, ESCAPE_SEQUENCE

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x1c-\x1f\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def _drop_controls(value: str) -> str:
    """Without escape sequences, lone surrogates and control characters other than \\t \\n \\r."""
    return CONTROL.sub("", _SURROGATE.sub("", ESCAPE_SEQUENCE.sub("", value)))


@lru_cache(maxsize=1 << 16)  # names and ids repeat across documents; four regex passes each time add up in a load
def clean_name(value: str) -> str:
    """A name or id as a server can store it: one line, no controls, no outer whitespace.

    Whitespace runs (line breaks included) become one space; a name that was only control
    characters becomes ``""``, which callers treat as missing.

    >>> clean_name(" \\x1b[31m星云\\x00智能\\x1b[0m\\r\\n")
    '星云智能'
    >>> clean_name("GGV\\u2028  纪源资本\\ud800 ")
    'GGV 纪源资本'
    """
    return _SPACES.sub(" ", _drop_controls(_LINE_BREAKS.sub(" ", value))).strip()


def clean_text(value: str) -> str:
    """Free text (an evidence sentence) as a server can store it: line breaks and tabs kept,
    other controls, escape sequences and lone surrogates removed.

    >>> clean_text("第一行\\r\\n第二行\\x00\\x1b[1m!")
    '第一行\\r\\n第二行!'
    """
    return _drop_controls(value)


def document_id(display: str) -> str:
    """The id of a document's ``:Document`` node and of its extraction: the path as kg shows
    it, cleaned (a file named ``angel.txt `` is ``angel.txt``). Empty when nothing is left."""
    return clean_name(display)


__all__ = ["clean_name", "clean_text", "document_id"]
