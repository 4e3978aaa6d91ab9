"""Keys that decide when two names are the same: for matching, and for stable ids.

``match_key`` is the comparison the ontology's evaluation defines (NFKC,
lower-case, no whitespace, no 《》 or quotes). ``identity_key`` goes further for
organizations: legal forms are dropped so that 联想集团有限公司, 联想集团 and 联想
land on one node across documents.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from functools import lru_cache

from kg.clean import clean_name

_DROP = re.compile(r"[\s《》〈〉“”\"'‘’「」『』]+")

LEGAL_FORMS: tuple[str, ...] = (
    "股份有限公司", "有限责任公司", "集团有限公司", "集团股份有限公司", "控股有限公司",
    "有限公司", "集团公司", "集团", "公司",
    "co.,ltd.", "co., ltd.", "co.ltd", "ltd.", "ltd", "inc.", "inc", "corp.", "corporation", "llc",
)
"""Endings removed for the identity key of the types with the ``legal_form_key`` trait, longest first.

Not ``ontology/vocab/legal_forms.txt``: that list lacks 集团, 公司 and the Latin forms and has
股份公司, and ids are built from this one (changing it changes ids)."""


_LEGAL_FORMS_LONGEST_FIRST = tuple(sorted(LEGAL_FORMS, key=len, reverse=True))


@lru_cache(maxsize=1 << 16)
def match_key(name: str) -> str:
    """The evaluation's comparison key.

    Examples
    --------
    >>> match_key("《工业互联网创新发展行动计划（2021-2023 年）》")
    '工业互联网创新发展行动计划(2021-2023年)'
    >>> match_key("GGV 纪源资本") == match_key("ggv纪源资本")
    True
    """
    return _DROP.sub("", unicodedata.normalize("NFKC", clean_name(name)).lower())


def strip_legal_form(name: str) -> str:
    """Drop one trailing legal form, keeping at least two characters.

    >>> strip_legal_form("苏州蛙声科技有限公司")
    '苏州蛙声科技'
    >>> strip_legal_form("联想集团")
    '联想'
    >>> strip_legal_form("公司")
    '公司'
    """
    lowered = name.lower()
    for form in _LEGAL_FORMS_LONGEST_FIRST:
        if lowered.endswith(form) and len(name) - len(form) >= 2:
            return name[: len(name) - len(form)].rstrip(" ,.")
    return name


def identity_key(name: str, entity_type: str, legal_form_types: Collection[str]) -> str:
    """The key an entity's id is built from: same real-world entity, same key.

    ``legal_form_types`` are the types whose key drops the legal form
    (``ontology.with_trait("legal_form_key")``): the caller's ontology says which, not this module.

    >>> orgs = ("Company",)
    >>> identity_key("联想集团有限公司", "Company", orgs) == identity_key("联想", "Company", orgs)
    True
    >>> identity_key("《关于促进国家高新技术产业开发区高质量发展的若干意见》", "Policy", orgs)
    '关于促进国家高新技术产业开发区高质量发展的若干意见'
    """
    key = match_key(name)
    if entity_type in legal_form_types:
        key = match_key(strip_legal_form(unicodedata.normalize("NFKC", clean_name(name))))
    return key


def entity_id(name: str, entity_type: str, legal_form_types: Collection[str]) -> str:
    """A stable, readable node id: the type and the identity key.

    Control characters, escape sequences and lone surrogates never reach an id (``match_key``
    cleans the name), and the key holds no whitespace, so no id ends in it.

    ``legal_form_types`` as for ``identity_key``.

    >>> entity_id("工业和信息化部", "Agency", ("Company",))
    'agency:工业和信息化部'
    >>> entity_id("\\x1b[31m星云智能有限公司 \\x00", "Company", ("Company",))
    'company:星云智能'
    """
    return f"{entity_type.lower()}:{identity_key(name, entity_type, legal_form_types)}"
