"""`socwh degree`: a degree program's DHS STEM status and the occupations NCES links it to."""

from __future__ import annotations

from typing import Annotated

import typer

from warehouse.cli.common import DbOption, check_choice, console, published

FORMATS = ("table", "json")


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "–"}[value]


def degree(
    program: Annotated[str, typer.Argument(help="A CIP 2020 code (30.7001) or a program name ('data science').")],
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Is a degree program on the DHS STEM Designated Degree Program List, and which SOC codes does NCES link it to?"""
    from warehouse.products.degree import UnknownProgram, lookup
    from warehouse.sources import citations

    check_choice("--format", format, FORMATS)
    with published(db, UnknownProgram) as con:
        found = lookup(con, program)
    if format == "json":
        import dataclasses
        import json

        print(json.dumps(dataclasses.asdict(found), indent=2, default=str))
        return
    from rich.table import Table

    if found.matched_from is not None:
        console.print(
            f"[dim]{found.matched_from!r} matched the CIP 2020 title below (score {found.score:.0f}/100); "
            f"also close: {'; '.join(f'{c} {t}' for c, t, _ in found.alternatives) or 'none'}[/]"
        )
    console.print(f"[bold]CIP {found.cip_code}  {found.title}[/]  [dim](CIP {found.cip_release})[/]")
    status = "[green]is on[/]" if found.on_dhs_list else "[red]is not on[/]"
    console.print(
        f"{status} the DHS STEM Designated Degree Program List "
        f"(last updated {citations.release_label('stem', found.dhs_list_date)})"
    )
    if not found.occupations:
        console.print("NCES links no 2018 SOC occupation to this program.")
        return
    table = Table(title=f"Occupations NCES links to CIP {found.cip_code}", title_justify="left")
    for column in ("SOC", "title", "STEM", "basis", "advanced degree", "BLS entry education", "CET areas"):
        table.add_column(column)
    for o in found.occupations:
        table.add_row(
            o["soc_code"], o["title"], _yes_no(o["is_stem"]), o["stem_basis"], _yes_no(o["requires_advanced_degree"]),
            o["bls_typical_education"] or "–", "; ".join(o["cet_areas"]) or "–",
        )  # fmt: skip
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(degree)
