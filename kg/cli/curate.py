"""``kg curate`` (edit the curation file) and ``kg entities`` (find what to curate).

Edits go to the curation file (``--curation FILE``, ``$KG_CURATION``, or ``curation.jsonl``
beside the store folder), never into the store: every ``build``, ``rebuild`` and ``load``
applies the file, so ``kg rebuild --full`` after an edit shows it everywhere.
``register(app)`` adds both to the root app.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kg.build import StoreTarget, open_store
from kg.cli.common import (Database, OntologyDir, StoreDir, connection_options, handle_errors, info, options_as, print_json,
                           stderr, stdout)
from kg.curate import (CURATION_ENV, Edit, StaleEdit, append_edit, check_curation, curation_path, new_edit,
                       read_curation, undo_edit)
from kg.curate.changes import changes_dir, read_changes
from kg.curate.find import entity_evidence, find_entities
from kg.errors import KGError
from kg.ontology import load_ontology

CurationFile = Annotated[
    Path | None,
    typer.Option("--curation", dir_okay=False, envvar=CURATION_ENV,
                 help="Curation file (default: curation.jsonl beside the store folder)."),
]
Note = Annotated[str | None, typer.Option("--note", help="Why: kept with the edit, for review.")]

curate_app = typer.Typer(no_args_is_help=True, help="Edit the graph in a way every rebuild keeps: "
                         "merge, rename, retype, block; list and undo.")


def print_stale(stale: tuple[StaleEdit, ...]) -> None:
    """One stderr line per curation edit that named nothing (a warning: the build went on)."""
    for edit in stale:
        stderr.print(f"[bold yellow]stale edit:[/] {edit.message}", highlight=False, soft_wrap=True)


@dataclass(frozen=True)
class EditPlace:
    """Where an edit goes and what checks it: the options every ``kg curate`` edit takes."""

    note: str | None = None
    store: Path | None = None
    curation: Path | None = None
    ontology: Path | None = None


edit_options = options_as("place", {"note": Note, "store": StoreDir, "curation": CurationFile,
                                     "ontology": OntologyDir}, EditPlace)
"""``--note``/``--store``/``--curation``/``--ontology`` in, ``place: EditPlace`` out."""


def _add(op: str, args: tuple[str, ...], place: EditPlace) -> None:
    """Check the edit against the ontology and the file's other edits, then append it."""
    path = curation_path(place.store, place.curation)
    edit = new_edit(op, *args, note=place.note)
    check_curation((*read_curation(path), edit), load_ontology(place.ontology))
    written = append_edit(path, edit)
    info(f"{written.describe()}\nthe next `kg rebuild` applies it to every document (`kg build` and "
         "`kg load`: to the documents they add)")


Name = Annotated[str, typer.Argument(help="Name, alias or id.")]


@edit_options
def merge(keep: Annotated[str, typer.Argument(help="The entity that stays (name, alias or id).")],
          other: Annotated[str, typer.Argument(help="The entity merged into it: its names become aliases.")],
          place: EditPlace) -> None:
    """Merge OTHER into KEEP: one node, named KEEP, with the names and relations of both."""
    _add("merge", (keep, other), place)


@edit_options
def rename(entity: Name, name: Annotated[str, typer.Argument(help="The new name; the old one becomes an alias.")],
           place: EditPlace) -> None:
    """Give ENTITY the name NAME."""
    _add("rename", (entity, name), place)


@edit_options
def retype(entity: Name,
           entity_type: Annotated[str, typer.Argument(metavar="TYPE", help="An entity type of the ontology.")],
           place: EditPlace) -> None:
    """Give ENTITY the type TYPE (relations the ontology then refuses are dropped)."""
    _add("retype", (entity, entity_type), place)


@edit_options
def block(entity: Name, place: EditPlace) -> None:
    """Never an entity again: ENTITY and all its relations are left out of every build."""
    _add("block", (entity,), place)


@edit_options
def block_relation(head: Name, relation: Annotated[str, typer.Argument(metavar="TYPE", help="A relation type.")],
                   tail: Name, place: EditPlace) -> None:
    """Leave the relation HEAD -[TYPE]-> TAIL out of every build."""
    _add("block-relation", (head, relation, tail), place)


