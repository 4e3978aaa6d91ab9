"""Train kg's statistical NER (:mod:`kg.recognize.tagger`) on the public annotated sets, on CPU.

Data: every set of ``ontology/corpora.yaml`` (CLUENER2020, People's Daily, Resume NER) minus a
validation split held out by a hash of each sentence, plus sentences generated in the genre
(:mod:`kg.ner.generate`: the only source of Investor, Park and Policy names in context) and,
optionally, bulletin text silver-labelled by the rule layers (``--annotate``). The epoch that
scores best on the validation split (micro F1 over ontology types) is kept. The dev bulletins
are never used. A model card (``MODEL_CARD.md``) records data, versions and per-type scores.
"""

from __future__ import annotations

import platform
import random
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch

from kg.ner.corpora import Corpus, default_root, org_types, public_corpora, split_corpus
from kg.recognize.features import build_features, feature_classes, jieba_fingerprint
from kg.ner.generate import Example, generate
from kg.recognize.iobes import Span
from kg.ner.names import NamePool
from kg.recognize.tagger import MODEL_FILES, CharLexTagger, TaggerConfig, iobes_tags
from kg.ontology import Ontology

__all__ = ["MODEL_FILES", "Scores", "TrainReport", "train"]

MAX_TRAIN_CHARS = 160
"""Longer training sentences are cut at a clause break outside any name (People's Daily has 500+)."""
CUT_AT = "。；！？，"


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    gold: int


@dataclass(frozen=True)
class TrainReport:
    out: Path
    train_sentences: int
    validation_sentences: int
    best_epoch: int
    epochs: int
    seconds: float
    size_bytes: int
    validation: dict[str, Scores]
    """Micro scores per corpus (kg types) and the whole split under ``all``."""
    per_type: dict[str, Scores]
    cluener: dict[str, Scores]
    """Scores on the CLUENER validation part in CLUENER's own labels."""


def prf(tp: int, n_pred: int, n_gold: int) -> Scores:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0, n_gold)


def cut_long(example: Example, limit: int = MAX_TRAIN_CHARS) -> list[Example]:
    """Pieces of at most about ``limit`` characters, cut after a clause mark that no name spans."""
    if len(example.text) <= limit:
        return [example]
    pieces, start = [], 0
    for i, char in enumerate(example.text):
        crosses = any(s < i + 1 < e for s, e, _ in example.spans)
        if char in CUT_AT and i + 1 - start >= limit // 2 and not crosses:
            pieces.append((start, i + 1))
            start = i + 1
    if start < len(example.text):
        pieces.append((start, len(example.text)))
    return [Example(example.text[a:b], tuple((s - a, e - a, t) for s, e, t in example.spans if a <= s and e <= b))
            for a, b in pieces if example.text[a:b].strip()]


def evaluate(tagger: CharLexTagger, examples: Sequence[Example], keep: frozenset[str]) -> tuple[Scores, dict[str, Scores], list[list[Span]]]:
    """Micro and per-type exact-span scores over labels in ``keep``; also the predictions."""
    found = tagger.predict([e.text for e in examples])
    predicted = [[(s, e, label) for label, s, e, _ in spans if label in keep] for spans in found]
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for example, guess in zip(examples, predicted):
        gold = {s for s in example.spans if s[2] in keep}
        for span in set(guess):
            counts[span[2]][1] += 1
            counts[span[2]][0] += span in gold
        for span in gold:
            counts[span[2]][2] += 1
    per_type = {label: prf(*c) for label, c in sorted(counts.items())}
    total = [sum(c[i] for c in counts.values()) for i in range(3)]
    return prf(*total), per_type, predicted


