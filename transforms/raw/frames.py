"""Helpers every parser uses on the frame it returns."""

from __future__ import annotations

import polars as pl


def conform(frame: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """Cast to the declared schema and make sure that is exactly what comes out (same columns, same order)."""
    out = frame.cast(dict(schema))
    assert out.schema == schema, f"parser output {out.schema} differs from its declared schema {schema}"
    return out
