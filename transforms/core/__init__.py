"""Core transforms: typed raw frames in, the warehouse's core tables out. Pure Polars, no I/O, no Dagster."""
