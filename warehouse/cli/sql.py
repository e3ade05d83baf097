"""`socwh sql`: queries on the warehouse, read-only and, unless --allow-files, with no access to other files.

DuckDB's `enable_external_access=false` refuses COPY ... TO, read_csv/read_parquet of other files, ATTACH and
extension loading; the warehouse file itself stays readable. An error prints DuckDB's own message on one line (the
LINE/caret excerpt dropped) and exits 1, not a Python traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import typer
from rich.console import Console

from warehouse.store.read import WarehouseMissing, open_readonly

_err = Console(stderr=True, soft_wrap=True)


def one_line(error: BaseException) -> str:
    """DuckDB's message in one line: its text before the 'LINE n:' excerpt, lines joined."""
    text = str(error).split("\n\nLINE ", 1)[0]
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def run_sql(db_path: Path, query: str | None, *, allow_files: bool, shell: Callable) -> None:
    try:
        with open_readonly(db_path, files=allow_files) as con:
            if query is None:
                shell(con)
                return
            relation = con.sql(query)
            if relation is not None:
                print(relation)
    except WarehouseMissing as error:  # missing, or not a readable DuckDB file
        _err.print(str(error), markup=False)
        raise typer.Exit(1) from None
    except duckdb.Error as error:
        _err.print(one_line(error), markup=False)
        raise typer.Exit(1) from None
