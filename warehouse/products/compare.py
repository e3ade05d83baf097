"""Comparing candidate SOC codes side by side, and the O*NET related occupations of a code.

`compare(con, codes)` gathers, for each code, everything a petitioner weighs when choosing between them (the
definition, BLS education, experience and training, the O*NET education distribution, Job Zone, the
advanced-degree evidence, STEM links and CET areas, employment and wages, related occupations), and closes with a
rule-based summary: the candidates ordered by RULES, each step naming the rule that decided it. `render` writes a
comparison as a terminal table, Markdown, HTML or JSON. `related(con, code)` lists O*NET's related occupations
rolled up to SOC codes, with the flags that say whether one of them is a stronger choice.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

import duckdb

from transforms.core.flags import ADVANCED_DEGREE_AND_STEM
from warehouse.products import queries
from warehouse.products.signals import disagreements

FORMATS = ("table", "md", "html", "json")
RELATED_IN_COMPARISON = 5  # related occupations shown per code in a comparison
BAR = 20  # characters for 100% in text bars
LABEL = 30  # characters of an education category's label in text bars ("Post-Baccalaureate Certificate")
TIERS = ("Primary-Short", "Primary-Long", "Supplemental")  # O*NET's relatedness tiers, closest first
# The tiers in words a reader knows: O*NET lists, per occupation, its 5 most related, the next 5, then 10 more.
TIER_WORDS = {
    "Primary-Short": "among the 5 most related",
    "Primary-Long": "among the next 5",
    "Supplemental": "among 10 more related",
}

OCCUPATION_COLUMNS = (
    "soc_code",
    "title",
    "definition",
    "bls_typical_education",
    "bls_work_experience",
    "bls_on_the_job_training",
    "onet_codes",
    "job_zone",
    "onet_advanced_degree_pct",
    *ADVANCED_DEGREE_AND_STEM,
    "is_stem_occupation",
    "stem_basis",
    "stem_cip_codes",
    "linked_cip_count",
    "stem_cip_share",
    "cet_areas",
    "is_priority_field",
    "oews_code",
    "employment",
    "employment_footnote",
    "annual_mean_wage",
    "annual_mean_wage_footnote",
    "annual_median_wage",
    "annual_median_wage_footnote",
    "annual_p10_wage",
    "annual_p10_wage_footnote",
    "annual_p90_wage",
    "annual_p90_wage_footnote",
    "onet_release",
    "oews_release",
    "ep_release",
    "stem_release",
)


# --- related occupations -----------------------------------------------------------------------------------------

RELATED_SQL = """
WITH links AS (
    SELECT
        left(related_onet_soc_code, 7) AS soc_code,
        related_onet_soc_code,
        related_index,
        list_position($tiers, relatedness_tier) AS tier_rank
    FROM raw.onet_related_occupations
    WHERE left(onet_soc_code, 7) = $code AND left(related_onet_soc_code, 7) <> $code
),
best AS (
    SELECT
        soc_code,
        min(tier_rank) AS tier_rank,
        min(related_index) AS related_index,
        count(*) AS links,
        list(DISTINCT related_onet_soc_code ORDER BY related_onet_soc_code) AS related_onet_codes
    FROM links
    GROUP BY soc_code
)
SELECT
    o.soc_code,
    o.title,
    $tiers[b.tier_rank] AS relatedness_tier,
    b.related_index,
    b.links,
    b.related_onet_codes,
    o.requires_advanced_degree,
    o.advanced_degree_evidence,
    o.bachelors_plus_5y,
    o.is_priority_field,
    o.is_stem,
    o.cet_areas,
    o.job_zone,
    o.bls_typical_education
