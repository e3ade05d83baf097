"""The table registry (warehouse/tables/): each table declared once, and what is derived from it agrees with it."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from warehouse.sources import catalog
from warehouse.tables import SOURCES, DerivedTable, RawTable, all_tables
from warehouse.tables.docs import BEGIN, END, table_list


def test_the_readme_table_list_is_the_registry():
    readme = (REPO / "README.md").read_text()
    assert BEGIN in readme and END in readme, "README.md has no table list: paste `python -m warehouse.tables` in"
    listed = readme[readme.index(BEGIN) : readme.index(END) + len(END)]
    assert listed == table_list(), "README.md's table list is stale: replace it with `python -m warehouse.tables`"


@pytest.mark.parametrize("onet_release", ["30.1", "30.2", "30.3"])
def test_every_declared_file_and_input_exists(onet_release: str):
    tables = all_tables(onet_release)
    names = [table.qualified for table in tables]
    assert len(names) == len(set(names)) == 40  # 24 raw, 11 core, 5 search
    files = catalog.source_files(onet_release)
    for table in tables:
        if isinstance(table, RawTable):
            assert set(table.files) <= set(files), table.qualified
            assert {f"raw.{name}" for name in table.reads} <= set(names), table.qualified
        else:
            assert isinstance(table, DerivedTable)
            # inputs are declared, and declared before the table (the declarations are in build order)
            assert set(table.inputs) <= set(names[: names.index(table.qualified)]), table.qualified
        if table.references:
            assert table.references.table in names, table.qualified


def test_every_source_states_its_release_in_a_catalog_file():
    files = catalog.source_files("30.1")
    assert sorted(SOURCES) == sorted(catalog.SOURCES)
    assert all(
        source.release_file in files and files[source.release_file].source == source.id for source in SOURCES.values()
    )
