"""``Recognizer``: the recognize stage as one callable, a spaCy pipeline on a blank Chinese Doc.

The Doc has one token per character, built directly from the normalized text: spaCy's
``zh`` ``char`` segmenter drops whitespace, which would shift offsets inside Latin names
("Baillie Gifford"), so ``nlp.make_doc`` is not used. Sentence starts come from
``NormalizedDocument.sentences``.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from types import ModuleType

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import kg.recognize.factories  # noqa: F401 - registers the kg_* factories
from kg.errors import RecognizerError
from kg.ontology import Ontology
from kg.recognize.mentions import doc_to_mentions
from kg.recognize.hanlp import COMPONENT as MODEL_LAYER
from kg.recognize.hanlp import PREDICTED_KEY, ModelFinds, chunk_ranges
from kg.recognize.merge import ranges_from_starts, remember_layout
from kg.types import Mention, NormalizedDocument


def _hanlp_module() -> ModuleType | None:
    try:
        return importlib.import_module("kg.recognize.hanlp")
    except ImportError:
        return None


def hanlp_usable(model: str | None) -> bool:
    """Whether the HanLP layer can run: the module exists and reports a usable model.

    A model asked for by name that cannot be used is an error, not a silent skip.
    """
    module = _hanlp_module()
    available = getattr(module, "model_available", None) if module else None
    if available is None:
        if model is not None:
            raise RecognizerError(f"HanLP model {model!r} requested, but kg.recognize.hanlp is not available")
        return False
    if available(model):
        return True
    if model is not None:
        raise RecognizerError(f"HanLP model {model!r} is not available (not installed or cannot be loaded)")
    return False


class Recognizer:
    """Entities of a normalized document: ``Recognizer(ontology)(doc) -> list[Mention]``.

    ``without`` switches layers off by name (``lexicon``, ``pattern``, ``hanlp``, ``typing``, ``lists``),
    for ablations; other names (layers of later stages) are ignored here.
    """

    def __init__(
        self,
        ontology: Ontology,
        *,
        hanlp_model: str | None = None,
        without: frozenset[str] = frozenset(),
    ) -> None:
        self.ontology = ontology
        self.without = frozenset(without)
        self.nlp = self._build(hanlp_model)

    def _build(self, hanlp_model: str | None) -> Language:
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
        if "lexicon" not in self.without:
            nlp.add_pipe("kg_lexicon").set_resources(self.ontology)
        if "pattern" not in self.without:
            nlp.add_pipe("kg_pattern").set_resources(self.ontology)
        if "hanlp" not in self.without and hanlp_usable(hanlp_model):
            nlp.add_pipe(MODEL_LAYER, config={"model": hanlp_model}).set_resources(self.ontology)
        merge = nlp.add_pipe("kg_merge", config={"typing": "typing" not in self.without,
                                                 "lists": "lists" not in self.without})
        merge.set_resources(self.ontology)
        return nlp

    @property
    def layers(self) -> tuple[str, ...]:
        """The component names in the order they run."""
        return tuple(self.nlp.pipe_names)

    def make_doc(self, doc: NormalizedDocument) -> Doc:
        """One token per character, sentence starts from the normalizer's sentences."""
        text = doc.text
        if not text:
            return Doc(self.nlp.vocab)
        starts = {s.start for s in doc.sentences}
        sent_starts = [i == 0 or i in starts for i in range(len(text))] if starts else None
        spacy_doc = Doc(self.nlp.vocab, words=list(text), spaces=[False] * len(text), sent_starts=sent_starts)
        remember_layout(spacy_doc, text, starts)
        return spacy_doc

    def warm_up(self) -> None:
        """Load what components load on first use (the model, jieba's tagger), the last first:
        jieba's dictionary, read beside the model already loaded, took the process to its peak
        (467 MB against 442 the other way round; the model's load leaves less garbage)."""
        for _name, component in reversed(self.nlp.pipeline):
            warm_up = getattr(component, "warm_up", None)
            if warm_up is not None:
                warm_up()

    def predict_model(self, docs: Sequence[NormalizedDocument]) -> list[ModelFinds] | None:
        """The statistical layer's names in many documents from one batched model call, to hand
        to ``process`` one by one; None when the pipeline has no statistical layer."""
        if MODEL_LAYER not in self.nlp.pipe_names:
            return None
        model = self.nlp.get_pipe(MODEL_LAYER)
        chunks = [chunk_ranges(d.text, ranges_from_starts(len(d.text), {s.start for s in d.sentences})
                               if d.sentences else None) for d in docs]
        return model.predict([(d.text, c) for d, c in zip(docs, chunks)])

    def process(self, doc: NormalizedDocument, model_finds: ModelFinds | None = None) -> Doc:
        """Run the pipeline and return the spaCy Doc (span groups kept, for inspection);
        ``model_finds``: this document's part of a ``predict_model`` call, when one was made."""
        spacy_doc = self.make_doc(doc)
        if model_finds is not None and len(spacy_doc):
            spacy_doc.user_data[PREDICTED_KEY] = model_finds
        for _name, component in self.nlp.pipeline:
            spacy_doc = component(spacy_doc)
        return spacy_doc

    def __call__(self, doc: NormalizedDocument, model_finds: ModelFinds | None = None) -> list[Mention]:
        return doc_to_mentions(self.process(doc, model_finds))
