"""The README's table list, written from the declarations: `python -m warehouse.tables` prints it, and
tests/test_tables.py holds the README to it."""

from __future__ import annotations

from urllib.parse import unquote

from warehouse.config import DEFAULT_ONET_RELEASE
from warehouse.sources import catalog
from warehouse.tables import RawTable, Table, all_tables

BEGIN = "<!-- tables: written by `python -m warehouse.tables` from warehouse/tables/; do not edit by hand -->"
END = "<!-- /tables -->"


def _from(table: Table, files: dict[str, catalog.SourceFile]) -> str:
    if isinstance(table, RawTable):
        names = (unquote(files[key].url.rsplit("/", 1)[-1]) for key in table.files)
        return f"{table.source.id}: " + ", ".join(f"`{name}`" for name in names)
    return ", ".join(f"`{name}`" for name in table.inputs)


def table_list(onet_release: str = DEFAULT_ONET_RELEASE) -> str:
    """Markdown: every table with what it is read or built from, its key and its description, between the
    markers the README carries it in."""
    files = catalog.source_files(onet_release)
    lines = [
        BEGIN,
        "| table | read or built from | key | what it holds |",
        "|---|---|---|---|",
        *(
            f"| `{table.qualified}` | {_from(table, files)} | {', '.join(table.keys)} | {table.description} |"
            for table in all_tables(onet_release)
        ),
        END,
    ]
    return "\n".join(lines)
