"""``kg deals``: the graph's deals as one flat table (terminal, CSV or XLSX), or one company's
rounds as a timeline. The rows come from ``kg.deals.read_deals``; this module only parses
options and prints.

``register(app)`` adds the command to the root app; the store options are those of ``kg build``.
"""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kg.build import StoreTarget, open_store
from kg.cli.common import connection_options, handle_errors, info, stdout
from kg.deals import COLUMNS, Deal, flat_row, read_deals, write_csv, write_xlsx
from kg.errors import KGError
from kg.viz.network import check_iso_date


class DealsFormat(str, Enum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"


def _print_table(deals: list[Deal]) -> None:
    """A rich table on a terminal; piped, tab-separated lines (no width to cut them at)."""
    if not stdout.is_terminal:
        sys.stdout.write("\t".join(COLUMNS) + "\n")
        for deal in deals:
            sys.stdout.write("\t".join("" if v is None else str(v) for v in flat_row(deal).values()) + "\n")
        return
    table = Table(*COLUMNS)
    for deal in deals:
        table.add_row(*("" if v is None else str(v) for v in flat_row(deal).values()))
    stdout.print(table)


@connection_options
def deals(
    target: StoreTarget,
    fmt: Annotated[DealsFormat, typer.Option("--format", case_sensitive=False,
                                             help="table (terminal; tab-separated when piped), csv or xlsx.")]
    = DealsFormat.table,
    out: Annotated[Path | None, typer.Option("--out", "-o", dir_okay=False,
                                             help="File for csv (default: stdout) or xlsx (required).")] = None,
    company: Annotated[str | None, typer.Option("--company", help="Only this company's rounds (name or alias), "
                                                "as a timeline: oldest first, undated last.")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only deals dated on/after (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Only deals dated on/before (YYYY[-MM[-DD]]).")] = None,
) -> None:
    """Every deal, one row per funding round: company, round, amount, currency, bound, valuation,
    date (date_iso), its source, lead and other investors, documents."""
    if fmt is DealsFormat.xlsx and out is None:
        raise KGError("--format xlsx needs --out FILE.xlsx")
    first, last = check_iso_date(since, "--since"), check_iso_date(until, "--until")  # before the store opens
    with open_store(target) as graph:
        rows = read_deals(graph, company=company, since=first, until=last)
    if fmt is DealsFormat.xlsx:
        assert out is not None
        write_xlsx(rows, out)
        info(f"{out}: {len(rows)} deals")
    elif fmt is DealsFormat.csv and out is not None:
        try:
            with out.open("w", encoding="utf-8", newline="") as stream:
                write_csv(rows, stream)
        except OSError as exc:
            raise KGError(f"{out}: cannot write ({exc.strerror or exc})") from exc
        info(f"{out}: {len(rows)} deals")
    elif fmt is DealsFormat.csv:
        write_csv(rows, sys.stdout)
    else:
        _print_table(rows)


def register(app: typer.Typer) -> None:
    """Add ``kg deals`` to the root app."""
    app.command("deals")(handle_errors(deals))
