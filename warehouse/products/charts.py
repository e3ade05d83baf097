"""Charts drawn on the server as inline SVG: nothing for the browser to fetch, no scripts, prints as it shows.

`education_chart` draws the O*NET required-education distribution of one or more occupations as grouped
horizontal bars, one row per O*NET category (the same categories, in O*NET's order, for every occupation), so the
share of master's or higher can be compared at a glance.
"""

from __future__ import annotations

from markupsafe import Markup, escape

COLOURS = ("#1f4e8c", "#c2562b", "#2f7d46", "#7b3fa0", "#8a6d0b", "#0f7c80")  # one per occupation (up to six)
LABEL_WIDTH = 230
PLOT_WIDTH = 360
BAR = 9
GAP = 7


def education_rows(series: list[tuple[str, list[dict]]]) -> list[dict]:
    """One row per O*NET category found in any of `series` (name, distribution): its label, whether it is a
    master's or higher, and each occupation's share (None where it has no data)."""
    labels: dict[int, tuple[str, bool]] = {}
    for _, distribution in series:
        for d in distribution:
            short = d["label"].split(" - ")[0].split(" (")[0]  # "Associate's Degree (or other 2-year degree)"
            labels.setdefault(d["category"], (short, bool(d["is_advanced"])))
    rows = []
    for category in sorted(labels):
        label, advanced = labels[category]
        shares = []
        for _, distribution in series:
            found = next((d["pct"] for d in distribution if d["category"] == category), None)
            shares.append(found if distribution else None)
        rows.append({"category": category, "label": label, "is_advanced": advanced, "shares": shares})
    return rows


def education_chart(series: list[tuple[str, list[dict]]], title: str) -> Markup:
    """Grouped horizontal bars of the O*NET education distributions in `series`, as an accessible inline SVG."""
    rows = [r for r in education_rows(series) if any(s for s in r["shares"])]
    group = len(series) * BAR + GAP
    legend = 16 * len(series) + 6  # one line per occupation: titles are long
    height = 24 + legend + len(rows) * group + 8
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<text x="0" y="14" font-size="13" font-weight="bold" fill="#14202e">{escape(title)}</text>',
    ]
    for i, (name, _) in enumerate(series):
        x, y = 0, 22 + i * 16
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<rect x="{x}" y="{y + 2}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y + 11}" font-size="11" fill="#14202e">{escape(name)}</text>')
    top = 24 + legend
    for r, row in enumerate(rows):
        y = top + r * group
        weight = "bold" if row["is_advanced"] else "normal"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + group / 2}" font-size="11" text-anchor="end" '
            f'font-weight="{weight}" fill="#14202e">{escape(row["label"][:40])}</text>'
        )
        for i, share in enumerate(row["shares"]):
            bar_y = y + i * BAR
            value = share or 0
            length = round(value / 100 * PLOT_WIDTH, 1)
            colour = COLOURS[i % len(COLOURS)]
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{max(length, 0.5)}" height="{BAR - 1}" fill="{colour}">'
                f"<title>{escape(series[i][0])}: {escape(row['label'])} {value:.1f}%</title></rect>"
            )
            text = "no data" if share is None else f"{value:.1f}%"
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4}" y="{bar_y + BAR - 1}" font-size="9" fill="#5a6878">{text}</text>'
            )
    parts.append(
        f'<line x1="{LABEL_WIDTH}" y1="{top - 2}" x2="{LABEL_WIDTH}" y2="{height - 6}" stroke="#8a96a8"/></svg>'
    )
    return Markup("".join(parts))
