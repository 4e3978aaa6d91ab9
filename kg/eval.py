"""Score extractions against gold annotations exactly as the ontology defines it.

Matching is per document and alias-aware: a predicted entity matches a gold one when
any of its names (name or alias, compared by ``match_key``) equals any of the gold
one's. Each gold item is matched at most once (a maximum matching that prefers
required items); ``optional`` gold items are neither required nor penalized.
Relations match when the type is equal and both ends match by name.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import KGError
from kg.ontology import Ontology, load_ontology
from kg.resolve.keys import match_key
from kg.types import Extraction

if TYPE_CHECKING:
    from kg.build import Failure, Progress
    from kg.pipeline import PipelineConfig


@dataclass
class Score:
    """Counts and the precision / recall / F1 they give."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Accuracy:
    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.value, 4)}


@dataclass
class EvalReport:
    """Everything ``kg eval`` reports."""

    investment: str
    """The ontology's investment relation type (``relations.investment``), whose round, amount and
    lead are scored on matched relations (``invests_in``)."""
    documents: list[str] = field(default_factory=list)
    entities_typed: Score = field(default_factory=Score)
    entities_untyped: Score = field(default_factory=Score)
    entities_by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations: Score = field(default_factory=Score)
    relations_by_type: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    relations_by_rule: dict[str, Score] = field(default_factory=lambda: defaultdict(Score))
    invests_in: dict[str, Accuracy] = field(
        default_factory=lambda: {"round": Accuracy(), "amount": Accuracy(), "lead": Accuracy()}
    )
    errors: list[dict[str, str]] = field(default_factory=list)
    """Per document, the misses and false alarms (for looking, not for scoring)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "entities": {
                "typed": self.entities_typed.as_dict(),
                "untyped": self.entities_untyped.as_dict(),
                "by_type": {k: v.as_dict() for k, v in sorted(self.entities_by_type.items())},
            },
            "relations": {
                "all": self.relations.as_dict(),
                "by_type": {k: v.as_dict() for k, v in sorted(self.relations_by_type.items())},
                "by_rule": {k: v.as_dict() for k, v in sorted(self.relations_by_rule.items())},
            },
            "invests_in_attributes": {k: v.as_dict() for k, v in self.invests_in.items()},
            "errors": self.errors,
        }


@dataclass(frozen=True)
class _Item:
    """A gold or predicted entity or relation reduced to what matching needs."""

    label: str
    keys: frozenset[str]
    optional: bool = False
    tail_keys: frozenset[str] = frozenset()
    properties: tuple[tuple[str, Any], ...] = ()
    rule: str = ""
    display: str = ""


def load_gold(directory: Path | str) -> dict[str, dict[str, Any]]:
    """Gold files by document name (the file's ``doc`` field, else its stem + .txt)."""
    folder = Path(directory)
    if not folder.is_dir():
        raise KGError(f"{folder}: gold folder not found")
    gold: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise KGError(f"{path}: not a readable gold file: {exc}") from None
        name = Path(data.get("doc") or path.stem).name
        gold[name] = data
    if not gold:
        raise KGError(f"{folder}: no gold *.json files")
    return gold


def _keys(*names: str) -> frozenset[str]:
    return frozenset(k for k in (match_key(n) for n in names if n) if k)


def _match(predicted: list[_Item], gold: list[_Item], typed: bool = True) -> list[tuple[int, int]]:
    """A maximum matching between items that match, preferring required gold items."""
    import networkx as nx  # here: importing it costs kg --help about 0.1 s

    graph = nx.Graph()
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if typed and p.label != g.label:
                continue
            if p.keys & g.keys and (not g.tail_keys or p.tail_keys & g.tail_keys):
                graph.add_edge(("p", i), ("g", j), weight=1 if g.optional else 2)
    pairs = nx.max_weight_matching(graph)
    result = []
    for a, b in pairs:
        p, g = (a, b) if a[0] == "p" else (b, a)
        result.append((p[1], g[1]))
    return result


def _count(predicted: list[_Item], gold: list[_Item], pairs: list[tuple[int, int]]) -> tuple[Score, set[int], set[int]]:
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    score = Score(
        tp=sum(1 for _, j in pairs if not gold[j].optional),
        fp=len(predicted) - len(matched_p),
        fn=sum(1 for j, g in enumerate(gold) if not g.optional and j not in matched_g),
    )
    return score, matched_p, matched_g


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def score_document(extraction: Extraction, gold: dict[str, Any], report: EvalReport) -> None:
    """Add one document's counts to ``report``."""
    g_entities = [
        _Item(e["type"], _keys(e["name"], *e.get("aliases", [])), bool(e.get("optional")), display=e["name"])
        for e in gold.get("entities", [])
    ]
    p_entities = [_Item(e.type, _keys(e.name, *e.aliases), display=e.name) for e in extraction.entities]

    for typed, total in ((True, report.entities_typed), (False, report.entities_untyped)):
        pairs = _match(p_entities, g_entities, typed=typed)
        score, matched_p, matched_g = _count(p_entities, g_entities, pairs)
        total.add(score)
        if typed:
            for label in {i.label for i in p_entities} | {i.label for i in g_entities}:
                per = report.entities_by_type[label]
                per.tp += sum(1 for _, j in pairs if g_entities[j].label == label and not g_entities[j].optional)
                per.fp += sum(1 for i, p in enumerate(p_entities) if p.label == label and i not in matched_p)
                per.fn += sum(1 for j, g in enumerate(g_entities)
                              if g.label == label and not g.optional and j not in matched_g)
            report.errors.extend(
                {"doc": extraction.doc, "kind": "entity-missed", "item": f"{g.display} ({g.label})"}
                for j, g in enumerate(g_entities) if not g.optional and j not in matched_g
            )
            report.errors.extend(
                {"doc": extraction.doc, "kind": "entity-spurious", "item": f"{p.display} ({p.label})"}
                for i, p in enumerate(p_entities) if i not in matched_p
            )

    gold_names: dict[str, frozenset[str]] = {}
    for e in gold.get("entities", []):
        keys = _keys(e["name"], *e.get("aliases", []))
        for k in keys:
            gold_names[k] = gold_names.get(k, frozenset()) | keys
    by_id = {e.id: e for e in extraction.entities}

    def gold_keys(name: str) -> frozenset[str]:
        return gold_names.get(match_key(name), _keys(name))

    g_relations = [
        _Item(r["type"], gold_keys(r["head"]), bool(r.get("optional")), gold_keys(r["tail"]),
              tuple(sorted((r.get("properties") or {}).items())), display=f"{r['head']} -{r['type']}-> {r['tail']}")
        for r in gold.get("relations", [])
    ]
    p_relations = []
    for r in extraction.relations:
        head, tail = by_id.get(r.head), by_id.get(r.tail)
        if head is None or tail is None:
            continue
        p_relations.append(_Item(
            r.type, _keys(head.name, *head.aliases), False, _keys(tail.name, *tail.aliases),
            tuple(sorted(r.properties.items())), r.rule or "(none)", f"{head.name} -{r.type}-> {tail.name}",
        ))
    pairs = _match(p_relations, g_relations)
    score, matched_p, matched_g = _count(p_relations, g_relations, pairs)
    report.relations.add(score)
    for label in {i.label for i in p_relations} | {i.label for i in g_relations}:
        per = report.relations_by_type[label]
        per.tp += sum(1 for _, j in pairs if g_relations[j].label == label and not g_relations[j].optional)
        per.fp += sum(1 for i, p in enumerate(p_relations) if p.label == label and i not in matched_p)
        per.fn += sum(1 for j, g in enumerate(g_relations) if g.label == label and not g.optional and j not in matched_g)
    gold_of = dict(pairs)
    for i, p in enumerate(p_relations):
        rule = report.relations_by_rule[p.rule]
        if i not in gold_of:
            rule.fp += 1
        elif not g_relations[gold_of[i]].optional:
            rule.tp += 1
    for i, j in pairs:
        g = g_relations[j]
        if g.label != report.investment or g.optional:
            continue
        gp, pp = dict(g.properties), dict(p_relations[i].properties)
        for attr in ("round", "amount"):
            if attr in gp:
                report.invests_in[attr].total += 1
                report.invests_in[attr].correct += match_key(str(pp.get(attr, ""))) == match_key(str(gp[attr]))
        if "lead" in gp:
            report.invests_in["lead"].total += 1
            report.invests_in["lead"].correct += _bool(pp.get("lead")) == _bool(gp["lead"])
    report.errors.extend(
        {"doc": extraction.doc, "kind": "relation-missed", "item": g.display}
        for j, g in enumerate(g_relations) if not g.optional and j not in matched_g
    )
    report.errors.extend(
        {"doc": extraction.doc, "kind": "relation-spurious", "item": f"{p.display} [{p.rule}]"}
        for i, p in enumerate(p_relations) if i not in matched_p
    )


def evaluate(extractions: Iterable[Extraction], gold: dict[str, dict[str, Any]],
             ontology: Ontology | None = None) -> EvalReport:
    """Score every extraction that has a gold file; a document without gold is an error.
    ``ontology`` names the investment relation whose attributes are scored (the shipped one when None)."""
    report = EvalReport((ontology or load_ontology()).relations.investment)
    for extraction in extractions:
        name = Path(extraction.doc).name
        if name not in gold:
            raise KGError(f"{extraction.doc}: no gold annotation for this document (have: {', '.join(sorted(gold))})")
        report.documents.append(extraction.doc)
        score_document(extraction, gold[name], report)
    return report


def gold_names(gold: dict[str, dict[str, Any]]) -> frozenset[str]:
    """Every name and alias of every gold entity: what blind mode drops from the lexicons, so the
    score is the one bulletins the lexicons have never seen would get."""
    names: set[str] = set()
    for data in gold.values():
        for entity in data.get("entities", []):
            names.add(entity["name"])
            names.update(entity.get("aliases", []))
    return frozenset(names)


BLIND_ABLATION_LAYERS = ("hanlp", "pattern", "lists")
"""The layers also switched off in turn under blind mode: those that find names no lexicon holds."""


def ablation_variants(config: PipelineConfig, blind_names: frozenset[str]) -> list[tuple[str, PipelineConfig]]:
    """The runs an ablation compares with ``config``: each layer off in turn, blind, and blind with
    each of ``BLIND_ABLATION_LAYERS`` off."""
    from kg.pipeline import LAYERS

    sighted = replace(config, blind_names=frozenset())
    blind = replace(config, blind_names=blind_names)

    def off(base: PipelineConfig, layer: str) -> PipelineConfig:
        return replace(base, without=base.without | {layer})

    return [*((f"without {layer}", off(sighted, layer)) for layer in LAYERS),
            ("blind (no dev names in lexicons)", blind),
            *((f"blind, without {layer}", off(blind, layer)) for layer in BLIND_ABLATION_LAYERS)]


@dataclass(frozen=True)
class EvaluationRun:
    """The score of one configuration, the scores of its ablation variants by name, and the
    documents that could not be extracted in any of the runs."""

    report: EvalReport
    ablation: tuple[tuple[str, EvalReport], ...]
    failed: tuple[Failure, ...]


def evaluate_paths(paths: list[Path], gold_dir: Path, config: PipelineConfig, *, blind: bool = False,
                   ablation: bool = False, progress: Progress | None = None) -> EvaluationRun:
    """Extract ``paths`` and score them against the gold folder; ``blind`` drops the gold names from
    the lexicons first, ``ablation`` also scores each of ``ablation_variants``."""
    from kg.build import extract

    gold = load_gold(gold_dir)
    ontology = load_ontology(config.ontology_dir)
    failed: list[Failure] = []

    def score(run_config: PipelineConfig) -> EvalReport:
        extracted = extract(paths, run_config, progress=progress)
        failed.extend(extracted.failed)
        return evaluate(extracted.extractions, gold, ontology)

    report = score(replace(config, blind_names=gold_names(gold)) if blind else config)
    variants = ablation_variants(config, gold_names(gold)) if ablation else []
    scores = tuple((name, score(variant)) for name, variant in variants)
    return EvaluationRun(report, scores, tuple(failed))


__all__ = [
    "Accuracy", "EvalReport", "EvaluationRun", "Score", "ablation_variants", "evaluate", "evaluate_paths",
    "gold_names", "load_gold", "score_document",
]
