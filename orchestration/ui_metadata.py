"""Dagster metadata describing a Polars frame (shown as the table's columns in the UI)."""

from __future__ import annotations

import polars as pl
from dagster import TableColumn, TableSchema


def table_schema(frame: pl.DataFrame) -> TableSchema:
    return TableSchema(columns=[TableColumn(name, str(dtype)) for name, dtype in frame.schema.items()])
