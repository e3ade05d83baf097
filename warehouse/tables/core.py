"""The core tables: built from raw (and curated) tables by the pure transforms in `transforms.core`.

Each declaration says its inputs, its transform, the columns that identify a row, the table its codes are checked
against (the SOC hierarchy, or for the hierarchy itself the structure it was built from), and its expectations.
"""

from __future__ import annotations

import polars as pl

from transforms.core import ep as ep_core
from transforms.core import oews as oews_core
from transforms.core import oews_aggregates, onet, priority, soc
from transforms.raw import ep, onet_releases
from warehouse.config import PACKAGE_DIR
from warehouse.tables.checks import (
    PERCENT_TOTAL,
    Where,
    ascending,
    between,
    cip_code,
    has_values,
    matches,
    non_negative,
    not_null,
    one_of,
    onet_code,
    rows,
    soc_code,
    soc_level,
    unique,
)
from warehouse.tables.declare import DerivedTable, References
from warehouse.tables.raw import SOC_DETAILED, SOC_LEVELS

CET_CSV = PACKAGE_DIR / "curated" / "cet_areas.csv"
STEM_CSV = PACKAGE_DIR / "curated" / "stem_occupations.csv"  # written by `python -m warehouse.sources.stem_bridge`

# The codes the SOC hierarchy does not hold that some core columns may, each listed on purpose.
#
# BLS Employment Projections (table 5.4, 2024-34) publishes some occupations only together: seven are SOC broad
# groups and five are EP's own codes for part of a broad group (core.ep_by_soc applies each to its detailed
# codes). Only ep_code columns may hold them.
EP_AGGREGATES = (
    "13-1020", "13-2020", "21-1018", "25-2052", "25-9045", "29-2010",
    "31-1120", "39-7010", "47-4090", "51-2028", "51-2090", "53-1047",
)  # fmt: skip
# OEWS (oe.occupation, May 2025) estimates every SOC level, plus six codes outside the 2018 SOC structure (found as
# raw.oews_occupation's soc_code not in raw.soc_structure): the all-occupations total and the five aggregates of
# detailed occupations that OEWS, like EP, does not publish apart.
OEWS_AGGREGATES = (
    "00-0000",  # All Occupations
    "21-1018",  # Substance Abuse, Behavioral Disorder, and Mental Health Counselors (21-1011 + 21-1014)
    "25-2052",  # Special Education Teachers, Kindergarten and Elementary School (25-2055 + 25-2056)
    "25-9045",  # Teaching Assistants, Except Postsecondary (25-9042 + 25-9043 + 25-9044)
    "51-2028",  # Electrical, Electronic, and Electromechanical Assemblers, Except Coil Winders, Tapers, and Finishers
    "53-1047",  # First-Line Supervisors of Transportation and Material Moving Workers, Except Aircraft Cargo Handling
)
NOT_IN_SOC = "not in SOC 2018"  # the <column>_level of a code neither in the hierarchy nor allowed


_HIERARCHY = "core.soc_hierarchy"
_EP = dict.fromkeys(EP_AGGREGATES, "EP aggregate")
_OEWS = dict.fromkeys(OEWS_AGGREGATES, "OEWS aggregate")

_WAGE_PERCENTILES = ("p10", "p25", "median", "p75", "p90")
_NATIONAL_CROSS_INDUSTRY: Where = [("areatype_code", "==", "N"), ("industry_code", "==", "000000")]

# Each O*NET occupation's required-education distribution (one scale: RQ or RL) adds up to 100.
_EDUCATION_PERCENT_TOTAL = pl.col("pct").sum().over("onet_soc_code").round(2)


def _cet_areas(hierarchy: pl.DataFrame) -> pl.DataFrame:
    curated = pl.read_csv(CET_CSV, schema={"soc_code": pl.String, "cet_area": pl.String, "rationale": pl.String})
    return priority.cet_areas(curated, hierarchy, CET_CSV.name)


def _stem_occupations(hierarchy: pl.DataFrame) -> pl.DataFrame:
    schema = dict.fromkeys(priority.STEM_OCCUPATION_COLUMNS, pl.String) | {"is_stem_occupation": pl.Boolean}
    return priority.stem_occupations(pl.read_csv(STEM_CSV, schema=schema), hierarchy, STEM_CSV.name)


