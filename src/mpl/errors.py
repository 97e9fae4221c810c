"""Errors a person can act on, and the exit codes they become.

Every user-facing failure is an `MplError`: the root app prints its one-line
message (and hint) and exits with its status. Nothing else prints errors.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # a user mistake: unknown id, bad date, refused change
    USAGE = 2  # a bad option or argument (click's own code)
    NO_PORTFOLIO = 3  # no portfolio where one was looked for
    BAD_FILE = 4  # a malformed record or settings file
    GIT = 5  # git refused or failed
    PROBLEMS = 6  # a check (evidence verify, doctor) found problems
    INTERNAL = 70  # a bug in mpl


class MplError(Exception):
    """A failure with a message a person can act on."""

    status = ExitStatus.ERROR

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NoPortfolio(MplError):
    status = ExitStatus.NO_PORTFOLIO


class BadFile(MplError):
    """A file mpl cannot read; names the file and, where known, the line."""

    status = ExitStatus.BAD_FILE

    def __init__(
        self,
        path: Path,
        problem: str,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(
            f"{where}: {problem}",
            hint=hint or "the file was left as it is: fix it with `mpl edit` or any editor",
        )


class NotSaved(MplError):
    """An edit that is not valid yet: kept as a draft, not saved."""

    status = ExitStatus.BAD_FILE


class GitFailed(MplError):
    status = ExitStatus.GIT
