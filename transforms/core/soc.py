"""The 2018 SOC hierarchy: every code with its title, definition and the codes of the groups above it."""

from __future__ import annotations

import polars as pl

from transforms.errors import SourceFormatError


def soc_hierarchy(structure: pl.DataFrame, definitions: pl.DataFrame) -> pl.DataFrame:
    """One row per SOC code of any level: soc_code, level, title, definition, major/minor/broad codes and titles.

    A code's own level fills its own column (a broad group's broad_code is itself), so analysts can group
    detailed occupations by any level with one column.
    """
    titles = structure.select("soc_code", "title")
    codes = structure.select("soc_code", "level", "title", "parent_code")
    # Walk up the tree: detailed -> broad -> minor -> major. Each step joins the parent's parent.
    up1 = codes.join(codes.select(pl.col("soc_code").alias("parent_code"), pl.col("parent_code").alias("p2")),
                     on="parent_code", how="left")  # fmt: skip
    up2 = up1.join(codes.select(pl.col("soc_code").alias("p2"), pl.col("parent_code").alias("p3")), on="p2", how="left")
    chain = pl.concat_list("soc_code", "parent_code", "p2", "p3")

    def at_level(level_prefix_len: int, suffix: str) -> pl.Expr:
        # Codes are self-describing: a major ends in 0000, a minor in 000, a broad in 0.
        return chain.list.eval(pl.element().filter(pl.element().str.slice(level_prefix_len).eq(suffix))).list.first()

    hierarchy = up2.with_columns(
        major_code=at_level(3, "0000"),
        minor_code=pl.when(pl.col("level") != "major").then(at_level(4, "000")),
        broad_code=pl.when(pl.col("level").is_in(["broad", "detailed"])).then(at_level(6, "0")),
    ).drop("p2", "p3")
    for level in ("major", "minor", "broad"):
        hierarchy = hierarchy.join(
            titles.rename({"soc_code": f"{level}_code", "title": f"{level}_title"}), on=f"{level}_code", how="left"
        )
    hierarchy = hierarchy.join(definitions.select("soc_code", "definition"), on="soc_code", how="left")
    missing = hierarchy.filter((pl.col("level") == "detailed") & pl.col("definition").is_null())
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
