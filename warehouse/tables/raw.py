"""The raw tables: one per publisher table, read from a source's files by the pure parsers in `transforms.raw`.

Each declaration says which files it reads, how it parses and cross-checks them, the columns that identify a row,
and its expectations. The O*NET tables follow the configured release's contract (transforms/raw/onet_releases.py):
which files exist, how many rows each holds, its scales and its Job Zone framework.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import polars as pl

from transforms.raw import cip, ep, oews, onet, onet_releases, soc, stem
from warehouse.sources import catalog
from warehouse.tables.checks import (
    OEWS_DATATYPES,
    OEWS_NATIONAL_DATATYPES,
    OEWS_SERIES_ID,
    PERCENT_TOTAL,
    Check,
    at_least,
    between,
    cip_code,
    distinct_count,
    distinct_values,
    has_values,
    matches,
    non_negative,
    not_null,
    one_of,
    onet_code,
    rows,
    soc_code,
    unique,
)
from warehouse.tables.declare import Files, Parse, RawTable, Read, Source

SOC_LEVELS = ("major", "minor", "broad", "detailed")
SOC_DETAILED = 867  # detailed occupations in SOC 2018; a new SOC revision must revisit the suites that use it


def _check_onet_layout(requested: str, release: str, files: Files) -> None:
    """The files are those of the release asked for, with the headers its layout declares (transforms.raw.
    onet_releases): a file O*NET changed fails here naming the release, the file and what was expected."""
    if release != requested:
        raise onet_releases.LayoutError(requested, "Read Me.txt", f"names release {release}, not {requested}")
    for content, name in files.values():
        onet_releases.check_header(requested, name, onet.header(content, name))


# The sources, each with the file it states its release in and how to read it there.
SOC = Source(id="soc", release_file="soc.structure", read_release=soc.soc_release)
ONET = Source(
    id="onet",
    release_file="onet.read_me",
    read_release=lambda content, name: onet.parse_readme_release(content, name)[0],
    check_files=_check_onet_layout,
)
OEWS = Source(id="oews", release_file="oews.release", read_release=oews.oews_release)
EP = Source(
    id="ep",
    release_file="ep.occupation",
    read_release=lambda content, name: ep.ep_projection_period(content, name, "Table 1.2"),
)
CIP = Source(id="cip", release_file="cip.crosswalk", read_release=cip.cip_release)
STEM = Source(id="stem", release_file="stem.list", read_release=stem.stem_list_release)
SOURCES = {source.id: source for source in (SOC, ONET, OEWS, EP, CIP, STEM)}


def _one(parser: Callable[[bytes, str], pl.DataFrame]) -> Parse:
    def parse(files: Files) -> pl.DataFrame:
        ((content, name),) = files.values()
        return parser(content, name)

    return parse


def _each(parser: Callable[[bytes, str], pl.DataFrame]) -> Parse:
    # 30.3 splits one file into several of the same columns: parse each, stack them.
    return lambda files: pl.concat([parser(content, name) for content, name in files.values()])


# --- cross-checks: what needs another file or table than the one parsed (the parsers stay single-file and pure) ---


def _oews_release_matches_data(frame: pl.DataFrame, release: str, files: Files, read: Read) -> pl.DataFrame:
    oews.check_release_matches_data(release, frame, files["oews.data"][1])
    return frame


def _stem_codes_in_cip(frame: pl.DataFrame, release: str, files: Files, read: Read) -> pl.DataFrame:
    return stem.check_stem_codes_in_cip(frame, read("raw.cip_codes"), files["stem.list"][1])


# --- derived columns: computed with Polars before validation, checked like any other column ---

_OEWS_SERIES_GROUP = ("areatype_code", "area_code", "industry_code", "occupation_code")
_OEWS_SERIES_PARTS = (*_OEWS_SERIES_GROUP, "datatype_code")  # the series id is 'OEU' + these, in this order

# Each (occupation, element, scale) with categories is a distribution of respondents: its percentages add up to
# 100. Null on the importance scale IM (a mean rating, no category).
_CATEGORY_PERCENT_TOTAL = pl.when(pl.col("category").is_not_null()).then(
    pl.col("data_value").sum().over("onet_soc_code", "element_id", "scale_id").round(2)
)
# BLS's series id, rebuilt from the stored codes it is split into, checked against BLS's layout.
_SERIES_ID = pl.concat_str(pl.lit("OEU"), *_OEWS_SERIES_PARTS)
# How many datatypes each (area, industry, occupation) cell lacks: BLS publishes every series of a cell, with '-'
# (null value) where it does not release the estimate; national cells have 15, others 17.
# Int64, not n_unique's UInt32: GE compares only int64/float64 columns vectorised (others row by row).
_DATATYPES_MISSING = (
    pl.when(pl.col("areatype_code") == "N").then(len(OEWS_NATIONAL_DATATYPES)).otherwise(len(OEWS_DATATYPES))
    - pl.col("datatype_code").n_unique().over(_OEWS_SERIES_GROUP)
).cast(pl.Int64)


def _onet_rows(release: str, table: str) -> Check:
    """The row-count bounds the release's contract gives raw.`table` (transforms/raw/onet_releases.py)."""
    return rows(*onet_releases.table_rows(release, table))


