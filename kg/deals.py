"""The graph's deals as a flat table an analyst can trust: one row per FundingRound, normalized
values only (amount value and currency, ``date_iso``), lists kept as lists until a file needs
one value per cell.

``kg deals``, ``kg query --named deals`` and the notebooks read the same rows, through the
named questions ``deals`` and ``company-timeline`` of ``loaders.questions``, so a deal looks the
same in the terminal, in a CSV, in a workbook and in a DataFrame.

Example:
    >>> rows = [Deal("美团", "B轮", 2e8, "CNY", "exact", None, None, None, None, ("红杉资本中国",), (), ("a.txt",)),
    ...         Deal("美团", "A轮", None, None, None, None, None, "2020-05", "text", (), (), ("b.txt",))]
    >>> [d.round for d in sort_deals(rows)]
    ['A轮', 'B轮']
    >>> flat_row(rows[0])["leads"], flat_row(rows[0])["amount"]
    ('红杉资本中国', 200000000)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg.errors import KGError
from kg.ontology import Ontology, cached_ontology
from kg.viz.network import within_dates
from loaders import GraphStore
from loaders.questions import QUESTIONS

if TYPE_CHECKING:
    import pandas as pd

LIST_SEPARATOR = "; "
"""How a list (investors, documents) is joined into one cell of a CSV or a workbook."""


@dataclass(frozen=True, slots=True)
class Deal:
    """One FundingRound, as the ``deals`` question returns it.

    ``amount`` is in units of ``currency`` (三亿元 -> 300000000.0) and ``bound`` says how far it is
    the amount (exact, approx, lower, upper, range: 数千万 is a lower bound); ``date`` is the deal's
    ``date_iso`` (2021, 2021-03, 2021-03-10) and ``date_source`` text or bulletin (the bulletin's
    date stands in); ``leads`` and ``others`` are both empty when the investors are undisclosed;
    ``documents`` are the bulletins that state the round. None where the graph knows nothing.
    """

    company: str
    round: str | None
    amount: float | None
    currency: str | None
    bound: str | None
    valuation: float | None
    valuation_currency: str | None
    date: str | None
    date_source: str | None
    leads: tuple[str, ...]
    others: tuple[str, ...]
    documents: tuple[str, ...]


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Deal))
"""The table's columns, in order."""


def _names(value: Any) -> tuple[str, ...]:
    """A list property as a sorted tuple without blanks or repeats (collect order is the server's)."""
    if value is None:
        return ()
    items = value if isinstance(value, (list, tuple)) else [value]
    return tuple(sorted({str(v) for v in items if v not in (None, "")}))


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _deal(record: dict[str, Any]) -> Deal:
    return Deal(
        company=str(record["company"]), round=record.get("round"), amount=_number(record.get("amount")),
        currency=record.get("currency"), bound=record.get("bound"), valuation=_number(record.get("valuation")),
        valuation_currency=record.get("valuation_currency"), date=record.get("date"),
        date_source=record.get("date_source"), leads=_names(record.get("leads")),
        others=tuple(n for n in _names(record.get("others")) if n not in _names(record.get("leads"))),
        documents=_names(record.get("documents")),
    )


def sort_deals(deals: Iterable[Deal]) -> list[Deal]:
    """By company, then date (undated last), then round: a company's rows read as its timeline."""
    return sorted(deals, key=lambda d: (d.company, d.date is None, d.date or "", d.round or ""))


def read_deals(store: GraphStore, *, company: str | None = None, since: str | None = None,
               until: str | None = None, ontology: Ontology | None = None) -> list[Deal]:
    """The deals of the graph (``company``: only that company's, by name or alias), dated between
    ``since`` and ``until`` (ISO, checked by ``kg.viz.network.check_iso_date``; compared with each
    deal's ``date_iso`` exactly as ``kg viz investors`` does), sorted by ``sort_deals``. The graph
    was built with ``ontology`` (the shipped one when None)."""
    ontology = ontology or cached_ontology()
    if company is None:
        result = store.query(QUESTIONS["deals"].cypher(ontology))
    else:
        result = store.query(QUESTIONS["company-timeline"].cypher(ontology), {"company": company})
    return sort_deals(d for d in map(_deal, result.records()) if within_dates(d.date, since, until))


def _cell(value: Any) -> Any:
    """One value per cell: lists joined, whole amounts without a trailing .0."""
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def flat_row(deal: Deal) -> dict[str, Any]:
    """A deal as one value per column (what a CSV line or a spreadsheet row holds)."""
    return dict(zip(COLUMNS, (_cell(v) for v in astuple(deal)), strict=True))


def deals_frame(deals: Sequence[Deal], *, flat: bool = False) -> pd.DataFrame:
    """The deals as a pandas DataFrame (the notebooks' view): lists stay lists unless ``flat``;
    ``year`` is the year of ``date_iso`` (None when undated), never the date as written."""
    import pandas as pd

    rows = [flat_row(d) if flat else {c: list(v) if isinstance(v, tuple) else v for c, v in zip(COLUMNS, astuple(d))}
            for d in deals]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame.insert(COLUMNS.index("date") + 1, "year", [int(d.date[:4]) if d.date else None for d in deals])
    frame["year"] = frame["year"].astype("Int64")
    return frame


def write_csv(deals: Sequence[Deal], stream: IO[str]) -> None:
    """CSV with a header, one value per cell (lists joined by ``LIST_SEPARATOR``, never JSON)."""
    import csv

    writer = csv.DictWriter(stream, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(flat_row(d) for d in deals)


def write_xlsx(deals: Sequence[Deal], path: Path) -> None:
    """An Excel workbook with one sheet ``deals`` (numbers stay numbers, lists joined as in CSV)."""
    frame = deals_frame(deals, flat=True).drop(columns="year")
    try:
        frame.to_excel(path, sheet_name="deals", index=False)
    except OSError as exc:
        raise KGError(f"{path}: cannot write ({exc.strerror or exc})") from exc
