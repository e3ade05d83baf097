"""O*NET database text files: one parser per file, plus the release and the file names a release needs.

O*NET publishes each table as a tab-separated UTF-8 text file with CRLF line endings and one header row
(https://www.onetcenter.org/dictionary/30.1/text/). Fields are never quoted but may contain `"`, so the files are
split on tabs and line breaks only. Every parser checks the exact header, the number of fields on each line, the
format of every value and, where the publisher guarantees one row per key, that keys are unique. The publisher
writes `n/a` for "no value"; that becomes null only in the columns where O*NET really uses it.

Which files a release has, and their headers, is declared once in `transforms.raw.onet_releases`. Up to 30.2 the
education, training and experience ratings sit in one file; from 30.3 they are split into `Education.txt` and
`Training and Experience.txt` (each with a categories file) with the same columns, and `Alternate Titles.txt`
became `Job Titles.txt`. The parsers return the same frame for every layout.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace

import polars as pl

from transforms.errors import SourceFormatError
from transforms.raw import onet_releases
from transforms.raw.frames import conform

ONET_OCCUPATIONS_SCHEMA = pl.Schema(
    {"onet_soc_code": pl.String, "title": pl.String, "description": pl.String},
)
ONET_JOB_ZONES_SCHEMA = pl.Schema(
    {"onet_soc_code": pl.String, "job_zone": pl.Int64, "date": pl.Date, "domain_source": pl.String},
)
ONET_JOB_ZONE_REFERENCE_SCHEMA = pl.Schema(
    {
        "job_zone": pl.Int64,
        "name": pl.String,
        "experience": pl.String,
        "education": pl.String,
        "job_training": pl.String,
        "examples": pl.String,
        "svp_range": pl.String,
    },
)
ONET_EDUCATION_SCHEMA = pl.Schema(
    {
        "onet_soc_code": pl.String,
        "element_id": pl.String,
        "element_name": pl.String,
        "scale_id": pl.String,
        "category": pl.Int64,
        "data_value": pl.Float64,
        "n": pl.Int64,
        "standard_error": pl.Float64,
        "lower_ci_bound": pl.Float64,
        "upper_ci_bound": pl.Float64,
        "recommend_suppress": pl.Boolean,
        "date": pl.Date,
        "domain_source": pl.String,
    },
)
ONET_EDUCATION_CATEGORIES_SCHEMA = pl.Schema(
    {
        "element_id": pl.String,
        "element_name": pl.String,
        "scale_id": pl.String,
        "category": pl.Int64,
        "category_description": pl.String,
    },
)
ONET_SCALES_SCHEMA = pl.Schema(
    {"scale_id": pl.String, "scale_name": pl.String, "minimum": pl.Int64, "maximum": pl.Int64},
)
ONET_ALTERNATE_TITLES_SCHEMA = pl.Schema(
    {
        "onet_soc_code": pl.String,
        "alternate_title": pl.String,
        "short_title": pl.String,
        "sources": pl.String,
    },
)
ONET_REPORTED_TITLES_SCHEMA = pl.Schema(
    {"onet_soc_code": pl.String, "reported_job_title": pl.String, "shown_in_my_next_move": pl.Boolean},
)
ONET_TASK_STATEMENTS_SCHEMA = pl.Schema(
    {
        "onet_soc_code": pl.String,
        "task_id": pl.Int64,
        "task": pl.String,
        "task_type": pl.String,
        "incumbents_responding": pl.Int64,
        "date": pl.Date,
        "domain_source": pl.String,
    },
)
ONET_RELATED_OCCUPATIONS_SCHEMA = pl.Schema(
    {
        "onet_soc_code": pl.String,
        "related_onet_soc_code": pl.String,
        "relatedness_tier": pl.String,
        "related_index": pl.Int64,
    },
)


@dataclass(frozen=True)
class _Check:
    """What the published text of one column must look like."""

    pattern: str  # regex the whole field must match
    expected: str  # the pattern in words, for error messages
    na: bool = False  # O*NET writes 'n/a' in this column when there is no value; it becomes null


def _or_na(check: _Check) -> _Check:
    return replace(check, na=True, expected=f"{check.expected} or 'n/a'")


_NA = "n/a"
_TEXT = _Check(r".*\S.*", "non-empty text")
_INT = _Check(r"-?\d+", "a whole number")
_NUMBER = _Check(r"-?\d+(\.\d+)?", "a decimal number")
_MONTH = _Check(r"(0[1-9]|1[0-2])/\d{4}", "a month as MM/YYYY")
_FLAG = _Check(r"[YN]", "Y or N")
_ONET_CODE = _Check(r"\d{2}-\d{4}\.\d{2}", "an O*NET-SOC code like '15-1221.00'")
_ELEMENT_ID = _Check(r"\d+(\.[0-9A-Za-z]+)*", "a Content Model element ID like '2.D.1'")
_SCALE_ID = _Check(r"[A-Z]{2,3}", "a scale ID like 'RL'")
_JOB_ZONE = _Check(r"[1-5]", "a Job Zone from 1 to 5")

# Columns shared by the 30.x combined education file and the split Education / Training and Experience files.
_EDUCATION_COLUMNS = {
    "O*NET-SOC Code": _ONET_CODE,
    "Element ID": _ELEMENT_ID,
    "Element Name": _TEXT,
    "Scale ID": _SCALE_ID,
    "Category": _or_na(_INT),
    "Data Value": _NUMBER,
    "N": _INT,
    "Standard Error": _or_na(_NUMBER),
    "Lower CI Bound": _or_na(_NUMBER),
    "Upper CI Bound": _or_na(_NUMBER),
    "Recommend Suppress": _or_na(_FLAG),
    "Date": _MONTH,
    "Domain Source": _TEXT,
}
_EDUCATION_CATEGORIES_COLUMNS = {
    "Element ID": _ELEMENT_ID,
    "Element Name": _TEXT,
    "Scale ID": _SCALE_ID,
    "Category": _INT,
    "Category Description": _TEXT,
}
# The one scale in the education files whose rows are a mean rating rather than a percentage per category.
_IMPORTANCE_SCALE = "IM"


def parse_occupation_data(content: bytes, file_name: str) -> pl.DataFrame:
    """`Occupation Data.txt`: one row per O*NET-SOC 2019 occupation, with its title and description."""
    columns = {"O*NET-SOC Code": _ONET_CODE, "Title": _TEXT, "Description": _TEXT}
    return _read_onet(content, file_name, ONET_OCCUPATIONS_SCHEMA, columns, key=("onet_soc_code",))


def parse_job_zones(content: bytes, file_name: str) -> pl.DataFrame:
    """`Job Zones.txt`: one row per occupation that has a Job Zone (1 = little preparation, 5 = extensive).

    `date` is the month the zone was assigned (first of the month).
    """
    columns = {"O*NET-SOC Code": _ONET_CODE, "Job Zone": _JOB_ZONE, "Date": _MONTH, "Domain Source": _TEXT}
    return _read_onet(content, file_name, ONET_JOB_ZONES_SCHEMA, columns, key=("onet_soc_code",))


def parse_job_zone_reference(content: bytes, file_name: str) -> pl.DataFrame:
    """`Job Zone Reference.txt`: one row per Job Zone, with O*NET's description of the preparation it means."""
    columns = {
        "Job Zone": _JOB_ZONE,
        "Name": _TEXT,
        "Experience": _TEXT,
        "Education": _TEXT,
        "Job Training": _TEXT,
        "Examples": _TEXT,
        "SVP Range": _TEXT,
    }
    return _read_onet(content, file_name, ONET_JOB_ZONE_REFERENCE_SCHEMA, columns, key=("job_zone",))


