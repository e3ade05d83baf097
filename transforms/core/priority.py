"""Priority fields: STEM links (SOC -> CIP programs on the DHS STEM list) and the curated CET areas."""

from __future__ import annotations

import polars as pl

from transforms.errors import SourceFormatError

NO_MATCH_SOC = "99-9999"  # NCES's placeholder for a CIP program with no occupation

# The 18 areas of the February 2024 Critical and Emerging Technologies List Update (NSTC), as spelled there.
CET_AREAS = (
    "Advanced Computing",
    "Advanced Engineering Materials",
    "Advanced Gas Turbine Engine Technologies",
    "Advanced and Networked Sensing and Signature Management",
    "Advanced Manufacturing",
    "Artificial Intelligence",
    "Biotechnologies",
    "Clean Energy Generation and Storage",
    "Data Privacy, Data Security, and Cybersecurity Technologies",
    "Directed Energy",
    "Highly Automated, Autonomous, and Uncrewed Systems, and Robotics",
    "Human-Machine Interfaces",
    "Hypersonics",
    "Integrated Communication and Networking Technologies",
    "Positioning, Navigation, and Timing (PNT) Technologies",
    "Quantum Information and Enabling Technologies",
    "Semiconductors and Microelectronics",
    "Space Technologies and Systems",
)


def stem_links(crosswalk: pl.DataFrame, stem: pl.DataFrame) -> pl.DataFrame:
    """One row per (SOC code, CIP program) the NCES crosswalk links, with whether the program is on the DHS list."""
    on_list = stem.select("cip_code", is_stem=pl.lit(True))
    return (
        crosswalk.filter(pl.col("soc_code") != NO_MATCH_SOC)
        .select("soc_code", "cip_code", "cip_title")
        .unique()
        .join(on_list, on="cip_code", how="left")
        .with_columns(pl.col("is_stem").fill_null(False))
        .sort("soc_code", "cip_code")
    )


def cet_areas(curated: pl.DataFrame, hierarchy: pl.DataFrame, file_name: str) -> pl.DataFrame:
    """The curated CSV, checked: known detailed SOC codes, the 18 official area names, a rationale on every row."""
    expected = ["soc_code", "cet_area", "rationale"]
    if curated.columns != expected:
        raise SourceFormatError(file_name, "header", f"expected columns {expected}, found {curated.columns}")
    detailed = hierarchy.filter(pl.col("level") == "detailed").select("soc_code")
    unknown = curated.join(detailed, on="soc_code", how="anti")
    if unknown.height:
        raise SourceFormatError(
            file_name, "column 'soc_code'", f"not 2018 SOC detailed codes: {unknown['soc_code'].to_list()}"
        )
    bad_area = curated.filter(~pl.col("cet_area").is_in(CET_AREAS))
    if bad_area.height:
        raise SourceFormatError(
            file_name, "column 'cet_area'", f"not one of the 18 CET areas: {bad_area['cet_area'].unique().to_list()}"
        )
    blank = curated.filter(pl.col("rationale").fill_null("").str.strip_chars() == "")
    if blank.height:
        raise SourceFormatError(
            file_name, "column 'rationale'", f"every row needs a rationale; missing for {blank['soc_code'].to_list()}"
        )
    duplicated = curated.filter(pl.struct("soc_code", "cet_area").is_duplicated())
    if duplicated.height:
        raise SourceFormatError(file_name, "rows", f"(soc_code, cet_area) repeated: {duplicated.rows()[:5]}")
    return curated.sort("soc_code", "cet_area")


STEM_OCCUPATION_COLUMNS = ["soc_code", "soc_title", "is_stem_occupation", "bls_2010_codes", "change", "bridge", "note"]


def stem_occupations(curated: pl.DataFrame, hierarchy: pl.DataFrame, file_name: str) -> pl.DataFrame:
    """The curated BLS STEM occupation list bridged to 2018 SOC, checked: its columns, known detailed codes with
    their 2018 titles, one row per code, a bridge path and a note on every row."""
    if curated.columns != STEM_OCCUPATION_COLUMNS:
        raise SourceFormatError(
            file_name, "header", f"expected columns {STEM_OCCUPATION_COLUMNS}, found {curated.columns}"
        )
    detailed = hierarchy.filter(pl.col("level") == "detailed").select("soc_code", pl.col("title").alias("_title"))
    joined = curated.join(detailed, on="soc_code", how="left")
    unknown = joined.filter(pl.col("_title").is_null())
    if unknown.height:
        raise SourceFormatError(
            file_name, "column 'soc_code'", f"not 2018 SOC detailed codes: {unknown['soc_code'].to_list()}"
        )
    for column in ("is_stem_occupation", "bridge", "note"):
        blank = curated.filter(pl.col(column).cast(pl.String).fill_null("").str.strip_chars() == "")
        if blank.height:
            raise SourceFormatError(file_name, f"column '{column}'", f"empty for {blank['soc_code'].to_list()}")
    duplicated = curated.filter(pl.col("soc_code").is_duplicated())
    if duplicated.height:
        raise SourceFormatError(file_name, "column 'soc_code'", f"repeated: {duplicated['soc_code'].to_list()}")
    return curated.with_columns(pl.col("is_stem_occupation").cast(pl.Boolean)).sort("soc_code")
