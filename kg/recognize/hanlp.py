"""``kg_hanlp``: the statistical NER layer as a spaCy component writing ``doc.spans["kg_hanlp"]``.

It finds names no lexicon lists. ``model`` is None (the model shipped with kg: the character
BiLSTM-CRF of :mod:`kg.recognize.tagger`, trained by ``kg ner train`` on public annotated Chinese,
tags already ontology types, each span with a confidence), a local model folder (kg's own or a
HanLP one), or a HanLP pretrained identifier (``hanlp.pretrained.ner.MSRA_NER_ELECTRA_SMALL_ZH``,
a multi-task ``hanlp.pretrained.mtl.*`` model whose ``ner/msra`` or ``ner/ontonotes`` task is
used). Foreign tag sets are mapped into the ontology by the types' ``labels:`` (``types.yaml``);
a generic ORG becomes ``Organization`` and ``kg_merge`` re-types it by suffix and lexicon. HanLP
models give no confidence: their spans get ``FOREIGN_CONFIDENCE``. The model loads on first use
(or in ``initialize()``), so building a pipeline stays cheap.

Example:
    >>> import spacy, kg.recognize.hanlp
    >>> nlp = spacy.blank("zh")
    >>> _ = nlp.add_pipe("kg_hanlp")
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.errors import RecognizerError
from kg.memory import release_freed_memory
from kg.recognize.merge import (layer_span, one_token_per_character, sentence_ranges, span_offsets, span_text,
                                text_of)
from kg.recognize.model_chars import model_chars
from kg.recognize.reading import Edges, Reading
from kg.ontology import EntityType, Ontology, TypeNames, type_for_label

COMPONENT = "kg_hanlp"
"""The statistical layer's spaCy factory and pipe name."""
SPANS_KEY = "kg_hanlp"
SHIPPED_MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "ner"
OWN_CLASSPATH = "kg.recognize.tagger.CharLexTagger"
CONFIDENCE_KEY = "kg_hanlp_confidence"
"""``doc.user_data[CONFIDENCE_KEY]``: (start_char, end_char) -> the model's confidence in that span."""
EDGES_KEY = "kg_hanlp_edges"
"""``doc.user_data[EDGES_KEY]``: (starts, ends), per character the model's chance that a name
begins or ends there (``Reading``); absent where the model gives no marginals."""
FOREIGN_CONFIDENCE = 0.7
MTL_NER_TASKS = ("ner/msra", "ner/ontonotes", "ner/pku", "ner")
MAX_CHUNK = 250
"""Longer sentences are cut into pieces of this many characters (PDF text can lack 。)."""
SENTENCE_ENDS = "。！？!?；;\n"

def try_hanlp_import() -> ModuleType:
    """Import hanlp or raise ``RecognizerError`` with an install hint (as spaCy does for jieba)."""
    try:
        return importlib.import_module("hanlp")
    except ImportError as exc:
        raise RecognizerError(
            f"the HanLP layer needs the 'hanlp' package ({exc}); install it with "
            "`pip install hanlp` into kg's environment, or run with --without hanlp"
        ) from None


def map_label(label: str, entity_types: Mapping[str, EntityType]) -> str | None:
    """An ontology type for a model's tag: a type's own name (kg's models), or the type whose
    ``labels:`` in ``types.yaml`` list the foreign tag; None for tags outside the ontology (dates, money ...).

    >>> from kg.ontology import load_ontology
    >>> types = load_ontology().entity_types
    >>> map_label("NR", types), map_label("gpe", types), map_label("Investor", types), map_label("DATE", types)
    ('Person', 'Location', 'Investor', None)
    """
    if label in entity_types:
        return label
    return type_for_label(entity_types, label)


BREAKS = set("，。；;：:！!？?（）()\n\t@/")
"""Characters no name spans (a Policy title may hold 、 and a list of names must be split)."""


