"""The whole pipeline, not the model alone, on the validation split of the public annotated sets.

    .venv/bin/python benchmarks/public_ner.py [--limit 800] [--without LAYER ...] [--errors N] [--flat]

``kg ner train`` scores the statistical model on its validation split; what analysts get is the
pipeline, where the rule layers choose first and the combiner lets model spans in only by their
confidence and shape. This runs every validation sentence (``kg.ner.corpora.is_validation``: never
trained on, and never the dev bulletins) through ``Pipeline.extract`` as a one-sentence document
and scores entity mentions by exact span and type: CLUENER in its own labels (``report_as`` in
``ontology/corpora.yaml``), People's Daily and Resume NER with the organization types joined
into one ORG (those sets do not split them the way kg does).
"""

from __future__ import annotations

import argparse
import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table

from kg.ner.corpora import Corpus, default_root, public_corpora, split_corpus
from kg.ontology import Ontology, load_ontology
from kg.pipeline import Pipeline, PipelineConfig
from kg.types import SourceDocument

Span = tuple[int, int, str]


def predicted_spans(pipeline: Pipeline, text: str, nested: bool = True) -> set[Span]:
    """Every mention of every entity the pipeline finds in ``text``, with the entity's type;
    ``nested=False`` leaves out mentions inside another mention (北京 in 北京某某科技有限公司), which
    kg reports for the graph and the public sets, annotating one flat layer, do not."""
    source = SourceDocument("sentence.txt", text, hashlib.sha256(text.encode("utf-8")).hexdigest(), "txt")
    extraction = pipeline.extract(source)
    spans = {(m.start, m.end, e.type) for e in extraction.entities for m in e.mentions}
    if nested:
        return spans
    return {s for s in spans if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in spans)}


def label_view(corpus: Corpus, ontology: Ontology) -> tuple[Mapping[str, str], bool]:
    """How kg types are named when scoring this set, and whether gold spans keep their raw label."""
    spec = (ontology.corpora.get("corpora") or {}).get(corpus.name, {})
    report_as = dict(spec.get("report_as") or {})
    if report_as:
        return report_as, True
    organizations = ("Company", "Investor", "Agency", "Institute", "Park", "Organization")
    view = {t: "ORG" for t in organizations} | {"Person": "PER", "Location": "LOC"}
    return view, False


def score(corpus: Corpus, pipeline: Pipeline, limit: int, errors: int, nested: bool = True) -> dict[str, list[int]]:
    """Counts per label: [correct, predicted, gold]; prints up to ``errors`` misses and spurious spans."""
    view, raw = label_view(corpus, pipeline.ontology)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    shown = 0
    for example, labels in list(zip(corpus.examples, corpus.raw_labels))[:limit]:
        if raw:
            gold = {(s, e, label) for (s, e, _), label in zip(example.spans, labels) if label in view.values()}
        else:
            gold = {(s, e, view[t]) for s, e, t in example.spans if t in view}
        mine = {(s, e, view[t]) for s, e, t in predicted_spans(pipeline, example.text, nested) if t in view}
        for s, e, label in mine:
            counts[label][1] += 1
            counts[label][0] += (s, e, label) in gold
        for _, _, label in gold:
            counts[label][2] += 1
        if shown < errors and mine != gold:
            shown += 1
            text = example.text
            print(f"[{corpus.name}] {text}")
            print("   missed:  ", sorted((text[s:e], lab) for s, e, lab in gold - mine))
            print("   spurious:", sorted((text[s:e], lab) for s, e, lab in mine - gold))
    return counts


def f1(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = correct / predicted if predicted else 0.0
    r = correct / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=800, help="sentences per set (the validation split's first)")
    parser.add_argument("--without", action="append", default=[], help="a layer to switch off (repeatable)")
    parser.add_argument("--errors", type=int, default=0, help="print this many sentences with errors per set")
    parser.add_argument("--flat", action="store_true",
                        help="score the outermost mentions only (the public sets annotate one flat layer)")
    args = parser.parse_args(argv)
    ontology = load_ontology()
    pipeline = Pipeline(PipelineConfig(without=frozenset(args.without)), ontology)
    table = Table("set", "label", "P", "R", "F1", "gold", title=f"pipeline on the public validation split "
                  f"(first {args.limit} sentences a set; without: {', '.join(args.without) or 'nothing'}"
                  f"{'; outermost mentions only' if args.flat else ''})")
    for corpus in public_corpora(ontology, default_root()):
        _, validation = split_corpus(corpus, 0.1)
        counts = score(validation, pipeline, args.limit, args.errors, nested=not args.flat)
        for label, (c, p, g) in sorted(counts.items()):
            prec, rec, f = f1(c, p, g)
            table.add_row(corpus.name, label, f"{prec:.3f}", f"{rec:.3f}", f"{f:.3f}", str(g))
        total = [sum(v[i] for v in counts.values()) for i in range(3)]
        prec, rec, f = f1(*total)
        table.add_row(corpus.name, "all", f"{prec:.3f}", f"{rec:.3f}", f"[bold]{f:.3f}", str(total[2]))
    Console().print(table)


if __name__ == "__main__":
    main()