def parse_education(content: bytes, file_name: str) -> pl.DataFrame:
    """Education and training ratings: `Education, Training, and Experience.txt` (up to 30.2), or from 30.3 on
    either `Education.txt` or `Training and Experience.txt` (same columns).

    One row per occupation, element, scale and category: `data_value` is the percentage of respondents in that
    category (scales RL, RW, PT, OJ), or on the importance scale IM a mean rating with a null `category`.
    Standard error, CI bounds and `recommend_suppress` are null where O*NET writes 'n/a' (expert-rated rows,
    zero percentages).
    """
    frame = _read_onet(
        content,
        file_name,
        ONET_EDUCATION_SCHEMA,
        _EDUCATION_COLUMNS,
        key=("onet_soc_code", "element_id", "scale_id", "category"),
    )
    _check_category_only_on_category_scales(frame, file_name)
    return frame


def parse_education_categories(content: bytes, file_name: str) -> pl.DataFrame:
    """Category labels of the education and training scales: `Education, Training, and Experience
    Categories.txt` (up to 30.2), or from 30.3 on `Education Categories.txt` or `Training and Experience
    Categories.txt` (same columns). One row per element, scale and category number.
    """
    if "Element Name" not in header(content, file_name):
        # O*NET's 30.3 dictionary lists `Education Categories` without an Element Name column (the MS SQL page is
        # the only one found): read the other four and leave the name null.
        columns = {name: check for name, check in _EDUCATION_CATEGORIES_COLUMNS.items() if name != "Element Name"}
        schema = pl.Schema({n: t for n, t in ONET_EDUCATION_CATEGORIES_SCHEMA.items() if n != "element_name"})
        frame = _read_onet(content, file_name, schema, columns, key=("element_id", "scale_id", "category"))
        return frame.with_columns(element_name=pl.lit(None, pl.String)).select(ONET_EDUCATION_CATEGORIES_SCHEMA.names())
    return _read_onet(
        content,
        file_name,
        ONET_EDUCATION_CATEGORIES_SCHEMA,
        _EDUCATION_CATEGORIES_COLUMNS,
        key=("element_id", "scale_id", "category"),
    )


