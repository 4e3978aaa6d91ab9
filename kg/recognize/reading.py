"""What a statistical model hands the recognizer for one sentence (or one document)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

FoundSpan = tuple[str, int, int, float]
"""(label, start, end, confidence) over one sentence's characters."""


class Reading(NamedTuple):
    """The model's names, and per character the chance that a name begins (``starts``) or ends
    (``ends``) there, summed over the CRF's marginals. The combiner asks the second of the rules'
    boundaries (a name the grammar grew over 积极与… begins where the model sees no name begin).
    Models that give no marginals (HanLP's) leave both None."""

    names: Sequence[FoundSpan]
    starts: np.ndarray | None = None
    ends: np.ndarray | None = None


Edges = tuple[np.ndarray, np.ndarray]
"""Per character of a document: the model's chance that a name begins there, and that one ends there."""
