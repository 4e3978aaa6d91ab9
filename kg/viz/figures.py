"""Static figures (PNG/SVG) of the investor network for reports, drawn with matplotlib.

Chinese labels need a CJK font: the first installed one of ``CJK_FONTS`` is used (Debian:
``apt-get install fonts-noto-cjk``); without one, labels show as boxes and a warning says so.
"""

from __future__ import annotations

import subprocess
import warnings
from pathlib import Path

import networkx as nx

from kg.errors import KGError
from kg.viz.html import PALETTE
from kg.viz.network import community_of

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei",
             "Source Han Sans SC", "SimHei", "Microsoft YaHei", "AR PL UMing CN")


def cjk_font() -> str | None:
    """The name of an installed font that can draw Chinese, if any."""
    from matplotlib import font_manager

    installed = {font.name for font in font_manager.fontManager.ttflist}
    known = next((name for name in CJK_FONTS if name in installed), None)
    if known is not None:
        return known
    # matplotlib's font cache predates a font installed later: ask fontconfig directly
    try:
        listing = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    for line in sorted(listing.splitlines()):
        path = line.split(":")[0].strip()
        if path:
            font_manager.fontManager.addfont(path)
            return font_manager.FontProperties(fname=path).get_name()
    return None


def draw_investments(graph: nx.DiGraph, path: Path, groups: list[set[str]] | None = None) -> Path:
    """Draw investors (orange, or one colour per community when ``groups`` are given) and
    companies (blue), lead edges red, to ``path`` (.png or .svg)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if path.suffix.lower() not in {".png", ".svg"}:
        raise KGError(f"{path}: figures are written as .png or .svg, not {path.suffix or 'no suffix'}")
    font = cjk_font()
    if font is None:
        warnings.warn("no CJK font installed (apt-get install fonts-noto-cjk): Chinese labels will not render",
                      stacklevel=2)
    figure, axes = plt.subplots(figsize=(14, 9))
    layout = nx.spring_layout(graph, seed=7, k=1.2 / max(1, len(graph)) ** 0.5)
    kinds = dict(graph.nodes(data="kind"))
    community = community_of(groups or [])
    colours = [PALETTE[1 + community.get(n, 0) % (len(PALETTE) - 1)] if kinds[n] == "investor" else PALETTE[0]
               for n in graph]
    sizes = [120 + 80 * graph.nodes[n].get("deals", 1) for n in graph]
    nx.draw_networkx_nodes(graph, layout, node_color=colours, node_size=sizes, ax=axes)
    lead = [(a, b) for a, b, d in graph.edges(data=True) if d.get("lead")]
    other = [(a, b) for a, b, d in graph.edges(data=True) if not d.get("lead")]
    nx.draw_networkx_edges(graph, layout, edgelist=other, edge_color="#999999", style="dashed", ax=axes)
    nx.draw_networkx_edges(graph, layout, edgelist=lead, edge_color="#e15759", width=2.5, ax=axes)
    nx.draw_networkx_labels(graph, layout, font_size=8, font_family=font or "sans-serif", ax=axes)
    axes.set_axis_off()
    try:
        with warnings.catch_warnings():  # one warning above, not one per missing glyph
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            figure.savefig(path, bbox_inches="tight", dpi=150)
    except OSError as exc:
        raise KGError(f"{path}: cannot write the figure ({exc.strerror or exc})") from exc
    finally:
        plt.close(figure)
    return path
