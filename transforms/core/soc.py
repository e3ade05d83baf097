"""The 2018 SOC hierarchy: every code with its title, definition and the codes of the groups above it."""

from __future__ import annotations

import polars as pl

from transforms.errors import SourceFormatError


def soc_hierarchy(structure: pl.DataFrame, definitions: pl.DataFrame) -> pl.DataFrame:
    """One row per SOC code of any level: soc_code, level, title, definition, major/minor/broad codes and titles.

    A code's own level fills its own column (a broad group's broad_code is itself), so analysts can group
    detailed occupations by any level with one column. Groups are found through the parent links, never from the
    digits: some minor groups do not end in 000 (15-1200) and some broad groups hold codes of the next tens
    (29-1210 holds 29-1221 to 29-1229).
    """
    level = pl.col("level")
    grandparents = structure.select(pl.col("soc_code").alias("parent_code"), pl.col("parent_code").alias("grandparent"))
    hierarchy = (
        structure.join(grandparents, on="parent_code", how="left")
        .with_columns(
            minor_code=pl.when(level == "minor")
            .then("soc_code")
            .when(level == "broad")
            .then("parent_code")
            .when(level == "detailed")
            .then("grandparent"),
            broad_code=pl.when(level == "broad").then("soc_code").when(level == "detailed").then("parent_code"),
        )
        .drop("grandparent")
    )
    titles = structure.select("soc_code", "title")
    for group in ("major", "minor", "broad"):
        hierarchy = hierarchy.join(
            titles.rename({"soc_code": f"{group}_code", "title": f"{group}_title"}), on=f"{group}_code", how="left"
        )
    hierarchy = hierarchy.join(definitions.select("soc_code", "definition"), on="soc_code", how="left")
    missing = hierarchy.filter((level == "detailed") & pl.col("definition").is_null())
    if missing.height:
        raise SourceFormatError(
            "soc_2018_definitions.xlsx",
            "column 'SOC Definition'",
            f"every detailed occupation needs a definition; missing for {missing['soc_code'].head(5).to_list()}",
        )
    return hierarchy.select(
        "soc_code", "level", "title", "definition", "parent_code",
        "major_code", "major_title", "minor_code", "minor_title", "broad_code", "broad_title",
    ).sort("soc_code")  # fmt: skip
