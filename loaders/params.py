"""Query parameters as FalkorDB's ``CYPHER name=value ...`` header, written by ``json`` in C.

FalkorDB takes parameters as Cypher literals in front of the query text; the client writes
them value by value in Python (``falkordb.helpers.stringify_param_value``), which was a third
of the time of a load. JSON is nearly the same literal syntax: FalkorDB reads JSON's string
escapes (``\\" \\\\ \\n \\r \\t \\b \\f``), ``true``/``false``/``null`` and numbers; what differs
is map keys (backticks, not double quotes) and ``\\uXXXX``, which FalkorDB keeps as text. So a
value whose JSON holds ``\\u`` (a control character other than those; ``ensure_ascii=False``
writes nothing else that way) or a non-finite float is written by the client's own code.
"""

from __future__ import annotations

import json
import re
from typing import Any

from falkordb.helpers import stringify_param_value

_KEY = re.compile(r'[{,]"([A-Za-z_][A-Za-z0-9_]*)":')
"""A map key in JSON text: ``"name":`` cannot be inside a JSON string (there every ``"`` is
escaped), so only keys match, and replacing that text replaces keys only."""
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")


def literal(value: Any) -> str:
    """One parameter value as FalkorDB reads it.

    >>> literal([{"id": "星云", "n": 2, "ok": True, "v": None, "text": 'a"b\\n'}])
    '[{`id`:"星云",`n`:2,`ok`:true,`v`:null,`text`:"a\\\\"b\\\\n"}]'
    >>> literal("\\x01") == stringify_param_value("\\x01")
    True
    """
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError):  # a value JSON does not have: the client's own writer
        return stringify_param_value(value)
    for key in set(_KEY.findall(text)):  # str.replace, not re.sub: a template per match is slow Python
        text = text.replace(f'"{key}":', f"`{key}`:")
    if "\\u" in text or '":' in text:  # an escape FalkorDB keeps as text, a key that is no identifier
        return stringify_param_value(value)
    return text


def params_header(params: dict[str, Any] | None) -> str:
    """``CYPHER a=... b=... `` for ``params`` (empty for none), the text FalkorDB expects before a query."""
    if not params:
        return ""
    parts = []
    for name, value in params.items():
        if not _NAME.match(name):
            raise ValueError(f"parameter name {name!r} is not an identifier")
        parts.append(f"{name}={literal(value)}")
    return "CYPHER " + " ".join(parts) + " "
