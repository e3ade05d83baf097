"""Settings, from the environment (SOC_WAREHOUSE_*) with command-line overrides."""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import platformdirs

PACKAGE_DIR = Path(__file__).resolve().parent
APP_NAME = "soc-warehouse"
DB_NAME = "soc_warehouse.duckdb"
# The O*NET release release discovery probes upward from (the newest one the shared test data holds); the newest of a
# known layout is transforms.raw.onet_releases.NEWEST_KNOWN.
DEFAULT_ONET_RELEASE = "30.1"
PROJECT_URL = "https://github.com/soc-warehouse/soc-warehouse"
# How long a caller's read-only SQL (the MCP query_sql tool) may run before it is interrupted, unless the server is
# started with another limit (`socwh mcp --sql-seconds`).
SQL_MAX_SECONDS = 10.0


def default_data_dir() -> Path:
    """Where the warehouse, its downloads, reports and Dagster instance go unless SOC_WAREHOUSE_DB and
    SOC_WAREHOUSE_CACHE say otherwise: the platform's user data directory, outside the package and any checkout
    (`$XDG_DATA_HOME/soc-warehouse`, by default `~/.local/share/soc-warehouse`, on Linux). Read when settings are
    made, so XDG_DATA_HOME set later (as the tests do) counts."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Settings:
    db_path: Path
    cache_dir: Path
    mirror: str | None
    contact: str | None
    onet_release: str
    # True when no release is pinned (SOC_WAREHOUSE_ONET_RELEASE / --onet-release unset): a build then loads the newest
    # release it finds, probing upward from `onet_release` (warehouse.sources.polling.resolve_onet_release).
    discover_onet_release: bool = False
    # Set by discovery when O*NET published a newer release than `onet_release` whose layout this code does not know
    # (warehouse.sources.polling.resolve_onet_release): the build loads `onet_release` and records that it saw this one.
    onet_found: str | None = None

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        pinned = env.get("SOC_WAREHOUSE_ONET_RELEASE") or None
        return cls(
            db_path=Path(env.get("SOC_WAREHOUSE_DB") or default_data_dir() / DB_NAME),
            cache_dir=Path(env.get("SOC_WAREHOUSE_CACHE") or default_data_dir() / "cache"),
            mirror=env.get("SOC_WAREHOUSE_MIRROR") or None,
            contact=env.get("SOC_WAREHOUSE_CONTACT") or None,
            onet_release=pinned or DEFAULT_ONET_RELEASE,
            discover_onet_release=pinned is None,
        )

    def with_overrides(self, **values: object) -> Settings:
        """These settings with every non-None value replaced (command-line options win over the environment)."""
        values = {key: value for key, value in values.items() if value is not None}
        if "onet_release" in values:  # --onet-release pins the release
            values.setdefault("discover_onet_release", False)
        return replace(self, **values)

    def as_env(self) -> dict[str, str]:
        """The SOC_WAREHOUSE_* variables that reproduce these settings (for Dagster resources read from EnvVar)."""
        env = {"SOC_WAREHOUSE_DB": str(self.db_path), "SOC_WAREHOUSE_CACHE": str(self.cache_dir)}
        if not self.discover_onet_release:  # exporting a release would pin it
            env["SOC_WAREHOUSE_ONET_RELEASE"] = self.onet_release
        if self.mirror:
            env["SOC_WAREHOUSE_MIRROR"] = self.mirror
        if self.contact:
            env["SOC_WAREHOUSE_CONTACT"] = self.contact
        return env


def user_agent(contact: str | None) -> str:
    """download.bls.gov answers 403 unless the User-Agent names the client and a way to reach its operator."""
    who = f"contact: {contact}" if contact else "contact unset: set SOC_WAREHOUSE_CONTACT"
    return f"soc-warehouse/0.1 (+{PROJECT_URL}; {who})"
