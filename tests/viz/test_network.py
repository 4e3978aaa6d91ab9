"""The investor network functions on hand-written deals."""

from kg.viz import network

DEALS = [
    {"investor": "红杉资本中国", "company": "美团", "round": "B轮", "date": "2019-03", "lead": True, "source": ["a.txt"]},
    {"investor": "高瓴资本", "company": "美团", "round": "B轮", "date": "2019-03", "lead": False, "source": ["a.txt"]},
    {"investor": "红杉资本中国", "company": "字节跳动", "round": "A轮", "date": "2021-06", "lead": False},
    {"investor": "高瓴资本", "company": "字节跳动", "round": "A轮", "date": "2021-06", "lead": True},
    {"investor": "IDG资本", "company": "字节跳动", "round": "A轮", "date": "2021-06", "lead": False},
    {"investor": "深创投", "company": "大疆", "round": "C轮", "date": None, "lead": True},
    {"investor": "达晨创投", "company": "大疆", "round": "C轮", "date": None, "lead": False},
]


def test_nodes_are_sized_by_deals_and_edges_keep_deal_facts() -> None:
    graph = network.investment_graph(DEALS)
    assert graph.nodes["红杉资本中国"]["deals"] == 2
    assert graph.nodes["字节跳动"]["deals"] == 3
    assert graph.nodes["字节跳动"]["kind"] == "company"
    edge = graph.edges["红杉资本中国", "美团"]
    assert (edge["round"], edge["date"], edge["lead"], edge["source"]) == ("B轮", "2019-03", True, "a.txt")


def test_projection_weights_count_shared_companies() -> None:
    projection = network.co_investment_graph(network.investment_graph(DEALS))
    assert set(projection) == {"红杉资本中国", "高瓴资本", "IDG资本", "深创投", "达晨创投"}
    assert projection["红杉资本中国"]["高瓴资本"]["weight"] == 2
    assert projection["IDG资本"]["高瓴资本"]["weight"] == 1
    assert not projection.has_edge("深创投", "红杉资本中国")


def test_communities_separate_unconnected_syndicates() -> None:
    groups = network.communities(network.co_investment_graph(network.investment_graph(DEALS)))
    assert {"深创投", "达晨创投"} in groups
    assert any({"红杉资本中国", "高瓴资本"} <= g for g in groups)


def test_centrality_ranks_the_best_connected_first() -> None:
    table = network.centrality_table(network.co_investment_graph(network.investment_graph(DEALS)))
    assert {table[0]["investor"], table[1]["investor"]} == {"红杉资本中国", "高瓴资本"}
    top = table[0]
    assert top["co_investors"] == 2 and top["weighted_degree"] == 3
    assert table[-1]["weighted_degree"] == 1


def test_filters() -> None:
    assert {r["company"] for r in network.filter_rows(DEALS, network.InvestmentFilter(round="A轮"))} == {"字节跳动"}
    assert {r["investor"] for r in network.filter_rows(DEALS, network.InvestmentFilter(lead_only=True))} == {
        "红杉资本中国", "高瓴资本", "深创投"}
    since = network.filter_rows(DEALS, network.InvestmentFilter(since="2020"))
    assert {r["company"] for r in since} == {"字节跳动"}  # undated deals are dropped too
    assert {r["investor"] for r in network.filter_rows(DEALS, network.InvestmentFilter(min_deals=2))} == {"红杉资本中国", "高瓴资本"}


def test_empty_input_gives_empty_views() -> None:
    graph = network.investment_graph([])
    assert network.centrality_table(network.co_investment_graph(graph)) == []
    assert network.communities(network.co_investment_graph(graph)) == []


def test_dates_are_compared_as_iso_at_the_filters_precision():
    rows = [{"investor": "a", "company": "b", "date": "2021-03-10"}, {"investor": "a", "company": "c", "date": "3月10日"},
            {"investor": "a", "company": "d", "date": "2020"}]
    assert [r["company"] for r in network.filter_rows(rows, network.InvestmentFilter(since="2021"))] == ["b"]
    assert [r["company"] for r in network.filter_rows(rows, network.InvestmentFilter(until="2021-03"))] == ["b", "d"]
    assert network.filter_rows(rows, network.InvestmentFilter(since="2099")) == []
