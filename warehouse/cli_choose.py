"""`socwh search`, `compare`, `related`: choosing a SOC code."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to `app`."""
