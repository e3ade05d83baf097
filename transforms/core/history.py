"""Release history: each build's key figures per SOC code, tagged with the source releases they came from.

A build appends its own snapshot to the history carried over from the previously published warehouse. One
combination of source releases (a "release set") is one snapshot: building the same combination again replaces
its rows (the figures are the newest) but keeps the time it was first loaded.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from transforms.core.flags import ADVANCED_DEGREE_AND_STEM

# The catalog sources, in the order a release set names them.
SOURCES = ("soc", "onet", "oews", "ep", "cip", "stem")
RELEASE_COLUMNS = tuple(f"{source}_release" for source in SOURCES)

# The figures of `occupations` the history keeps (see sql/views/40_history.sql for what each one is).
FIGURES = (
    "job_zone",
    "onet_advanced_degree_pct",
    "bls_typical_education",
    "employment",
    "annual_median_wage",
    *ADVANCED_DEGREE_AND_STEM,
    "is_priority_field",
)
# A build replaces its whole release set (every SOC code of it); a release is one (source, release).
SNAPSHOT_KEY = ("release_set",)
RELEASE_KEY = ("source", "release")
_TIME = pl.Datetime("us", "UTC")


class HistoryError(ValueError):
    """The build's tables cannot be turned into a history snapshot; the message says which table and why."""


def release_set(releases: dict[str, str | None]) -> str:
    """{'soc': '2018', 'onet': '30.1', ...} -> 'soc 2018 · onet 30.1 · ...': one combination, readable and sortable."""
    return " · ".join(f"{source} {releases.get(source) or '-'}" for source in SOURCES)


def occupation_snapshot(occupations: pl.DataFrame, source_files: pl.DataFrame, loaded_at: datetime) -> pl.DataFrame:
    """The build's snapshot: one row per SOC code with the history's figures and the build's release set.

    `occupations` holds soc_code, title, FIGURES and RELEASE_COLUMNS (the `occupations` view); `source_files` holds
    retrieved_at of every file the build read (meta.source_files). Every row of a build has the same releases.
    """
    missing = [c for c in ("soc_code", "title", *FIGURES, *RELEASE_COLUMNS) if c not in occupations.columns]
    if missing:
        raise HistoryError(f"occupations: missing columns {missing}")
    if occupations.is_empty() or source_files.is_empty():
        raise HistoryError("occupations or meta.source_files is empty: there is no build to record")
    combos = occupations.select(RELEASE_COLUMNS).unique()
    if combos.height != 1:
        raise HistoryError(f"occupations: expected one combination of source releases, found {combos.height}")
    releases = {source: combos[f"{source}_release"][0] for source in SOURCES}
    return occupations.select(
        "soc_code",
        "title",
        *FIGURES,
        *RELEASE_COLUMNS,
        release_set=pl.lit(release_set(releases)),
        retrieved_at=pl.lit(source_files["retrieved_at"].max()).cast(_TIME),
        first_loaded_at=pl.lit(loaded_at).cast(_TIME),
        last_loaded_at=pl.lit(loaded_at).cast(_TIME),
    ).sort("soc_code")


def releases_loaded(source_files: pl.DataFrame, loaded_at: datetime) -> pl.DataFrame:
    """One row per (source, release) the build read: how many files, and when their bytes were retrieved."""
    if source_files.is_empty():
        raise HistoryError("meta.source_files is empty: there is no build to record")
    return (
        source_files.group_by(RELEASE_KEY)
        .agg(files=pl.col("url").n_unique(), retrieved_at=pl.col("retrieved_at").max().cast(_TIME))
        .with_columns(first_loaded_at=pl.lit(loaded_at).cast(_TIME), last_loaded_at=pl.lit(loaded_at).cast(_TIME))
        .sort(RELEASE_KEY)
    )


def carry_over(previous: pl.DataFrame | None, current: pl.DataFrame, replace_on: tuple[str, ...]) -> pl.DataFrame:
    """`previous` history plus `current`: rows of `previous` that share `replace_on` with `current` are replaced
    by the current ones, which keep the earliest first_loaded_at. Everything else of `previous` is kept as it was."""
    if previous is None or previous.is_empty():
        return current
    missing = [c for c in current.columns if c not in previous.columns]
    if missing:
        raise HistoryError(f"the published history lacks columns {missing}: it was written by another layout")
    previous = previous.select(current.columns).cast(dict(current.schema))
    keys = current.select(replace_on).unique()
    first = (
        previous.join(keys, on=list(replace_on), how="semi").group_by(replace_on).agg(_first=pl.min("first_loaded_at"))
    )
    current = (
        current.join(first, on=list(replace_on), how="left")
        .with_columns(first_loaded_at=pl.min_horizontal("first_loaded_at", "_first"))
        .drop("_first")
    )
    kept = previous.join(keys, on=list(replace_on), how="anti")
    return pl.concat([kept, current]).sort("first_loaded_at", *replace_on)