FROM best AS b
JOIN occupations AS o USING (soc_code)
ORDER BY b.tier_rank, b.related_index, o.soc_code
"""


def related(con: duckdb.DuckDBPyConnection, code: str) -> list[dict]:
    """O*NET's related occupations of a SOC code, rolled up to SOC codes, closest first (tier, then index).

    Each O*NET-SOC occupation of `code` lists up to 20 related O*NET-SOC occupations; a related SOC code keeps its
    best tier and index over all those links, and `links` says how many there are. An unknown code raises
    queries.UnknownCode; a code without O*NET data has no related occupations ([]).
    """
    code = queries.occupation(con, code)["soc_code"]
    return queries.rows(con, RELATED_SQL, {"code": code, "tiers": list(TIERS)})


# --- the comparison ---------------------------------------------------------------------------------------------


class CompareError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    name: str
    label: str  # what a higher value means, for the summary
    key: Callable[[dict], float]
    show: Callable[[dict], str]


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "no data"}[value]


# The summary's rules, strongest evidence first: advanced degree (the EB-2 question), then priority field.
RULES = (
    Rule("requires_advanced_degree", "typically requires an advanced degree",
         lambda o: 1 if o["requires_advanced_degree"] else 0, lambda o: _yes_no(o["requires_advanced_degree"])),
    Rule("advanced_degree_evidence", "more advanced-degree signals (BLS, O*NET majority, Job Zone 5)",
         lambda o: o["advanced_degree_evidence"] or 0, lambda o: f"{o['advanced_degree_evidence'] or 0} of 3"),
    Rule("bachelors_plus_5y", "typically entered with a bachelor's and 5 years or more in a related occupation",
         lambda o: 1 if o["bachelors_plus_5y"] else 0, lambda o: _yes_no(o["bachelors_plus_5y"])),
    Rule("is_priority_field", "is in a priority field (STEM or a CET area)",
         lambda o: 1 if o["is_priority_field"] else 0, lambda o: _yes_no(o["is_priority_field"])),
    Rule("cet_areas", "more CET areas", lambda o: len(o["cet_areas"] or []), lambda o: str(len(o["cet_areas"] or []))),
    Rule("stem_cip_share", "a larger share of linked CIP programs on the DHS STEM list",
         lambda o: o["stem_cip_share"] or 0, lambda o: f"{(o['stem_cip_share'] or 0):.0%}"),
)  # fmt: skip


def _read(code: str) -> str:
    """A pasted code as its 2018 SOC code, or as typed when it cannot be read (the error then names it)."""
    try:
        return queries.check_soc_code(code)
    except queries.UnknownCode:
        return code.strip()


def _occupations(con: duckdb.DuckDBPyConnection, codes: list[str]) -> list[dict]:
    """The occupations rows of `codes`, in order; UnknownCode naming every bad code at once."""
    found, problems = [], []
    for code in codes:
        try:
            found.append(queries.occupation(con, code))
        except queries.UnknownCode as error:
            problems.append(str(error))
    if problems:
        raise queries.UnknownCode("; ".join(problems))
    return found


def summarise(occupations: list[dict]) -> dict:
    """Order the candidates by RULES (first rule that differs decides) and say which rule decided each step."""

    def key(o: dict) -> tuple:
        return tuple(rule.key(o) for rule in RULES)

    ordered = sorted(occupations, key=key, reverse=True)  # stable: ties keep the order the codes were given
    steps = []
    for ahead, behind in pairwise(ordered):
        rule = next((r for r in RULES if r.key(ahead) != r.key(behind)), None)
        steps.append(
            {
                "ahead": ahead["soc_code"],
                "behind": behind["soc_code"],
                "rule": rule.name if rule else None,
                "detail": (
                    f"{rule.label}: {rule.show(ahead)} for {ahead['soc_code']}, {rule.show(behind)} for "
                    f"{behind['soc_code']}"
                    if rule
                    else "tied on every rule"
                ),
            }
        )
    first, decided = ordered[0], steps[0]
    if decided["rule"] is None:
        tied = [o["soc_code"] for o in ordered if key(o) == key(first)]
        text = (
            f"No single strongest candidate: {', '.join(tied)} are tied on every point compared "
            f"({'; '.join(r.label for r in RULES)})."
        )
        strongest = None
    else:
        text = (
            f"{first['soc_code']} {first['title']} has the strongest advanced-degree and priority-field evidence. "
            f"What decided it: {decided['detail']}."
        )
        strongest = first["soc_code"]
    later = steps[1:]
    if later:
        text += " Then: " + "; ".join(f"{s['ahead']} before {s['behind']} ({s['detail']})" for s in later)
        text += "."
    return {
        "strongest": strongest,
        "order": [o["soc_code"] for o in ordered],
        "rules": [r.name for r in RULES],
        "steps": steps,
        "text": text,
    }


def compare(con: duckdb.DuckDBPyConnection, codes: list[str]) -> dict:
    """Everything needed to choose between `codes` (at least two distinct SOC detailed codes), and a summary.

    Returns {codes, occupations: [one dict per code, in the order given, with education_distribution and
    related], summary}. Unknown or malformed codes raise queries.UnknownCode naming each of them; fewer than two
    distinct codes raise CompareError.
    """
    distinct = list(dict.fromkeys(_read(code) for code in codes))  # 15-1221 and 15-1221.00 are one code
    if len(distinct) < 2:
        raise CompareError(f"compare needs at least two different SOC codes, got {', '.join(codes) or 'none'}")
    occupations = []
    for row in _occupations(con, distinct):
        item = {name: row[name] for name in OCCUPATION_COLUMNS}
        item["education_distribution"] = queries.education_distribution(con, row["onet_codes"] or [])
        item["related"] = related(con, row["soc_code"])[:RELATED_IN_COMPARISON]
        item["signal_disagreements"] = disagreements(row)
        occupations.append(item)
    return {
        "codes": [o["soc_code"] for o in occupations],
        "occupations": occupations,
        "summary": summarise(occupations),
    }


# --- rendering ----------------------------------------------------------------------------------------------------


def _money(value: float | None, note: str | None) -> str:
    if value is None:
        return f"not published ({note})" if note else "not published"
    return f"${value:,.0f}"


def _mark(value: bool | None) -> str:
    return {True: "✓", False: "✗", None: "–"}[value]


def _short(label: str) -> str:
    """An O*NET education category without its explanation: "Associate's Degree (or other 2-year degree)" ->
    "Associate's Degree"."""
    return label.split(" - ")[0].split(" (")[0]


def _cells(o: dict) -> list[tuple[str, object]]:
    """(row label, value) for one occupation; a value is text, or a list of education bars."""
    pct = o["onet_advanced_degree_pct"]
    stem = f"{len(o['stem_cip_codes'])} of {o['linked_cip_count']} linked CIP programs are STEM" + (
        f" ({o['stem_cip_share']:.0%})" if o["stem_cip_share"] is not None else ""
    )
    related = (
        "; ".join(f"{r['soc_code']} {r['title']} ({TIER_WORDS[r['relatedness_tier']]})" for r in o["related"]) or "none"
    )
    employment = o["employment"]
    return [
        ("Title", o["title"]),
        ("Definition", o["definition"] or ""),
        ("BLS typical education", o["bls_typical_education"] or "no assignment"),
        ("BLS work experience", o["bls_work_experience"] or "–"),
        ("BLS on-the-job training", o["bls_on_the_job_training"] or "–"),
        ("O*NET required education", o["education_distribution"]),
        ("O*NET master's or higher", f"{pct:.1f}%" if pct is not None else "no data"),
        ("Job Zone", str(o["job_zone"]) if o["job_zone"] is not None else "–"),
        (
            "Advanced degree",
            f"{_yes_no(o['requires_advanced_degree'])}, evidence {o['advanced_degree_evidence']} of 3 "
            f"(BLS {_mark(o['bls_requires_advanced_degree'])}, O*NET majority "
            f"{_mark(o['onet_majority_advanced_degree'])}, Job Zone 5 {_mark(o['job_zone_5'])})",
        ),
        ("Signals disagree", "; ".join(disagreements(o)) or "no"),
        ("Bachelor's + 5 years in a related occupation (BLS)", _yes_no(o["bachelors_plus_5y"])),
        ("STEM", f"{_yes_no(o['is_stem'])}: {o['stem_basis']}"),
        ("STEM programs (DHS list)", stem),
        ("CET areas", "; ".join(o["cet_areas"]) or "none"),
        ("Priority field", _yes_no(o["is_priority_field"])),
        ("Employment", f"{employment:,}" if employment is not None else _money(None, o["employment_footnote"])),
        ("Median wage", _money(o["annual_median_wage"], o["annual_median_wage_footnote"])),
        (
            "Wage range (10th-90th)",
            f"{_money(o['annual_p10_wage'], o['annual_p10_wage_footnote'])} - "
            f"{_money(o['annual_p90_wage'], o['annual_p90_wage_footnote'])}",
        ),
        ("Mean wage", _money(o["annual_mean_wage"], o["annual_mean_wage_footnote"])),
        ("Related occupations", related),
    ]


def _grid(comparison: dict) -> tuple[list[str], list[list[object]]]:
    """Row labels, and for each row the value of each occupation."""
    per = [_cells(o) for o in comparison["occupations"]]
    labels = [label for label, _ in per[0]]
    return labels, [[cells[i][1] for cells in per] for i in range(len(labels))]


def _text_bars(distribution: list[dict]) -> list[str]:
    return [
        f"{_short(d['label'])[:LABEL]:<{LABEL}} {'█' * round((d['pct'] or 0) / 100 * BAR):<{BAR}} {d['pct']:5.1f}%"
        for d in distribution
        if d["pct"]
    ]


def _sources(comparison: dict) -> str:
    o = comparison["occupations"][0]
    return (
        f"Sources: O*NET {o['onet_release']}, BLS OEWS {o['oews_release']} (national, all industries), "
        f"BLS Employment Projections {o['ep_release']}, DHS STEM list {o['stem_release']}; CET areas are this "
        "project's curated judgement."
    )


def _render_table(comparison: dict, color: bool, width: int) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    labels, rows = _grid(comparison)
    table = Table(show_lines=True, title="Comparison", title_justify="left")
    table.add_column("", style="bold", no_wrap=True)
    for o in comparison["occupations"]:
        table.add_column(o["soc_code"], overflow="fold")
    for label, values in zip(labels, rows, strict=True):
        cells = []
        for value in values:
            if isinstance(value, list):
                bars = Text()
                for d in value:
                    if not d["pct"]:
                        continue
                    width_ = round(d["pct"] / 100 * BAR)
                    bars.append(f"{_short(d['label'])}\n")
                    bars.append("█" * width_, style="green" if d["is_advanced"] else "blue")
                    bars.append(f" {d['pct']:.1f}%\n")
                cells.append(bars if value else Text("no O*NET data"))
            else:
                cells.append(Text(str(value)))
        table.add_row(label, *cells)
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None)
    console.print(table)
    console.print(Text("Summary: ", style="bold") + Text(comparison["summary"]["text"]))
    console.print(Text(_sources(comparison), style="dim"))
    return buffer.getvalue()


def _md_cell(value: object) -> str:
    if isinstance(value, list):
        lines = _text_bars(value)
        return "<br>".join(f"`{line}`" for line in lines) if lines else "no O*NET data"
    return str(value).replace("|", "\\|").replace("\n", " ")


def _render_md(comparison: dict) -> str:
    labels, rows = _grid(comparison)
    codes = comparison["codes"]
    lines = [
        "| | " + " | ".join(codes) + " |",
        "|---|" + "---|" * len(codes),
    ]
    for label, values in zip(labels, rows, strict=True):
        lines.append(f"| **{label}** | " + " | ".join(_md_cell(v) for v in values) + " |")
    title = f"# Comparison of {', '.join(codes)}"
    summary = comparison["summary"]["text"]
    return "\n".join([title, "", *lines, "", "## Summary", "", summary, "", f"_{_sources(comparison)}_", ""])


def _render_html(comparison: dict) -> str:
    from warehouse.products.evidence import template_environment  # autoescaped: every value is escaped

    labels, rows = _grid(comparison)
    template = template_environment().get_template("compare.html.j2")
    return template.render(
        codes=comparison["codes"],
        rows=list(zip(labels, rows, strict=True)),
        summary=comparison["summary"]["text"],
        sources=_sources(comparison),
        short=_short,
    )


def render(comparison: dict, fmt: str, *, color: bool = False, width: int = 160) -> str:
    """The comparison as 'table' (terminal text; ANSI colours if `color`), 'md', 'html' or 'json'."""
    if fmt == "table":
        return _render_table(comparison, color, width)
    if fmt == "md":
        return _render_md(comparison)
    if fmt == "html":
        return _render_html(comparison)
    if fmt == "json":
        return json.dumps(comparison, indent=2, default=str, ensure_ascii=False)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
