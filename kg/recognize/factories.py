"""Register the recognizer's spaCy factories in one place (like ``spacy/pipeline/factories.py``).

Importing this module is enough for ``nlp.add_pipe("kg_lexicon")`` and friends to work.
``kg_hanlp`` is registered by ``kg.recognize.hanlp`` itself.
"""

from __future__ import annotations

from spacy.language import Language

from kg.recognize.components import LexiconComponent, MergeComponent, PatternComponent


def make_lexicon(nlp: Language, name: str) -> LexiconComponent:
    return LexiconComponent(nlp, name)


def make_pattern(nlp: Language, name: str) -> PatternComponent:
    return PatternComponent(nlp, name)


def make_merge(nlp: Language, name: str, typing: bool, lists: bool) -> MergeComponent:
    return MergeComponent(nlp, name, typing=typing, lists=lists)


def _register() -> None:
    if Language.has_factory("kg_lexicon"):
        return
    Language.factory("kg_lexicon", assigns=["doc.spans"])(make_lexicon)
    Language.factory("kg_pattern", assigns=["doc.spans"])(make_pattern)
    Language.factory("kg_merge", assigns=["doc.ents", "doc.spans"], default_config={"typing": True, "lists": True})(make_merge)


_register()
