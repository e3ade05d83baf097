"""The one error type a parser or transform raises when a source file is not what we expected."""

from __future__ import annotations


class SourceFormatError(ValueError):
    """A source file does not have the layout we expect.

    The message always names the file, where in it the problem is (a column, a row, a sheet) and what was
    expected, so that a failed build says exactly which publisher's file changed and how.
    """

    def __init__(self, file_name: str, where: str, problem: str) -> None:
        self.file_name = file_name
        self.where = where
        self.problem = problem
        super().__init__(f"{file_name}: {where}: {problem}")
