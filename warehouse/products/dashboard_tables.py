"""Every dashboard table: sortable by any column (a link per header) and downloadable as CSV, without scripts.

The state lives in the URL, like the rest of the dashboard: `sort=COLUMN&dir=asc|desc` orders the rows, and
`format=csv` answers the same rows as a CSV file (every matching row, not only the page shown). Tables hold at
most the 867 occupations, so sorting happens here, in Python, on the rows the page already fetched.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from urllib.parse import urlencode

from warehouse.products.csvsafe import safe_cell  # OWASP's rule against formula cells, the one used by every CSV


class BadSort(ValueError):
    pass


@dataclass(frozen=True)
class Sorting:
    """The sort of one table, and the URLs that change it."""

    path: str
    query: dict[str, list[str]]
    columns: tuple[str, ...]
    column: str | None = None
    descending: bool = False

    @classmethod
    def of(cls, path: str, query: dict[str, list[str]], columns: tuple[str, ...]) -> Sorting:
        column = (query.get("sort") or [""])[-1].strip() or None
        direction = (query.get("dir") or ["asc"])[-1].strip().lower()
        if column is not None and column not in columns:
            raise BadSort(f"sort: {column!r} is not a column of this table (one of {', '.join(columns)})")
        if direction not in ("asc", "desc"):
            raise BadSort(f"dir: expected asc or desc, not {direction!r}")
        return cls(path, query, columns, column, direction == "desc")

    def _url(self, **changes: str | None) -> str:
        query = {k: v for k, v in self.query.items() if k not in changes}
        query.update({k: [v] for k, v in changes.items() if v is not None})
        return self.path + ("?" + urlencode(query, doseq=True) if query else "")

    def url(self, column: str) -> str:
        """The link of a column's header: sort by it ascending, or flip it if it is the current sort."""
        descending = not self.descending if column == self.column else False
        return self._url(sort=column, dir="desc" if descending else "asc", page=None, format=None)

    def arrow(self, column: str) -> str:
        return ("▼" if self.descending else "▲") if column == self.column else ""

    def aria(self, column: str) -> str:
        return ("descending" if self.descending else "ascending") if column == self.column else "none"

    @property
    def csv_url(self) -> str:
        return self._url(format="csv", page=None)

    def page_url(self, page: int) -> str:
        return self._url(page=str(page), format=None)

    def apply(self, rows: list[dict]) -> list[dict]:
        if self.column is None:
            return rows
        present = [r for r in rows if r.get(self.column) not in (None, [], "")]
        missing = [r for r in rows if r.get(self.column) in (None, [], "")]
        present.sort(key=lambda r: _key(r[self.column]), reverse=self.descending)
        return present + missing  # rows without a value last, whichever the direction


def _key(value: object) -> object:
    if isinstance(value, list):
        return "; ".join(map(str, value)).lower()
    if isinstance(value, str):
        return value.lower()
    return value


def wants_csv(query: dict[str, list[str]]) -> bool:
    return (query.get("format") or [""])[-1].strip().lower() == "csv"


def to_csv(rows: list[dict], columns: tuple[str, ...]) -> bytes:
    """The rows as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents right); lists joined by '; '."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [safe_cell("; ".join(map(str, v)) if isinstance(v, list) else v) for v in map(row.get, columns)]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")
