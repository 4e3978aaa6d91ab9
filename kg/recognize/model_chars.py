"""What one model input token is: a character, with whitespace stood in for.

HanLP's TSV reader strips whitespace, so a space inside a Latin name ("Index Ventures")
would vanish from training data; training and prediction both use this stand-in so that
offsets stay one token per character.
"""

from __future__ import annotations

SPACE_STAND_IN = "_"


def model_chars(text: str) -> list[str]:
    """One token per character of ``text``, whitespace replaced by ``SPACE_STAND_IN``.

    >>> model_chars("Index Ventures")[5]
    '_'
    """
    return [SPACE_STAND_IN if c.isspace() else c for c in text]
