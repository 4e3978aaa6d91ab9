"""Open a graph for the notebooks: the store named by ``KG_STORE`` when it holds a graph,
else one built from ``samples/`` into a temporary directory, so the notebooks run anywhere
without a prior ``kg build``."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

from kg.build import StoreTarget, build, open_store
from kg.errors import KGError
from loaders import GraphStore

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def build_store(documents: Path, store_dir: Path) -> GraphStore:
    """Extract every document under ``documents`` into an embedded store at ``store_dir`` (as
    ``kg build`` does), and open it; a document that fails is left out with a warning that names it."""
    target = StoreTarget(store=store_dir)
    report = build([documents], target)
    for failure in report.failed:
        warnings.warn(f"left out of the store: {failure.message}", stacklevel=2)
    if not report.loaded:
        raise KGError(f"{documents}: no document could be extracted to build a store")
    return open_store(target)


def notebook_store(documents: Path = SAMPLES) -> GraphStore:
    """``$KG_STORE`` if set and not empty, else a fresh temporary store built from ``documents``."""
    named = os.environ.get("KG_STORE")
    if named:
        store = open_store(StoreTarget(store=Path(named)))
        if store.stats().nodes_by_label:
            return store
        store.close()
    return build_store(documents, Path(tempfile.mkdtemp(prefix="kg-notebook-")))


def table(store: GraphStore, cypher: str, params: dict[str, object] | None = None) -> list[dict[str, object]]:
    """A query's rows as dicts (what a notebook cell displays)."""
    return store.query(cypher, params).records()
