"""Financing rounds as written (pre-a轮, A+轮, C2, 战略投资) -> one normal form (Pre-A轮, A+轮, C2轮, 战略融资)."""

from __future__ import annotations

import re

ROUND_RE = re.compile(
    r"(?P<seed>种子轮)|(?P<angel>天使\+?轮)|(?P<preipo>pre-?ipo轮?)|(?P<prea>pre-?[a-f]\+?轮?)"
    r"|(?P<letter>(?<![a-z])[a-f][1-9]?\+*)轮|(?P<strategic>战略融资|战略投资|战略轮)",
    re.IGNORECASE,
)


def find_round(text: str) -> str | None:
    """The first round named in ``text``, normalized; None when there is none."""
    match = ROUND_RE.search(text)
    if not match:
        return None
    if match["seed"]:
        return "种子轮"
    if match["angel"]:
        return match["angel"]
    if match["preipo"]:
        return "Pre-IPO轮"
    if match["prea"]:
        letters = re.sub(r"(?i)pre-?|轮", "", match["prea"]).upper()
        return f"Pre-{letters}轮"
    if match["letter"]:
        return match["letter"].upper() + "轮"
    return "战略融资"
