"""The layout's one rule, checked on the source: imports point only downward.

cli (and the app side: products' api, dashboard, mcp_server) -> orchestration -> quality, store, sources -> transforms,
with the table registry (warehouse/tables: every table declared once) between quality and sources.
products sit beside orchestration: they read the published warehouse and never run Dagster. Dagster itself is imported
only inside orchestration/, and Great Expectations, at run time, only through warehouse/quality/gx.py (which says why:
a submodule imported anywhere else could be taken from the package half-imported by a build's warm-up thread)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# what each room may import from the project (itself included); config is the one module every room may use
ALLOWED = {
    "transforms": {"transforms"},
    "warehouse.sources": {"transforms", "warehouse.sources", "warehouse.store", "warehouse.config"},
    "warehouse.store": {"transforms", "warehouse.sources", "warehouse.store", "warehouse.config"},
    # the table registry: every table declared once; assets, checks and suites are derived from it
    "warehouse.tables": {"transforms", "warehouse.tables", "warehouse.sources", "warehouse.config"},
    "warehouse.quality": {"transforms", "warehouse.quality", "warehouse.tables", "warehouse.store", "warehouse.config"},
    "orchestration": {
        "transforms",
        "orchestration",
        "warehouse.sources",
        "warehouse.store",
        "warehouse.quality",
        "warehouse.tables",
        "warehouse.config",
    },
    "warehouse.products": {
        "transforms",
        "warehouse.products",
        "warehouse.sources",
        "warehouse.store",
        "warehouse.config",
    },
    "warehouse.cli": {
        "transforms",
        "warehouse.cli",
        "warehouse.products",
        "orchestration",
        "warehouse.sources",
        "warehouse.store",
        "warehouse.quality",
        "warehouse.tables",
        "warehouse.config",
    },
}


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _room(module: str) -> str | None:
    return next(
        (room for room in sorted(ALLOWED, key=len, reverse=True) if (module + ".").startswith(room + ".")), None
    )


def _imports(tree: ast.Module) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name) for name in names]
    return found


def _for_type_checkers(tree: ast.Module) -> set[int]:
    """The lines under `if TYPE_CHECKING:`: imports that never run."""
    return {
        line
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
        for child in node.body
        for line in range(child.lineno, (child.end_lineno or child.lineno) + 1)
    }


SOURCES = sorted(p for folder in ("transforms", "warehouse", "orchestration") for p in (ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_only_downward(path: Path) -> None:
    room = _room(_module(path))
    if room is None:  # warehouse/__init__.py, warehouse/config.py: the package root
        return
    wrong = []
    tree = ast.parse(path.read_text(), str(path))
    typing_only = _for_type_checkers(tree)
    gx = _module(path) == "warehouse.quality.gx"
    for line, name in _imports(tree):
        if name.split(".")[0] == "dagster" and room != "orchestration":
            wrong.append(f"line {line}: imports {name} (Dagster belongs to orchestration/)")
        if name.split(".")[0] == "great_expectations" and not gx and line not in typing_only:
            wrong.append(f"line {line}: imports {name} (Great Expectations comes through warehouse/quality/gx.py)")
        target = _room(name) or (name if name.startswith("warehouse.config") else None)
        ours = name.split(".")[0] in ("transforms", "warehouse", "orchestration") and target is not None
        if ours and not any((target + ".").startswith(allowed + ".") for allowed in ALLOWED[room]):
            wrong.append(f"line {line}: {room} imports {name}")
    assert not wrong, f"{path.relative_to(ROOT)}: " + "; ".join(wrong)
