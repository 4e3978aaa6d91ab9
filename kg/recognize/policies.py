"""Policies: titles in 《》 whose last word is a policy ending (意见, 方案, 办法 ...), and
titles a notice forwards without 《》 (关于印发某某规划的通知).

A 《》 title ending in 报告/指数/白皮书 or naming a newspaper is a publication, not a Policy,
and is left alone here (the merge layer drops it if another layer proposes it).
"""

from __future__ import annotations

import re

from kg.recognize.found import Found
from kg.recognize.resources import Resources

_TITLE = re.compile(r"《([^《》]{2,200})》")


def policy_title_core(title: str, res: Resources) -> str:
    """The title without a trailing bracketed note or year: ...意见（试行） -> ...意见."""
    note = res.derived("policy_note", lambda r: re.compile(r.setting("policies", "trailing_note") + r"$"))
    return note.sub("", title).strip()


def is_policy_title(title: str, res: Resources) -> bool:
    core = policy_title_core(title, res)
    if core.endswith(res.not_policy):
        return False
    return core.endswith(res.policy_endings) or title.endswith(res.policy_endings)


def find_policies(text: str, res: Resources) -> list[Found]:
    max_len = int(res.setting("policies", "max_len"))
    policy = res.types.document
    found: list[Found] = []
    for match in _TITLE.finditer(text):
        title = match.group(1)
        if len(title) <= max_len and is_policy_title(title, res):
            found.append(Found(match.start(), match.end(), policy, "title"))
    notice = res.pattern("policies", "notice_title")
    for match in notice.finditer(text):
        title = match.group("title")
        if "《" not in title and is_policy_title(title, res):
            found.append(Found(match.start("title"), match.end("title"), policy, "notice"))
    about = res.pattern("policies", "about_title")
    for match in about.finditer(text):
        if not any(f.start <= match.start() < f.end or match.start() <= f.start < match.end() for f in found):
            found.append(Found(match.start(), match.end(), policy, "about"))
    return found