def raw_tables(onet_release: str) -> list[RawTable]:
    """Every raw table, for the configured O*NET release (whose layout decides which education files exist, and
    whose contract the O*NET suites follow: row counts, scales, Job Zone framework)."""

    def onet_keys(names: list[str]) -> tuple[str, ...]:
        return tuple(f"onet.{catalog.file_key(name)}" for name in names)

    education_files = onet_keys(onet.onet_education_files(onet_release))
    category_files = onet_keys(onet.onet_education_category_files(onet_release))
    alternate_titles = onet_keys([onet.onet_alternate_titles_file(onet_release)])
    zones = onet_releases.layout_of(onet_release).job_zones.zones

    return [
        RawTable(
            name="soc_structure",
            source=SOC,
            files=("soc.structure",),
            parse=_one(soc.parse_soc_structure),
            description="2018 SOC structure: every major, minor, broad and detailed code with its title, level and parent.",
            keys=("soc_code",),
            expectations=(
                rows(1_300, 1_600),
                rows(SOC_DETAILED, SOC_DETAILED, where=("level", "==", "detailed")),
                *not_null("soc_code", "title", "level", "major_code"),
                soc_code("soc_code"),
                unique("soc_code"),
                one_of("level", SOC_LEVELS),
                soc_code("parent_code"),
                *not_null("parent_code", where=("level", "!=", "major")),
                matches("major_code", r"^\d{2}-0000$"),
            ),
        ),
        RawTable(
            name="soc_definitions",
            source=SOC,
            files=("soc.definitions",),
            parse=_one(soc.parse_soc_definitions),
            description="2018 SOC definitions, one row per code.",
            keys=("soc_code",),
            expectations=(
                rows(1_300, 1_600),
                rows(SOC_DETAILED, SOC_DETAILED, where=("soc_group", "==", "Detailed")),
                *not_null("soc_code", "soc_group", "title"),
                soc_code("soc_code"),
                unique("soc_code"),
                one_of("soc_group", ("Major", "Minor", "Broad", "Detailed")),
                *not_null("definition", where=("soc_group", "==", "Detailed")),
            ),
        ),
        RawTable(
            name="onet_occupation_data",
            source=ONET,
            files=("onet.occupation_data",),
            parse=_one(onet.parse_occupation_data),
            description="O*NET-SOC occupations: code, title, description.",
            keys=("onet_soc_code",),
            expectations=(
                _onet_rows(onet_release, "onet_occupation_data"),
                *not_null("onet_soc_code", "title", "description"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code"),
            ),
        ),
        RawTable(
            name="onet_job_zones",
            source=ONET,
            files=("onet.job_zones",),
            parse=_one(onet.parse_job_zones),
            description="O*NET Job Zone of each O*NET-SOC occupation (1-5 up to 30.1, 2-5 from 30.2).",
            keys=("onet_soc_code",),
            expectations=(
                _onet_rows(onet_release, "onet_job_zones"),
                *not_null("onet_soc_code", "job_zone", "date"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code"),
                one_of("job_zone", zones),
            ),
        ),
        RawTable(
            name="onet_job_zone_reference",
            source=ONET,
            files=("onet.job_zone_reference",),
            parse=_one(onet.parse_job_zone_reference),
            description="What each Job Zone means: education, experience, training.",
            keys=("job_zone",),
            expectations=(
                _onet_rows(onet_release, "onet_job_zone_reference"),  # 5 zones up to 30.1, 4 from 30.2
                distinct_values("job_zone", zones),
                unique("job_zone"),
                *not_null("name", "education"),
            ),
        ),
        RawTable(
            name="onet_education",
            source=ONET,
            files=education_files,
            parse=_each(onet.parse_education),
            description="O*NET education, training and experience ratings (scales RL, RW, PT, OJ, IM) per occupation.",
            keys=("onet_soc_code", "element_id", "scale_id", "category"),
            derived={"category_percent_total": _CATEGORY_PERCENT_TOTAL},
            expectations=(
                _onet_rows(onet_release, "onet_education"),
                *not_null("onet_soc_code", "element_id", "scale_id", "data_value", "n", "date"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code", "element_id", "scale_id", "category"),
                one_of("scale_id", onet_releases.table_scales(onet_release, "onet_education")),
                *not_null("category", where=("scale_id", "!=", "IM")),
                between("data_value", 0, 100, where=("scale_id", "!=", "IM")),
                between("data_value", 1, 5, where=("scale_id", "==", "IM")),
                between("category_percent_total", *PERCENT_TOTAL),
                *non_negative("n", "standard_error"),
            ),
        ),
        RawTable(
            name="onet_education_categories",
            source=ONET,
            files=category_files,
            parse=_each(onet.parse_education_categories),
            description="The category labels of each education/training scale.",
            keys=("element_id", "scale_id", "category"),
            expectations=(
                _onet_rows(onet_release, "onet_education_categories"),
                *not_null("element_id", "scale_id", "category", "category_description"),
                unique("element_id", "scale_id", "category"),
                one_of("scale_id", onet_releases.table_scales(onet_release, "onet_education_categories")),
                between("category", 1, 20),
            ),
        ),
        RawTable(
            name="onet_scales",
            source=ONET,
            files=("onet.scales_reference",),
            parse=_one(onet.parse_scales_reference),
            description="O*NET scales: id, name, minimum, maximum.",
            keys=("scale_id",),
            expectations=(
                _onet_rows(onet_release, "onet_scales"),
                *not_null("scale_id", "scale_name", "minimum", "maximum"),
                unique("scale_id"),
                has_values("scale_id", ("RL", "RW", "PT", "OJ", "IM")),
                at_least("maximum", "minimum"),
            ),
        ),
        RawTable(
            name="onet_alternate_titles",
            source=ONET,
            files=alternate_titles,
            parse=_one(onet.parse_alternate_titles),
            description="Alternate job titles for each O*NET-SOC occupation.",
            keys=("onet_soc_code", "alternate_title"),
            expectations=(
                _onet_rows(onet_release, "onet_alternate_titles"),
                *not_null("onet_soc_code", "alternate_title", "sources"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code", "alternate_title"),
                matches("sources", r"^\d{2}(?:,\d{2})*$"),
            ),
        ),
        RawTable(
            name="onet_reported_titles",
            source=ONET,
            files=("onet.sample_of_reported_titles",),
            parse=_one(onet.parse_reported_titles),
            description="Job titles reported by incumbents, for each O*NET-SOC occupation.",
            keys=("onet_soc_code", "reported_job_title"),
            expectations=(
                _onet_rows(onet_release, "onet_reported_titles"),
                *not_null("onet_soc_code", "reported_job_title", "shown_in_my_next_move"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code", "reported_job_title"),
            ),
        ),
        RawTable(
            name="onet_task_statements",
            source=ONET,
            files=("onet.task_statements",),
            parse=_one(onet.parse_task_statements),
            description="The task statements that describe each occupation's duties.",
            keys=("onet_soc_code", "task_id"),
            expectations=(
                _onet_rows(onet_release, "onet_task_statements"),
                *not_null("onet_soc_code", "task_id", "task", "date"),
                onet_code("onet_soc_code"),
                unique("task_id"),
                one_of("task_type", ("Core", "Supplemental")),
                *non_negative("incumbents_responding"),
            ),
        ),
        RawTable(
            name="onet_related_occupations",
            source=ONET,
            files=("onet.related_occupations",),
            parse=_one(onet.parse_related_occupations),
            description="O*NET's related-occupation links, by tier and rank.",
            keys=("onet_soc_code", "related_onet_soc_code"),
            expectations=(
                _onet_rows(onet_release, "onet_related_occupations"),
                *not_null("onet_soc_code", "related_onet_soc_code", "relatedness_tier", "related_index"),
                onet_code("onet_soc_code"),
                onet_code("related_onet_soc_code"),
                unique("onet_soc_code", "related_onet_soc_code"),
                unique("onet_soc_code", "related_index"),
                one_of("relatedness_tier", ("Primary-Short", "Primary-Long", "Supplemental")),
                between("related_index", 1, None),
            ),
        ),
        RawTable(
            name="oews_data",
            source=OEWS,
            files=("oews.data",),
            # Its text columns as Categorical: a third of the memory at 6 million rows (stored as VARCHAR all the same).
            parse=_one(partial(oews.parse_oews_data, compact=True)),
            description="OEWS estimates: one row per series (area x industry x occupation x datatype).",
            keys=_OEWS_SERIES_PARTS,
            # Checked in parts by cell: its suite compares rows only within a cell (series-id uniqueness,
            # datatypes_missing_in_cell); a uniqueness check across cells raises when run in parts.
            parts=_OEWS_SERIES_GROUP,
            derived={"series_id": _SERIES_ID, "datatypes_missing_in_cell": _DATATYPES_MISSING},
            cross_check=_oews_release_matches_data,
            expectations=(
                # The national, cross-industry cells (1,104 occupations x 15 datatypes in May 2025) are in every build;
                # the full release adds states and metro areas (6.0 million rows).
                rows(12_000, 8_000_000),
                rows(12_000, 20_000, where=[("areatype_code", "==", "N"), ("industry_code", "==", "000000")]),
                *not_null(*_OEWS_SERIES_PARTS, "year"),
                matches("area_code", r"^\d{7}$"),
                matches("industry_code", r"^[0-9A-Z-]{6}$"),
                matches("occupation_code", r"^\d{6}$"),
                matches("series_id", OEWS_SERIES_ID),
                # The series id ('OEU' + these five codes) once each: oe.data.0.Current holds one year (the release's).
                unique(*_OEWS_SERIES_PARTS),
                one_of("datatype_code", OEWS_DATATYPES),
                has_values("datatype_code", OEWS_NATIONAL_DATATYPES),
                between("datatypes_missing_in_cell", 0, 0),
                # Employment, wages, relative standard errors, jobs per 1,000 and location quotients: none is negative.
                *non_negative("value"),
                one_of("value_marker", ("-", "*", "**", "#", "~")),  # BLS's markers where there is no number
            ),
        ),
        RawTable(
            name="oews_area",
            source=OEWS,
            files=("oews.area",),
            parse=_one(oews.parse_oews_area),
            description="OEWS areas.",
            keys=("area_code",),
            expectations=(
                rows(1, 1_000),
                *not_null("state_code", "area_code", "areatype_code", "area_name"),
                unique("area_code"),
                matches("area_code", r"^\d{7}$"),
                one_of("areatype_code", ("N", "S", "M")),
                rows(1, 1, where=("areatype_code", "==", "N")),
            ),
        ),
        RawTable(
            name="oews_industry",
            source=OEWS,
            files=("oews.industry",),
            parse=_one(oews.parse_oews_industry),
            description="OEWS industries.",
            keys=("industry_code",),
            expectations=(
                rows(1, 1_000),
                *not_null("industry_code", "industry_name", "display_level"),
                unique("industry_code"),
                matches("industry_code", r"^[0-9A-Z-]{6}$"),  # NAICS-based, e.g. 000000, 11--12 (sectors), 3250A1
                has_values("industry_code", ("000000",)),
            ),
        ),
        RawTable(
            name="oews_occupation",
            source=OEWS,
            files=("oews.occupation",),
            parse=_one(oews.parse_oews_occupation),
            description="OEWS occupations, with their 2018 SOC code.",
            keys=("occupation_code",),
            expectations=(
                rows(800, 1_500),
                *not_null("occupation_code", "soc_code", "occupation_name", "display_level"),
                matches("occupation_code", r"^\d{6}$"),
                unique("occupation_code"),
                soc_code("soc_code"),
                unique("soc_code"),
            ),
        ),
        RawTable(
            name="oews_datatype",
            source=OEWS,
            files=("oews.datatype",),
            parse=_one(oews.parse_oews_datatype),
            description="The 17 OEWS measures (employment, wages, percentiles).",
            keys=("datatype_code",),
            expectations=(
                rows(len(OEWS_DATATYPES), len(OEWS_DATATYPES)),
                distinct_values("datatype_code", OEWS_DATATYPES),
                unique("datatype_code"),
                *not_null("datatype_name"),
            ),
        ),
        RawTable(
            name="oews_footnote",
            source=OEWS,
            files=("oews.footnote",),
            parse=_one(oews.parse_oews_footnote),
            description="OEWS footnotes.",
            keys=("footnote_code",),
            expectations=(
                rows(1, 50),
                *not_null("footnote_code", "footnote_text"),
                unique("footnote_code"),
            ),
        ),
        RawTable(
            name="oews_release",
            source=OEWS,
            files=("oews.release",),
            parse=_one(oews.parse_oews_release),
            description="The OEWS release.",
            keys=("release",),
            expectations=(
                rows(1, 1),
                *not_null("release", "year", "period", "description"),
                matches("release", r"^\d{4}A\d{2}$"),
            ),
        ),
        RawTable(
            name="ep_education",
            source=EP,
            files=("ep.education",),
            parse=_one(ep.parse_ep_education),
            description="BLS EP Table 5.4: typical education, work experience and on-the-job training by occupation.",
            keys=("ep_code",),
            expectations=(
                rows(700, 1_000),
                *not_null("ep_code", "title", "typical_education", "work_experience", "on_the_job_training"),
                soc_code("ep_code"),
                unique("ep_code"),
                one_of("typical_education", ep.TYPICAL_EDUCATION_LABELS),
                one_of("work_experience", ep.WORK_EXPERIENCE_LABELS),
                one_of("on_the_job_training", ep.ON_THE_JOB_TRAINING_LABELS),
            ),
        ),
        RawTable(
            name="ep_occupation",
            source=EP,
            files=("ep.occupation",),
            parse=_one(ep.parse_ep_occupation),
            description="BLS EP Table 1.2: employment, projected employment, openings and median wage by occupation.",
            keys=("ep_code",),
            expectations=(
                rows(700, 1_000, where=("occupation_type", "==", "Line item")),
                *not_null("ep_code", "title", "occupation_type", "employment_base_thousands"),
                soc_code("ep_code"),
                unique("ep_code"),
                one_of("occupation_type", ep.OCCUPATION_TYPES),
                *non_negative(
                    "employment_base_thousands", "employment_projected_thousands", "annual_openings_thousands"
                ),
                *non_negative("median_annual_wage_dollars"),
                between("employment_distribution_base_percent", 0, 100),
                between("employment_distribution_projected_percent", 0, 100),
                between("self_employed_base_percent", 0, 100),
                *not_null("typical_education", where=("occupation_type", "==", "Line item")),
                one_of("typical_education", ep.TYPICAL_EDUCATION_LABELS),
            ),
        ),
        RawTable(
            name="cip_soc_crosswalk",
            source=CIP,
            files=("cip.crosswalk",),
            parse=_one(cip.parse_cip_soc_crosswalk),
            description="NCES CIP 2020 to SOC 2018 crosswalk.",
            keys=("cip_code", "soc_code"),
            expectations=(
                rows(5_000, 8_000),
                *not_null("cip_code", "cip_title", "soc_code", "soc_title"),
                cip_code("cip_code"),
                soc_code("soc_code"),
                unique("cip_code", "soc_code"),
                # Every detailed SOC 2018 occupation is matched (or paired with the 'NO MATCH' CIP 99.9999).
                distinct_count("soc_code", SOC_DETAILED, SOC_DETAILED, where=("soc_code", "!=", "99-9999")),
            ),
        ),
        RawTable(
            name="cip_codes",
            source=CIP,
            files=("cip.codes",),
            parse=_one(cip.parse_cip_codes),
            description="CIP 2020 codes and titles.",
            keys=("cip_code",),
            expectations=(
                rows(2_000, 4_000),
                *not_null("cip_family", "cip_code", "cip_level", "action", "cip_title"),
                unique("cip_code"),
                one_of("cip_level", (2, 4, 6)),
                cip_code("cip_code", where=("cip_level", "==", 6)),
                matches("cip_code", r"^\d{2}(?:\.\d{2}(?:\d{2})?)?$"),
                one_of("action", cip.CIP_ACTIONS),
            ),
        ),
        RawTable(
            name="dhs_stem_cip",
            source=STEM,
            files=("stem.list",),
            parse=_one(stem.parse_stem_list),
            description="CIP codes on the DHS STEM Designated Degree Program List.",
            keys=("cip_code",),
            cross_check=_stem_codes_in_cip,
            reads=("cip_codes",),
            expectations=(
                rows(400, 1_000),
                *not_null("cip_code", "cip_title", "two_digit_series"),
                cip_code("cip_code"),
                unique("cip_code"),
                matches("two_digit_series", r"^\d{2}$"),
            ),
        ),
    ]
