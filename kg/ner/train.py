"""Train kg's character NER model on generated sentences, on CPU, and keep only what loading needs."""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import torch

from kg.ner.generate import Example, generate, split, write_tsv
from kg.ner.iobes import Span, iobes_to_spans
from kg.ner.names import NamePool
from kg.ontology import Ontology

MODEL_FILES = ("config.json", "vocabs.json", "model.pt")
"""What ``hanlp.load``/``KgCharNER.load`` reads; HanLP's training logs are left behind."""


@dataclass(frozen=True)
class TrainReport:
    out: Path
    sentences: int
    dev_sentences: int
    epochs: int
    seconds: float
    size_bytes: int
    dev_precision: float
    dev_recall: float
    dev_f1: float


def span_prf(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 of exact typed spans."""
    tp = sum(len(set(g) & set(p)) for g, p in zip(gold, predicted))
    n_pred = sum(len(set(p)) for p in predicted)
    n_gold = sum(len(set(g)) for g in gold)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate(model: KgCharNER, examples: Sequence[Example]) -> tuple[float, float, float]:  # noqa: F821
    tags = model.predict_tags([e.chars for e in examples])
    return span_prf([e.spans for e in examples], [iobes_to_spans(t) for t in tags])


def _keep_model_files(folder: Path, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    size = 0
    for name in MODEL_FILES:
        source = folder / name
        if not source.exists():
            raise FileNotFoundError(f"{source}: HanLP did not save it; cannot ship the model")
        shutil.copyfile(source, out / name)
        size += (out / name).stat().st_size
    return size


def train(
    out: Path,
    *,
    sentences: int = 20000,
    epochs: int = 8,
    seed: int = 13,
    ontology: Ontology | None = None,
    threads: int = 2,
    rnn_hidden: int = 128,
    embed: int = 64,
    annotate: Sequence[Path] = (),
    annotate_repeat: int = 3,
    log: Callable[[str], None] = print,
) -> TrainReport:
    """Generate data, train a BiLSTM-CRF, save the minimal model to ``out``, report dev F1.

    ``annotate``: folders of bulletin-style text labelled by the rule layers
    (``kg.ner.annotate``), added ``annotate_repeat`` times to the training split only, so
    the dev score stays comparable across runs.
    """
    from kg.ner.model import KgCharNER

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    examples = generate(sentences, seed=seed, pool=NamePool.from_ontology(ontology))
    trn, dev = split(examples)
    if annotate:
        from kg.ner.annotate import annotated_examples
        from kg.ontology import cached_ontology

        silver = annotated_examples(annotate, ontology or cached_ontology())
        log(f"annotated {len(silver)} sentences from {', '.join(map(str, annotate))}")
        trn = trn + silver * annotate_repeat
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kg-ner-") as tmp:
        work = Path(tmp)
        trn_path = write_tsv(trn, work / "train.tsv")
        dev_path = write_tsv(dev, work / "dev.tsv")
        log(f"generated {len(trn)} training and {len(dev)} dev sentences (seed {seed})")
        model = KgCharNER()
        model.fit(
            str(trn_path), str(dev_path), str(work / "model"), epochs=epochs, embed=embed,
            rnn_hidden=rnn_hidden, tagging_scheme="IOBES", patience=max(3, epochs), devices=[-1] if not torch.cuda.is_available() else None,
            verbose=True,
        )
        size = _keep_model_files(work / "model", out)
    seconds = time.perf_counter() - started
    reloaded = KgCharNER()
    reloaded.load(str(out), devices=-1)
    precision, recall, f1 = evaluate(reloaded, dev)
    log(f"saved {out} ({size / 1e6:.1f} MB) in {seconds:.0f} s; dev P {precision:.3f} R {recall:.3f} F1 {f1:.3f}")
    return TrainReport(out, len(trn), len(dev), epochs, seconds, size, precision, recall, f1)