def plausible_name(text: str, label: str, types: TypeNames) -> bool:
    """Cheap sanity check on a statistical span: 2+ characters (one for a place: 中美, 京津冀; the
    merge keeps it only where the lexicon knows the character), a letter, no clause punctuation;
    only a policy title may hold 、 (elsewhere it joins a list of names).

    >>> from kg.ontology import load_ontology
    >>> types = load_ontology().types
    >>> plausible_name("刘振宇", types.person, types), plausible_name("刘", types.person, types)
    (True, False)
    >>> plausible_name("沪", types.place, types), plausible_name("1", types.place, types)
    (True, False)
    >>> plausible_name("2020", types.business, types), plausible_name("科技部、工信部", types.government, types)
    (False, False)
    >>> plausible_name("《关于A、B的通知》", types.document, types)
    True
    """
    stripped = text.strip()
    if len(stripped) < (1 if label == types.place else 2) or not any(c.isalpha() for c in stripped):
        return False
    if label != types.document and "、" in stripped:
        return False
    return not any(c in BREAKS for c in stripped)


def _is_pretrained_identifier(model: str) -> bool:
    return model.startswith(("hanlp.pretrained.", "http://", "https://"))


def model_available(model: str | None) -> bool:
    """Whether ``model`` names something the layer can try to load, without loading it.

    True for the shipped model when it is there, an existing path, or a HanLP pretrained
    identifier (loading it may still fail offline, with a clear ``RecognizerError``).
    """
    if model is None:
        return (SHIPPED_MODEL_DIR / "config.json").is_file()
    return Path(model).exists() or _is_pretrained_identifier(model)


def _resolve_identifier(model: str) -> str:
    """``hanlp.pretrained.ner.MSRA_NER_ELECTRA_SMALL_ZH`` -> the URL HanLP loads it from."""
    if model.startswith(("http://", "https://")):
        return model
    module_name, _, attribute = model.rpartition(".")
    try:
        return str(getattr(importlib.import_module(module_name), attribute))
    except (ImportError, AttributeError):
        raise RecognizerError(
            f"HanLP model {model!r}: no such pretrained identifier (see hanlp.pretrained for the list)"
        ) from None


def _real_error(exc: BaseException) -> BaseException:
    """HanLP's error path imports ``pkg_resources``; when that fails, the real error is its context."""
    seen = exc
    while isinstance(seen, ImportError) and "pkg_resources" in str(seen) and seen.__context__ is not None:
        seen = seen.__context__
    return seen


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"


Predict = Callable[[list[str]], list[Reading]]
"""Sentences -> per sentence its ``Reading``: (label, start, end, confidence) names in ontology
types, and where the model has marginals (kg's own) the chance a name begins or ends at each character."""


def _load_own(path: Path, ontology: Ontology) -> Predict:
    from kg.recognize.features import build_features
    from kg.recognize.tagger import CharLexTagger

    def matcher(classes: tuple[str, ...], org_types: tuple[str, ...]) -> object:
        return build_features(ontology, tuple(ontology.entity_types), org_types, classes)

    try:
        tagger = CharLexTagger.load(path, matcher)
    except (OSError, ValueError, KeyError, RuntimeError) as exc:
        raise RecognizerError(f"{path}: kg NER model cannot be loaded: {_first_line(exc)}") from None
    types = frozenset(ontology.entity_types)

    def predict(batch: list[str]) -> list[Reading]:
        return [reading._replace(names=[found for found in reading.names if found[0] in types])
                for reading in tagger.read(batch, edge_labels=types)]

    return predict


