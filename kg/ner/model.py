"""HanLP's BiLSTM-CRF NER with the two fixes kg needs (see docs in /work/shared/notes).

1. hanlp 2.1.5 builds its CRF as ``CRF(n_tags, constraints)``; the second parameter is
   ``batch_first``, which ends up None, so the CRF reads the batch axis as time and the model
   learns nothing useful while its loss falls. :class:`KgCharNER` sets ``batch_first=True``
   in ``build_model``, which HanLP calls both when training and when loading a saved model
   (the flag is not saved), and saves its own class path so ``hanlp.load(dir)`` comes back here.
2. The CRF has no transition constraints, so decoding can give invalid IOBES sequences;
   ``predict`` decodes them leniently (:func:`kg.ner.iobes.iobes_to_spans`).
"""

from __future__ import annotations

from typing import Any

import torch
from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer
from hanlp.components.taggers.tagger import Tagger

from kg.ner.iobes import iobes_to_spans
from kg.ner.model_chars import SPACE_STAND_IN, model_chars  # noqa: F401 - re-exported


class KgCharNER(RNNNamedEntityRecognizer):
    """Character BiLSTM-CRF tagger whose CRF is batch-first and whose decoding is lenient."""

    def build_model(self, rnn_input: Any, rnn_hidden: Any, drop: Any, crf: Any, **kwargs: Any) -> torch.nn.Module:
        model = super().build_model(rnn_input, rnn_hidden, drop, crf, **kwargs)
        if model.crf is not None:
            model.crf.batch_first = True
        return model

    def predict_tags(self, sentences: list[list[str]], batch_size: int | None = None) -> list[list[str]]:
        """One IOBES tag per character for each sentence (given as a list of characters)."""
        if not sentences:
            return []
        return Tagger.predict_data(self, sentences, batch_size or 50)

    def predict_data(self, data: list[list[str]], batch_size: int | None, **kwargs: Any) -> list[list[tuple]]:
        """HanLP's output shape ``(text, label, begin, end)``, decoded leniently."""
        results = []
        for tokens, tags in zip(data, self.predict_tags(data, batch_size)):
            results.append([("".join(tokens[s:e]), label, s, e) for s, e, label in iobes_to_spans(tags)])
        return results
