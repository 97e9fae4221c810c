"""`mpl doctor`: everything about a portfolio that needs a person's care, one line each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mpl.storage import health
from mpl.storage.evidence import Progress
from mpl.storage.portfolio import Portfolio
from mpl.usecases.evidence import verify
from mpl.usecases.messages import words


@dataclass(frozen=True)
class Finding:
    path: str
    problem: str
    line_number: int | None = None

    def line(self) -> str:
        """`path:LINE: problem`, as warnings and errors name a place in a file."""
        where = f"{self.path}:{self.line_number}" if self.line_number else self.path
        return f"{where}: {self.problem}"


def examine(portfolio: Portfolio, progress: Progress | None = None) -> list[Finding]:
    """Schema, duplicate ids, dangling goal references, evidence, git and the folder."""
    findings = [Finding(_posix(portfolio, e.path), e.problem, e.line) for e in portfolio.unreadable()]
    for record_id, paths in portfolio.record_paths().items():
        first = _posix(portfolio, paths[0])
        for path in paths[1:]:
            findings.append(Finding(_posix(portfolio, path), f"uses the id {record_id!r}, as {first} does"))
    for path, goal in [*portfolio.dangling_links(), *_agreed_for_no_goal(portfolio)]:
        findings.append(
            Finding(_posix(portfolio, path), f"refers to the goal {goal!r}, which does not exist")
        )
    for item in verify(portfolio, progress):
        findings.append(Finding(item.path, item.line().removeprefix(f"{item.path}: ")))
    findings += [Finding(problem.path, words(problem)) for problem in health.problems(portfolio)]
    return findings


def _agreed_for_no_goal(portfolio: Portfolio) -> list[tuple[Path, str]]:
    """(file, goal id) of each review whose agreed action names a goal that does not exist."""
    goals = {goal.id for goal in portfolio.goals()}
    return [
        (review.path, item.goal)
        for review in portfolio.reviews()
        if review.path is not None
        for item in review.agreed
        if item.goal is not None and item.goal not in goals
    ]


def repair(portfolio: Portfolio) -> list[str]:
    """Every fix that loses nothing (see `mpl.storage.health.repair`), one line each."""
    return [words(fix) for fix in health.repair(portfolio)]


def _posix(portfolio: Portfolio, path: Path | None) -> str:
    return portfolio.relative(path).as_posix() if path else "?"
