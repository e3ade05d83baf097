"""Helpers every parser uses on the frame it returns."""

from __future__ import annotations

import polars as pl


def conform(frame: pl.DataFrame, schema: pl.Schema) -> pl.DataFrame:
    """Exactly the declared schema: the same columns (put in its order), cast to its types."""
    assert set(frame.columns) == set(schema), f"parser output columns {frame.columns} differ from {list(schema)}"
    out = frame.select(schema.names()).cast(dict(schema))
    assert out.schema == schema, f"parser output {out.schema} differs from its declared schema {schema}"
    return out
