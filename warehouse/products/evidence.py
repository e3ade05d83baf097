"""`socwh evidence`: one occupation's printable, one-page HTML evidence sheet.

The sheet is one self-contained HTML file (inline CSS, no scripts, fonts, images or links it must fetch), so it
prints the same anywhere and can be attached to a petition file as it is. Every figure cites the publisher file it
came from, with that file's release, URL and retrieval date as recorded in `source_releases` at build time.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import jinja2

from transforms.raw import onet
from warehouse.config import PACKAGE_DIR
from warehouse.products import queries, signals
from warehouse.sources import catalog, citations

TEMPLATES = PACKAGE_DIR / "templates"
PAPERS = {"letter": "Letter", "a4": "A4"}  # --paper value -> CSS @page size
STEM_PROGRAMS_SHOWN = None  # every linked STEM program is listed (11-9121 links 141: the sheet runs to a second page)
# Short publisher names for the sheet's source table (the catalog's full names are too long for one line).
PUBLISHERS = {
    "soc": "BLS",
    "onet": "O*NET Center",
    "oews": "BLS OEWS",
    "ep": "BLS EP",
    "cip": "NCES",
    "stem": "DHS ICE",
}
CET_DISCLAIMER = (
    "The CET (Critical and Emerging Technologies) areas are soc-warehouse's own curated judgement, not an official "
    "mapping: no agency publishes a crosswalk from SOC codes to the CET list."
)

# Which catalog files each figure of the sheet comes from (keys of `catalog.source_files`). The O*NET education
# files depend on the release's layout, so they are looked up per release in `_figure_files`.
FIGURES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("soc", "Title, definition and groups", ("soc.definitions", "soc.structure")),
    ("ep", "BLS education, experience and training", ("ep.education",)),
    ("job_zone", "O*NET Job Zone", ("onet.job_zones", "onet.job_zone_reference")),
    ("onet_education", "O*NET required level of education", ()),
    ("oews", "Employment and wages", ("oews.data",)),
    ("stem", "STEM link", ("cip.crosswalk", "stem.list")),
)


def template_environment() -> jinja2.Environment:
    """The Jinja2 environment of the sheet and the dashboard: autoescaped, strict about missing names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = money
    env.filters["number"] = lambda value: "–" if value is None else f"{value:,}"
    env.filters["short_label"] = short_label
    return env


def money(value: float | None) -> str:
    return "–" if value is None else f"${value:,.0f}"


def short_label(label: str) -> str:
    """O*NET category labels carry a definition after ' - ' ('Post-Secondary Certificate - awarded for ...')."""
    return label.split(" - ")[0]


def _figure_files(onet_release: str) -> dict[str, tuple[str, ...]]:
    # 'Education, Training, and Experience.txt' up to 30.2, 'Education.txt' from 30.3 (not 'Training and ...')
    education = tuple(
        f"onet.{catalog.file_key(name)}"
        for name in onet.onet_education_files(onet_release)
        if name.startswith("Education")
    )
    return {key: files or education for key, _, files in FIGURES}


def references(row: dict, sources: list[dict]) -> tuple[list[dict], dict[str, list[int]]]:
    """Number the source files the sheet's figures come from, in the order of FIGURES.

    Returns the reference list (one per file: number, short publisher, file, release, url, retrieved date, the
    figures it backs) and, per figure key, the reference numbers to cite. A file the warehouse has no record of
    is still listed, with its catalog URL and 'not recorded' for release and date, so a gap shows instead of hiding.
    """
    catalog_files = catalog.source_files(row["onet_release"])
    recorded = {source["url"]: source for source in sources}
    numbered: dict[str, dict] = {}
    cites: dict[str, list[int]] = {}
    for figure, files in _figure_files(row["onet_release"]).items():
        label = next(label for key, label, _ in FIGURES if key == figure)
        for key in files:
            url = catalog_files[key].url
            if url not in numbered:
                source = recorded.get(url)
                publisher = catalog_files[key].source
                numbered[url] = {
                    "number": len(numbered) + 1,
                    "publisher": PUBLISHERS[publisher],
                    "file": source["file"] if source else url.rsplit("/", 1)[-1],
                    "release": citations.release_label(
                        publisher, source["release"] if source else None, source.get("release_name") if source else None
                    ),
                    "url": url,
                    "retrieved": source["retrieved_at"].strftime("%Y-%m-%d") if source else "not recorded",
                    # how the bytes were obtained: "copied from an offline mirror of <url>" when that is what happened
                    "mirror": source.get("read_from") if source and source.get("from_mirror") else None,
                    "figures": [],
                }
            numbered[url]["figures"].append(label)
            cites.setdefault(figure, []).append(numbered[url]["number"])
    return list(numbered.values()), cites


