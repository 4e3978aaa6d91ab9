"""The merge passes of ``kg_merge``, each registered by name (``@merge_pass``), and their order.

``PASS_ORDER`` is the order ``MergeComponent`` runs them in; the ``lists`` layer switch leaves
out ``list_members``. Importing this package registers every pass.
"""

from __future__ import annotations

from kg.recognize.passes import context, model, organizations, place_names, repeats
from kg.recognize.passes.registry import MERGE_PASSES, MergePass, MergeState, merge_pass, passes_named

PASS_ORDER: tuple[str, ...] = (
    "choose_with_model",
    "investment_word_dropped",
    "placed_agencies",
    "joined_names",
    "joint_bodies",
    "parks_in_parks",
    "subsidiary_names",
    "list_members",
    "declared_names",
    "repeats",
    "references",
    "places_outside_titles",
    "outside_credits",
)
"""The passes over the chosen spans, in the order they run: the combiner first, credit lines last."""

__all__ = ["MERGE_PASSES", "PASS_ORDER", "MergePass", "MergeState", "merge_pass", "passes_named",
           "context", "model", "organizations", "place_names", "repeats"]
