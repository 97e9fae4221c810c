"""Goals: what success looks like, and the dated notes that show progress.

A goal's body has `## Why`, `## Planned actions` and `## Progress` sections;
each progress note is one line `- YYYY-MM-DD: text (NN%)` under `## Progress`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from mpl.domain import text
from mpl.domain.vocab import GoalStatus
from mpl.errors import MplError

if TYPE_CHECKING:
    from mpl.domain.model import Criterion, Goal


class Dated(Protocol):
    """A goal, whole or as a row: what its dates and status say."""

    @property
    def status(self) -> GoalStatus: ...
    @property
    def target(self) -> dt.date | None: ...
    @property
    def closed(self) -> dt.date | None: ...


D = TypeVar("D", bound=Dated)


PROGRESS_HEADING = "## Progress"
ACTIONS_HEADING = "## Planned actions"
_NOTE = re.compile(r"^- (\d{4}-\d{2}-\d{2})( \(private\))?:\s*(.*?)(?:\s*\((\d{1,3})%\))?\s*$")


@dataclass(frozen=True)
class ProgressNote:
    date: dt.date
    text: str
    percent: int | None = None
    private: bool = False  # kept out of exports unless the person asks

    def line(self) -> str:
        """The note as its one line under `## Progress` (a line break in its text is a space:
        a note's second line would be no part of it, and could pass for a public note)."""
        percent = f" ({self.percent}%)" if self.percent is not None else ""
        private = " (private)" if self.private else ""
        return f"- {self.date.isoformat()}{private}: {text.line(self.text)}{percent}"


def goal_body(why: str, actions: Sequence[str]) -> str:
    planned = "\n".join(f"- {action}" for action in text.words(actions))
    why = text.section_text(why).strip()
    parts = [f"## Why\n\n{why}\n" if why else "## Why\n"]
    parts.append(f"## Planned actions\n\n{planned}\n" if planned else "## Planned actions\n")
    parts.append(f"{PROGRESS_HEADING}\n")
    return "\n".join(parts)


def planned_actions(body: str) -> list[str]:
    """The list items under `## Planned actions`."""
    actions, inside = [], False
    for line in body.split("\n"):
        if line.startswith("## "):
            inside = line.strip() == ACTIONS_HEADING
        elif inside and line.lstrip().startswith(("- ", "* ")):
            actions.append(line.strip()[2:].strip())
    return actions


def with_note(body: str, note: ProgressNote) -> str:
    """`body` with `note` as the last line of its Progress section (made if missing)."""
    return _with_line(body, PROGRESS_HEADING, note.line())


def with_action(body: str, action: str) -> str:
    """`body` with `action` as the last item of its Planned actions section (made before
    the Progress section if missing); as it was when the goal plans that action already."""
    action = text.line(action)  # one item: a line break in it cannot start a section
    if action in planned_actions(body):
        return body
    return _with_line(body, ACTIONS_HEADING, f"- {action}", before=PROGRESS_HEADING)


def _with_line(body: str, heading: str, new: str, before: str | None = None) -> str:
    """`body` with the line `new` after the last line of the section under `heading`; a
    missing section is made before the section `before` (if there is one), else at the end."""
    lines = body.rstrip("\n").split("\n") if body.strip() else []
    if heading not in (line.strip() for line in lines):
        at = next((i for i, line in enumerate(lines) if before and line.strip() == before), None)
        if at is None:
            lines += ["", heading] if lines else [heading]
        else:
            lines[at:at] = [heading, ""]
    start = next(i for i, line in enumerate(lines) if line.strip() == heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    last = max((i for i in range(start, end) if lines[i].strip()), default=start)
    insert = [new]
    if last == start:  # the section's first line: a blank line after the heading
        insert = ["", new]
    lines[last + 1 : last + 1] = insert
    return "\n".join(lines) + "\n"


def progress_notes(body: str) -> list[ProgressNote]:
    """The dated notes under `## Progress`; lines of other shapes are left out."""
    notes, inside = [], False
    for line in body.split("\n"):
        if line.startswith("## "):
            inside = line.strip() == PROGRESS_HEADING
        elif inside and (match := _NOTE.match(line.strip())):
            try:
                day = dt.date.fromisoformat(match[1])
            except ValueError:
                continue
            percent = int(match[4]) if match[4] else None
            notes.append(ProgressNote(day, match[3], percent, private=bool(match[2])))
    return notes


def closing_changes(status: GoalStatus, day: dt.date, reason: str | None) -> dict[str, object]:
    """Front-matter changes for moving a goal to `status`."""
    closed = status in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)
    changes: dict[str, object] = {"status": status, "closed": day if closed else None}
    changes["reason"] = text.line(reason or "") or None if status is GoalStatus.DROPPED else None
    if status is GoalStatus.ACHIEVED:
        changes["progress"] = 100
    return changes


def current(goals: Sequence[D], today: dt.date) -> list[D]:
    """The goals still open, and those closed within the past year."""
    year_ago = today - dt.timedelta(days=365)
    return [goal for goal in goals if goal.closed is None or goal.closed >= year_ago]


def days_left(goal: Dated, today: dt.date) -> int | None:
    return (goal.target - today).days if goal.target else None


def overdue(goal: Dated, today: dt.date) -> bool:
    """An active goal whose target date has passed."""
    return goal.status is GoalStatus.ACTIVE and goal.target is not None and goal.target < today


def criteria_met(goal: Goal) -> int:
    return sum(1 for criterion in goal.success if criterion.met is not None)


def with_criterion_met(
    goal: Goal, number: int, day: dt.date | None, by: str | None = None, evidence: str | None = None
) -> list[Criterion]:
    """`goal`'s success criteria with the `number`-th (from 1) met on `day`, shown by the
    learning moment `by` or the evidence file `evidence`; with `day` None, not met after all."""
    if not goal.success:
        raise MplError(f"{goal.id} has no success criteria yet", hint=f"add them with `mpl edit {goal.id}`")
    if not 1 <= number <= len(goal.success):
        raise MplError(
            f"{goal.id} has {len(goal.success)} success criteri{'a' if len(goal.success) != 1 else 'on'};"
            f" there is no number {number}",
            hint=f"`mpl goal show {goal.id}` numbers them",
        )
    criteria = [criterion.model_copy() for criterion in goal.success]
    chosen = criteria[number - 1]
    chosen.met, chosen.by, chosen.evidence = day, by if day else None, evidence if day else None
    return criteria
