"""Two kg runs side by side: does each keep its speed, or do they fight over the cores?

    .venv/bin/python benchmarks/contention.py [--docs 300] [--seed 11] [--workers 1]

Writes a seeded corpus (``benchmarks/corpus.py``), times ``kg extract`` on it alone, then two
``kg extract`` processes on it at once, each with ``--workers`` processes (default 1, so two
runs use two cores), and prints each run's wall time against the time alone. The issue's target:
each of two runs within 1.3x of its time alone. Torch runs one thread per process
(``KG_TORCH_THREADS``); set it higher to see the collapse this guards against. One JSON record
per run is appended to ``benchmarks/results.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402 - a script beside this one

KG = Path(sys.executable).with_name("kg")
TARGET = 1.3
"""Each of two runs side by side within this factor of its time alone."""


def extract_command(docs: Path, out: Path, workers: int) -> list[str]:
    return [str(KG), "extract", str(docs), "--workers", str(workers), "-o", str(out)]


def timed_runs(commands: list[list[str]]) -> list[float]:
    """Start every command at once; the wall seconds of each (a failing run stops the benchmark)."""
    started = time.perf_counter()
    processes = [subprocess.Popen(c, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for c in commands]
    seconds = []
    for process in processes:
        _, err = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"kg extract failed: {err.decode(errors='replace')[-500:]}")
        seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--workers", type=int, default=1, help="processes of each kg run")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kg-contention-") as scratch:
        folder = Path(scratch)
        write_corpus(args.docs, args.seed, folder / "docs")
        alone = timed_runs([extract_command(folder / "docs", folder / "alone.jsonl", args.workers)])[0]
        pair = timed_runs([extract_command(folder / "docs", folder / f"side{i}.jsonl", args.workers) for i in (1, 2)])
        same = all((folder / f"side{i}.jsonl").read_bytes() == (folder / "alone.jsonl").read_bytes() for i in (1, 2))
    worst = max(pair) / alone
    print(f"kg extract of {args.docs} documents, --workers {args.workers}, KG_TORCH_THREADS="
          f"{os.environ.get('KG_TORCH_THREADS', '1')}, {os.cpu_count()} cores")
    print(f"  alone: {alone:.1f} s")
    print(f"  two side by side: {pair[0]:.1f} s and {pair[1]:.1f} s -> worst x{worst:.2f} of alone "
          f"(target x{TARGET}: {'met' if worst <= TARGET else 'NOT met'}); output identical: {same}")
    if not args.no_record:
        record = {"benchmark": "contention", "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S"), "docs": args.docs,
                  "seed": args.seed, "workers": args.workers, "cores": os.cpu_count(),
                  "torch_threads": os.environ.get("KG_TORCH_THREADS", "1"), "alone_s": round(alone, 2),
                  "side_by_side_s": [round(s, 2) for s in pair], "worst_ratio": round(worst, 3),
                  "target_met": worst <= TARGET, "identical": same}
        with (Path(__file__).resolve().parent / "results.jsonl").open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main()