def cluener_scores(corpus: Corpus, predicted: Sequence[Sequence[Span]], report_as: dict[str, str]) -> dict[str, Scores]:
    """Scores in CLUENER's own labels: kg types mapped back by ``report_as``."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    wanted = set(report_as.values())
    for example, raw, guess in zip(corpus.examples, corpus.raw_labels, predicted):
        gold = {(s, e, label) for (s, e, _), label in zip(example.spans, raw) if label in wanted}
        mine = {(s, e, report_as[t]) for s, e, t in guess if t in report_as}
        for span in mine:
            counts[span[2]][1] += 1
            counts[span[2]][0] += span in gold
        for span in gold:
            counts[span[2]][2] += 1
    return {label: prf(*c) for label, c in sorted(counts.items())}


def _batches(examples: list[Example], size: int, rng: random.Random) -> list[list[Example]]:
    """Shuffled batches of similar length (sorted within pools of 50 batches)."""
    order = examples[:]
    rng.shuffle(order)
    pool = size * 50
    batches = []
    for first in range(0, len(order), pool):
        chunk = sorted(order[first : first + pool], key=lambda e: len(e.text))
        batches += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(batches)
    return batches


def train(
    out: Path,
    ontology: Ontology,
    *,
    corpora_root: Path | None = None,
    epochs: int = 12,
    generated: int = 4000,
    validation_share: float = 0.1,
    seed: int = 13,
    threads: int = 2,
    batch_size: int = 32,
    learning_rate: float = 2e-3,
    lexicon_dropout: float = 0.5,
    name_dropout: float = 0.0,
    annotate: Sequence[Path] = (),
    limit: int | None = None,
    log: Callable[[str], None] = print,
) -> TrainReport:
    """Train, keep the best validation epoch, save model and card to ``out``.

    The lexicon features are blanked for a whole sentence (``lexicon_dropout``) or for single
    names in it (``name_dropout``): the model must find names no lexicon lists, and a name the
    lexicon misses among names it knows is what every unseen bulletin holds."""
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    started = time.perf_counter()
    corpora = public_corpora(ontology, corpora_root or default_root())
    splits = [split_corpus(c, validation_share) for c in corpora]
    train_examples = [e for trn, _ in splits for e in trn.examples]
    made = generate(generated, seed=seed, pool=NamePool.from_ontology(ontology)) if generated else []
    gen_train, gen_val = made[: int(len(made) * 0.9)], made[int(len(made) * 0.9):]
    train_examples += gen_train
    if annotate:
        from kg.ner.annotate import annotated_examples

        silver = annotated_examples(annotate, ontology)
        log(f"silver-labelled {len(silver)} sentences from {', '.join(map(str, annotate))}")
        train_examples += silver
        torch.set_num_threads(threads)  # the rule layers' tagging set its own count
    train_examples = [piece for e in train_examples for piece in cut_long(e)]
    if limit:
        rng.shuffle(train_examples)
        train_examples = train_examples[:limit]
    validation = {val.name: val for _, val in splits}
    validation["generated"] = Corpus("generated", tuple(gen_val), tuple(() for _ in gen_val))
    auxiliary = tuple(ontology.corpora.get("auxiliary") or ())
    kg_types = frozenset(ontology.entity_types)
    labels = tuple(sorted({s[2] for e in train_examples for s in e.spans}))
    orgs = org_types(ontology)
    classes = feature_classes(tuple(ontology.entity_types), orgs)
    matcher = build_features(ontology, tuple(ontology.entity_types), orgs, classes)
    chars, bigrams = CharLexTagger.vocabularies(e.text for e in train_examples)
    config = TaggerConfig(labels=labels, feature_classes=classes, org_types=orgs)
    tagger = CharLexTagger(config, chars, bigrams, matcher)
    tag_index = {t: i for i, t in enumerate(iobes_tags(labels))}
    optimizer = torch.optim.Adam(tagger.net.parameters(), lr=learning_rate)
    val_all = [e for c in validation.values() for e in c.examples]
    log(f"{len(train_examples)} training sentences, {len(val_all)} validation; labels {', '.join(labels)}; "
        f"{sum(p.numel() for p in tagger.net.parameters()) / 1e6:.2f} M parameters")
    best: tuple[float, int, dict] = (-1.0, 0, {})
    for epoch in range(1, epochs + 1):
        tagger.net.train()
        epoch_started, total = time.perf_counter(), 0.0
        for batch_examples in _batches(train_examples, batch_size, rng):
            texts = [e.text for e in batch_examples]
            drop = [rng.random() < lexicon_dropout for _ in texts]
            names = [[(s, e) for s, e, _ in example.spans if rng.random() < name_dropout]
                     for example in batch_examples]
            batch = tagger.encode(texts, drop_lexicon=drop, drop_names=names, unk_rate=0.02, rng=np_rng)
            tags = torch.zeros(batch.chars.shape, dtype=torch.long)
            for row, example in enumerate(batch_examples):
                tags[row, : len(example.text)] = torch.tensor([tag_index[t] for t in example.tags])
            loss = tagger.loss(batch, tags)
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(tagger.net.parameters(), 5.0)
            optimizer.step()
            total += loss.item() * len(texts)
        micro, _, _ = evaluate(tagger, val_all, kg_types)
        log(f"epoch {epoch}: loss {total / len(train_examples):.3f}, validation F1 {micro.f1:.4f} "
            f"({time.perf_counter() - epoch_started:.0f} s)")
        if micro.f1 > best[0]:
            best = (micro.f1, epoch, {k: v.detach().clone() for k, v in tagger.net.state_dict().items()})
    tagger.net.load_state_dict(best[2])
    seconds = time.perf_counter() - started
    scores = {name: evaluate(tagger, c.examples, kg_types)[0] for name, c in validation.items()}
    overall, per_type, _ = evaluate(tagger, val_all, kg_types)
    scores["all"] = overall
    cluener = validation.get("cluener")
    report_as = dict((ontology.corpora.get("corpora") or {}).get("cluener", {}).get("report_as") or {})
    cluener_view = {}
    if cluener is not None and report_as:
        _, _, predicted = evaluate(tagger, cluener.examples, kg_types)
        cluener_view = cluener_scores(cluener, predicted, report_as)
    card = {"trained": time.strftime("%Y-%m-%d"), "seed": seed, "epochs": epochs, "best_epoch": best[1],
            "corpora": {c.name: {"sentences": len(c.examples), **{k: v for k, v in
                                  ((ontology.corpora.get("corpora") or {}).get(c.name) or {}).items()
                                  if k in ("description", "source")}} for c in corpora},
            "generated": generated, "annotate": [str(p) for p in annotate], "auxiliary": list(auxiliary),
            "lexicon_dropout": {"sentence": lexicon_dropout, "name": name_dropout},
            "features": jieba_fingerprint(), "torch": torch.__version__, "python": platform.python_version()}
    tagger.config = replace(config, card=card)
    size = tagger.save(out)
    report = TrainReport(out, len(train_examples), len(val_all), best[1], epochs, seconds, size, scores, per_type, cluener_view)
    write_card(out / "MODEL_CARD.md", report, card)
    log(f"saved {out} ({size / 1e6:.1f} MB) in {seconds:.0f} s; best epoch {best[1]}; validation F1 {overall.f1:.4f}")
    return report


def _table(rows: dict[str, Scores]) -> list[str]:
    lines = ["| | P | R | F1 | gold |", "|---|---|---|---|---|"]
    lines += [f"| {k} | {v.precision:.3f} | {v.recall:.3f} | {v.f1:.3f} | {v.gold} |" for k, v in rows.items()]
    return lines


def write_card(path: Path, report: TrainReport, card: dict) -> None:
    """The model card: what it was trained on, with which versions, how it scores, where it fails."""
    lines = [
        "# kg statistical NER: character BiLSTM-CRF with bigram and lexicon features", "",
        f"Trained {card['trained']} by `kg ner train` (seed {card['seed']}, best epoch {report.best_epoch} of "
        f"{report.epochs}, {report.seconds / 60:.1f} min on CPU, {report.size_bytes / 1e6:.1f} MB).", "",
        "## Data", "",
        "Human-annotated public sets, read from `../shared/corpus/public/` (never copied into the repository); "
        "labels mapped into the ontology by `ontology/corpora.yaml`:", "",
    ]
    for name, info in card["corpora"].items():
        lines.append(f"- **{name}**: {info.get('description', '')}; {info['sentences']} sentences; "
                     f"source {info.get('source', '?')}")
    lines += [
        f"- {card['generated']} sentences generated by `kg.ner.generate` (bulletin templates, names from "
        "the ontology's name pools), 10% of them held out.",
        f"- silver-labelled bulletin text: {', '.join(card['annotate']) or 'none'}.", "",
        f"Validation: {report.validation_sentences} sentences held out of every set by a hash of the text "
        "(`kg.ner.corpora.is_validation`); the epoch with the best micro F1 over ontology types was kept. "
        f"Auxiliary labels learned but never emitted: {', '.join(card['auxiliary'])}.", "",
        f"Lexicon features blanked in training for a whole sentence with probability "
        f"{card['lexicon_dropout']['sentence']}, else for each name with probability {card['lexicon_dropout']['name']}, "
        "so the model finds names no lexicon lists, among names it does.", "",
        f"Features: {card['features']}; torch {card['torch']}; Python {card['python']}.", "",
        "## Scores on the validation split (exact spans, ontology types)", "",
        *_table(report.validation), "", "Per type, all validation sets together:", "", *_table(report.per_type), "",
    ]
    if report.cluener:
        lines += ["In CLUENER's own labels (its held-out part; kg types mapped back by `report_as`):", "",
                  *_table(report.cluener), ""]
    lines += [
        "## Limits", "",
        "- News and resume sentences, not bulletins: Investor, Park and Policy are learned from generated "
        "sentences only; the rule layers and the combiner in `kg.recognize` make up for it.",
        "- Organization types in People's Daily and Resume NER are re-typed by suffix; names without a "
        "type suffix stay `Organization`.",
        "- Sentences are tagged in pieces of at most 250 characters.",
        "- CLUENER annotates addresses, titles and works too; they are auxiliary labels here.", "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
