"""Areas on a national-only warehouse (the offline mirror's OEWS extract): asking for a state or metro area says
the loaded OEWS file holds national rows only. The full-scale build's area figures: tests/test_full_scale.py."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from warehouse.products import areas

NATIONAL_ONLY = "the loaded OEWS file (oe.data.0.Current) holds national rows only"


def socwh(settings, *args: str):
    from warehouse.cli.app import app

    return CliRunner().invoke(app, [*args, "--db", str(settings.db_path)], env={"COLUMNS": "200"})


def test_a_national_only_warehouse_says_so_when_an_area_is_asked_for(built_warehouse, warehouse_db):
    assert areas.national_only(warehouse_db)
    with pytest.raises(areas.AreaError, match=re.escape(NATIONAL_ONLY)):
        areas.resolve(warehouse_db, "California")
    settings, _ = built_warehouse
    for args in (("show", "15-1221", "--area", "CA"), ("wages", "15-1221", "--by", "state")):
        result = socwh(settings, *args)
        assert result.exit_code == 2, result.output
        assert NATIONAL_ONLY in result.output


def test_wages_rejects_an_unknown_grouping_and_format(built_warehouse):
    settings, _ = built_warehouse
    assert (
        "--by must be one of state, metro, not 'county'" in socwh(settings, "wages", "15-1221", "--by", "county").output
    )
    assert (
        "--format must be one of table, json, csv, not 'xml'"
        in socwh(settings, "wages", "15-1221", "--format", "xml").output
    )
