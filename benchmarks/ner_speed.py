"""Speed of the ``kg_hanlp`` layer: model load time and characters per second on CPU.

    .venv/bin/python benchmarks/ner_speed.py [--model DIR] [--sentences 2000] [--threads 1] [FILE ...]

Text is generated bulletin sentences (seed 99, never the training seed) or the given files.
Measures batched tagging (the component, 64 sentences a batch) and one sentence at a time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy
import torch
from rich.console import Console
from rich.table import Table

from kg.ner.generate import generate
from kg.ontology import load_ontology
from kg.recognize.hanlp import HanlpNER, load_predictor


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--model", default=None, help="model folder or identifier (default: shipped)")
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    if args.files:
        text = "\n".join(p.read_text(encoding="utf-8") for p in args.files)
    else:
        text = "".join(e.text for e in generate(args.sentences, seed=99))
    nlp = spacy.blank("zh")
    ontology = load_ontology()
    component = HanlpNER(nlp, "kg_hanlp", model=args.model)
    component.set_resources(ontology)
    started = time.perf_counter()
    component.initialize()
    load_s = time.perf_counter() - started
    predict = load_predictor(args.model, ontology)
    doc = nlp.make_doc(text)
    started = time.perf_counter()
    spans, _confidence = component.find(doc)
    batched_s = time.perf_counter() - started

    sentences = [text[i : i + 60] for i in range(0, min(len(text), 30000), 60)]
    started = time.perf_counter()
    for sentence in sentences:
        predict([sentence])
    single_s = time.perf_counter() - started

    table = Table(title="kg_hanlp on CPU")
    for column in ("measure", "value"):
        table.add_column(column)
    table.add_row("model load (s)", f"{load_s:.2f}")
    table.add_row("characters", f"{len(doc.text):,}")
    table.add_row("spans found", f"{len(spans):,}")
    table.add_row("batched chars/s", f"{len(doc.text) / batched_s:,.0f}")
    table.add_row("one sentence at a time chars/s", f"{sum(map(len, sentences)) / single_s:,.0f}")
    Console().print(table)


if __name__ == "__main__":
    main()
