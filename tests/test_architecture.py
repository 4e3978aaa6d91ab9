"""The edges between the stages (issue 14), checked on the source so that they stay where they are.

The data goes read → normalize → recognize → link → resolve → store; a stage may use an earlier
one, never a later one, and never the database. The store (``loaders/``) receives ids and
values, it does not compute them from the extraction stages. The CLI and the views go through
``kg.build``, not around it.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("kg.read", "kg.normalize", "kg.recognize", "kg.link", "kg.resolve")
"""In the data's order."""
OUTSIDE_THE_STAGES = ("loaders", "kg.build", "kg.cli", "kg.viz", "kg.curate", "kg.pipeline", "kg.parallel",
                      "kg.distributed", "kg.ner", "kg.eval")
"""What no extraction stage may import: the store, the spine, the views, and training."""


def module_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def sources(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (ROOT / package).rglob("*.py"))


def imports(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Every import of the file, at the top or inside a function: ``(module, names)``."""
    found: list[tuple[str, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, ()) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, tuple(alias.name for alias in node.names)))
    return found


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_later_stage_and_nothing_outside_the_stages(stage: str) -> None:
    later = STAGES[STAGES.index(stage) + 1:]
    wrong = [f"{module_of(path)} imports {module}"
             for path in sources(stage.replace(".", "/")) for module, _ in imports(path)
             if any(within(module, other) for other in (*later, *OUTSIDE_THE_STAGES))]
    assert wrong == []


def test_the_store_imports_nothing_from_the_extraction_stages() -> None:
    wrong = [f"{module_of(path)} imports {module}" for path in sources("loaders") for module, _ in imports(path)
             if any(within(module, stage) for stage in (*STAGES, "kg.ner", "kg.pipeline"))]
    assert wrong == []


def test_the_cli_and_the_views_go_through_the_build_spine() -> None:
    around = ("loaders.load", "loaders.model", "loaders.sync", "kg.read")
    wrong = [f"{module_of(path)} imports {module}" for path in sources("kg/cli", "kg/viz")
             for module, _ in imports(path) if any(within(module, other) for other in around)]
    assert wrong == []


def test_no_private_name_is_imported_from_another_module() -> None:
    wrong = [f"{module_of(path)} imports {name} from {module}"
             for path in sources("kg", "loaders") for module, names in imports(path)
             for name in names if name.startswith("_") and not name.startswith("__")]
    assert wrong == []


def test_the_store_commands_stay_a_thin_layer() -> None:
    assert len((ROOT / "kg" / "cli" / "store.py").read_text(encoding="utf-8").splitlines()) <= 200


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """The file's lines that carry code, stripped, with their numbers: blank lines, comments,
    imports and bare brackets say nothing about repeated logic."""
    kept = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.strip()
        if text and not text.startswith(("#", "import ", "from ")) and not re.fullmatch(r"[\[\](){},:]+", text):
            kept.append((number, text))
    return kept


def test_no_block_of_six_code_lines_is_repeated() -> None:
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in sources("kg", "loaders"):
        lines = _code_lines(path)
        for i in range(len(lines) - 5):
            window = tuple(text for _, text in lines[i:i + 6])
            seen[window].append(f"{path.relative_to(ROOT)}:{lines[i][0]}")
    repeated = {places[0]: places[1:] for places in seen.values() if len(places) > 1}
    assert repeated == {}


TYPE_NAMES_PENDING: frozenset[str] = frozenset()
"""Files still naming types in code while the conversion to roles and traits goes on (issue 14)."""


def _type_literals(path: Path, names: frozenset[str]) -> list[str]:
    """Each string constant of ``path`` that is exactly an entity or relation type's name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names]


def test_no_type_name_is_written_in_code_outside_the_ontology_loading() -> None:
    """The ontology names the types; the code asks for them by role (``ontology.types.place``) or
    by trait (``ontology.with_trait("opaque")``), so that a type is renamed or added in ``ontology/`` only."""
    from kg.ontology import load_ontology

    ontology = load_ontology()
    names = frozenset(ontology.entity_types) | frozenset(ontology.relation_types)
    found = [hit for path in sources("kg", "loaders") if path != ROOT / "kg" / "ontology.py"
             and str(path.relative_to(ROOT)) not in TYPE_NAMES_PENDING for hit in _type_literals(path, names)]
    assert not found, "type names written in code:\n" + "\n".join(found)
    still = sorted(p for p in TYPE_NAMES_PENDING if _type_literals(ROOT / p, names))
    assert sorted(TYPE_NAMES_PENDING) == still, f"converted, drop from TYPE_NAMES_PENDING: {set(TYPE_NAMES_PENDING) - set(still)}"
