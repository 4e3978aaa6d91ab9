"""GEXF and neo4j-admin CSV details (GraphML is read back in tests/cli/test_store_cli.py)."""

from __future__ import annotations

import csv
from pathlib import Path

import networkx as nx
import pytest
from store_fixtures import deal_doc, policy_doc

from kg.errors import StoreError
from loaders.export import neo4j_admin_command, to_networkx, write_gexf, write_neo4j_csv
from loaders.model import build_batch


def test_gexf_holds_every_node_and_edge(store, keys, tmp_path: Path):
    store.write(build_batch([deal_doc(), policy_doc()], keys))
    graph = to_networkx(store)
    path = tmp_path / "g.gexf"
    write_gexf(graph, path)
    back = nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes() == 10
    assert back.number_of_edges() == graph.number_of_edges() == 17
    assert back.nodes["Park:中关村示范区"]["label"] == "中关村示范区"


def test_csv_refuses_a_list_value_holding_the_delimiter(store, keys, tmp_path: Path):
    doc = policy_doc()
    doc.entities[0].aliases.append("工信部;MIIT")
    store.write(build_batch([doc], keys))
    with pytest.raises(StoreError, match=r"nodes_Agency.csv: Agency:工业和信息化部: .*--array-delimiter"):
        write_neo4j_csv(store, tmp_path / "a")
    files = write_neo4j_csv(store, tmp_path / "b", array_delimiter="|")
    with (tmp_path / "b" / "nodes_Agency.csv").open(encoding="utf-8") as handle:
        [_, row] = list(csv.reader(handle))
    assert "工信部|工信部;MIIT" in row
    command = neo4j_admin_command(files, array_delimiter="|")
    assert command.startswith("neo4j-admin database import full neo4j --overwrite-destination '--array-delimiter=|'")
    assert f"--nodes={tmp_path / 'b' / 'nodes_Agency.csv'}" in command
    assert f"--relationships={tmp_path / 'b' / 'relationships_ISSUED_POLICY.csv'}" in command


def test_a_nodes_file_is_named_after_its_type_not_the_investor_label() -> None:
    from loaders.export import primary_label

    assert primary_label(["Entity", "Startup", "Investor"], ("Investor",)) == "Startup"
    assert primary_label(["Entity", "Investor"], ("Investor",)) == "Investor"
    assert primary_label(["Document"]) == "Document"


def test_the_export_streams_the_graph_in_pages_with_the_same_rows_and_files(store, keys, tmp_path: Path,
                                                                             monkeypatch):
    from loaders import falkordb, queries

    store.write(build_batch([deal_doc(), policy_doc()], keys))
    whole = write_neo4j_csv(store, tmp_path / "whole")
    rows = {q: store.query(q).rows for q in (queries.ALL_NODES, queries.ALL_RELATIONSHIPS)}
    monkeypatch.setattr(falkordb, "SCAN_ROWS", 2)  # pages shrink to one node id
    assert {q: list(store.scan(q)) for q in rows} == rows
    paged = write_neo4j_csv(store, tmp_path / "paged")
    assert [p.name for p in paged] == [p.name for p in whole]
    assert all(p.read_bytes() == w.read_bytes() for p, w in zip(paged, whole))
