"""``kg deals`` and ``kg.deals`` on a graph built by the real pipeline from bulletins written here:
table, CSV and XLSX output, the per-company timeline, ``--since``, piped output, and a deal
whose investors are undisclosed (a FundingRound without PARTICIPATED_IN)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build import extract
from kg.cli.main import app
from kg.deals import COLUMNS, read_deals
from kg.types import Extraction
from loaders import batch_of, open_store

runner = CliRunner()
YUNFAN = "北京云帆科技有限公司"
YUNTU = "杭州云图科技有限公司"
BULLETINS = {
    # written out of date order: the timeline must sort them
    "2022-08.txt": f"2022年8月20日 投融界\n\n{YUNFAN}完成5亿元C轮融资，投后估值超过70亿元，IDG资本领投，高瓴资本、深创投跟投。\n",
    "2021-03.txt": f"2021年3月15日 投融界\n\n{YUNFAN}完成2亿元B轮融资，本轮融资由红杉资本中国领投，高瓴资本跟投。\n",
    "undated.txt": f"融资简讯\n\n{YUNFAN}完成天使轮融资，由真格基金独家投资。\n",
    "2023-05.txt": f"2023年5月10日 融资快讯\n\n{YUNTU}完成数千万元A轮融资，投资方未透露。\n",
    "2021-06.txt": "2021年6月1日 投融界\n\n上海星河智能有限公司完成1亿元A轮融资。本轮融资由经纬中国领投。\n",
}


@pytest.fixture(scope="module")
def extractions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Extraction]:
    folder = tmp_path_factory.mktemp("bulletins")
    for name, text in BULLETINS.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = extract([folder])
    assert not report.failed
    return {Path(e.doc).name: e for e in report.extractions}


@pytest.fixture(scope="module")
def store_dir(extractions: dict[str, Extraction], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store")
    with open_store(store=path) as store:
        store.ensure_schema()
        store.write(batch_of(list(extractions.values())))
    return path


def kg(store_dir: Path, *args: str) -> str:
    result = runner.invoke(app, ["--quiet", "deals", "--store", str(store_dir), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_undisclosed_deal_is_a_round_without_investors(extractions: dict[str, Extraction],
                                                          store_dir: Path) -> None:
    yuntu = extractions["2023-05.txt"]
    assert not [r for r in yuntu.relations if r.type == "INVESTS_IN"]
    assert all(e.name != "投资方" and "未透露" not in e.name for e in yuntu.entities)
    (raised,) = [r for r in yuntu.relations if r.type == "RAISED"]
    assert raised.head == raised.tail and raised.properties["round"] == "A轮"
    with open_store(store=store_dir) as store:
        rows = store.query(
            "MATCH (c:Company {name: $name})-[:RAISED]->(r:FundingRound) "
            "OPTIONAL MATCH (i)-[p:PARTICIPATED_IN]->(r) "
            "RETURN r.round AS round, r.amount_value AS amount, r.amount_bound AS bound, count(p) AS investors",
            {"name": YUNTU}).records()
        (self_loops,) = store.query("MATCH (c)-[s:RAISED]->(c) RETURN count(s) AS n").records()
    assert rows == [{"round": "A轮", "amount": 10_000_000, "bound": "lower", "investors": 0}]
    assert self_loops["n"] == 0


def test_investors_named_a_sentence_later_leave_no_raised_fact(extractions: dict[str, Extraction]) -> None:
    xinghe = extractions["2021-06.txt"]
    assert [r.properties["round"] for r in xinghe.relations if r.type == "INVESTS_IN"] == ["A轮"]
    assert not [r for r in xinghe.relations if r.type == "RAISED"]


def test_the_library_returns_one_row_per_round(store_dir: Path) -> None:
    with open_store(store=store_dir) as store:
        deals = {(d.company, d.round): d for d in read_deals(store)}
    assert len(deals) == 5
    c = deals[(YUNFAN, "C轮")]
    assert (c.amount, c.currency, c.bound, c.valuation, c.date) == (5e8, "CNY", "exact", 7e9, "2022-08-20")
    assert c.leads == ("IDG资本",) and "高瓴资本" in c.others and c.documents[0].endswith("2022-08.txt")
    assert c.date_source == "bulletin"
    yuntu = deals[(YUNTU, "A轮")]
    assert yuntu.leads == yuntu.others == () and yuntu.amount == 1e7


def test_csv_has_one_value_per_cell(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "deals.csv"
    kg(store_dir, "--format", "csv", "--out", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == COLUMNS
    assert not any(cell.startswith("[") for row in rows for cell in row.values())  # never JSON
    c = next(r for r in rows if r["round"] == "C轮")
    assert c["amount"] == "500000000" and c["valuation"] == "7000000000"
    assert set(c["others"].split("; ")) >= {"高瓴资本"} and "; " in c["others"]
    assert list(csv.DictReader(io.StringIO(kg(store_dir, "--format", "csv")))) == rows  # stdout: the same


def test_xlsx_reads_back_with_pandas(store_dir: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    out = tmp_path / "deals.xlsx"
    kg(store_dir, "--format", "xlsx", "--out", str(out))
    frame = pd.read_excel(out, sheet_name="deals")
    assert tuple(frame.columns) == COLUMNS and len(frame) == 5
    c = frame[frame["round"] == "C轮"].iloc[0]
    assert c["amount"] == 500_000_000 and c["company"] == YUNFAN and c["leads"] == "IDG资本"
    refused = runner.invoke(app, ["deals", "--store", str(store_dir), "--format", "xlsx"])
    assert refused.exit_code == 1 and "--out" in refused.output


def test_company_timeline_is_in_date_order_undated_last(store_dir: Path) -> None:
    lines = kg(store_dir, "--company", YUNFAN).splitlines()
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]
    assert [(r["round"], r["date"]) for r in rows] == [("B轮", "2021-03-15"), ("C轮", "2022-08-20"), ("天使轮", "")]
    assert {r["company"] for r in rows} == {YUNFAN}


def test_since_and_until_compare_date_iso(store_dir: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(kg(store_dir, "--format", "csv", "--since", "2022"))))
    assert sorted((r["company"], r["round"]) for r in rows) == [(YUNFAN, "C轮"), (YUNTU, "A轮")]
    rows = list(csv.DictReader(io.StringIO(kg(store_dir, "--format", "csv", "--until", "2021-03"))))
    assert [(r["round"], r["date"]) for r in rows] == [("B轮", "2021-03-15")]
    bad = runner.invoke(app, ["deals", "--store", str(store_dir), "--since", "2021-13"])
    assert bad.exit_code == 1 and "--since" in bad.output


def test_piped_table_is_never_cut(store_dir: Path) -> None:
    lines = kg(store_dir).splitlines()
    assert lines[0].split("\t") == list(COLUMNS)
    assert max(len(line) for line in lines) > 80
    c = next(line.split("\t") for line in lines if "\tC轮\t" in line)
    assert c[COLUMNS.index("documents")].endswith("2022-08.txt")  # the last column, whole
    assert "…" not in "".join(lines)
