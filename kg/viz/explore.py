"""Open a graph for the notebooks: the store named by ``KG_STORE`` when it holds a graph,
else one built from ``samples/`` into a temporary directory, so the notebooks run anywhere
without a prior ``kg build``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kg.errors import KGError
from loaders import GraphStore, open_store

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def build_store(documents: Path, store_dir: Path) -> GraphStore:
    """Extract every document under ``documents`` into an embedded store at ``store_dir``."""
    from kg.ontology import cached_ontology
    from kg.pipeline import extract_paths
    from loaders.load import load_extractions
    from loaders.model import place_hierarchy, relation_keys

    results = extract_paths([documents])
    extractions = [r.extraction for r in results if r.ok and r.extraction is not None]
    if not extractions:
        raise KGError(f"{documents}: no document could be extracted to build a store")
    store = open_store(store=store_dir)
    store.ensure_schema()
    ontology = cached_ontology()
    load_extractions(store, extractions, relation_keys(ontology), places=place_hierarchy(ontology))
    return store


def notebook_store(documents: Path = SAMPLES) -> GraphStore:
    """``$KG_STORE`` if set and not empty, else a fresh temporary store built from ``documents``."""
    named = os.environ.get("KG_STORE")
    if named:
        store = open_store(store=Path(named))
        if store.stats().nodes_by_label:
            return store
        store.close()
    return build_store(documents, Path(tempfile.mkdtemp(prefix="kg-notebook-")))


def table(store: GraphStore, cypher: str, params: dict[str, object] | None = None) -> list[dict[str, object]]:
    """A query's rows as dicts (what a notebook cell displays)."""
    return store.query(cypher, params).records()
