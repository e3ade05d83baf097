"""`socwh search`, `compare`, `related`: choosing a SOC code.

Exit codes: 0 with results; 1 when a search matches nothing (the message says so and suggests broader terms; a
script can tell "no match" from an error, as with grep); 2 for bad input (a malformed or unknown code, an unknown
format, no query) or a missing warehouse.
"""

from __future__ import annotations

import re
from typing import Annotated

import typer

from warehouse.cli.common import DbOption, check_choice, console, err, published

SEARCH_FORMATS = ("table", "json", "csv")
# a low-confidence reason that already says what to read or add ("read both codes' tasks", "add the duties")
_ADVISES = re.compile(r"\b(?:read|add|describe)\b")
RELATED_FORMATS = ("table", "json", "csv")
FIELD_LABELS = {
    "soc_title": "SOC title",
    "onet_title": "O*NET title",
    "alternate_title": "O*NET alternate title",
    "reported_title": "title reported by incumbents",
    "definition": "SOC definition",
    "onet_description": "O*NET description",
    "task": "O*NET task",
}


def _yes_no(value: bool | None) -> str:
    return {True: "yes", False: "no", None: "–"}[value]


def _money(value: float | None) -> str:
    return f"${value:,.0f}" if value is not None else "–"


def _count(value: int | None) -> str:
    return f"{value:,}" if value is not None else "–"


def _highlighted(text: str, terms: list[str]):
    """`text` as rich Text with the words that matched the query in bold."""
    import re

    from rich.text import Text

    out = Text(text)
    if terms:
        out.highlight_regex(re.compile(r"\b(" + "|".join(map(re.escape, terms)) + r")\b", re.IGNORECASE), "bold yellow")
    return out


def _write_csv(header: list[str], rows: list[list]) -> None:
    import csv
    import sys

    from warehouse.products.csvsafe import safe_cell

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([safe_cell(value) for value in row] for row in rows)  # formula-like text gets a leading '


def _search_table(results: list[dict]):
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True, expand=True)
    # Cells wrap at word boundaries; a word longer than its column folds rather than losing its end to "…".
    table.add_column("#", justify="right")
    table.add_column("Occupation, and why it matched", ratio=3, overflow="fold")
    table.add_column("Education", ratio=2, overflow="fold")
    table.add_column("Advanced degree, priority field", ratio=2, overflow="fold")
    table.add_column("Jobs,\nmedian wage", justify="right", overflow="fold")
    for rank, r in enumerate(results, 1):
        why = Text(f"{r['soc_code']}  {r['title']}", style="bold")
        if r["confidence"] == "low":  # only the first result has a confidence
            # advice once: most reasons say what to read or add themselves
            advice = "" if _ADVISES.search(r["confidence_why"]) else "; read the codes' tasks before choosing"
            why.append(f"\nlow confidence: {r['confidence_why']}{advice}", style="red")
        for match in r["matched"]:
            why.append(f"\n{FIELD_LABELS.get(match['field'], match['field'])}: ", style="dim")
            why.append_text(_highlighted(match["text"], match["terms"]))
        if r.get("meaning"):
            why.append(f"\nclose in meaning: {r['meaning']:.2f}", style="dim")
        for scale in r["scaled"]:
            why.append(f"\nscore {scale}", style="dim")
        pct = r["onet_advanced_degree_pct"]
        education = (
            f"Job Zone {r['job_zone'] if r['job_zone'] is not None else '–'}\n"
            f"BLS: {r['bls_typical_education'] or '–'}\n"
            f"O*NET master's+: {f'{pct:.1f}%' if pct is not None else '–'}"
        )
        flags = f"advanced degree: {_yes_no(r['requires_advanced_degree'])} ({r['advanced_degree_evidence']}/3)"
        if r["bachelors_plus_5y"]:
            flags += "\nbachelor's + 5 years: yes"
        flags += f"\npriority field: {_yes_no(r['is_priority_field'])}"
        if r["cet_areas"]:
            flags += f" ({'; '.join(r['cet_areas'])})"
        table.add_row(str(rank), why, education, flags, f"{_count(r['employment'])}\n{_money(r['annual_median_wage'])}")
    return table


