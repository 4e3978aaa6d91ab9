"""One offline HTML page: the investment graph, the co-investment graph coloured by community,
and the centrality table.

pyvis draws each graph with vis-network embedded in the page (``cdn_resources="in_line"``):
nothing is fetched from the network, so the file opens on an air-gapped laptop. Each view is
a complete pyvis page placed in an ``<iframe srcdoc>`` so the two do not share scripts.
"""

from __future__ import annotations

import html
import re
from typing import Any

import networkx as nx
from pyvis.network import Network

from kg.viz.network import community_of

PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
           "#9c755f", "#bab0ac")
EXTERNAL_SRC = re.compile(r"<(?:script|link)\b[^>]*(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


EXTERNAL_TAG = re.compile(
    r"<link\b[^>]*href\s*=\s*[\"']?(?:https?:)?//[^>]*>|<script\b[^>]*src\s*=\s*[\"']?(?:https?:)?//[^>]*>\s*</script>",
    re.IGNORECASE,
)


def external_references(page: str) -> list[str]:
    """The script/link tags of a page that load something from the network (should be none).

    Pages inside ``srcdoc`` attributes are checked too (they are HTML-escaped there).
    """
    return EXTERNAL_SRC.findall(page) + EXTERNAL_SRC.findall(html.unescape(page))


def _offline(page: str) -> str:
    """Drop the tags that still load from a CDN: pyvis's in-line mode embeds vis-network but
    links bootstrap (only used for its optional menus, which kg does not switch on)."""
    return EXTERNAL_TAG.sub("", page)


def _network() -> Network:
    return Network(height="640px", width="100%", directed=True, cdn_resources="in_line",
                   bgcolor="#ffffff", font_color="#222222")


def _edge_title(data: dict[str, Any]) -> str:
    parts = [data.get("round") or "round ?", data.get("amount") or "", data.get("date") or "",
             "lead" if data.get("lead") else "", f"source: {data['source']}" if data.get("source") else ""]
    return " | ".join(p for p in parts if p)


def investment_view(graph: nx.DiGraph) -> str:
    """pyvis page of investors (boxes) -> companies (dots); lead edges thick and red."""
    net = _network()
    for node, data in graph.nodes(data=True):
        investor = data.get("kind") == "investor"
        net.add_node(node, label=node, title=f"{node}: {data.get('deals', 0)} deal(s)",
                     size=10 + 4 * data.get("deals", 1), shape="box" if investor else "dot",
                     color=PALETTE[1] if investor else PALETTE[0])
    for head, tail, data in graph.edges(data=True):
        lead = data.get("lead")
        net.add_edge(head, tail, title=_edge_title(data), width=4 if lead else 1,
                     color=PALETTE[2] if lead else "#999999", dashes=not lead)
    net.toggle_physics(True)
    return _offline(net.generate_html())


def co_investment_view(projection: nx.Graph, groups: list[set[str]]) -> str:
    """pyvis page of investors linked by shared deals, one colour per community."""
    net = _network()
    net.directed = False
    colour = community_of(groups)
    for node, data in projection.nodes(data=True):
        net.add_node(node, label=node, size=10 + 4 * data.get("deals", 1),
                     color=PALETTE[colour.get(node, 0) % len(PALETTE)],
                     title=f"{node}: {data.get('deals', 0)} deal(s), community {colour.get(node, 0) + 1}")
    for a, b, data in projection.edges(data=True):
        net.add_edge(a, b, value=data.get("weight", 1), title=f"{data.get('weight', 1)} shared deal(s)")
    return _offline(net.generate_html())


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>No investors.</p>"
    head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row.values()) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def investor_page(graph: nx.DiGraph, projection: nx.Graph, groups: list[set[str]],
                  table: list[dict[str, Any]], title: str = "kg investor network") -> str:
    """The whole page as one string (no external resources)."""
    views = [("Investments (investor → company; red = lead)", investment_view(graph)),
             ("Co-investment (colour = community)", co_investment_view(projection, groups))]
    frames = "".join(
        f"<h2>{html.escape(name)}</h2><iframe srcdoc=\"{html.escape(page, quote=True)}\"></iframe>"
        for name, page in views
    )
    summary = (f"{sum(1 for _, k in graph.nodes(data='kind') if k == 'investor')} investors, "
               f"{sum(1 for _, k in graph.nodes(data='kind') if k == 'company')} companies, "
               f"{graph.number_of_edges()} deals, {len(groups)} communities")
    return (
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)}</title><style>"
        "body{font-family:sans-serif;margin:1em}iframe{width:100%;height:680px;border:1px solid #ccc}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}"
        "td:first-child{text-align:left}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(summary)}</p>{frames}"
        f"<h2>Centrality (co-investment graph)</h2>{_table(table)}</body></html>"
    )
