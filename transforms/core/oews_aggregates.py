"""Which OEWS code carries each 2018 SOC detailed occupation's national figures (OEWS aggregates mapped to members).

OEWS, like EP, publishes a few detailed occupations only together: 31-1120 Home Health and Personal Care Aides
(31-1121 + 31-1122), 25-2052 (25-2055 + 25-2056), 21-1018, 25-9045, ... A member then shows the aggregate's
figures, with `oews_code` naming the code they came from. Summing such members double-counts: every member of one
aggregate carries the same whole-aggregate figure.
"""

from __future__ import annotations

import polars as pl

from transforms.errors import SourceFormatError

ALL_OCCUPATIONS = "00-0000"


def oews_by_soc(estimates: pl.DataFrame, hierarchy: pl.DataFrame) -> pl.DataFrame:
    """One row per 2018 SOC detailed code OEWS covers: soc_code, oews_code, oews_title, oews_is_aggregate and
    `oews_covers` (every detailed code the OEWS code's figures stand for; just the code itself when direct).

    Derived from the SOC hierarchy and the codes OEWS publishes nationally, never from a list: a detailed code OEWS
    publishes applies to itself. A detailed code it does not publish (a residual) takes the figures of the one code
    OEWS publishes for it: an aggregate outside the SOC structure in its broad group (21-1018 in 21-1010), else the
    broad group itself (31-1120) when OEWS publishes none of that group's detailed codes on their own, so the broad
    figure is exactly the residuals' total. Each residual must be claimed at most once.
    """
    published = (
        estimates.filter((pl.col("areatype_code") == "N") & (pl.col("industry_code") == "000000"))
        .select("soc_code", pl.col("occupation_title").alias("oews_title"))
        .unique("soc_code")
    )
    levels = hierarchy.select("soc_code", "level")
    detailed = hierarchy.filter(pl.col("level") == "detailed").select("soc_code", "broad_code")
    direct = detailed.join(published, on="soc_code", how="inner")
    residual = detailed.join(direct.select("soc_code"), on="soc_code", how="anti")
    tagged = published.join(levels, on="soc_code", how="left").filter(pl.col("soc_code") != ALL_OCCUPATIONS)
    outside = tagged.filter(pl.col("level").is_null()).with_columns(broad_code=pl.col("soc_code").str.slice(0, 6) + "0")
    whole_broad = (
        tagged.filter(pl.col("level") == "broad")
        .with_columns(broad_code=pl.col("soc_code"))
        .join(direct.select("broad_code").unique(), on="broad_code", how="anti")  # none of its members apart
        .join(outside.select("broad_code"), on="broad_code", how="anti")  # an aggregate inside it is narrower
    )
    claims = pl.concat(
        [
            agg.select(pl.col("soc_code").alias("oews_code"), "oews_title", "broad_code").join(
                residual, on="broad_code", how="inner"
            )
            for agg in (outside, whole_broad)
        ]
    )
    twice = (
        claims.group_by("soc_code")
        .agg(pl.col("oews_code").sort())
        .filter(pl.col("oews_code").list.len() > 1)
        .sort("soc_code")
    )
    if twice.height:
        raise SourceFormatError(
            "oe.occupation",
            "occupation_code",
            "SOC codes claimed by two OEWS aggregates: "
            + ", ".join(f"{code} by {' and '.join(codes)}" for code, codes in twice.rows()),
        )
    empty = outside.join(claims.select("oews_code"), left_on="soc_code", right_on="oews_code", how="anti")
    if empty.height:
        raise SourceFormatError(
            "oe.occupation",
            "occupation_code",
            f"OEWS codes outside the 2018 SOC structure that cover no unpublished detailed code: "
            f"{empty['soc_code'].to_list()}",
        )
    covers = claims.group_by("oews_code").agg(pl.col("soc_code").sort().alias("oews_covers"))
    return pl.concat(
        [
            direct.select(
                "soc_code",
                pl.col("soc_code").alias("oews_code"),
                "oews_title",
                pl.lit(False).alias("oews_is_aggregate"),
                pl.concat_list("soc_code").alias("oews_covers"),
            ),
            claims.join(covers, on="oews_code").select(
                "soc_code", "oews_code", "oews_title", pl.lit(True).alias("oews_is_aggregate"), "oews_covers"
            ),
        ]
    ).sort("soc_code")
