"""Everything mpl takes from the world, in one object that tests can replace.

Commands read the portfolio location, today's date, the editor and the input
stream from an `Env` instead of from globals (httpie's pattern).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

DEFAULT_PORTFOLIO_NAME = "learning"


@dataclass
class Env:
    home: Path
    cwd: Path
    today: dt.date
    portfolio: Path | None = None  # -C/--portfolio, else MPL_PORTFOLIO
    editor: str = "vi"
    opener: str | None = None  # MPL_OPENER: the program that opens files; None: the system's
    stdin: TextIO | None = None  # None: sys.stdin at the time of use
    interactive: bool = False  # may mpl ask questions?
    warn: Callable[[str], None] = field(default=lambda message: report(message))

    @classmethod
    def from_os(cls) -> Env:
        environ = os.environ
        today = environ.get("MPL_TODAY")  # for reproducible scripts and demos
        portfolio = environ.get("MPL_PORTFOLIO")
        return cls(
            home=Path.home(),
            cwd=Path.cwd(),
            today=_fixed_today(today) if today else dt.date.today(),
            portfolio=Path(portfolio).expanduser() if portfolio else None,
            editor=environ.get("VISUAL") or environ.get("EDITOR") or "vi",
            opener=environ.get("MPL_OPENER") or None,
            interactive=sys.stdin.isatty() and sys.stdout.isatty(),
        )

    @property
    def input(self) -> TextIO:
        return self.stdin or sys.stdin

    def piped_text(self) -> str:
        """What was piped into mpl, if anything (never waits on a terminal)."""
        stream = self.input
        return "" if stream.isatty() else stream.read()

    def ask(self, question: str) -> str:
        """One line of an answer from the person ('' at end of input)."""
        sys.stdout.write(question)
        sys.stdout.flush()
        return self.input.readline().strip()

    @property
    def default_portfolio(self) -> Path:
        return self.home / DEFAULT_PORTFOLIO_NAME


def report(line: str) -> None:
    """One line on stderr, as mpl says everything that is not its output: `mpl: ...`."""
    print(f"mpl: {line}", file=sys.stderr)


def _fixed_today(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        from mpl.errors import MplError

        raise MplError(
            f"MPL_TODAY={text!r} is not a date", hint="give it as YYYY-MM-DD, or unset it"
        ) from None