def parse_scales_reference(content: bytes, file_name: str) -> pl.DataFrame:
    """`Scales Reference.txt`: one row per rating scale, with the range its values take."""
    columns = {"Scale ID": _SCALE_ID, "Scale Name": _TEXT, "Minimum": _INT, "Maximum": _INT}
    return _read_onet(content, file_name, ONET_SCALES_SCHEMA, columns, key=("scale_id",))


def parse_alternate_titles(content: bytes, file_name: str) -> pl.DataFrame:
    """`Alternate Titles.txt` (up to 30.2) or `Job Titles.txt` (30.3 on, column 'Job Title'): one row per other
    title of an occupation. `short_title` is null where O*NET has none ('n/a'); `sources` keeps O*NET's
    comma-separated source codes as published (e.g. '08,10').
    """
    columns = {
        "O*NET-SOC Code": _ONET_CODE,
        "Alternate Title": _TEXT,
        "Short Title": _or_na(_TEXT),
        "Source(s)": _Check(r"\d{2}(,\d{2})*", "comma-separated two-digit source codes like '08,10'"),
    }
    return _read_onet(
        content,
        file_name,
        ONET_ALTERNATE_TITLES_SCHEMA,
        columns,
        aliases={"Job Title": "Alternate Title"},
    )


def parse_reported_titles(content: bytes, file_name: str) -> pl.DataFrame:
    """`Sample of Reported Titles.txt`: one row per job title reported by workers in an occupation, and whether
    O*NET's My Next Move site shows it."""
    columns = {"O*NET-SOC Code": _ONET_CODE, "Reported Job Title": _TEXT, "Shown in My Next Move": _FLAG}
    return _read_onet(content, file_name, ONET_REPORTED_TITLES_SCHEMA, columns)


def parse_task_statements(content: bytes, file_name: str) -> pl.DataFrame:
    """`Task Statements.txt`: one row per task of an occupation.

    `task_type` (Core/Supplemental) and `incumbents_responding` are null where O*NET writes 'n/a' (tasks written
    by analysts rather than rated in the survey).
    """
    columns = {
        "O*NET-SOC Code": _ONET_CODE,
        "Task ID": _INT,
        "Task": _TEXT,
        "Task Type": _or_na(_Check(r"Core|Supplemental", "'Core' or 'Supplemental'")),
        "Incumbents Responding": _or_na(_INT),
        "Date": _MONTH,
        "Domain Source": _TEXT,
    }
    return _read_onet(content, file_name, ONET_TASK_STATEMENTS_SCHEMA, columns, key=("task_id",))


