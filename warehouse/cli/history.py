"""`socwh changes` and `socwh releases`: release history."""

from __future__ import annotations

from datetime import UTC
from typing import Annotated

import typer

from warehouse.cli.common import DbOption, console, fail, load_settings, published

NO_HISTORY = "the warehouse at {path} holds no release history: rebuild it with `socwh build --force`"

# occupation_history columns shown by `changes`, with their headers.
HISTORY_COLUMNS = {
    "onet_release": "O*NET",
    "oews_release": "OEWS",
    "ep_release": "EP",
    "job_zone": "Job Zone",
    "onet_advanced_degree_pct": "O*NET ≥ master's %",
    "bls_typical_education": "BLS typical education",
    "employment": "employment",
    "annual_median_wage": "median wage",
    "requires_advanced_degree": "requires adv. degree",
    "job_zone_5": "Job Zone 5",
    "is_priority_field": "priority field",
}


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _when(moment) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M}"


def _has_history(con) -> bool:
    """Whether the warehouse was built with history (a warehouse published before it existed has none)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'history' "
        "AND table_name IN ('occupation_snapshots', 'releases')"
    ).fetchone()
    return found[0] == 2


def changes(
    soc_code: Annotated[str, typer.Argument(help="A 2018 SOC detailed code, e.g. 15-1221.")],
    db: DbOption = None,
) -> None:
    """One occupation's figures in every release loaded, and what changed between consecutive releases."""
    from rich.table import Table

    from warehouse.products import queries

    db_path = load_settings(db_path=db).db_path
    with published(db, queries.UnknownCode) as con:
        code = queries.check_soc_code(soc_code)
        if not _has_history(con):
            raise fail(NO_HISTORY.format(path=db_path))
        history = queries.rows(
            con, "SELECT * FROM occupation_history WHERE soc_code = ? ORDER BY first_loaded_at, release_set", [code]
        )
        if not history:
            queries.occupation(con, code)  # names an unknown code; a known one without history is a bad build
            raise fail(NO_HISTORY.format(path=db_path))
        moved = queries.rows(
            con, "SELECT * FROM release_changes WHERE soc_code = ? ORDER BY source, new_release, figure", [code]
        )

    table = Table(title=f"{code} {history[-1]['title']}: {len(history)} release set(s)", title_justify="left")
    loaded = [_when(row["first_loaded_at"]) + (" (current)" if row["is_current"] else "") for row in history]
    if console.width < 120 and len(history) <= 4:  # a narrow terminal: one row per figure, a column per release set
        table.add_column("figure")
        for number in range(1, len(history) + 1):
            table.add_column(f"release set {number}")
        for column, header in HISTORY_COLUMNS.items():
            table.add_row(header, *(_cell(row[column]) for row in history))
        table.add_row("loaded (UTC)", *loaded)
    else:
        for header in (*HISTORY_COLUMNS.values(), "loaded (UTC)"):
            table.add_column(header, justify="right" if header in ("employment", "median wage") else "left")
        for row, when in zip(history, loaded, strict=True):
            table.add_row(*(_cell(row[column]) for column in HISTORY_COLUMNS), when)
    console.print(table)
    if not moved:
        console.print(
            "No figure changed between consecutive releases."
            if len(history) > 1
            else "Only one release set loaded so far."
        )
        return
    changed = Table(title="Changes between consecutive releases", title_justify="left")
    for header in ("source", "releases", "figure", "old", "new", "change"):
        changed.add_column(header)
    for row in moved:
        mark = "[bold]flag flipped[/]" if row["change"] == "flag flipped" else row["change"]
        if row["change"] == "framework change":  # O*NET redefined the Job Zones: not a re-rating of the occupation
            mark = f"framework change ({row['job_zone_frameworks']})"
        also = f" (also moved: {', '.join(row['other_sources_changed'])})" if row["other_sources_changed"] else ""
        changed.add_row(
            row["source"],
            f"{row['old_release']} → {row['new_release']}{also}",
            row["figure"],
            row["old_value"] or "—",
            row["new_value"] or "—",
            mark,
        )
    console.print(changed)


def releases(db: DbOption = None) -> None:
    """Every source release the warehouse has loaded, with when it was retrieved and loaded."""
    from rich.table import Table

    from warehouse.products import queries

    db_path = load_settings(db_path=db).db_path
    with published(db) as con:
        if not _has_history(con):
            raise fail(NO_HISTORY.format(path=db_path))
        loaded = queries.rows(
            con,
            """
            SELECT *, last_loaded_at = max(last_loaded_at) OVER () AS is_current
            FROM history.releases
            ORDER BY source, first_loaded_at, release
            """,
        )
        ahead = _onet_ahead(con)
    table = Table(title=f"Releases loaded into {db_path}", title_justify="left")
    for header in ("source", "release", "files", "retrieved (UTC)", "first loaded (UTC)", "last loaded (UTC)", ""):
        table.add_column(header, justify="right" if header == "files" else "left")
    for row in loaded:
        table.add_row(
            row["source"],
            row["release"],
            str(row["files"]),
            _when(row["retrieved_at"]),
            _when(row["first_loaded_at"]),
            _when(row["last_loaded_at"]),
            "current" if row["is_current"] else "",
        )
    if ahead:  # a newer O*NET release discovery saw, not loaded: its layout is not known to this version
        table.add_row("onet", ahead["newest_found"], "—", "", "", "", "found, not loaded (layout unknown)")
    console.print(table)
    if ahead:
        console.print(f"note: {ahead['note']}")


def _onet_ahead(con) -> dict | None:
    """meta.onet_release's row when the build found a newer O*NET release it could not load (None otherwise, or in
    a warehouse built before the table existed)."""
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'meta' AND table_name = 'onet_release'"
    ).fetchone()[0]
    if not found:
        return None
    row = con.execute("SELECT newest_found, note FROM meta.onet_release WHERE note IS NOT NULL").fetchone()
    return {"newest_found": row[0], "note": row[1]} if row else None


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(changes)
    app.command()(releases)
