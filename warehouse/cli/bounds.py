"""Command-line options of `socwh build` that bound it: `--wait [SECONDS]` for the build lock, and the download
deadline and minimum rate (warehouse.sources.transfer), passed to the Dagster resources through the environment."""

from __future__ import annotations

from typing import Annotated

import typer

from warehouse.sources import transfer

DeadlineOption = Annotated[
    float | None,
    typer.Option(
        "--download-deadline",
        metavar="SECONDS",
        help="Most seconds one file's download may take; 0: no deadline \\[env: SOC_WAREHOUSE_DOWNLOAD_DEADLINE; "
        "default: a minute plus the file's maximum size at 1 MB/s].",
    ),
]
MinRateOption = Annotated[
    float | None,
    typer.Option(
        "--min-rate",
        metavar="BYTES_PER_S",
        help="Slowest average transfer rate accepted after the first 30 s; 0: none \\[env: SOC_WAREHOUSE_MIN_RATE; "
        "default 10000].",
    ),
]
FOREVER = "forever"


def download_limits_env(deadline: float | None, min_rate: float | None) -> dict[str, str]:
    return transfer.limits_env(deadline, min_rate)


def parse_wait(value: str | None) -> float | None:
    """--wait's value as seconds for warehouse.store.lock: absent -> 0 (do not wait), bare -> None (no limit)."""
    if value is None:
        return 0
    if value == FOREVER:
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise typer.BadParameter(f"--wait takes a number of seconds, not {value!r}") from None
    if seconds < 0:
        raise typer.BadParameter(f"--wait takes a number of seconds, not {value!r}")
    return seconds


def optional_wait_value(argv: list[str]) -> list[str]:
    """`--wait` may stand alone (wait as long as it takes): Typer options always take a value, so a bare `--wait`
    (last, or followed by another option) becomes `--wait=forever` before the command line is parsed."""
    out = []
    for index, arg in enumerate(argv):
        following = argv[index + 1] if index + 1 < len(argv) else None
        if arg == "--wait" and (following is None or following.startswith("-")):
            out.append(f"--wait={FOREVER}")
        else:
            out.append(arg)
    return out