def parse_related_occupations(content: bytes, file_name: str) -> pl.DataFrame:
    """`Related Occupations.txt`: one row per occupation and one of its related occupations, with O*NET's tier
    (Primary-Short, Primary-Long, Supplemental) and rank within the occupation (`related_index`, from 1)."""
    columns = {
        "O*NET-SOC Code": _ONET_CODE,
        "Related O*NET-SOC Code": _ONET_CODE,
        "Relatedness Tier": _Check(
            r"Primary-Short|Primary-Long|Supplemental", "'Primary-Short', 'Primary-Long' or 'Supplemental'"
        ),
        "Index": _Check(r"[1-9]\d*", "a rank from 1"),
    }
    return _read_onet(
        content,
        file_name,
        ONET_RELATED_OCCUPATIONS_SCHEMA,
        columns,
        key=("onet_soc_code", "related_onet_soc_code"),
    )


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_README_LINES = (
    (re.compile(r"O\*NET (\d+\.\d+) Database"), "'O*NET <release> Database', e.g. 'O*NET 30.1 Database'"),
    (re.compile(rf"((?:{_MONTHS}) \d{{4}}) Release"), "'<Month> <year> Release', e.g. 'December 2025 Release'"),
)


def parse_readme_release(content: bytes, file_name: str) -> tuple[str, str]:
    """`Read Me.txt`: the release number and month from its first two lines, e.g. ('30.1', 'December 2025')."""
    lines = _decode(content, file_name).splitlines()
    found = []
    for number, (pattern, expected) in enumerate(_README_LINES, start=1):
        line = lines[number - 1].strip() if len(lines) >= number else ""
        match = pattern.fullmatch(line)
        if match is None:
            raise SourceFormatError(file_name, f"line {number}", f"expected {expected}, found {line!r}")
        found.append(match.group(1))
    return found[0], found[1]


def onet_layout(release: str) -> str:
    """The layout of an O*NET release (e.g. '30.1' -> 'up to 30.1', '30.3' -> '30.3'), as `onet_releases` declares
    it. Raises UnknownOnetRelease for a release no layout covers."""
    return onet_releases.layout_of(release).covers


def _names(release: str, table: str) -> list[str]:
    return [f.name for f in onet_releases.layout_of(release).files_of(table)]


def onet_education_files(release: str) -> list[str]:
    """The education and training rating files of a release; each one is read by `parse_education`."""
    return _names(release, "onet_education")


def onet_education_category_files(release: str) -> list[str]:
    """The category label files of a release; each one is read by `parse_education_categories`."""
    return _names(release, "onet_education_categories")


def onet_alternate_titles_file(release: str) -> str:
    """The file `parse_alternate_titles` reads in a release."""
    (name,) = _names(release, "onet_alternate_titles")
    return name


def onet_files(release: str) -> list[str]:
    """Every file of a release the warehouse reads (names as in the release's folder and download URL)."""
    return [f.name for f in onet_releases.layout_of(release).files]


def header(content: bytes, file_name: str) -> list[str]:
    """The column names in a file's first line (for checking a release's layout before parsing)."""
    return _lines(content, file_name)[0].split("\t")


def _read_onet(
    content: bytes,
    file_name: str,
    schema: pl.Schema,
    columns: dict[str, _Check],
    *,
    key: tuple[str, ...] = (),
    aliases: dict[str, str] | None = None,
) -> pl.DataFrame:
    """Read one O*NET text file whose header is exactly `columns` (publisher's names, in order) into `schema`
    (our names and types, same order). `aliases` maps another release's name of a column to ours; `key` names
    columns that identify a row."""
    names = list(schema.names())
    aliases = aliases or {}
    lines = _lines(content, file_name)
    found = [aliases.get(header, header) for header in lines[0].split("\t")]
    _check_header(found, list(columns), file_name, aliases)
    if len(lines) == 1:
        raise SourceFormatError(file_name, "line 2", "expected data rows after the header, found none")
    rows = [line.split("\t") for line in lines[1:]]
    for number, fields in enumerate(rows, start=2):
        if len(fields) != len(names):
            raise SourceFormatError(
                file_name,
                f"line {number}",
                f"expected {len(names)} tab-separated fields (one per header column), found {len(fields)}",
            )
    fields_by_column = zip(*rows, strict=True)  # every row has len(names) fields, checked above
    raw = pl.DataFrame(dict(zip(names, fields_by_column, strict=True)), schema=dict.fromkeys(names, pl.String))
    for (header, check), name in zip(columns.items(), names, strict=True):
        _check_values(raw[name], header, check, file_name)
    converted = raw.select(
        _convert(name, schema[name], check.na) for check, name in zip(columns.values(), names, strict=True)
    )
    frame = conform(converted, schema)
    if key:
        _check_unique(frame, key, file_name)
    return frame