def _load_hanlp(location: str, shown_as: str, ontology: Ontology) -> Predict:
    hanlp = try_hanlp_import()
    try:
        component = hanlp.load(location, devices=-1, verbose=False)
    except BaseException as exc:  # HanLP raises anything from ConnectionError to ValueError
        if isinstance(exc, KeyboardInterrupt):
            raise
        real = _real_error(exc)
        remote = location.startswith(("http://", "https://"))
        hint = " (pretrained models download from HanLP's file server: is it reachable?)" if remote else ""
        raise RecognizerError(f"HanLP model {shown_as!r} cannot be loaded{hint}: {_first_line(real)}") from real

    def mapped(sentences: Iterable[Iterable[tuple[Any, str, int, int]]]) -> list[Reading]:
        result = []
        for sent in sentences:
            labels = ((map_label(label, ontology.entity_types), b, e) for _t, label, b, e in sent)
            result.append(Reading([(label, b, e, FOREIGN_CONFIDENCE) for label, b, e in labels if label]))
        return result

    tasks = getattr(component, "tasks", None)
    if tasks:
        task = next((t for t in MTL_NER_TASKS if t in tasks), None)
        if task is None:
            raise RecognizerError(f"HanLP model {shown_as!r} is multi-task but has no NER task (has {sorted(tasks)})")

        def predict_mtl(batch: list[str]) -> list[Reading]:
            result = component([model_chars(t) for t in batch], tasks=task, skip_tasks="tok*")
            return mapped(result[task])

        return predict_mtl

    def predict(batch: list[str]) -> list[Reading]:
        return mapped(component([model_chars(t) for t in batch]))

    return predict


THREADS_ENV = "KG_TORCH_THREADS"
"""Torch threads for tagging (default 1): two kg runs, or a notebook beside a build, on one
machine each keep full speed instead of fighting over the cores with thread pools."""


def tagging_threads() -> int:
    """``$KG_TORCH_THREADS`` or 1; a value that is no positive integer is an error naming it."""
    value = os.environ.get(THREADS_ENV, "1").strip() or "1"
    if not value.isdigit() or int(value) < 1:
        raise RecognizerError(f"{THREADS_ENV}={value!r}: give a positive number of threads")
    return int(value)


def load_predictor(model: str | None, ontology: Ontology) -> Predict:
    """Load ``model`` (see module docstring) and return a batch predict function.

    Torch runs with ``tagging_threads()`` threads in this process (one unless asked otherwise).
    """
    import torch

    torch.set_num_threads(tagging_threads())
    if model is None:
        if not model_available(None):
            raise RecognizerError(f"no NER model shipped at {SHIPPED_MODEL_DIR}; train one with `kg ner train`")
        return _load_own(SHIPPED_MODEL_DIR, ontology)
    path = Path(model)
    if path.exists():
        config = path / "config.json"
        if not config.is_file():
            raise RecognizerError(f"{path}: not a NER model folder (no config.json)")
        try:
            classpath = json.loads(config.read_text(encoding="utf-8")).get("classpath", "")
        except (OSError, json.JSONDecodeError) as exc:
            raise RecognizerError(f"{config}: unreadable model config ({exc})") from None
        if classpath == OWN_CLASSPATH:
            return _load_own(path, ontology)
        return _load_hanlp(str(path), model, ontology)
    if _is_pretrained_identifier(model):
        return _load_hanlp(_resolve_identifier(model), model, ontology)
    raise RecognizerError(f"HanLP model {model!r}: no such folder and not a hanlp.pretrained identifier")


def chunk_ranges(text: str, sentences: Iterable[tuple[int, int]] | None) -> list[tuple[int, int]]:
    """Character ranges to tag: the sentences when given, else the text split at sentence ends;
    each capped at ``MAX_CHUNK``, blank ones left out."""
    if sentences is None:
        starts = [0] + [i + 1 for i, c in enumerate(text) if c in SENTENCE_ENDS]
        sentences = zip(starts, starts[1:] + [len(text)])
    chunks = []
    for start, end in sentences:
        for piece in range(start, end, MAX_CHUNK):
            stop = min(end, piece + MAX_CHUNK)
            if text[piece:stop].strip():
                chunks.append((piece, stop))
    return chunks


def sentence_chunks(doc: Doc) -> list[tuple[int, int]]:
    """``chunk_ranges`` of a Doc: its spaCy sentences when set."""
    return chunk_ranges(text_of(doc), sentence_ranges(doc))


ModelFinds = Reading
"""One document's ``Reading``, in the document's characters (names as a tuple; the edge chances
are 0 between the pieces the model read)."""

PREDICTED_KEY = "kg_hanlp_predicted"
"""``doc.user_data[PREDICTED_KEY]``: the document's ``ModelFinds`` from a batched call, if made."""


