"""Reading and editing any record as a whole file: `mpl show` and `mpl edit`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from mpl.domain.rows import MomentRow
from mpl.domain.vocab import ChangeKind
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio
from mpl.usecases.editor import edit_until_valid
from mpl.usecases.filters import Filters, query_of
from mpl.usecases.goals import GoalView, view_goal

if TYPE_CHECKING:
    from mpl.domain.model import LearningMoment, Record, Review

_CONFLICT_MARKER = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)


M = TypeVar("M")


@dataclass(frozen=True)
class Listed(Generic[M]):
    moments: list[M]  # oldest first
    count: int  # how many matched in all
    hours: float  # their hours


def list_moments(portfolio: Portfolio, filters: Filters, newest: int | None) -> Listed[LearningMoment]:
    """The learning moments `filters` ask for, oldest first (only the `newest` N if given),
    with how many there are in all and their hours."""
    query = query_of(portfolio, filters)
    count, hours = portfolio.totals(query)
    return Listed(portfolio.moments(query, newest), count, hours)


def list_moment_rows(portfolio: Portfolio, filters: Filters, newest: int | None) -> Listed[MomentRow]:
    """`list_moments`, as the rows a listing shows (no pydantic needed)."""
    query = query_of(portfolio, filters)
    count, hours = portfolio.totals(query)
    return Listed(portfolio.moment_rows(query, newest), count, hours)


@dataclass(frozen=True)
class MomentShown:
    moment: LearningMoment
    goal_titles: dict[str, str]  # goal id -> title, for the goals it names


def show_record(portfolio: Portfolio, ref: str) -> MomentShown | GoalView | Review:
    """The learning moment (with the titles of the goals it serves), goal or review meeting
    `ref` names."""
    from mpl.domain.model import Goal, Review

    record = portfolio.find(ref)
    if isinstance(record, Goal):
        return view_goal(portfolio, record)
    if isinstance(record, Review):
        return record
    named = set(record.goals)  # only their titles: the index's rows, not every goal made whole
    return MomentShown(record, {goal.id: goal.title for goal in portfolio.goal_rows() if goal.id in named})


@dataclass(frozen=True)
class Edited:
    record: Record
    merged: bool  # the file changed while the editor was open, and the edit was merged in


def edit_record(portfolio: Portfolio, ref: str) -> Edited | None:
    """Let the person edit a record's file in their editor and save the result once it is
    valid; None when they changed nothing.

    What the file was when the editor opened is remembered. If it changed meanwhile (another
    mpl command, another editor), the person's edit is merged onto the new version where they
    touched different lines; where they touched the same lines, nothing is saved and the draft
    holds both versions, marked, to settle with `mpl edit` again."""
    from mpl.domain.model import LearningMoment

    path, text, model, file_id = portfolio.raw_text(ref)
    old = _record_in(portfolio, path, text, model)
    old_id = old.id if old else None
    name = old_id or file_id
    again = f"mpl edit {name}"
    linked_before = set(old.goals) if isinstance(old, LearningMoment) else set()

    def check(edited: str) -> Record:
        if _CONFLICT_MARKER.search(edited):
            raise MplError(
                "it still holds conflict markers (<<<<<<<, =======, >>>>>>>)",
                hint="keep one version of each marked part and delete the marker lines",
            )
        record = portfolio.check(path, edited, model)
        if old_id and record.id != old_id:
            raise MplError(f"the id must stay {old_id!r} (other records refer to it)")
        if isinstance(record, LearningMoment) and set(record.goals) - linked_before:
            _refuse_unknown_goals(portfolio, sorted(set(record.goals) - linked_before))
        return record

    base = portfolio.drafts.base(name) or text  # a draft carried on was made from its own base
    edited = edit_until_valid(portfolio, name, text, check, again)
    if edited is None:
        return None
    new_text, record = edited
    with portfolio.changing():  # only to save: the editor may be open for a long time
        current = _current_text(portfolio, path, name)
        merged = current != base
        if merged:
            new_text = _merged(portfolio, name, path, base, new_text, current, again)
            record = check(new_text)
        record = portfolio.replace(path, new_text, f"edit: {record.title}", ChangeKind.EDIT, model)
    portfolio.drafts.drop(name)
    return Edited(record, merged)


def _current_text(portfolio: Portfolio, path: Path, name: str) -> str:
    if not path.is_file():
        raise MplError(
            f"{portfolio.relative(path)} was moved or deleted while you were editing it: not saved",
            hint=f"your edit is kept in {portfolio.drafts.path(name)}",
        )
    return portfolio.read_text(path)


def _merged(
    portfolio: Portfolio, name: str, path: Path, base: str, ours: str, theirs: str, again: str
) -> str:
    """The person's edit merged onto the file as it is now; where both changed the same
    lines, the draft keeps both, marked, and nothing is saved."""
    merged, clean = portfolio.merge(base, ours, theirs)
    if clean:
        return merged
    draft = portfolio.drafts.save(name, merged, base=theirs)
    raise MplError(
        f"{portfolio.relative(path)} changed while you were editing it, on lines you changed too: not saved",
        hint=f"your draft {draft} holds both versions between <<<<<<< and >>>>>>> lines;"
        f" run `{again}` to settle them",
    )


def _record_in(portfolio: Portfolio, path: Path, text: str, model: type[Record]) -> Record | None:
    """The record the file holds now, if it can be read at all."""
    try:
        return portfolio.check(path, text, model)
    except MplError:
        return None


def _refuse_unknown_goals(portfolio: Portfolio, added: list[str]) -> None:
    """Refuse links an edit adds to goals that do not exist (a typo would link nothing)."""
    known = {goal.id for goal in portfolio.goals()}
    unknown = [goal for goal in added if goal not in known]
    if unknown:
        names = ", ".join(repr(goal) for goal in unknown)
        raise MplError(
            f"goals: no goal has the id {names}",
            hint="`mpl goal list` shows their ids; set the goal up first with `mpl goal add`",
        )
