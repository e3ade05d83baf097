"""`socwh wages`: an occupation's employment and wages ranked across states or metro areas."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated

import typer

from warehouse.cli.common import DbOption, check_choice, console, published

FORMATS = ("table", "json", "csv")


def wages(
    soc_code: Annotated[str, typer.Argument(help="A 2018 SOC detailed code, e.g. 15-1221.")],
    by: Annotated[str, typer.Option("--by", help="Rank states (state) or metropolitan areas (metro).")] = "state",
    top: Annotated[int | None, typer.Option("--top", min=1, help="Only the first N areas.")] = None,
    format: Annotated[str, typer.Option("--format", help="table, json or csv.")] = "table",
    db: DbOption = None,
) -> None:
    """Rank the states or metro areas by the occupation's employment, with wages, percentiles and location quotient."""
    from rich.table import Table

    from warehouse.products import areas, queries

    check_choice("--format", format, FORMATS)
    with published(db, queries.UnknownCode, areas.AreaError) as con:
        title = queries.occupation(con, soc_code)["title"]
        ranked = areas.rank(con, soc_code, by, top)
    if format == "json":
        print(json.dumps({"soc_code": soc_code, "title": title, "by": by, "areas": ranked}, indent=2))
        return
    if format == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(ranked[0]) if ranked else ["rank"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(ranked)
        print(buffer.getvalue(), end="")
        return
    table = Table(title=f"{soc_code} {title}: by {by}, all industries", title_justify="left")
    shown = ("employment", "annual_median_wage", "annual_mean_wage", "annual_p10_wage", "annual_p90_wage",
             "location_quotient")  # fmt: skip
    table.add_column("#", justify="right")
    table.add_column("area")
    for measure in shown:
        table.add_column(areas.MEASURES[measure], justify="right")
    for row in ranked:
        cells = [areas.format_value(m, row[m], row[f"{m}_footnote"]) for m in shown]
        table.add_row(str(row["rank"]), row["area_name"], *cells)
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(wages)
