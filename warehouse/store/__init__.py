"""Storage: DuckDB tables (db), the build file and its atomic publish, the single-writer lock, recovery of an
interrupted publish, and opening the published warehouse read-only."""
