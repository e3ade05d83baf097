"""O*NET rolled up to 2018 SOC: occupations, the required-education distribution, Job Zones, and per-SOC figures."""

from __future__ import annotations

import polars as pl

from transforms.errors import SourceFormatError

REQUIRED_EDUCATION = "2.D.1"  # element 'Required Level of Education'
# RL is the scale of every known layout (transforms/raw/onet_releases.py). RQ, which splits doctorates into
# professional and research, was seen by third-party code in 31.0 files (PROVENANCE.md), a layout not known yet; where
# an occupation has both, RQ would be the newer answer.
EDUCATION_SCALES = ("RQ", "RL")
# A category is "master's or higher" by its label, so RL (8-12) and RQ (8-12, doctorates split) need no code table.
ADVANCED_LABEL = r"^(Master's|Post-Master's|First Professional|Doctoral|Doctor's|Post-Doctoral)"


def soc_of(onet_code: pl.Expr) -> pl.Expr:
    """The 2018 SOC code of an O*NET-SOC code: its first seven characters ('15-1221.00' -> '15-1221')."""
    return onet_code.str.slice(0, 7)


def onet_occupations(occupation_data: pl.DataFrame) -> pl.DataFrame:
    """onet_soc_code, soc_code, is_base (the .00 code), title, description."""
    return occupation_data.select(
        "onet_soc_code",
        soc_code=soc_of(pl.col("onet_soc_code")),
        is_base=pl.col("onet_soc_code").str.ends_with(".00"),
        title=pl.col("title"),
        description=pl.col("description"),
    ).sort("onet_soc_code")


def education_distribution(education: pl.DataFrame, categories: pl.DataFrame) -> pl.DataFrame:
    """The required-education distribution: one row per O*NET code and category, from RQ where present else RL.

    Columns: onet_soc_code, soc_code, scale_id, category, category_label, pct (0-100), is_advanced, date.
    """
    labels = categories.filter(
        (pl.col("element_id") == REQUIRED_EDUCATION) & pl.col("scale_id").is_in(EDUCATION_SCALES)
    ).select("scale_id", "category", category_label=pl.col("category_description"))
    if labels.height == 0:
        raise SourceFormatError(
            "Education Categories", "element 2.D.1", "expected category labels for scale RL or RQ, found none"
        )
    rows = education.filter((pl.col("element_id") == REQUIRED_EDUCATION) & pl.col("scale_id").is_in(EDUCATION_SCALES))
    preferred = rows.group_by("onet_soc_code").agg(
        scale_id=pl.col("scale_id").sort_by(pl.col("scale_id").replace_strict({"RQ": 0, "RL": 1})).first()
    )
    chosen = rows.join(preferred, on=["onet_soc_code", "scale_id"], how="semi").join(
        labels, on=["scale_id", "category"], how="left"
    )
    unlabelled = chosen.filter(pl.col("category_label").is_null())
    if unlabelled.height:
        raise SourceFormatError(
            "Education Categories",
            "element 2.D.1",
            f"no label for categories {unlabelled.select('scale_id', 'category').unique().rows()}",
        )
    return chosen.select(
        "onet_soc_code",
        soc_code=soc_of(pl.col("onet_soc_code")),
        scale_id="scale_id",
        category="category",
        category_label="category_label",
        pct="data_value",
        is_advanced=pl.col("category_label").str.contains(ADVANCED_LABEL),
        date="date",
    ).sort("onet_soc_code", "category")


def job_zones(zones: pl.DataFrame, reference: pl.DataFrame) -> pl.DataFrame:
    """Each O*NET code's Job Zone with what the zone means (name, education, experience, training, examples)."""
    return (
        zones.with_columns(soc_code=soc_of(pl.col("onet_soc_code")))
        .join(reference, on="job_zone", how="left", validate="m:1")
        .select(
            "onet_soc_code", "soc_code", "job_zone", pl.col("name").alias("job_zone_name"),
            pl.col("education").alias("job_zone_education"), pl.col("experience").alias("job_zone_experience"),
            pl.col("job_training").alias("job_zone_training"), pl.col("examples").alias("job_zone_examples"),
            "svp_range", "date",
        )
        .sort("onet_soc_code")
    )  # fmt: skip


def _base_else(frame: pl.DataFrame, value: pl.Expr, fallback: pl.Expr, name: str) -> pl.DataFrame:
    """Per SOC code: the value of its .00 O*NET code when that has one, else `fallback` over its specialties.

    Returns soc_code, `name`, and `name`_onet_codes (the O*NET codes the value came from).
    """
    frame = frame.with_columns(is_base=pl.col("onet_soc_code").str.ends_with(".00"))
    base = frame.filter(pl.col("is_base"))
    from_base = base.group_by("soc_code").agg(value.first().alias(name), pl.col("onet_soc_code").alias("codes"))
    others = frame.join(base.select("soc_code"), on="soc_code", how="anti")
    from_specialties = others.group_by("soc_code").agg(
        fallback.alias(name), pl.col("onet_soc_code").sort().alias("codes")
    )
    return pl.concat([from_base, from_specialties]).rename({"codes": f"{name}_onet_codes"})


def onet_by_soc(zones: pl.DataFrame, distribution: pl.DataFrame) -> pl.DataFrame:
    """Per 2018 SOC code: job_zone and onet_advanced_degree_pct, each with the O*NET codes it came from.

    job_zone: the .00 code's zone when it has one, else the highest among its specialties.
    onet_advanced_degree_pct: the .00 code's share of respondents at master's or higher when it has education
    data, else the mean over the specialties that have it.
    """
    zones = zones.with_columns(soc_code=soc_of(pl.col("onet_soc_code")))
    zone = _base_else(zones, pl.col("job_zone"), pl.col("job_zone").max(), "job_zone")
    advanced = (
        distribution.group_by("onet_soc_code", "soc_code", "scale_id")
        # O*NET rounds each category to two decimals, so a sum can reach 100.01: it is a share, capped at 100.
        .agg(pct=pl.col("pct").filter(pl.col("is_advanced")).sum().clip(upper_bound=100.0))
        .sort("onet_soc_code")
    )
    pct = _base_else(advanced, pl.col("pct"), pl.col("pct").mean(), "onet_advanced_degree_pct")
    scale = advanced.group_by("soc_code").agg(onet_education_scales=pl.col("scale_id").unique().sort())
    return (
        zone.join(pct, on="soc_code", how="full", coalesce=True)
        .join(scale, on="soc_code", how="left")
        .with_columns(
            onet_codes=pl.concat_list(
                pl.col("job_zone_onet_codes").fill_null([]), pl.col("onet_advanced_degree_pct_onet_codes").fill_null([])
            )
            .list.unique()
            .list.sort()
        )
        .sort("soc_code")
    )
