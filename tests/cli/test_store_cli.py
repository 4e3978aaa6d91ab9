"""The store commands through Typer's CliRunner, against a real embedded FalkorDB server."""

from __future__ import annotations

import csv
import json
import sys
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import networkx as nx
import pytest
import typer
from typer.testing import CliRunner

from kg.cli.store import register
from loaders.embedded import EmbeddedServer

sys.path.insert(0, str(Path(__file__).parents[1] / "loaders"))
from store_fixtures import deal_doc, policy_doc

app = typer.Typer()
register(app)
runner = CliRunner()


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("cli-store")
    server = EmbeddedServer(directory)
    server.start(detach=True)
    yield directory
    server.stop()


@pytest.fixture
def kg(store_dir: Path):
    """Run a command against a fresh graph of the module's store."""
    graph = f"cli_{uuid.uuid4().hex[:8]}"

    def invoke(*args: str):
        return runner.invoke(app, [*args, "--store", str(store_dir), "--database", graph])

    return invoke


@pytest.fixture
def extractions(tmp_path: Path) -> Path:
    """Two good lines and two bad ones (not JSON; JSON but not an extraction)."""
    path = tmp_path / "dev.jsonl"
    lines = [json.dumps(deal_doc().to_dict(), ensure_ascii=False), "{not json",
             json.dumps({"doc": "x.txt"}), json.dumps(policy_doc().to_dict(), ensure_ascii=False)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stats(kg) -> dict:
    result = kg("stats", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_load_reports_bad_lines_and_loads_the_rest(kg, extractions: Path):
    result = kg("load", str(extractions))
    assert result.exit_code == 1
    assert f"{extractions}:2: not valid JSON" in result.stderr
    assert f"{extractions}:3: not an extraction: missing field 'sha256'" in result.stderr
    first = stats(kg)
    assert first["documents"] == 2 and first["relationships_by_type"]["INVESTS_IN"] == 2
    kg("load", str(extractions))
    assert stats(kg) == first  # loading again creates nothing new


def test_query_is_read_only_unless_write(kg, extractions: Path):
    kg("load", str(extractions))
    refused = kg("query", "CREATE (:Company {name: 'x'})")
    assert refused.exit_code == 1 and "--write" in refused.stderr
    assert stats(kg)["nodes_by_label"].get("Company") == 2
    allowed = kg("query", "CREATE (:Company {name: $n}) RETURN 1 AS one", "--param", "n=新公司", "--write", "--json")
    assert allowed.exit_code == 0, allowed.output
    assert json.loads(allowed.stdout) == [{"one": 1}]
    found = kg("query", "MATCH (c:Company) WHERE c.name IN $names RETURN c.name AS name ORDER BY name",
               "--param", 'names=["新公司", "腾讯"]', "--csv")
    assert list(csv.reader(found.stdout.splitlines())) == [["name"], ["新公司"], ["腾讯"]]


def test_graphml_export_reads_back_as_what_was_loaded(kg, extractions: Path, tmp_path: Path):
    kg("load", str(extractions))
    out = tmp_path / "graph.graphml"
    result = kg("export", "--format", "graphml", "-o", str(out))
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out)
    counts = stats(kg)
    assert graph.number_of_nodes() == counts["nodes_by_label"]["Entity"] + counts["documents"] + 1  # + 1 round
    assert graph.number_of_edges() == sum(counts["relationships_by_type"].values())
    miit = graph.nodes["Agency:工业和信息化部"]
    assert miit["labels"] == "Agency:Entity" and json.loads(miit["aliases"]) == ["工信部"]
    edges = [d for _, _, d in graph.edges(data=True) if d["type"] == "INVESTS_IN"]
    assert sorted((d["round"], d["lead"], d["amount_value"]) for d in edges) == [("B轮", False, 2e8), ("B轮", True, 2e8)]


def test_csv_export_is_laid_out_for_neo4j_admin(kg, extractions: Path, tmp_path: Path):
    kg("load", str(extractions))
    out = tmp_path / "csv"
    result = kg("export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.stdout
    with (out / "nodes_Company.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["id:ID(Entity)", ":LABEL", "aliases:string[]", "name:string"]
    assert sorted(r[1] for r in rows[1:]) == ["Company;Entity", "Company;Entity;Investor"]
    with (out / "relationships_INVESTS_IN.csv").open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    assert header[:3] == [":START_ID(Entity)", ":END_ID(Entity)", ":TYPE"]
    assert {"amount_value:float", "lead:boolean", "docs:string[]", "confidences:float[]",
            "evidence_start:long[]"} <= set(header)
    with (out / "relationships_RAISED.csv").open(encoding="utf-8") as handle:
        assert next(csv.reader(handle))[:2] == [":START_ID(Entity)", ":END_ID(FundingRound)"]


def test_db_start_status_stop(tmp_path: Path):
    store = tmp_path / "nb"
    started = runner.invoke(app, ["db", "start", "--store", str(store)])
    try:
        assert started.exit_code == 0, started.output
        assert "falkordb.FalkorDB(unix_socket_path=" in started.stdout
        status = runner.invoke(app, ["db", "status", "--store", str(store)])
        assert status.exit_code == 0 and str(store / "password") in status.stdout
        # the notebook snippet really connects
        namespace: dict = {}
        exec(started.stdout.split("Python:\n", 1)[1], namespace)  # noqa: S102 - runs the snippet kg prints for users
        assert namespace["graph"].query("RETURN 1").result_set == [[1]]
        # a kg process using the store (it holds the lock): the server is not pulled from under it
        user = EmbeddedServer(store)
        user.lock()
        refused = runner.invoke(app, ["db", "stop", "--store", str(store)])
        user.release()
        assert refused.exit_code == 1 and "in use by kg process" in refused.stderr
        assert runner.invoke(app, ["db", "status", "--store", str(store)]).exit_code == 0
    finally:
        stopped = runner.invoke(app, ["db", "stop", "--store", str(store)])
    assert stopped.exit_code == 0
    assert runner.invoke(app, ["db", "status", "--store", str(store)]).exit_code == 3


def test_a_document_that_cannot_be_loaded_is_named_and_the_rest_loads(kg, tmp_path: Path):
    broken = policy_doc()
    broken.relations[0] = replace(broken.relations[0], head="Agency:nobody")
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(json.dumps(e.to_dict(), ensure_ascii=False) for e in (deal_doc(), broken)),
                    encoding="utf-8")
    result = kg("load", str(path))
    assert result.exit_code == 1
    assert "policy.txt: ISSUED_POLICY refers to unknown entity id 'Agency:nobody'" in result.stderr
    assert stats(kg)["documents"] == 1


def test_queries_on_an_empty_store_return_nothing(kg):
    result = kg("query", "MATCH (n) RETURN n", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_named_questions(kg, extractions: Path):
    assert kg("load", str(extractions)).exit_code == 1  # the two bad lines
    result = kg("query", "--named", "rounds-led", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)
    unknown = kg("query", "--named", "gossip")
    assert unknown.exit_code == 1 and "rounds-led" in unknown.output
    missing = kg("query", "--named", "co-investors")
    assert missing.exit_code == 1 and "--param investor=" in missing.output
    both = kg("query", "MATCH (n) RETURN n", "--named", "posts")
    assert both.exit_code == 1


def test_load_report_as_json(kg, extractions: Path):
    result = kg("load", str(extractions), "--json")
    assert result.exit_code == 1  # two bad lines
    report = json.loads(result.stdout)
    assert report["loaded"] == ["deal.txt", "policy.txt"] and len(report["failed"]) == 2
    assert report["stats"]["documents"] == 2