def search(
    title: Annotated[str | None, typer.Argument(help="A job title, e.g. 'Data Scientist' (may be misspelt or foreign).")] = None,
    duties: Annotated[str | None, typer.Option("--duties", help="A description of the work, matched to tasks and definitions.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="How many SOC codes to list (1-100).")] = 10,
    format: Annotated[str, typer.Option("--format", metavar="[table|json|csv]", help="table, json or csv.")] = "table",
    db: DbOption = None,
) -> None:  # fmt: skip
    """Rank SOC codes by a job title and/or a description of duties, with why each matched and its figures.

    Exits 1, saying so and suggesting broader terms, when nothing matches.
    """
    import json

    from warehouse.products import search as finder

    check_choice("--format", format, SEARCH_FORMATS)
    with published(db, finder.SearchError) as con:
        results = finder.search(con, title=title, duties=duties, limit=limit)
        corrections = finder.correct_title(con, title)[1] if title and title.strip() else {}
        asked_words = set(finder.words(" ".join(q for q in (title, duties) if q)))
        too_common = not results and bool(asked_words) and asked_words <= finder.stop_words(con)
        hints = [] if results or too_common else finder.suggestions(con, " ".join(q for q in (title, duties) if q))
    if corrections:
        err.print("searched titles for " + ", ".join(f"{typed!r} as {used!r}" for typed, used in corrections.items()))
    if not results:
        asked = " and ".join(f"{kind} {q.strip()!r}" for kind, q in (("title", title), ("duties", duties)) if q)
        where = "SOC or O*NET title, task or definition" if duties else "SOC or O*NET title"
        if too_common:  # 'the': in every text, and left out of the index as a stop word
            err.print(f"No SOC code matched {asked}: its words are too common to search by (stop words).")
        else:
            err.print(f"No SOC code matched {asked}: none of its words appears in any {where}.")
        err.print(
            "Try broader or English words (the job's main noun, such as 'engineer' or 'analyst')"
            + (f"; close title words: {', '.join(hints)}" if hints else "")
            + ("; or describe the work with --duties." if duties is None else ".")
        )
        if format == "json":
            print("[]")
        raise typer.Exit(1)
    for line in finder.reading(results[0]["explain"]):  # the same for every result: how the query was read
        err.print(line, markup=False, highlight=False)
    if format == "json":
        print(json.dumps(results, indent=2, ensure_ascii=False, default=str))
    elif format == "csv":
        _write_csv(
            ["rank", "soc_code", "title", "score", "confidence", "confidence_why", "matched", "job_zone", "bls_typical_education",
             "onet_advanced_degree_pct", "requires_advanced_degree", "advanced_degree_evidence", "bachelors_plus_5y",
             "is_priority_field", "is_stem", "cet_areas", "employment", "annual_median_wage"],
            [
                [rank, r["soc_code"], r["title"], r["score"], r["confidence"], r["confidence_why"],
                 " | ".join(f"{m['field']}: {m['text']}" for m in r["matched"]), r["job_zone"],
                 r["bls_typical_education"], r["onet_advanced_degree_pct"], r["requires_advanced_degree"],
                 r["advanced_degree_evidence"], r["bachelors_plus_5y"], r["is_priority_field"], r["is_stem"],
                 "; ".join(r["cet_areas"]), r["employment"], r["annual_median_wage"]]
                for rank, r in enumerate(results, 1)
            ],
        )  # fmt: skip
    else:
        console.print(_search_table(results))


def compare(
    codes: Annotated[list[str], typer.Argument(help="Two or more 2018 SOC detailed codes, e.g. 15-2051 15-1221.")],
    format: Annotated[
        str, typer.Option("--format", metavar="[table|md|html|json]", help="table, md, html or json.")
    ] = "table",
    db: DbOption = None,
    area: Annotated[
        str | None, typer.Option("--area", help="Add a state or metro area (code, postal abbreviation or name).")
    ] = None,
) -> None:
    """Compare SOC codes side by side, ending with which has the strongest advanced-degree and priority evidence."""
    from warehouse.products import areas, queries
    from warehouse.products import compare as comparing

    check_choice("--format", format, comparing.FORMATS)
    from warehouse.products.codes import reading_notes

    for note in reading_notes(*codes):
        err.print(f"[dim]{note}[/]")
    with published(db, queries.UnknownCode, comparing.CompareError, areas.AreaError) as con:
        comparison = comparing.compare(con, codes)
        in_area = {code: areas.area_comparison(con, code, area) for code in codes} if area else {}
    if format == "table":
        print(comparing.render(comparison, "table", color=console.is_terminal, width=console.width), end="")
        for code, figures in in_area.items():
            console.print(f"[bold]{code}[/]", areas.render_comparison(figures))
    elif format == "json" and in_area:
        import json

        data = json.loads(comparing.render(comparison, "json"))
        print(json.dumps(data | {"area": {code: areas.as_json(c) for code, c in in_area.items()}}, indent=2))
    else:
        print(comparing.render(comparison, format) + (f"\n{areas.render_many(in_area, format)}" if in_area else ""))


def related(
    soc_code: Annotated[str, typer.Argument(help="A 2018 SOC detailed code, e.g. 15-2051.")],
    format: Annotated[str, typer.Option("--format", metavar="[table|json|csv]", help="table, json or csv.")] = "table",
    db: DbOption = None,
) -> None:
    """O*NET's related occupations of a code (as SOC codes, closest first) with their flags: stronger alternatives?"""
    import json

    from rich.table import Table

    from warehouse.products import compare as comparing
    from warehouse.products import queries

    check_choice("--format", format, RELATED_FORMATS)
    from warehouse.products.codes import reading_notes

    for note in reading_notes(soc_code):
        err.print(f"[dim]{note}[/]")
    with published(db, queries.UnknownCode) as con:
        rows = comparing.related(con, soc_code)
        found = queries.occupation(con, soc_code)
        code, title = found["soc_code"], found["title"]
    if not rows:
        err.print(f"O*NET lists no related occupations for {code} {title} (it has no O*NET-SOC occupation).")
    if format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
        return
    columns = ["soc_code", "title", "relatedness_tier", "related_index", "requires_advanced_degree",
               "advanced_degree_evidence", "bachelors_plus_5y", "is_priority_field", "job_zone", "bls_typical_education"]  # fmt: skip
    if format == "csv":
        _write_csv(columns, [[r[c] for c in columns] for r in rows])
        return
    if not rows:
        return
    # Four columns, each cell wrapping at word boundaries, so the table reads at 80 columns.
    table = Table(title=f"Occupations O*NET relates to {code} {title}", title_justify="left")
    table.add_column("Occupation", ratio=3)
    table.add_column("How related (O*NET rank)", ratio=2)
    table.add_column("Advanced degree, priority field", ratio=2)
    table.add_column("Education", ratio=2)
    for r in rows:
        table.add_row(
            f"{r['soc_code']} {r['title']}",
            f"{comparing.TIER_WORDS[r['relatedness_tier']]} (#{r['related_index']})",
            f"advanced degree: {_yes_no(r['requires_advanced_degree'])} ({r['advanced_degree_evidence']}/3)"
            + ("\nbachelor's + 5 years: yes" if r["bachelors_plus_5y"] else "")
            + f"\npriority field: {_yes_no(r['is_priority_field'])}",
            f"Job Zone {r['job_zone'] if r['job_zone'] is not None else '–'}\nBLS: {r['bls_typical_education'] or '–'}",
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
    app.command()(search)
    app.command()(compare)
    app.command()(related)