def core_tables(onet_release: str) -> list[DerivedTable]:
    """Every core table; the O*NET ones' suites follow `onet_release`'s Job Zone framework."""
    zones = onet_releases.layout_of(onet_release).job_zones.zones
    return [
        DerivedTable(
            name="soc_hierarchy",
            inputs=("raw.soc_structure", "raw.soc_definitions"),
            build=soc.soc_hierarchy,
            description="Every 2018 SOC code (major, minor, broad, detailed) with title, definition and parent groups.",
            keys=("soc_code",),
            references=References(
                "raw.soc_structure", {"parent_code": {}, "major_code": {}, "minor_code": {}, "broad_code": {}}
            ),
            expectations=(
                rows(1_300, 1_600),
                rows(SOC_DETAILED, SOC_DETAILED, where=("level", "==", "detailed")),
                *not_null("soc_code", "level", "title", "major_code", "major_title"),
                soc_code("soc_code"),
                unique("soc_code"),
                one_of("level", SOC_LEVELS),
                *not_null("parent_code", "minor_code", "minor_title", where=("level", "!=", "major")),
                *not_null("broad_code", "broad_title", where=("level", "IN", ["broad", "detailed"])),
                *not_null("definition", where=("level", "==", "detailed")),
                # Each code's parent is one level up, and its group codes are groups of that level in the structure.
                soc_level("parent_code", ("broad",), where=("level", "==", "detailed")),
                soc_level("parent_code", ("minor",), where=("level", "==", "broad")),
                soc_level("parent_code", ("major",), where=("level", "==", "minor")),
                soc_level("major_code", ("major",)),
                soc_level("minor_code", ("minor",)),
                soc_level("broad_code", ("broad",)),
            ),
        ),
        DerivedTable(
            name="onet_occupations",
            inputs=("raw.onet_occupation_data",),
            build=onet.onet_occupations,
            description="O*NET-SOC occupations with the 2018 SOC code they roll up to (the first seven characters).",
            keys=("onet_soc_code",),
            references=References(_HIERARCHY, {"soc_code": {}}),
            expectations=(
                rows(900, 1_200),
                *not_null("onet_soc_code", "soc_code", "is_base", "title", "description"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code"),
                soc_code("soc_code"),
                soc_level("soc_code"),
            ),
        ),
        DerivedTable(
            name="onet_education",
            inputs=("raw.onet_education", "raw.onet_education_categories"),
            build=onet.education_distribution,
            description="O*NET required-education distribution per occupation: category, label, percentage, is_advanced.",
            keys=("onet_soc_code", "category"),
            references=References(_HIERARCHY, {"soc_code": {}}),
            derived={"education_percent_total": _EDUCATION_PERCENT_TOTAL},
            expectations=(
                rows(8_000, 14_000),
                *not_null("onet_soc_code", "soc_code", "scale_id", "category", "category_label", "pct", "is_advanced"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code", "category"),  # one scale per occupation
                soc_code("soc_code"),
                soc_level("soc_code"),
                one_of("scale_id", ("RL", "RQ")),
                between("category", 1, 12),
                between("pct", 0, 100),
                between("education_percent_total", *PERCENT_TOTAL),
            ),
        ),
        DerivedTable(
            name="onet_job_zones",
            inputs=("raw.onet_job_zones", "raw.onet_job_zone_reference"),
            build=onet.job_zones,
            description="O*NET Job Zones with what each zone means.",
            keys=("onet_soc_code",),
            references=References(_HIERARCHY, {"soc_code": {}}),
            expectations=(
                rows(800, 1_100),
                *not_null("onet_soc_code", "soc_code", "job_zone", "job_zone_name", "job_zone_education", "date"),
                onet_code("onet_soc_code"),
                unique("onet_soc_code"),
                soc_code("soc_code"),
                soc_level("soc_code"),
                one_of("job_zone", zones),
            ),
        ),
        DerivedTable(
            name="onet_by_soc",
            inputs=("core.onet_job_zones", "core.onet_education"),
            build=onet.onet_by_soc,
            description="Per 2018 SOC code: Job Zone and share of respondents at master's or higher, with the O*NET codes used.",
            keys=("soc_code",),
            references=References(_HIERARCHY, {"soc_code": {}}),
            expectations=(
                rows(700, SOC_DETAILED),
                *not_null("soc_code", "onet_codes"),
                soc_code("soc_code"),
                unique("soc_code"),
                soc_level("soc_code"),
                one_of("job_zone", zones),
                # A sum of rounded category percentages: 19-2011 Astronomers' is 100.01 (30.1), as totals reach 100.03.
                between("onet_advanced_degree_pct", 0, 100),
            ),
        ),
        DerivedTable(
            name="ep_by_soc",
            inputs=("raw.ep_education", "core.soc_hierarchy"),
            build=ep_core.ep_by_soc,
            description="BLS EP education, experience and training per 2018 SOC detailed code (EP aggregates applied to members).",
            keys=("soc_code", "ep_code"),
            references=References(_HIERARCHY, {"soc_code": {}, "ep_code": _EP}),
            expectations=(
                rows(700, SOC_DETAILED),
                *not_null("soc_code", "ep_code", "ep_title", "ep_is_aggregate"),
                *not_null("typical_education", "work_experience", "on_the_job_training"),
                soc_code("soc_code"),
                unique("soc_code"),
                soc_level("soc_code"),
                soc_code("ep_code"),
                # An aggregate is one of the listed EP_AGGREGATES; any other EP code is a SOC detailed code.
                soc_level("ep_code", ("EP aggregate",), where=("ep_is_aggregate", "==", True)),
                soc_level("ep_code", ("detailed",), where=("ep_is_aggregate", "==", False)),
                one_of("typical_education", ep.TYPICAL_EDUCATION_LABELS),
                one_of("work_experience", ep.WORK_EXPERIENCE_LABELS),
                one_of("on_the_job_training", ep.ON_THE_JOB_TRAINING_LABELS),
            ),
        ),
        DerivedTable(
            name="oews_estimates",
            inputs=(
                "raw.oews_data",
                "raw.oews_datatype",
                "raw.oews_area",
                "raw.oews_industry",
                "raw.oews_occupation",
                "raw.oews_footnote",
            ),
            build=oews_core.oews_estimates,
            description="OEWS estimates, one row per area x industry x occupation, the 17 measures as columns.",
            keys=("area_code", "industry_code", "soc_code"),
            parts=tuple(oews_core.KEY),  # a pivot by these columns: built one part of raw.oews_data at a time
            references=References(_HIERARCHY, {"soc_code": _OEWS}),
            expectations=(
                # The national, cross-industry cells (1,104 in May 2025) are in every build; the full release adds
                # states, metro areas and industries (about 400,000 cells).
                rows(800, 1_000_000),
                rows(800, 1_400, where=_NATIONAL_CROSS_INDUSTRY),
                *not_null("areatype_code", "area_code", "area_name", "industry_code", "industry_name"),
                *not_null("occupation_code", "soc_code", "occupation_title", "year"),
                unique("areatype_code", "area_code", "industry_code", "occupation_code"),
                matches("area_code", r"^\d{7}$"),
                matches("occupation_code", r"^\d{6}$"),
                soc_code("soc_code"),
                soc_level("soc_code", (*SOC_LEVELS, "OEWS aggregate")),
                *non_negative(*(column for column, _ in oews_core.MEASURES.values())),
                *ascending(*(f"hourly_{p}_wage" for p in _WAGE_PERCENTILES)),
                *ascending(*(f"annual_{p}_wage" for p in _WAGE_PERCENTILES)),
            ),
        ),
        DerivedTable(
            name="oews_by_soc",
            inputs=("core.oews_estimates", "core.soc_hierarchy"),
            build=oews_aggregates.oews_by_soc,
            description="Per 2018 SOC detailed code: the OEWS code whose national figures it shows (an aggregate for members).",
            keys=("soc_code", "oews_code"),
            references=References(_HIERARCHY, {"soc_code": {}, "oews_code": _OEWS}),
            expectations=(
                rows(800, 867),
                *not_null("soc_code", "oews_code", "oews_title", "oews_is_aggregate", "oews_covers"),
                soc_code("soc_code"),
                soc_level("soc_code"),
                unique("soc_code"),
                soc_level("oews_code", ("broad", "OEWS aggregate"), where=("oews_is_aggregate", "==", True)),
                soc_level("oews_code", ("detailed",), where=("oews_is_aggregate", "==", False)),
            ),
        ),
        DerivedTable(
            name="stem_links",
            inputs=("raw.cip_soc_crosswalk", "raw.dhs_stem_cip"),
            build=priority.stem_links,
            description="SOC -> CIP programs (NCES crosswalk), each marked whether it is on the DHS STEM list.",
            keys=("soc_code", "cip_code"),
            references=References(_HIERARCHY, {"soc_code": {}}),
            expectations=(
                rows(5_000, 8_000),
                *not_null("soc_code", "cip_code", "cip_title", "is_stem"),
                soc_code("soc_code"),
                soc_level("soc_code"),
                cip_code("cip_code"),
                unique("soc_code", "cip_code"),
                has_values("is_stem", (True, False)),
            ),
        ),
        DerivedTable(
            name="cet_areas",
            inputs=("core.soc_hierarchy",),
            build=_cet_areas,
            description="Critical and Emerging Technologies areas per SOC code: the project's own curated judgement.",
            keys=("soc_code", "cet_area"),
            references=References(_HIERARCHY, {"soc_code": {}}),
            expectations=(
                rows(1, 1_000),
                *not_null("soc_code", "cet_area", "rationale"),
                soc_code("soc_code"),
                soc_level("soc_code"),
                unique("soc_code", "cet_area"),
                one_of("cet_area", priority.CET_AREAS),
            ),
        ),
        DerivedTable(
            name="stem_occupations",
            inputs=("core.soc_hierarchy",),
            build=_stem_occupations,
            description="BLS's OES STEM occupation list (2010 SOC) bridged to 2018 SOC via O*NET's crosswalks, each path kept.",
            keys=("soc_code",),
            references=References(_HIERARCHY, {"soc_code": {}}),
            expectations=(
                rows(90, 150),  # 100 codes in 2010 SOC; splits and merges make 107 in 2018 SOC
                *not_null("soc_code", "soc_title", "is_stem_occupation", "bridge", "note"),
                soc_code("soc_code"),
                soc_level("soc_code"),
                unique("soc_code"),
                has_values("is_stem_occupation", (True, False)),
            ),
        ),
    ]
