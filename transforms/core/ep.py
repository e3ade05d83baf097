"""BLS Employment Projections assignments mapped onto 2018 SOC detailed codes."""

from __future__ import annotations

import polars as pl

from transforms.errors import SourceFormatError


def ep_by_soc(ep_education: pl.DataFrame, hierarchy: pl.DataFrame) -> pl.DataFrame:
    """One row per 2018 SOC detailed code that EP covers: soc_code, ep_code, ep_is_aggregate and the EP labels.

    EP's National Employment Matrix follows 2018 SOC but merges a few detailed codes (13-1020, 29-2010, 21-1018,
    ...). An EP code that is a SOC detailed code applies to itself. An EP aggregate applies to the detailed codes of
    its SOC broad group that EP does not publish on their own: for a broad code (13-1020) that is all of them, for
    a code like 21-1018 it is what is left of the group (21-1011, 21-1014). Each such code must be claimed by
    exactly one aggregate, and each aggregate must claim at least one code.
    """
    detailed = hierarchy.filter(pl.col("level") == "detailed").select("soc_code", "broad_code")
    ep = ep_education.rename({"title": "ep_title"})
    direct = ep.join(detailed.select("soc_code"), left_on="ep_code", right_on="soc_code", how="semi")
    aggregates = ep.join(direct.select("ep_code"), on="ep_code", how="anti")
    residual = detailed.join(direct.select(pl.col("ep_code").alias("soc_code")), on="soc_code", how="anti")
    claimed = aggregates.with_columns(broad_code=pl.col("ep_code").str.slice(0, 6) + "0").join(
        residual, on="broad_code", how="inner"
    )
    unclaimed = aggregates.join(claimed.select("ep_code"), on="ep_code", how="anti")
    if unclaimed.height:
        raise SourceFormatError(
            "education.xlsx",
            "sheet 'Table 5.4', column '2024 National Employment Matrix code'",
            f"EP codes that are neither 2018 SOC detailed codes nor aggregates of one: {unclaimed['ep_code'].to_list()}",
        )
    twice = claimed.group_by("soc_code").len().filter(pl.col("len") > 1)
    if twice.height:
        raise SourceFormatError(
            "education.xlsx",
            "sheet 'Table 5.4'",
            f"SOC codes claimed by two EP aggregates: {twice['soc_code'].to_list()}",
        )
    columns = ["soc_code", "ep_code", "ep_title", "typical_education", "work_experience", "on_the_job_training"]
    return pl.concat(
        [
            direct.with_columns(soc_code=pl.col("ep_code"), ep_is_aggregate=pl.lit(False)).select(
                *columns, "ep_is_aggregate"
            ),
            claimed.with_columns(ep_is_aggregate=pl.lit(True)).select(*columns, "ep_is_aggregate"),
        ]
    ).sort("soc_code")
