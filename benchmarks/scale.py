"""How kg scales with the corpus: extraction, memory, loading, rebuild and export at N documents.

    .venv/bin/python benchmarks/scale.py [--sizes 1000 10000] [--sample 1000] [--quick] [--no-record]

For each N a corpus from ``benchmarks/corpus.py`` (seeded) is written to a scratch folder and,
in a fresh process per N (so that peak memory is that N's own):

* extraction with every layer on 1 worker through ``Pipeline.run`` (as ``kg extract --workers 1``:
  reading included, the model fed sentences of many documents at once), one-sentence items and
  bulletins apart, over the first ``--sample`` documents (all of them when N is smaller), after
  ``Pipeline.warm_up`` (the model and jieba load once per process, outside the timing);
* the whole corpus extracted without the HanLP layer on ``--workers`` processes into a
  ``kg extract`` JSONL file (``kg.build.extract_lines``) (the graph's input: cheaper than every layer, same graph shape);
* ``kg.build.load`` of that file into an embedded store, batch 1,000 (relationships/s);
* ``kg.build.rebuild`` with nothing changed (best of 2), then with one bulletin changed
  (every layer, so the time includes loading the model);
* the CSV export for ``neo4j-admin database import`` (``loaders.export.write_neo4j_csv``);
* peak resident memory of the kg process in each phase (Linux: VmHWM, reset between phases)
  and of its children (workers, the FalkorDB server).

One table compares each number with the issue's target, with the ratio largest N / smallest
N; one JSON record per run is appended to ``benchmarks/results.jsonl``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before torch loads: 1 worker is 1 core
os.environ.setdefault("KG_TORCH_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import multiprocessing  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import datetime, timezone  # noqa: E402
from pathlib import Path  # noqa: E402

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import write_corpus  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results.jsonl"
LINEAR_SLACK = 1.25
"""Cost is linear in N when the cost per document at the largest N is at most this times the smallest N's."""
FLAT_SLACK = 1.25
"""Memory is flat in N when the largest N's peak is at most this times the smallest N's."""


def _extraction_rates(files: list[tuple[Path, str]]) -> dict[str, float]:
    """Every layer, 1 worker: documents/s and characters/s for items and bulletins apart, each
    kind run through ``Pipeline.run`` (reading included) as ``kg extract --workers 1`` runs it."""
    from kg.pipeline import Pipeline, PipelineConfig

    started = time.perf_counter()
    pipeline = Pipeline(PipelineConfig())
    pipeline.warm_up()  # the model and jieba load on first use: not timed below
    out: dict[str, float] = {"pipeline_build_s": time.perf_counter() - started}
    for kind in ("item", "bulletin"):
        chosen = [(path, display) for path, display in files if ("bulletin" in path.name) == (kind == "bulletin")]
        characters = sum(len(path.read_text(encoding="utf-8")) for path, _ in chosen)
        started = time.perf_counter()
        done = sum(1 for result in pipeline.run(chosen) if result.ok)
        seconds = time.perf_counter() - started
        out[f"{kind}_docs"] = done
        out[f"{kind}_docs_per_s"] = len(chosen) / seconds if seconds else 0.0
        out[f"{kind}_chars_per_s"] = characters / seconds if seconds else 0.0
    return out


def _timed(func, *args, **kwargs):  # noqa: ANN001, ANN202 - a stopwatch
    started = time.perf_counter()
    value = func(*args, **kwargs)
    return value, time.perf_counter() - started


