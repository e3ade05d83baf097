"""`socwh show`: one occupation's profile as terminal text (rich renderables)."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from warehouse.products.signals import EXPERIENCE_CAVEAT, OFFICIAL, disagreements
from warehouse.sources.citations import release_label

BAR = 40  # characters for 100%


def _mark(value: bool | None) -> str:
    return {True: "[green]✓[/]", False: "[red]✗[/]", None: "[dim]–[/]"}[value]


def _money(value: float | None, note: str | None = None) -> str:
    if value is None:
        return f"not published ({note})" if note else "not published"
    return f"${value:,.0f}"


def render_profile(row: dict, distribution: list[dict], sources: list[dict]) -> Group:
    parts: list = [
        Text.from_markup(f"[bold]{row['soc_code']}  {row['title']}[/]"),
        Text(row["definition"] or ""),
        Text.from_markup(
            f"[dim]Major group {row['major_group_code']} {row['major_group_title']} · "
            f"broad group {row['broad_group_code']} {row['broad_group_title']}[/]"
        ),
        Text(""),
    ]
    verdict = {True: "requires an advanced degree", False: "does not require an advanced degree", None: "no evidence"}
    pct = row["onet_advanced_degree_pct"]
    evidence = Table.grid(padding=(0, 1))
    evidence.add_row(
        _mark(row["bls_requires_advanced_degree"]),
        f"BLS typical education for entry: {row['bls_typical_education'] or 'no assignment'}",
        f"[dim]EP {release_label('ep', row['ep_release'])}, code {row['ep_code'] or '–'}[/]",
    )
    evidence.add_row(
        _mark(row["onet_majority_advanced_degree"]),
        "O*NET: "
        + (f"{pct:.1f}% of respondents need a master's or higher" if pct is not None else "no education data"),
        f"[dim]O*NET {row['onet_release']}, {', '.join(row['onet_codes'] or []) or '–'}[/]",
    )
    evidence.add_row(
        _mark(row["job_zone_5"]),
        f"O*NET Job Zone {row['job_zone'] if row['job_zone'] is not None else '–'}",
        f"[dim]O*NET {row['onet_release']}, {row.get('job_zone_framework') or '?'} Job Zone framework[/]",
    )
    evidence.add_row(
        _mark(row["bachelors_plus_5y"]),
        f"Bachelor's + 5 years or more in a related occupation (BLS work experience: "
        f"{row['bls_work_experience'] or '–'})",
        "[dim]8 CFR 204.5(k)(2)[/]",
    )
    parts += [
        Text.from_markup(
            f"[bold]Advanced degree[/]: {verdict[row['requires_advanced_degree']]} "
            f"(evidence {row['advanced_degree_evidence']} of 3)"
        ),
        evidence,
        Text.from_markup(f"[dim]{OFFICIAL}[/]"),
        *(Text.from_markup(f"  [yellow]≠[/] {escape(line)}") for line in disagreements(row)),
        *([Text.from_markup(f"[dim]{EXPERIENCE_CAVEAT}[/]")] if row["bachelors_plus_5y"] else []),
        Text(""),
    ]
    stem = (
        f"{len(row['stem_cip_codes'])} of {row['linked_cip_count']} linked CIP programs on the DHS STEM list"
        + (f": {', '.join(row['stem_cip_codes'][:12])}" if row["stem_cip_codes"] else "")
        + (" …" if len(row["stem_cip_codes"]) > 12 else "")
    )
    parts += [
        Text.from_markup(f"[bold]Priority field[/]: {'yes' if row['is_priority_field'] else 'no'}"),
        Text.from_markup(f"  {_mark(row['is_stem'])} STEM: {escape(row['stem_basis'])}"),
        Text.from_markup(f"    [dim]programs: {stem} (DHS list of {release_label('stem', row['stem_release'])})[/]"),
        Text.from_markup(
            f"  {_mark(bool(row['cet_areas']))} CET areas: {'; '.join(row['cet_areas']) or 'none'}  "
            "[dim](the project's own curated judgement)[/]"
        ),
        Text(""),
    ]
    if distribution:
        bars = Table.grid(padding=(0, 1))
        for item in distribution:
            width = round((item["pct"] or 0) / 100 * BAR)
            colour = "green" if item["is_advanced"] else "blue"
            label = item["label"].split(" - ")[0]  # whole: the grid wraps it at a word boundary when narrow
            bars.add_row(f"{item['category']:>2}", label, f"[{colour}]{'█' * width}[/]", f"{item['pct']:5.1f}%")
        parts += [
            Text.from_markup(
                f"[bold]O*NET required level of education[/] [dim]({', '.join(row['onet_codes'])}; "
                "green = master's or higher)[/]"
            ),
            bars,
            Text(""),
        ]
    wages = Table.grid(padding=(0, 2))
    employment = row["employment"]
    wages.add_row(
        "Employment", f"{employment:,}" if employment is not None else _money(None, row["employment_footnote"])
    )
    for label, key in (
        ("Annual mean wage", "annual_mean_wage"),
        ("Annual 10th percentile", "annual_p10_wage"),
        ("Annual median wage", "annual_median_wage"),
        ("Annual 90th percentile", "annual_p90_wage"),
    ):
        wages.add_row(label, _money(row[key], row[f"{key}_footnote"]))
    oews_name = next((s.get("release_name") for s in sources if s["source"] == "oews" and s.get("release_name")), None)
    oews = release_label("oews", row["oews_release"], oews_name)
    parts += [Text.from_markup(f"[bold]OEWS {oews}[/], national, all industries"), wages]
    if row["oews_code"] and row["oews_code"] != row["soc_code"]:  # an OEWS aggregate's figures: say whose
        parts.append(Text.from_markup(f"[yellow]{escape(row['employment_footnote'].split('; ')[0])}[/]"))
    parts.append(Text(""))
    table = Table(title="Sources", title_justify="left", show_lines=False)
    for column in ("source", "file", "release", "retrieved"):
        table.add_column(column, overflow="fold")  # a long file name folds onto the next line, never cut short
    for source in sources:
        release = release_label(source["source"], source["release"], source.get("release_name"))
        read = str(source["retrieved_at"])[:19] + (" (copied from a mirror)" if source.get("from_mirror") else "")
        table.add_row(source["source"], source["file"], release, read)
    parts.append(table)
    return Group(*parts)
