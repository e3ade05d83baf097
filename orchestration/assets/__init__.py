"""Dagster assets, layer by layer: raw (one per source table), core, and the published warehouse."""