def _edit_row(number: int, edit: Edit) -> dict[str, object]:
    return {"number": number, **edit.to_dict(), "line": edit.where}


def list_edits(store: StoreDir = None, curation: CurationFile = None,
               as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False) -> None:
    """The edits in order, numbered as ``kg curate undo`` takes them."""
    path = curation_path(store, curation)
    edits = read_curation(path)
    if as_json:
        print_json([_edit_row(i, e) for i, e in enumerate(edits, start=1)])
        return
    table = Table("#", "edit", "time", "note", title=str(path))
    for i, edit in enumerate(edits, start=1):
        table.add_row(str(i), edit.describe().split(": ", 1)[1], edit.time, edit.note or "")
    stdout.print(table)


def undo(number: Annotated[int | None, typer.Argument(help="The edit's number in `kg curate list` "
                                                       "(default: the last).")] = None,
         store: StoreDir = None, curation: CurationFile = None) -> None:
    """Remove one edit (its line only) from the curation file."""
    edit = undo_edit(curation_path(store, curation), number)
    info(f"removed {edit.describe()}")


class EntitiesFormat(str, Enum):
    table = "table"
    csv = "csv"


@connection_options
def entities(
    query: Annotated[str, typer.Argument(help="Part of a name or alias (as written or normalized), or an id.")],
    target: StoreTarget,
    entity_type: Annotated[str | None, typer.Option("--type", help="Only entities of this type.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
    fmt: Annotated[EntitiesFormat, typer.Option("--format", case_sensitive=False, help="table or csv.")]
    = EntitiesFormat.table,
    evidence: Annotated[bool, typer.Option("--evidence", help="QUERY is an id: every fact of it with its "
                                           "document and sentence.")] = False,
    ontology: OntologyDir = None,
) -> None:
    """Find entities by name or alias: id, type, aliases, documents and relations of each."""
    with open_store(target) as graph:
        if evidence:
            rows = [asdict(e) for e in entity_evidence(graph, query)]
            if not rows:
                raise KGError(f"no facts of entity id {query!r} (find the id with `kg entities NAME`)")
        else:
            rows = [h.as_dict() for h in find_entities(graph, query, load_ontology(ontology), entity_type)]
    if as_json:
        print_json(rows)
        return
    if not rows:
        info(f"no entity matches {query!r}")
        return
    columns = list(rows[0])
    cells = [["; ".join(v) if isinstance(v, list) else str(v) for v in row.values()] for row in rows]
    if fmt is EntitiesFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(cells)
        return
    table = Table(*columns)
    for row in cells:
        table.add_row(*row)
    stdout.print(table)


def changes(
    store: StoreDir = None, database: Database = None,
    since: Annotated[str | None, typer.Option("--since", help="Every run from RUN (a name `kg changes` "
                                              "shows) on, joined.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="As JSON.")] = False,
) -> None:
    """What the last `kg rebuild` added and removed: entities, deals and relations, by type."""
    report = read_changes(changes_dir(store, database), since)
    if as_json:
        print_json(report.as_dict())
        return
    stdout.print(f"run {report.run}", highlight=False)
    if report.curation_changed:
        stdout.print("the curation changed since the run before: changes may come from its edits")
    if not report.added and not report.removed:
        stdout.print("no change")
    for cause, title in (("documents", "from new, changed or deleted documents"), ("curation", "from curation edits")):
        shares = report.caused_by(cause)
        if not any(shares.values()):
            continue
        table = Table("change", "type", "n", "items", title=title)
        for direction, by_kind in shares.items():
            for kind, labels in by_kind.items():
                table.add_row(direction, kind, str(len(labels)), "; ".join(labels))
        stdout.print(table)


def register(app: typer.Typer) -> None:
    """Add ``kg curate ...``, ``kg entities`` and ``kg changes`` to the root app."""
    for name, func in (("merge", merge), ("rename", rename), ("retype", retype), ("block", block),
                       ("block-relation", block_relation), ("list", list_edits), ("undo", undo)):
        curate_app.command(name)(handle_errors(func))
    app.add_typer(curate_app, name="curate")
    app.command("entities")(handle_errors(entities))
    app.command("changes")(handle_errors(changes))