class HanlpNER:
    """``kg_hanlp``: statistical names, in ontology types, in ``doc.spans["kg_hanlp"]``.

    Like the other components it receives its ontology through ``set_resources``: kg's own
    model reads lexicon features from it, so a blinded ontology blinds the model too.
    """

    def __init__(self, nlp: Language, name: str, *, model: str | None = None, batch_size: int = 64) -> None:
        self.name = name
        self.model = model
        self.batch_size = batch_size
        self.ontology: Ontology | None = None
        self._predict: Predict | None = None

    def set_resources(self, ontology: Ontology) -> None:
        self.ontology = ontology
        self._predict = None

    def initialize(self, get_examples: Any = None, *, nlp: Language | None = None) -> None:
        self._ensure_loaded()

    def warm_up(self) -> None:
        self._ensure_loaded()

    def _data(self) -> Ontology:
        if self.ontology is None:
            raise RecognizerError(f"component {self.name!r} has no data: call set_resources(ontology) first")
        return self.ontology

    def _ensure_loaded(self) -> Predict:
        if self._predict is None:
            self._predict = load_predictor(self.model, self._data())
            release_freed_memory()
        return self._predict

    def predict(self, documents: Sequence[tuple[str, Sequence[tuple[int, int]]]]) -> list[ModelFinds]:
        """The names in many documents (text, chunk ranges) from one model call: their sentences
        are pooled, so the model sorts them by length and fills its batches across documents
        (one-sentence items cost a batch each otherwise)."""
        predict = self._ensure_loaded()
        pieces = [(row, start, end) for row, (_text, chunks) in enumerate(documents) for start, end in chunks]
        found: list[list[tuple[str, int, int, float]]] = [[] for _ in documents]
        starts = [np.zeros(len(text), np.float32) for text, _chunks in documents]
        ends = [np.zeros(len(text), np.float32) for text, _chunks in documents]
        with_edges = True
        step = self.batch_size * 64
        for first in range(0, len(pieces), step):
            batch = pieces[first : first + step]
            results = predict([documents[row][0][start:end] for row, start, end in batch])
            for (row, offset, end), reading in zip(batch, results):
                found[row].extend((label, offset + b, offset + e, score) for label, b, e, score in reading.names)
                if reading.starts is None or reading.ends is None:
                    with_edges = False
                else:
                    starts[row][offset:end], ends[row][offset:end] = reading.starts, reading.ends
        return [Reading(tuple(names), s if with_edges else None, e if with_edges else None)
                for names, s, e in zip(found, starts, ends)]

    def find(self, doc: Doc) -> tuple[list[Span], dict[tuple[int, int], float], Edges | None]:
        """Spans the model finds (or found in a batched call, ``PREDICTED_KEY``), the confidence
        of each, and its edge chances where it has them."""
        finds = doc.user_data.pop(PREDICTED_KEY, None)
        if finds is None:
            finds = self.predict([(text_of(doc), sentence_chunks(doc))])[0]
        edges = None if finds.starts is None or finds.ends is None else (finds.starts, finds.ends)
        spans: list[Span] = []
        confidence: dict[tuple[int, int], float] = {}
        types = self._data().types
        for label, start, end, score in finds.names:
            span = (layer_span(doc, start, end, label, "hanlp") if one_token_per_character(doc) else
                    doc.char_span(start, end, label=label, alignment_mode="expand", span_id="hanlp"))
            if span is not None and plausible_name(span_text(span), label, types):
                spans.append(span)
                confidence[span_offsets(span)] = score
        return spans, confidence, edges

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[SPANS_KEY], doc.user_data[CONFIDENCE_KEY], edges = self.find(doc)
        if edges is not None:
            doc.user_data[EDGES_KEY] = edges
        return doc


def make_hanlp_ner(nlp: Language, name: str, model: str | None, batch_size: int) -> HanlpNER:
    return HanlpNER(nlp, name, model=model, batch_size=batch_size)


if not Language.has_factory(COMPONENT):
    Language.factory(
        COMPONENT, assigns=["doc.spans"], default_config={"model": None, "batch_size": 64}
    )(make_hanlp_ner)
