"""End-to-end extraction speed and memory: documents and characters per second, peak RSS.

    .venv/bin/python benchmarks/extract_speed.py [--repeat 20] [PATH ...]

Runs the whole pipeline (read, normalize, recognize, link, resolve) over the given files
(default: ``samples/``) ``--repeat`` times, once with every layer and once without the HanLP
layer, and reports the time to build the pipeline separately from the time per document.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kg.pipeline import Pipeline, PipelineConfig
from kg.read import discover, read_document

ROOT = Path(__file__).resolve().parent.parent


def measure(sources: list, repeat: int, without: frozenset[str]) -> tuple[float, float, int]:
    started = time.perf_counter()
    pipeline = Pipeline(PipelineConfig(without=without))
    pipeline.extract(sources[0])  # loads lazily built parts (the HanLP model) before timing
    built = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(repeat):
        for source in sources:
            pipeline.extract(source)
    return built, time.perf_counter() - started, repeat * len(sources)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / "samples"])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    sources = [read_document(path, display) for path, display in discover(args.paths)]
    chars = sum(len(s.text) for s in sources) * args.repeat
    table = Table(title=f"Extraction: {len(sources)} documents x {args.repeat}, {chars:,} characters")
    for column in ("pipeline", "build s", "docs/s", "chars/s"):
        table.add_column(column, justify="right")
    for name, without in (("all layers", frozenset()), ("without hanlp", frozenset({"hanlp"}))):
        built, seconds, docs = measure(sources, args.repeat, without)
        table.add_row(name, f"{built:.2f}", f"{docs / seconds:,.1f}", f"{chars / seconds:,.0f}")
    Console().print(table)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    Console().print(f"peak resident memory: {peak_mb:,.0f} MB")


if __name__ == "__main__":
    main()
