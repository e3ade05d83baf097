"""The O*NET core transform's choice of education scale: where a release has the RQ scale (doctorates split into professional
and research), it is preferred over RL for an occupation that has both, in the distribution and in
onet_advanced_degree_pct. Real 30.1 rows plus hand-made RQ rows (tests/fixtures/onet_rq_scale): no data dictionary
confirms the RQ scale (see transforms/raw/onet_releases.md), but the core rule exists for the day it appears."""

from __future__ import annotations

import polars as pl
import pytest

from tests.conftest import FIXTURES, mirror_bytes
from transforms.core import onet as core
from transforms.raw.onet import parse_education, parse_education_categories, parse_job_zones

ONET_30_1 = "www.onetcenter.org/dl_files/database/db_30_1_text/"
FIXTURE = FIXTURES / "onet_rq_scale"  # hand-made RQ rows: no published dictionary confirms RQ yet
CODES = ["15-1221.00", "15-1252.00"]


def fixture(parser, name: str) -> pl.DataFrame:
    return parser((FIXTURE / name).read_bytes(), name)


def real(parser, name: str) -> pl.DataFrame:
    return parser(mirror_bytes(ONET_30_1 + name), name)


@pytest.fixture(scope="module")
def education() -> pl.DataFrame:
    """15-1221.00 re-surveyed: its real 30.1 RL rows and the fixture's 31.0 RQ rows; 15-1252.00 with RL only."""
    rl = real(parse_education, "Education, Training, and Experience.txt").filter(
        pl.col("onet_soc_code") == "15-1221.00"
    )
    return pl.concat([rl, fixture(parse_education, "Education.txt")])


@pytest.fixture(scope="module")
def categories() -> pl.DataFrame:
    return fixture(parse_education_categories, "Education Categories.txt")


@pytest.mark.parametrize("order", ["RL rows first", "RQ rows first"])
def test_rq_is_preferred_over_rl_in_the_distribution(education, categories, order):
    rows = education if order == "RL rows first" else education.reverse()
    assert {"RL", "RQ"} <= set(rows.filter(pl.col("onet_soc_code") == "15-1221.00")["scale_id"])
    distribution = core.education_distribution(rows, categories)
    research = distribution.filter(pl.col("onet_soc_code") == "15-1221.00")
    assert research["scale_id"].unique().to_list() == ["RQ"]
    assert research["category"].to_list() == list(range(1, 13))
    # tests/fixtures/onet_rq_scale/Education.txt, the RQ rows of 15-1221.00
    assert dict(research.select("category", "pct").iter_rows()) == {
        1: 0.0, 2: 0.0, 3: 0.0, 4: 5.1, 5: 0.0, 6: 30.4, 7: 0.0, 8: 22.6, 9: 0.0, 10: 1.9, 11: 34.7, 12: 5.3,
    }  # fmt: skip
    labels = dict(research.select("category", "category_label").iter_rows())
    assert labels[10].startswith("Doctor's Degree - Professional Practice")
    assert labels[11].startswith("Doctor's Degree - Research/Scholarship")
    advanced = research.filter(pl.col("is_advanced"))["category"].to_list()
    assert advanced == [8, 9, 10, 11, 12]  # master's or higher, both kinds of doctorate included
    # an occupation not re-surveyed keeps RL
    software = distribution.filter(pl.col("onet_soc_code") == "15-1252.00")
    assert software["scale_id"].unique().to_list() == ["RL"]


def test_onet_advanced_degree_pct_uses_rq_where_an_occupation_has_it(education, categories):
    zones = real(parse_job_zones, "Job Zones.txt").filter(pl.col("onet_soc_code").is_in(CODES))
    by_soc = core.onet_by_soc(zones, core.education_distribution(education, categories))
    rows = {row["soc_code"]: row for row in by_soc.iter_rows(named=True)}
    # RQ: 22.60 + 0 + 1.90 + 34.70 + 5.30; the RL answer of 30.1 would be 19.93 + 0 + 2.58 + 28.42 + 4.50 = 55.43
    assert rows["15-1221"]["onet_advanced_degree_pct"] == pytest.approx(64.5)
    assert rows["15-1221"]["onet_education_scales"] == ["RQ"]
    assert rows["15-1252"]["onet_advanced_degree_pct"] == pytest.approx(19.05)  # RL category 8 only
    assert rows["15-1252"]["onet_education_scales"] == ["RL"]
    assert rows["15-1221"]["job_zone"] == 5 and rows["15-1221"]["onet_codes"] == ["15-1221.00"]


def test_only_rl_rows_give_the_30_1_figure(categories):
    rl = real(parse_education, "Education, Training, and Experience.txt").filter(
        pl.col("onet_soc_code") == "15-1221.00"
    )
    zones = real(parse_job_zones, "Job Zones.txt").filter(pl.col("onet_soc_code") == "15-1221.00")
    by_soc = core.onet_by_soc(zones, core.education_distribution(rl, categories))
    (row,) = by_soc.iter_rows(named=True)
    assert row["onet_advanced_degree_pct"] == pytest.approx(55.43)  # 30.1 rows 4171-4175: 19.93+2.58+28.42+4.50
    assert row["onet_education_scales"] == ["RL"]