def _decode(content: bytes, file_name: str) -> str:
    """The text of a file that must be UTF-8; a stray byte raises with the line it is on."""
    try:
        # A byte-order mark is not part of the data; O*NET does not write one, but an editor might.
        return content.removeprefix(codecs.BOM_UTF8).decode("utf-8")
    except UnicodeDecodeError as error:
        line = content.count(b"\n", 0, error.start) + 1
        raise SourceFormatError(
            file_name,
            f"line {line}",
            f"expected UTF-8 text, found the byte 0x{content[error.start]:02x}, which is not valid UTF-8 there",
        ) from error


def _lines(content: bytes, file_name: str) -> list[str]:
    """The lines of a file, header first, without line breaks. Only LF and CRLF end a line: descriptions may hold
    other characters that `str.splitlines` would treat as line breaks."""
    lines = _decode(content, file_name).split("\n")
    if lines[-1] == "":
        lines.pop()  # the break that ends the last line
    if not lines:
        raise SourceFormatError(file_name, "line 1", "expected the header row, found an empty file")
    return [line.removesuffix("\r") for line in lines]


def _check_header(found: list[str], expected: list[str], file_name: str, aliases: dict[str, str]) -> None:
    if found == expected:
        return
    header = ", ".join(f"'{name}'" for name in expected)
    accepted = "".join(f" ('{other}' is accepted for '{ours}')" for other, ours in aliases.items())
    for position in range(max(len(found), len(expected))):
        want = expected[position] if position < len(expected) else None
        got = found[position] if position < len(found) else None
        if want == got:
            continue
        if want is None:
            where, problem = f"column '{got}'", "unexpected extra column"
        elif got is None:
            where, problem = f"column '{want}'", "missing"
        else:
            where, problem = f"column '{want}'", f"expected '{want}' as column {position + 1}, found '{got}'"
        raise SourceFormatError(file_name, where, f"{problem}; expected the header {header}{accepted}")


def _check_values(values: pl.Series, header: str, check: _Check, file_name: str) -> None:
    """Raise on the first field of a column that does not look like `check` says."""
    ok = values.str.contains(f"^(?:{check.pattern})$")
    if check.na:
        ok = ok | (values == _NA)
    bad = (~ok).arg_true()
    if bad.len():
        index = bad[0]
        raise SourceFormatError(
            file_name,
            f"column '{header}', line {index + 2}",
            f"expected {check.expected}, found {values[index]!r}",
        )


def _convert(name: str, dtype: pl.DataType, na: bool) -> pl.Expr:
    """The expression that turns a checked text column into its output type."""
    column = pl.col(name)
    if na:
        column = pl.when(column != _NA).then(column)
    if dtype == pl.Date:  # O*NET dates are months, MM/YYYY: the first of the month stands for it
        converted = (pl.lit("01/") + column).str.to_date("%d/%m/%Y")
    elif dtype == pl.Boolean:
        converted = column == "Y"
    else:
        converted = column.cast(dtype)
    return converted.alias(name)


def _check_unique(frame: pl.DataFrame, key: tuple[str, ...], file_name: str) -> None:
    repeated = (~frame.select(pl.struct(key).is_first_distinct()).to_series()).arg_true()
    if repeated.len():
        index = repeated[0]
        values = ", ".join(f"{name}={frame[name][index]!r}" for name in key)
        raise SourceFormatError(
            file_name, f"line {index + 2}", f"expected one row per {', '.join(key)}, found a second row for {values}"
        )


def _check_category_only_on_category_scales(frame: pl.DataFrame, file_name: str) -> None:
    """Only IM rows (a mean rating) have no category; a missing category on any other scale would silently drop
    a percentage from its distribution."""
    wrong = (frame["category"].is_null() != (frame["scale_id"] == _IMPORTANCE_SCALE)).arg_true()
    if wrong.len():
        index = wrong[0]
        category = frame["category"][index]
        found = "'n/a'" if category is None else f"category {category}"
        raise SourceFormatError(
            file_name,
            f"column 'Category', line {index + 2}",
            f"expected 'n/a' on the {_IMPORTANCE_SCALE} rows and a category number on every other scale, "
            f"found {found} on scale '{frame['scale_id'][index]}'",
        )
