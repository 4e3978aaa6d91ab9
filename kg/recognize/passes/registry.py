"""The merge passes' shared state and their registry, like spaCy's registered components.

A pass is a function ``MergeState -> MergeState`` registered under a name with
``@merge_pass(name)``; ``kg_merge`` runs them in the order ``PASS_ORDER`` gives
(``kg.recognize.passes``), so a pass can be named, left out or tested on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from kg.errors import RecognizerError
from kg.recognize.lexicon import LexiconIndex
from kg.recognize.reading import Edges
from kg.recognize.resources import Resources


@dataclass(frozen=True)
class MergeState:
    """What one merge pass hands the next: the document, its data and the spans chosen so far.

    ``candidates`` are the typed proposals of every layer; ``confidence`` the statistical
    layer's score by character offsets and ``edges`` its chance that a name begins or ends at each
    character (None where the model gives none); ``declared`` the short names the text declares
    (short name -> (type, canonical name)), set by ``declared_names`` for ``repeats``.
    """

    doc: Doc
    resources: Resources
    index: LexiconIndex
    candidates: list[Span]
    confidence: Mapping[tuple[int, int], float] = field(default_factory=dict)
    edges: Edges | None = None
    chosen: list[Span] = field(default_factory=list)
    declared: Mapping[str, tuple[str, str]] = field(default_factory=dict)

    def with_chosen(self, chosen: list[Span]) -> MergeState:
        """The same state with other chosen spans."""
        return replace(self, chosen=chosen)


MergePass = Callable[[MergeState], MergeState]

MERGE_PASSES: dict[str, MergePass] = {}
"""Pass name -> pass, filled as the pass modules are imported."""


def merge_pass(name: str) -> Callable[[MergePass], MergePass]:
    """Register the decorated function as the merge pass ``name`` (a name is registered once)."""
    def register(function: MergePass) -> MergePass:
        if name in MERGE_PASSES:
            raise RecognizerError(f"merge pass {name!r} is registered twice")
        MERGE_PASSES[name] = function
        return function
    return register


def passes_named(names: Iterable[str]) -> list[MergePass]:
    """The registered passes of ``names``, in that order."""
    names = tuple(names)
    unknown = [name for name in names if name not in MERGE_PASSES]
    if unknown:
        raise RecognizerError(f"no merge pass is registered as {', '.join(map(repr, unknown))}")
    return [MERGE_PASSES[name] for name in names]