def sheet_context(
    row: dict,
    distribution: list[dict],
    sources: list[dict],
    cet: list[dict],
    stem_programs: list[dict],
    job_zone_name: str | None,
    *,
    paper: str = "letter",
    generated: datetime | None = None,
    case_reference: str | None = None,
    include_cet: bool = True,
) -> dict:
    """Everything the template shows, from the query results (pure: no I/O)."""
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {', '.join(PAPERS)}, not {paper!r}")
    refs, cites = references(row, sources)
    return {
        "case_reference": (case_reference or "").strip() or None,
        "include_cet": include_cet,
        "pages": public_pages(row),
        "disagreements": signals.disagreements(row),
        "official_signal": signals.OFFICIAL,
        "experience_label": signals.EXPERIENCE_LABEL,
        "experience_caveat": signals.EXPERIENCE_CAVEAT,
        "mirrored": any(ref["mirror"] for ref in refs),
        "o": row,
        "job_zone_name": job_zone_name,
        "distribution": distribution,
        "refs": refs,
        "cite": cites,
        "cet": cet,
        "stem_shown": stem_programs,
        "stem_more": 0,
        "onet_attribution": catalog.ONET_CC_BY.format(release=row["onet_release"]),
        "bls_attribution": catalog.SOURCES["oews"].attribution,
        "cet_disclaimer": CET_DISCLAIMER,
        "page_size": PAPERS[paper],
        "oews_release": citations.release_label("oews", row["oews_release"], _release_name(sources, "oews")),
        "stem_list_date": citations.release_label("stem", row["stem_release"]),
        "generated": (generated or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _release_name(sources: list[dict], source: str) -> str | None:
    return next((s.get("release_name") for s in sources if s["source"] == source and s.get("release_name")), None)


def public_pages(row: dict) -> list[dict]:
    """The public pages an officer can open to check the sheet's figures, beside the raw files cited."""
    pages = [
        {"what": f"O*NET OnLine summary of {code}", "url": citations.onet_summary_url(code)}
        for code in row["onet_codes"] or []
    ]
    if row["oews_code"]:
        aggregate = f" (published for {row['oews_code']})" if row["oews_code"] != row["soc_code"] else ""
        pages.append(
            {"what": f"BLS OEWS national estimates{aggregate}", "url": citations.oews_occupation_url(row["oews_code"])}
        )
    pages += [
        {"what": "BLS Employment Projections, education and training by occupation (table 5.4)",
         "url": citations.EP_TABLE},
        {"what": "DHS STEM Designated Degree Program List", "url": citations.DHS_STEM_PAGE},
        {"what": "BLS OES STEM occupation definition", "url": citations.BLS_STEM_PAGE},
        {"what": "NCES CIP–SOC crosswalk", "url": citations.CIP_SOC_PAGE},
        {"what": "2018 Standard Occupational Classification", "url": citations.SOC_PAGE},
    ]  # fmt: skip
    return pages


def job_zone_name(con: duckdb.DuckDBPyConnection, job_zone: int | None) -> str | None:
    """O*NET's name of a Job Zone ('Job Zone Five: Extensive Preparation Needed')."""
    found = queries.rows(con, "SELECT name FROM raw.onet_job_zone_reference WHERE job_zone = ?", [job_zone])
    return found[0]["name"] if found else None


def cet_evidence(con: duckdb.DuckDBPyConnection, code: str) -> list[dict]:
    """The occupation's curated CET areas with the rationale each was chosen for."""
    return queries.rows(
        con, "SELECT cet_area, rationale FROM core.cet_areas WHERE soc_code = ? ORDER BY cet_area", [code]
    )


def stem_programs(con: duckdb.DuckDBPyConnection, code: str) -> list[dict]:
    """The CIP programs linked to the occupation that are on the DHS STEM list."""
    return queries.rows(
        con,
        "SELECT cip_code, trim(cip_title, ' .') AS cip_title FROM core.stem_links "
        "WHERE soc_code = ? AND is_stem ORDER BY cip_code",
        [code],
    )


def render_sheet(context: dict) -> str:
    return template_environment().get_template("evidence.html.j2").render(context)


def evidence_html(
    con: duckdb.DuckDBPyConnection,
    code: str,
    *,
    paper: str = "letter",
    case_reference: str | None = None,
    include_cet: bool = True,
    area: str | None = None,
) -> str:
    """The evidence sheet of `code` as one HTML document; queries.UnknownCode for a malformed or unknown code.
    With `area` (a state or metro area, see warehouse.products.areas) it adds the area's figures beside the nation's."""
    row = queries.occupation(con, code)
    context = sheet_context(
        row,
        queries.education_distribution(con, row["onet_codes"] or []),
        queries.sources(con),
        cet_evidence(con, row["soc_code"]),
        stem_programs(con, row["soc_code"]),
        job_zone_name(con, row["job_zone"]),
        paper=paper,
        case_reference=case_reference,
        include_cet=include_cet,
    )
    if area:
        from warehouse.products import areas

        comparison = areas.area_comparison(con, row["soc_code"], area)
        context |= {"area": comparison, "area_measures": areas.MEASURES, "area_value": areas.format_value}
    return render_sheet(context)


def write_evidence(
    con: duckdb.DuckDBPyConnection,
    code: str,
    out: Path,
    *,
    paper: str = "letter",
    case_reference: str | None = None,
    include_cet: bool = True,
    area: str | None = None,
) -> Path:
    """Render the sheet, then write it to `out` exactly as given (no folder is created): a PDF printed by headless
    Chromium when `out` ends in .pdf, else the HTML itself."""
    html = evidence_html(con, code, paper=paper, case_reference=case_reference, include_cet=include_cet, area=area)
    if out.suffix.lower() == ".pdf":
        from warehouse.products.pdf import html_to_pdf

        html_to_pdf(html, out)
    else:
        out.write_text(html, encoding="utf-8")
    return out
