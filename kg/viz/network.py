"""Investor networks as networkx graphs: pure functions over plain investment rows.

An investment row is a dict with ``investor``, ``company``, ``round``, ``amount``, ``date``,
``lead`` and ``source`` (the bulletin that states it), as the Cypher of ``INVESTMENT_QUERY``
returns them.

Example:
    >>> rows = [
    ...     {"investor": "红杉资本中国", "company": "字节跳动", "round": "A轮", "lead": True},
    ...     {"investor": "高瓴资本", "company": "字节跳动", "round": "A轮", "lead": False},
    ...     {"investor": "红杉资本中国", "company": "美团", "round": "B轮", "lead": False},
    ...     {"investor": "高瓴资本", "company": "美团", "round": "B轮", "lead": True},
    ... ]
    >>> g = investment_graph(rows)
    >>> g.nodes["红杉资本中国"]["deals"]
    2
    >>> co_investment_graph(g)["红杉资本中国"]["高瓴资本"]["weight"]
    2
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from kg.errors import KGError

if TYPE_CHECKING:  # networkx is imported by the functions that draw graphs: kg deals and kg --help need none of it
    import networkx as nx

INVESTMENT_QUERY = (
    "MATCH (i)-[r:INVESTS_IN]->(c)\n"
    "RETURN i.name AS investor, c.name AS company, r.round AS round, r.amount_text AS amount,\n"
    "       r.date_iso AS date, r.date AS date_text, r.lead AS lead, r.docs AS source, r.evidence AS evidence"
)
"""Cypher shared by the CLI and the notebooks (FalkorDB and Neo4j alike)."""

Row = Mapping[str, Any]


@dataclass(frozen=True)
class InvestmentFilter:
    """Which deals to keep; ``None``/``False``/``0`` keep everything."""

    round: str | None = None
    since: str | None = None
    """ISO date (``2021`` / ``2021-03`` / ``2021-03-05``) compared with each deal's ``date_iso``:
    deals without one are dropped. ``check_iso_date`` validates it."""
    until: str | None = None
    """The last ISO date kept (``2021`` keeps all of 2021)."""
    min_deals: int = 0
    """Investors with fewer deals (after the other filters) are dropped."""
    lead_only: bool = False


def _source_text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value if v)
    return str(value) if value else ""


_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check_iso_date(text: str | None, option: str) -> str | None:
    """``text`` when it is a real YYYY, YYYY-MM or YYYY-MM-DD date; else a KGError naming ``option``.

    >>> check_iso_date("2021-03", "--since")
    '2021-03'
    """
    if text is None:
        return None
    match = _ISO.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError(text)
        date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        raise KGError(f"{option} {text!r}: not a date; give YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2021-03)") from None
    return text.strip()


def within_dates(iso: Any, since: str | None, until: str | None) -> bool:
    """Whether a deal's ISO date lies between ``since`` and ``until`` (either may be None),
    compared at their precision: ``until="2021"`` keeps all of 2021; an undated deal passes only
    when neither is given. Shared by ``kg viz investors`` and ``kg deals``.

    >>> within_dates("2021-03-10", "2021", "2021-03"), within_dates(None, "2021", None)
    (True, False)
    """
    if since is None and until is None:
        return True
    if not isinstance(iso, str) or not _ISO.fullmatch(iso):
        return False
    return (since is None or iso[:len(since)] >= since) and (until is None or iso[:len(until)] <= until)


def filter_rows(rows: Iterable[Row], flt: InvestmentFilter) -> list[Row]:
    """The rows that pass the filter (round compared exactly, dates as ISO strings).

    >>> filter_rows([{"investor": "a", "company": "b", "date": "2020-01"},
    ...              {"investor": "a", "company": "c", "date": "2022-05"}], InvestmentFilter(since="2021"))
    [{'investor': 'a', 'company': 'c', 'date': '2022-05'}]
    """
    kept = [
        row
        for row in rows
        if (flt.round is None or row.get("round") == flt.round)
        and within_dates(row.get("date"), flt.since, flt.until)
        and (not flt.lead_only or bool(row.get("lead")))
    ]
    if flt.min_deals > 0:
        deals: dict[str, int] = {}
        for row in kept:
            deals[row["investor"]] = deals.get(row["investor"], 0) + 1
        kept = [row for row in kept if deals[row["investor"]] >= flt.min_deals]
    return kept


def investment_graph(rows: Iterable[Row]) -> nx.DiGraph:
    """Investors -> companies; nodes carry ``kind`` (investor/company, the bipartite side) and
    ``deals``; edges carry round, amount, date, lead and source (the bulletin).

    A company that also invests keeps the ``investor`` kind once it has invested.
    """
    import networkx as nx

    graph = nx.DiGraph()
    for row in rows:
        investor, company = str(row["investor"]), str(row["company"])
        graph.add_node(investor, kind="investor", bipartite=0)
        if company not in graph or graph.nodes[company].get("kind") != "investor":
            graph.add_node(company, kind="company", bipartite=1)
        graph.add_edge(
            investor,
            company,
            round=row.get("round") or "",
            amount=row.get("amount") or "",
            date=row.get("date") or "",
            lead=bool(row.get("lead")),
            source=_source_text(row.get("source")),
        )
    for node in graph:
        graph.nodes[node]["deals"] = graph.degree(node)
    return graph


def co_investment_graph(graph: nx.DiGraph) -> nx.Graph:
    """Investors linked when they invested in the same company; ``weight`` counts the companies
    (networkx's bipartite weighted projection)."""
    import networkx as nx
    from networkx.algorithms import bipartite

    investors = [n for n, kind in graph.nodes(data="kind") if kind == "investor"]
    if len(investors) == len(graph):  # no company side (empty graph): nothing to project
        projected = nx.Graph()
        projected.add_nodes_from(investors)
    else:
        projected = bipartite.weighted_projected_graph(graph.to_undirected(as_view=True), investors)
    for node in projected:
        projected.nodes[node]["deals"] = graph.nodes[node]["deals"]
    return projected


def communities(projection: nx.Graph) -> list[set[str]]:
    """Groups of investors that co-invest more among themselves (greedy modularity), largest first.

    Isolated investors each form their own group.
    """
    from networkx.algorithms.community import greedy_modularity_communities

    if projection.number_of_edges() == 0:
        return [{n} for n in projection]
    groups = greedy_modularity_communities(projection, weight="weight")
    return sorted((set(g) for g in groups), key=lambda g: (-len(g), sorted(g)))


def community_of(groups: list[set[str]]) -> dict[str, int]:
    """Node -> index of its community."""
    return {node: i for i, group in enumerate(groups) for node in group}


def _eigenvector(projection: nx.Graph) -> dict[str, float]:
    """Weighted eigenvector centrality (pure Python: kg does not depend on scipy, which
    ``nx.pagerank`` needs); zero for a graph without edges or one that does not converge."""
    import networkx as nx

    if projection.number_of_edges() == 0:
        return {n: 0.0 for n in projection}
    try:
        return nx.eigenvector_centrality(projection, weight="weight", max_iter=1000, tol=1e-6)
    except nx.PowerIterationFailedConvergence:
        return {n: 0.0 for n in projection}


def centrality_table(projection: nx.Graph) -> list[dict[str, Any]]:
    """One row per investor: deals, co-investors, weighted degree, betweenness and eigenvector centrality,
    most central first."""
    import networkx as nx

    if projection.number_of_nodes() == 0:
        return []
    betweenness = nx.betweenness_centrality(projection)
    eigenvector = _eigenvector(projection)
    rows = [
        {
            "investor": node,
            "deals": projection.nodes[node].get("deals", 0),
            "co_investors": projection.degree(node),
            "weighted_degree": projection.degree(node, weight="weight"),
            "betweenness": round(betweenness[node], 4),
            "eigenvector": round(eigenvector[node], 4),
        }
        for node in projection
    ]
    return sorted(rows, key=lambda r: (-r["eigenvector"], -r["deals"], r["investor"]))
