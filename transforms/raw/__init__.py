"""Parsers: the bytes of one publisher's file in, one typed Polars frame out.

Every parser is a pure function `parse_...(content: bytes, file_name: str, ...) -> pl.DataFrame`: no file or
network I/O, no Dagster. `file_name` is only used in error messages. A parser checks the layout it relies on
(header names, sheet names, code formats) and raises `transforms.errors.SourceFormatError` naming the file, the
column or row, and what was expected; it never lets a value silently become null.
"""
