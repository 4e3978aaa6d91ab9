"""Relationships per second loading synthetic extractions into the embedded FalkorDB store.

    .venv/bin/python benchmarks/load_falkordb.py --docs 400 --relations 50 --batch-sizes 500 1000 5000

Each document mentions 20 entities drawn from a shared pool (so MERGE meets existing
nodes, as across real bulletins) and states ``--relations`` facts of the ontology's types,
a third of them INVESTS_IN with rounds and amounts. Every batch size loads the same
extractions into a fresh graph; the time covers building the batches and the writes.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.ontology import cached_ontology
from kg.types import Entity, Extraction, Relation, TextSpan
from loaders.embedded import EmbeddedServer
from loaders.falkordb import FalkorDBStore
from loaders.load import load_extractions
from loaders.model import relation_keys

TYPES = ("Company", "Investor", "Agency", "Park", "Person", "Policy", "Institute")
SHAPES = (  # (relation, head type, tail type, properties)
    ("INVESTS_IN", "Investor", "Company", lambda r: {"round": r.choice(["天使轮", "A轮", "B轮", "C轮"]),
                                                       "amount": "1亿元", "amount_value": 1e8,
                                                       "currency": "CNY", "lead": r.random() < 0.3}),
    ("LOCATED_IN", "Company", "Park", lambda r: {}),
    ("ISSUED_POLICY", "Agency", "Policy", lambda r: {"date": "2024-05"}),
    ("HOLDS_POSITION", "Person", "Institute", lambda r: {"title": r.choice(["院长", "主任", "首席科学家"])}),
)


def synthetic(docs: int, relations: int, pool: int, seed: int = 7) -> list[Extraction]:
    rng = random.Random(seed)
    text = "某某" * 200
    span = TextSpan(0, 10, text[:10])
    result = []
    for d in range(docs):
        by_type = {t: [f"{t}{rng.randrange(pool)}" for _ in range(3)] for t in TYPES}
        entities = {
            f"{t}:{name}": Entity(f"{t}:{name}", name, t, [f"{name}简称"], [span])
            for t, names in by_type.items() for name in names
        }
        rels = []
        for _ in range(relations):
            rel_type, head, tail, props = rng.choice(SHAPES)
            rels.append(Relation(rel_type, f"{head}:{rng.choice(by_type[head])}", f"{tail}:{rng.choice(by_type[tail])}",
                                 props(rng), span, round(rng.uniform(0.5, 1.0), 2), "synthetic"))
        result.append(Extraction(f"doc{d:05}.txt", f"{d:064x}", None, "2024-05-01", list(entities.values()), rels))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=400)
    parser.add_argument("--relations", type=int, default=50, help="relations per document")
    parser.add_argument("--pool", type=int, default=2000, help="distinct names per entity type")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[500, 1000, 5000])
    parser.add_argument("--store", type=Path, default=None, help="store folder (default: a temporary one)")
    args = parser.parse_args()

    extractions = synthetic(args.docs, args.relations, args.pool)
    keys = relation_keys(cached_ontology())
    table = Table(title=f"{args.docs} documents x {args.relations} relations, embedded FalkorDB")
    for column in ("batch (relations)", "seconds", "relations/s", "graph relationships/s", "nodes/s"):
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        server = EmbeddedServer(args.store or Path(tmp))
        for size in args.batch_sizes:
            with FalkorDBStore(server=server, graph=f"bench_{size}") as store:
                store.ensure_schema()
                started = time.perf_counter()
                report = load_extractions(store, extractions, keys, batch_size=size)
                seconds = time.perf_counter() - started
                stated = sum(len(e.relations) for e in extractions)
                table.add_row(str(size), f"{seconds:.2f}", f"{stated / seconds:,.0f}",
                              f"{report.stats.relationships_created / seconds:,.0f}",
                              f"{report.stats.nodes_created / seconds:,.0f}")
                store.graph().delete()
    Console().print(table)


if __name__ == "__main__":
    main()