def peak_mb(reset: bool = False) -> float:
    """This process's peak resident memory in MB since the last reset (Linux: VmHWM, reset
    through /proc/self/clear_refs) or, elsewhere, since it started; ``reset``: start again."""
    try:
        status = Path("/proc/self/status").read_text()
        peak = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")) / 1024
        if reset:
            Path("/proc/self/clear_refs").write_text("5")
        return peak
    except (OSError, StopIteration, ValueError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_size(n: int, seed: int, sample: int, workers: int, scratch: str) -> dict[str, float]:
    """Every number for one corpus size (run in a process of its own)."""
    from kg import build as library
    from kg.build import StoreTarget
    from kg.pipeline import PipelineConfig
    from loaders.export import write_neo4j_csv

    folder = Path(scratch)
    docs = folder / "docs"
    result: dict[str, float] = {"docs": n}
    _, result["generate_s"] = _timed(write_corpus, n, seed, docs)
    files = library.find_documents([docs])
    result["characters"] = sum(len(path.read_text(encoding="utf-8")) for path, _ in files)
    result["sample_docs"] = min(n, sample)
    result["peak_rss_setup_mb"] = peak_mb(reset=True)
    result.update(_extraction_rates(files[:sample]))
    result["peak_rss_extraction_mb"] = peak_mb(reset=True)

    fast = PipelineConfig(without=frozenset({"hanlp"}), workers=workers)
    jsonl = folder / "extractions.jsonl"
    with jsonl.open("w", encoding="utf-8") as handle:  # what kg extract -o does: a line per document as it comes
        extracted, result["graph_extract_s"] = _timed(library.extract_lines, [docs], handle.write, fast)
    result["relations_stated"] = extracted.relations
    result["extract_failed"] = len(extracted.failed)
    result["peak_rss_extract_corpus_mb"] = peak_mb(reset=True)

    target = StoreTarget(store=folder / ".kg")
    loaded, result["load_s"] = _timed(library.load, jsonl, target, batch_size=1000)
    result["relationships_created"] = loaded.stats.relationships_created
    result["nodes_created"] = loaded.stats.nodes_created
    result["relations_per_s"] = result["relations_stated"] / result["load_s"]
    result["relationships_per_s"] = loaded.stats.relationships_created / result["load_s"]
    result["peak_rss_load_mb"] = peak_mb(reset=True)

    runs = []
    for _ in range(2):
        report, seconds = _timed(library.rebuild, [docs], target, PipelineConfig())
        if report.new or report.changed or report.deleted or len(report.unchanged) != len(files):
            raise SystemExit(f"N={n}: a rebuild with nothing changed found {len(report.new)} new, "
                             f"{len(report.changed)} changed, {len(report.deleted)} deleted documents")
        runs.append(seconds)
    result["rebuild_unchanged_s"] = min(runs)

    changed = next(path for path, _ in files if "bulletin" in path.name)
    changed.write_text(changed.read_text(encoding="utf-8") + "\n■ 补充\n\n本期简报内容有更新。\n", encoding="utf-8")
    report, result["rebuild_one_changed_s"] = _timed(library.rebuild, [docs], target, PipelineConfig())
    if len(report.changed) != 1 or report.new or report.deleted:
        raise SystemExit(f"N={n}: a rebuild after one edit found {len(report.changed)} changed documents")

    result["peak_rss_rebuild_mb"] = peak_mb(reset=True)

    def export() -> list[Path]:
        with library.open_store(target) as graph:
            return write_neo4j_csv(graph, folder / "csv")

    written, result["export_s"] = _timed(export)
    result["export_mb"] = sum(p.stat().st_size for p in written) / 2**20
    result["peak_rss_export_mb"] = peak_mb()
    result["load_average_1min"] = os.getloadavg()[0]  # other work on the machine skews every rate
    # a reset of the peak resets ru_maxrss too: the process's peak is the phases' largest
    result["peak_rss_self_mb"] = max(v for k, v in result.items() if k.startswith("peak_rss_"))
    result["peak_rss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return result


def _child(n: int, seed: int, sample: int, workers: int, scratch: str, queue) -> None:  # noqa: ANN001
    try:
        queue.put(measure_size(n, seed, sample, workers, scratch))
    except BaseException as exc:  # noqa: BLE001 - said in the parent
        queue.put({"error": f"{type(exc).__name__}: {exc}"})
        raise


def run_size(n: int, seed: int, sample: int, workers: int) -> dict[str, float]:
    """``measure_size`` in a fresh process, its scratch folder removed afterwards."""
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    scratch = tempfile.mkdtemp(prefix=f"kg-scale-{n}-")
    try:
        process = context.Process(target=_child, args=(n, seed, sample, workers, scratch, queue))
        started = time.perf_counter()
        process.start()
        result = queue.get()
        process.join()
        result["wall_s"] = time.perf_counter() - started
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if "error" in result:
        raise SystemExit(f"N={n}: {result['error']}")
    return result


# ---- the table ---------------------------------------------------------------------------

PHASES = (("extraction", "extraction, all layers"), ("extract_corpus", "kg.build.extract_lines of the corpus"),
          ("load", "load"), ("rebuild", "rebuilds"), ("export", "CSV export"))


def _verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("[green]met[/]" if ok else "[red]not met[/]")


def per_document_ratio(small: dict, large: dict, key: str) -> float:
    """How the cost per document grew from the smallest N to the largest (1.0: linear)."""
    return (large[key] / large["docs"]) / (small[key] / small["docs"])


def rows(results: list[dict]) -> list[tuple[str, str, list[float], str, bool | None]]:
    """(measure, target, value per N, format, met?)."""
    small, large = results[0], results[-1]
    at_10k = next((r for r in results if r["docs"] == 10_000), None)

    def values(key: str) -> list[float]:
        return [r[key] for r in results]

    peak = values("peak_rss_self_mb")
    costs = ("graph_extract_s", "load_s", "rebuild_unchanged_s", "export_s")
    linear = {key: per_document_ratio(small, large, key) for key in costs} if len(results) > 1 else {}
    worst = max(linear, key=linear.get) if linear else None
    names = {"graph_extract_s": "extraction", "load_s": "load", "rebuild_unchanged_s": "no-change rebuild",
             "export_s": "CSV export"}
    return [
        ("bulletins chars/s, all layers, 1 worker", "≥ 40,000", values("bulletin_chars_per_s"), ",.0f",
         min(values("bulletin_chars_per_s")) >= 40_000),
        ("bulletins docs/s, all layers, 1 worker", "", values("bulletin_docs_per_s"), ",.1f", None),
        ("one-sentence items docs/s, all layers", "≥ 200", values("item_docs_per_s"), ",.1f",
         min(values("item_docs_per_s")) >= 200),
        ("one-sentence items chars/s, all layers", "", values("item_chars_per_s"), ",.0f", None),
        ("peak RSS, kg process (MB)", f"≤ 500, flat (×{FLAT_SLACK})", peak, ",.0f",
         max(peak) <= 500 and max(peak) <= FLAT_SLACK * peak[0]),
        *((f"  of which: {label}", "", values(f"peak_rss_{key}_mb"), ",.0f", None) for key, label in PHASES),
        ("peak RSS, children: workers, FalkorDB (MB)", "", values("peak_rss_children_mb"), ",.0f", None),
        ("whole-corpus extraction without hanlp (s)", "", values("graph_extract_s"), ",.1f", None),
        ("relations stated", "", values("relations_stated"), ",.0f", None),
        ("relations/s loaded, batch 1,000", "≥ 25,000", values("relations_per_s"), ",.0f",
         min(values("relations_per_s")) >= 25_000),
        ("graph relationships created/s", "", values("relationships_per_s"), ",.0f", None),
        ("rebuild, nothing changed (s)", "< 10 at N=10,000", values("rebuild_unchanged_s"), ",.2f",
         at_10k["rebuild_unchanged_s"] < 10 if at_10k else None),
        ("rebuild, one document changed (s)", "", values("rebuild_one_changed_s"), ",.2f", None),
        ("CSV export for neo4j-admin (s)", "", values("export_s"), ",.2f", None),
        ("CSV export size (MB)", "", values("export_mb"), ",.1f", None),
        (f"cost per document, worst: {names.get(worst, '—')}", f"linear (≤ ×{LINEAR_SLACK})",
         [1.0, linear[worst]] if worst else [1.0], ",.2f", linear[worst] <= LINEAR_SLACK if worst else None),
    ]


def show(results: list[dict], sample: int) -> None:
    sizes = [int(r["docs"]) for r in results]
    table = Table(title=f"kg at scale: N = {', '.join(f'{n:,}' for n in sizes)} documents "
                        f"(extraction rates on the first {sample:,} of each), {os.cpu_count()} cores")
    table.add_column("measure")
    table.add_column("target")
    for n in sizes:
        table.add_column(f"N={n:,}", justify="right")
    if len(sizes) > 1:
        table.add_column(f"{sizes[-1]:,} / {sizes[0]:,}", justify="right")
    table.add_column("met?")
    for measure, target, values, fmt, ok in rows(results):
        cells = [format(v, fmt) for v in values] + [""] * (len(sizes) - len(values))
        if len(sizes) > 1:
            cells.append(f"×{values[-1] / values[0]:.2f}" if values[0] and len(values) == len(sizes) else "")
        table.add_row(measure, target, *cells, _verdict(ok))
    console = Console()
    if not console.is_terminal:  # make bench, a log: one row a line
        console.width = 150
    console.print(table)
    console.print("ratios: a rate that stays near ×1.00 and a total time near the N ratio is linear; "
                  "the last row is the worst total's cost per document, largest N over smallest.")


def git_commit(where: Path) -> str:
    """The commit checked out where the record is kept (a run from an exported tree keeps its
    record in the checkout it was exported from: ``--results``)."""
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def record(results: list[dict], args: argparse.Namespace, commit: str) -> None:
    entry = {
        "benchmark": "scale", "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cores": os.cpu_count(), "commit": commit, "seed": args.seed, "sample": args.sample,
        "workers": args.workers, "quick": args.quick, "load_average": [round(x, 2) for x in os.getloadavg()],
        "targets_met": {measure: ok for measure, _, _, _, ok in rows(results) if ok is not None},
        "sizes": results,
    }
    with args.results.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, ensure_ascii=False) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000])
    parser.add_argument("--sample", type=int, default=1000, help="documents the extraction rates are measured on")
    parser.add_argument("--workers", type=int, default=2, help="processes for the whole-corpus extraction")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="smoke run: N = 60 and 200, sample 40")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the JSONL file a record is appended to")
    parser.add_argument("--no-record", action="store_true", help="append no record")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.sample = [60, 200], 40
    commit = git_commit(args.results.parent)  # before the run: a commit made meanwhile was not measured
    results = []
    for n in sorted(args.sizes):
        Console(stderr=True).print(f"[dim]N={n:,} ...[/]")
        results.append(run_size(n, args.seed, args.sample, args.workers))
        Console(stderr=True).print(f"[dim]N={n:,}: {results[-1]['wall_s']:.0f} s[/]")
    show(results, args.sample)
    if not args.no_record:
        record(results, args, commit)


if __name__ == "__main__":
    main()
