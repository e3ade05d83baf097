"""OEWS estimates: one row per area x industry x occupation, the 17 measures as typed columns."""

from __future__ import annotations

import polars as pl

from transforms.errors import SourceFormatError

# datatype_code -> (column, the name BLS publishes in oe.datatype). The names are checked, so a renumbering fails.
MEASURES: dict[str, tuple[str, str]] = {
    "01": ("employment", "Employment"),
    "02": ("employment_rse_pct", "Employment percent relative standard error"),
    "03": ("hourly_mean_wage", "Hourly mean wage"),
    "04": ("annual_mean_wage", "Annual mean wage"),
    "05": ("wage_rse_pct", "Wage percent relative standard error"),
    "06": ("hourly_p10_wage", "Hourly 10th percentile wage"),
    "07": ("hourly_p25_wage", "Hourly 25th percentile wage"),
    "08": ("hourly_median_wage", "Hourly median wage"),
    "09": ("hourly_p75_wage", "Hourly 75th percentile wage"),
    "10": ("hourly_p90_wage", "Hourly 90th percentile wage"),
    "11": ("annual_p10_wage", "Annual 10th percentile wage"),
    "12": ("annual_p25_wage", "Annual 25th percentile wage"),
    "13": ("annual_median_wage", "Annual median wage"),
    "14": ("annual_p75_wage", "Annual 75th percentile wage"),
    "15": ("annual_p90_wage", "Annual 90th percentile wage"),
    "16": ("employment_per_1000_jobs", "Employment per 1,000 jobs"),
    "17": ("location_quotient", "Location Quotient"),
}
KEY = ["areatype_code", "area_code", "industry_code", "occupation_code"]


def check_datatypes(datatype: pl.DataFrame) -> None:
    published = dict(zip(datatype["datatype_code"], datatype["datatype_name"], strict=True))
    expected = {code: name for code, (_, name) in MEASURES.items()}
    if published != expected:
        wrong = sorted(set(published.items()) ^ set(expected.items()))
        raise SourceFormatError(
            "oe.datatype", "datatype_code/datatype_name", f"expected the 17 OEWS measures; differs at {wrong}"
        )


def oews_estimates(
    data: pl.DataFrame,
    datatype: pl.DataFrame,
    area: pl.DataFrame,
    industry: pl.DataFrame,
    occupation: pl.DataFrame,
    footnote: pl.DataFrame,
) -> pl.DataFrame:
    """Pivot the series rows into one row per cell, with names, and the footnotes of every measure that has any.

    `footnotes` is a list of {measure, marker, footnote_codes, footnote_text}: a measure BLS did not release has
    its value null here and its marker ('-', '#', '*') and footnote kept in that list.
    """
    check_datatypes(datatype)
    columns = {code: column for code, (column, _) in MEASURES.items()}
    # `data` may hold its codes as Categorical (the full release is read that way: a third of the memory); the
    # pivoted cells (one row per 17 series) go back to String before joining the String mapping tables.
    as_text = pl.col(*KEY).cast(pl.String)
    values = (
        data.select(*KEY, "year", pl.col("datatype_code").cast(pl.String), "value")
        .pivot(on="datatype_code", index=[*KEY, "year"], values="value", on_columns=list(columns))
        .rename(columns)
        .with_columns(as_text)
    )
    texts = footnote.select("footnote_code", "footnote_text")
    notes = (
        data.filter(pl.col("value_marker").is_not_null() | pl.col("footnote_codes").is_not_null())
        .with_columns(as_text, pl.col("datatype_code", "value_marker", "footnote_codes").cast(pl.String))
        .with_columns(
            measure=pl.col("datatype_code").replace_strict(columns),
            footnote_text=pl.col("footnote_codes")
            .str.split(",")
            .list.eval(pl.element().str.strip_chars())
            .list.eval(pl.element().replace(dict(zip(texts["footnote_code"], texts["footnote_text"], strict=True))))
            .list.join(" "),
        )
        .group_by(KEY)
        .agg(footnotes=pl.struct("measure", pl.col("value_marker").alias("marker"), "footnote_codes", "footnote_text"))
    )
    names = occupation.select("occupation_code", "soc_code", pl.col("occupation_name").alias("occupation_title"))
    return (
        values.join(notes, on=KEY, how="left")
        .join(area.select("area_code", "areatype_code", "area_name", "state_code"), on=["areatype_code", "area_code"], how="left")
        .join(industry.select("industry_code", "industry_name"), on="industry_code", how="left")
        .join(names, on="occupation_code", how="left")
        .select(
            "areatype_code", "area_code", "area_name", "state_code", "industry_code", "industry_name",
            "occupation_code", "soc_code", "occupation_title", "year", *columns.values(), "footnotes",
        )
    )  # fmt: skip
