"""`socwh`, the command line: app.py declares the app and the build/sql/show/export commands, the other modules
register theirs. `python -m warehouse.cli` runs it."""
