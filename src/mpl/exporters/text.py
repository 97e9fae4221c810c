"""Wording and numbers every format shares, so the pack reads the same in each."""

from __future__ import annotations

import datetime as dt

from mpl.domain.goals import ProgressNote
from mpl.domain.model import LearningMoment
from mpl.domain.pack import GoalView, Pack

ALIGNMENT = {
    "personal": "personal",
    "organisation": "for the organisation",
    "both": "personal and organisational",
}
PLAN_COLUMNS = ("Objective", "Actions", "Success criteria", "Target date", "Review date")
EVIDENCE_COLUMNS = ("File", "Evidences", "Added", "SHA-256")
# The pack's sections, and what each says when it has nothing to show.
SUMMARY, BY_KIND, GOALS, UNLINKED, PLAN, EVIDENCE = (
    "Summary",
    "Hours by kind",
    "Goals",
    "Learning not linked to a goal",
    "Forward plan",
    "Evidence index",
)
NOTHING = {
    GOALS: "No goals in this period.",
    UNLINKED: "None in this period.",
    PLAN: "No active goals.",
    EVIDENCE: "No evidence files.",
}
NO_REFLECTION = "No reflection written yet."


def day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def hours(value: float) -> str:
    return f"{value:g}"


def heading(pack: Pack) -> str:
    return f"Learning record: {pack.name}"


def who(pack: Pack) -> str:
    role = ", ".join(part for part in (pack.role, pack.organisation) if part)
    return role or "No current role recorded"


def period(pack: Pack) -> str:
    chosen = pack.period
    span = f"up to {day(chosen.end)}" if chosen.open_start else f"{day(chosen.start)} to {day(chosen.end)}"
    return f"{chosen.label} ({span})" if chosen.label else span


def summary_rows(pack: Pack) -> list[tuple[str, str]]:
    figures = pack.figures
    rows = [
        ("Learning moments", str(figures.moments)),
        ("Hours", hours(figures.hours)),
        ("Participatory hours (with others)", hours(figures.participatory_hours)),
        ("Reflections written", f"{figures.reflections} of {figures.moments}"),
        ("Goals achieved in the period", str(figures.goals_achieved)),
        ("Goals active", str(figures.goals_active)),
        ("Goals overdue", str(figures.goals_overdue)),
    ]
    if figures.hours_target is not None:
        rows.append(("Yearly hours target", hours(figures.hours_target)))
    return rows


def goal_line(view: GoalView, today: dt.date) -> str:
    goal = view.goal
    parts = [goal.status.value.capitalize(), f"{goal.progress}%"]
    if goal.target:
        parts.append(f"target {day(goal.target)}" + (" (overdue)" if view.overdue(today) else ""))
    if goal.closed:
        parts.append(f"closed {day(goal.closed)}")
    parts.append(ALIGNMENT[goal.alignment.value])
    return " · ".join(parts)


def moment_line(moment: LearningMoment) -> str:
    facts = [moment.kind.value, f"{hours(moment.hours)} h"]
    if moment.participatory:
        facts.append("participatory")
    return ", ".join(facts)


def note(note: ProgressNote) -> str:
    percent = f" ({note.percent}%)" if note.percent is not None else ""
    return f"{day(note.date)}: {note.text}{percent}"


def goal_parts(view: GoalView) -> list[tuple[str, str | list[str]]]:
    """(label, text or list items) of what a pack says about a goal, in order, the empty
    parts left out: every format shows these the same way."""
    goal = view.goal
    parts: list[tuple[str, str | list[str]]] = [
        ("Why", view.why),
        ("Success looks like", goal.success),
        ("Where I started", goal.current or ""),
        ("Why it was dropped", goal.reason or ""),
        ("Progress", [note(each) for each in view.notes]),
    ]
    return [(label, content) for label, content in parts if content]


def learning_towards(view: GoalView) -> str:
    return f"Learning towards this goal ({len(view.moments)}):"


def evidence_rows(pack: Pack) -> list[tuple[str, str, str, str]]:
    return [(row.item.path, row.record_title, day(row.item.added), row.item.sha256) for row in pack.evidence]


def plan_row(view: GoalView) -> tuple[str, str, str, str, str]:
    goal = view.goal
    return (goal.title, "; ".join(view.actions), "; ".join(goal.success), day(goal.target), day(goal.review))


def left_out(pack: Pack) -> str:
    if pack.include_private:
        return "Private records are included in this pack at the owner's request."
    if pack.left_out:
        plural = "s" if pack.left_out != 1 else ""
        return f"{pack.left_out} private record{plural} or note{plural} left out."
    return "No private records were left out."


def prepared(pack: Pack) -> str:
    return f"Prepared on {day(pack.prepared)} with mpl from the owner's own record."
