"""Wording and numbers every format shares, so the pack reads the same in each.

Every writer lays the pack out in the same order: what was agreed at the last review and
what happened since; page one, the pack in brief (the figures, each goal in a line, the
highlights, the dates coming up); then each goal's progress, the CPD log, the forward
plan, and at more detail the reflections and the evidence index.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from mpl.domain.goals import ProgressNote
from mpl.domain.model import GoalStatus, LearningMoment, Review
from mpl.domain.pack import (
    Detail,
    EvidenceRow,
    GoalSince,
    GoalView,
    MomentView,
    Pack,
    RequirementsView,
    SinceReview,
)

ALIGNMENT = {
    "personal": "personal",
    "organisation": "for the organisation",
    "both": "personal and organisational",
}
PLAN_COLUMNS = (
    "Objective",
    "Actions",
    "Success criteria",
    "Target date",
    "Review date",
    "Progress",
    "Support",
)
GLANCE_COLUMNS = ("No.", "Goal", "Status", "Progress", "Success criteria")
LOG_COLUMNS = ("No.", "Date", "Activity", "Method", "Hours", "With others", "Goals, standards")
EVIDENCE_COLUMNS = ("File", "Evidences", "Added")
FULL_EVIDENCE_COLUMNS = ("File", "Evidences", "Added", "SHA-256")
# The pack's sections, and what each says when it has nothing to show.
SINCE_REVIEW, SUMMARY, BY_KIND, GOALS, HIGHLIGHTS, COMING_UP = (
    "Since the last review",
    "Summary",
    "Hours by kind",
    "Goals",
    "Highlights",
    "Coming up",
)
PROGRESS, LOG, PLAN, REVIEWS, REFLECTIONS, EVIDENCE = (
    "Progress towards each goal",
    "CPD log",
    "Forward plan",
    "Review meetings",
    "Reflections",
    "Evidence index",
)
REQUIREMENTS, COMPETENCIES = "Professional body requirements", "Competencies"
REQUIREMENT_COLUMNS = ("Requirement", "What the record shows", "Met")
COVERAGE_COLUMNS = ("Group", "Code", "Competency", "Records", "Evidence", "Last shown")
NOTHING = {
    GOALS: "No goals in this period.",
    HIGHLIGHTS: "No reflections linked to a goal yet.",
    COMING_UP: "No dates ahead: give active goals a target or review date.",
    LOG: "No learning moments in this period.",
    PLAN: "No active goals.",
    REVIEWS: "No review meetings in this period.",
    REFLECTIONS: "No reflections written in this period.",
    EVIDENCE: "No evidence files.",
}
AGREED, SINCE_THEN, NOTES = "Agreed", "Since then", "Notes"
NOTHING_AGREED = "Nothing was recorded as agreed."
MET, NOT_MET = "✓", "☐"
HIGHLIGHT_CHARS = 150  # of each part of a highlight: page one has room for 3 to 5
HIGHLIGHT_CHARS_AFTER_REVIEW = 120  # and for 3 of them, less long, below the last review
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def day(value: dt.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def short(value: dt.date | None) -> str:
    """A date in a table: 31 Mar 2027."""
    return f"{value:%-d %b %Y}" if value else ""


def hours(value: float) -> str:
    return f"{value:g}"


def tenths(value: float) -> float:
    """`value` to one decimal place, a half rounded up, as on paper (`round` makes 2.25 2.2)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def heading(pack: Pack) -> str:
    return f"Learning record: {pack.name}"


def who(pack: Pack) -> str:
    role = ", ".join(part for part in (pack.role, pack.organisation) if part)
    return role or "No current role recorded"


def period_short(pack: Pack) -> str:
    chosen = pack.period
    span = (
        f"up to {short(chosen.end)}" if chosen.open_start else f"{short(chosen.start)} to {short(chosen.end)}"
    )
    return f"{chosen.label} ({span})" if chosen.label else span


def period(pack: Pack) -> str:
    chosen = pack.period
    span = f"up to {day(chosen.end)}" if chosen.open_start else f"{day(chosen.start)} to {day(chosen.end)}"
    return f"{chosen.label} ({span})" if chosen.label else span


def running_head(pack: Pack) -> str:
    """The header line of every printed page: whose record, which period."""
    chosen = pack.period
    span = chosen.label or (
        f"up to {short(chosen.end)}" if chosen.open_start else f"{short(chosen.start)} to {short(chosen.end)}"
    )
    return f"{pack.name} · learning record · {span}"


def target(pack: Pack) -> str:
    """The hours against the target for the period: met, or short by how much."""
    figures = pack.figures
    wanted = figures.period_target
    if wanted is None or figures.hours_target is None:
        return ""
    of = (
        f"{hours(wanted)}"
        if wanted == figures.hours_target
        else f"{hours(wanted)} ({hours(figures.hours_target)} a year, pro rata)"
    )
    if figures.hours >= wanted:
        return f"{of}: met"
    return f"{of}: short by {hours(round(wanted - figures.hours, 2))}"


def hours_line(pack: Pack) -> str:
    """Page one's first line: hours against the target, and how many were participatory."""
    figures = pack.figures
    line = f"{hours(figures.hours)} hours"
    if goal := target(pack):
        line += f" against a target of {goal}"
    return line + f"; {hours(figures.participatory_hours)} participatory (with others)."


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
    if goal := target(pack):
        rows.append(("Hours target", goal))
    return rows


def by_kind(pack: Pack) -> str:
    """Hours by kind in one line: course 16.5 h, conference 6.5 h, ..."""
    return ", ".join(f"{kind} {hours(value)} h" for kind, value in pack.figures.hours_by_kind.items())


def status(view: GoalView, today: dt.date) -> str:
    """A goal's state in a few words: achieved on a date, overdue, active until its target."""
    goal = view.goal
    if goal.status is GoalStatus.ACHIEVED:
        return f"achieved {short(goal.closed)}" if goal.closed else "achieved"
    if goal.status is GoalStatus.DROPPED:
        return f"dropped {short(goal.closed)}" if goal.closed else "dropped"
    if goal.status is GoalStatus.PAUSED:
        return "paused"
    if view.overdue(today):
        return f"overdue (target {short(goal.target)})"
    return f"active, target {short(goal.target)}" if goal.target else "active"


def criteria_count(view: GoalView) -> str:
    if not view.criteria:
        return "no success criteria set"
    met = [str(n) for n, each in enumerate(view.criteria, start=1) if each.criterion.met]
    which = f" (no. {', '.join(met)})" if met and len(met) < len(view.criteria) else ""
    return f"success criteria met: {view.met} of {len(view.criteria)}{which}"


def goal_summary(view: GoalView, today: dt.date) -> str:
    """Page one's line for a goal after its title: status, progress, criteria met."""
    return f"{status(view, today)}; {view.goal.progress}%; {criteria_count(view)}"


def met_criteria(view: GoalView) -> list[str]:
    """Page one says which by number only (the goal's own part says what they are)."""
    return []


def goal_line(view: GoalView, today: dt.date) -> str:
    goal = view.goal
    parts = [goal.status.value.capitalize(), f"{goal.progress}%"]
    if goal.target:
        parts.append(f"target {day(goal.target)}" + (" (overdue)" if view.overdue(today) else ""))
    if goal.closed:
        parts.append(f"closed {day(goal.closed)}")
    parts.append(ALIGNMENT[goal.alignment.value])
    return " · ".join(parts)


def criterion(view: GoalView, index: int) -> str:
    """A success criterion with a box: ticked, with when and what shows it, once met."""
    each = view.criteria[index]
    if each.criterion.met is None:
        return f"{NOT_MET} no. {index + 1}: {each.criterion.text}"
    shown = f", shown by {each.shown_by}" if each.shown_by else ""
    return f"{MET} no. {index + 1}: {each.criterion.text} (met {day(each.criterion.met)}{shown})"


def moment_line(moment: LearningMoment) -> str:
    facts = [moment.kind.value, f"{hours(moment.hours)} h"]
    if moment.participatory:
        facts.append("participatory")
    return ", ".join(facts)


def reflection_line(view: MomentView, pack: Pack) -> str:
    """Under a reflection's title: its number in the log, kind, hours, the goals it serves."""
    line = f"No. {view.number} in the CPD log · {moment_line(view.moment)}"
    numbers = pack.goal_numbers(view)
    if numbers:
        line += " · towards goal " + ", ".join(str(n) for n in numbers)
    return line


def note(note: ProgressNote) -> str:
    percent = f" ({note.percent}%)" if note.percent is not None else ""
    return f"{day(note.date)}: {note.text}{percent}"


def goal_parts(view: GoalView, detail: Detail) -> list[tuple[str, str | list[str]]]:
    """(label, text or list items) of what a pack says about a goal, in order, the empty
    parts left out: every format shows these the same way."""
    goal = view.goal
    brief = detail is Detail.BRIEF
    planned = brief and goal.status is GoalStatus.ACTIVE  # its criteria are in the forward plan
    parts: list[tuple[str, str | list[str]]] = [
        ("Why", view.why if not brief else ""),
        (
            "Success looks like",
            [criterion(view, index) for index in range(len(view.criteria))] if not planned else [],
        ),
        ("Where I started", (goal.current or "") if not brief else ""),
        ("Why it was dropped", goal.reason or ""),
        _progress(view, detail),
    ]
    return [(label, content) for label, content in parts if content]


def _progress(view: GoalView, detail: Detail) -> tuple[str, list[str]]:
    """The progress notes; in a brief pack the latest only."""
    if detail is Detail.BRIEF and len(view.notes) > 1:
        return (f"Latest progress (of {len(view.notes)} notes)", [note(view.notes[-1])])
    return ("Progress", [note(each) for each in view.notes])


def learning_towards(view: GoalView) -> str:
    return f"Learning towards this goal ({len(view.moments)}):"


def learning_items(view: GoalView, detail: Detail) -> list[str]:
    """The learning that served a goal, by its number in the CPD log, with dates and titles
    (none in a brief pack: its CPD log says which goals each served)."""
    if detail is Detail.BRIEF:
        return []
    return [f"No. {m.number}, {short(m.moment.date)}: {m.moment.title}" for m in view.moments]


def log_row(view: MomentView, pack: Pack) -> tuple[str, str, str, str, str, str, str]:
    moment = view.moment
    activity = moment.title if view.reflected else f"{moment.title} (no reflection yet)"
    links = [", ".join(str(n) for n in pack.goal_numbers(view)), "; ".join(moment.competencies)]
    return (
        str(view.number),
        short(moment.date),
        activity,
        moment.kind.value,
        hours(moment.hours),
        "yes" if moment.participatory else "",
        "; ".join(part for part in links if part),
    )


def plan_cells(view: GoalView, today: dt.date) -> tuple[str, list[str], list[str], str, str, str, str]:
    goal = view.goal
    progress = f"{goal.progress}%" + (", overdue" if view.overdue(today) else "")
    criteria = [f"{MET} {c.criterion.text}" if c.criterion.met else c.criterion.text for c in view.criteria]
    return (
        goal.title,
        view.actions,
        criteria,
        short(goal.target),
        short(goal.review),
        progress,
        goal.support or "",
    )


def plan_row(view: GoalView, today: dt.date) -> tuple[str, ...]:
    """A forward plan row as plain cells: lists joined with semicolons."""
    return tuple(cell if isinstance(cell, str) else "; ".join(cell) for cell in plan_cells(view, today))


def coming_up(pack: Pack) -> list[str]:
    return [f"{short(when)}: {what}" for when, what in pack.coming_up]


def highlight_title(view: MomentView) -> str:
    return f"{day(view.moment.date)}: {view.moment.title}"


def highlight_parts(view: MomentView, pack: Pack) -> list[tuple[str, str]]:
    """What was learned and what changed in practice, each cut at a sentence to fit page one
    (shorter when page one opens with the last review)."""
    most = HIGHLIGHT_CHARS if pack.since_review is None else HIGHLIGHT_CHARS_AFTER_REVIEW
    return [(label, _cut(text, most)) for label, text in view.learned]


def highlights_note(pack: Pack) -> str:
    chosen = "Chosen by the author" if pack.chosen_highlights else "The latest reflections on the goals"
    if pack.detail is Detail.BRIEF:  # a brief pack holds no reflections to find them in
        return f"{chosen}."
    return f"{chosen}; each in full among the reflections."


def _cut(text: str, most: int) -> str:
    """`text` up to `most` characters, cut after a sentence where one ends, else at a word."""
    flat = " ".join(text.split())
    if len(flat) <= most:
        return flat
    ends = [match.end() for match in re.finditer(r"[.!?](?=\s)", flat[: most + 1])]
    if ends and ends[-1] >= most // 3:
        return flat[: ends[-1]] + " …"
    return flat[:most].rsplit(" ", 1)[0] + " …"


# -- the opening: the last review and what happened since ----------------------------------


def review_line(since: SinceReview, brief: bool = False) -> str:
    """Which review: "One-to-one with Ward manager on 20 October 2026; next review 1 December
    2026" (`brief`: dates as 20 Oct 2026)."""
    review, when = since.review, short if brief else day
    line = f"{review.kind.label} with {review.who} on {when(review.date)}"
    return line + (f"; next review {when(review.next)}" if review.next else "")


def review_heading(review: Review) -> str:
    """A review meeting in the full pack's list: "20 October 2026: One-to-one with Ward manager"."""
    return f"{day(review.date)}: {review.kind.label} with {review.who}"


def review_meta(review: Review) -> str:
    return f"Next review {day(review.next)}" if review.next else ""


def review_agreed(pack: Pack, review: Review) -> list[str]:
    """What was agreed at `review`, each with its goal's number in the pack (a goal not in it
    is not named)."""
    numbers = {view.goal.id: view.number for view in pack.goals}
    return [
        f"{item.text} (goal {numbers[item.goal]})" if item.goal in numbers else item.text
        for item in review.agreed
    ]


def since_label(since: SinceReview) -> str:
    span = f"{short(since.review.date)} to {short(since.until)}"
    return f"{SINCE_THEN} ({span})"


def since_items(since: SinceReview) -> list[str]:
    """What happened after the review, briefly: the learning, then each goal that moved."""
    if since.moments:
        plural = "s" if since.moments != 1 else ""
        numbers = f" (CPD log {_numbers(since.numbers)})" if since.numbers else ""
        first = f"{since.moments} learning moment{plural}, {hours(since.hours)} hours{numbers}"
    else:
        first = "No learning moments recorded since."
    return [first, *(_goal_since(each) for each in since.goals)]


def _numbers(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"no. {numbers[0]}"
    if len(numbers) == 2:
        return f"nos. {numbers[0]} and {numbers[1]}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"nos. {numbers[0]} to {numbers[-1]}"
    return "nos. " + ", ".join(str(number) for number in numbers)


def _goal_since(each: GoalSince) -> str:
    """A goal that moved since the review, in a line: its progress then and now, what was met."""
    goal = each.view.goal
    if each.closed:
        moved = f"{goal.status.value} {short(each.closed)}"
    elif each.new:
        moved = f"set since the review, now {goal.progress}%"
    elif each.was is not None and each.was != goal.progress:
        moved = f"from {each.was}% to {goal.progress}%"
    else:
        moved = f"now {goal.progress}%"
    parts = [moved]
    if each.met:
        which = ", ".join(str(number) for number in each.met)
        parts.append(f"success criteri{'a' if len(each.met) > 1 else 'on'} no. {which} met")
    if each.notes and not each.closed and moved.startswith("now"):  # moved: notes were written
        parts.append(f"{len(each.notes)} progress note{'s' if len(each.notes) != 1 else ''}")
    return f"Goal {each.view.number}, {goal.title}: " + ", ".join(parts)


def evidence_columns(pack: Pack) -> tuple[str, ...]:
    return FULL_EVIDENCE_COLUMNS if pack.detail is Detail.FULL else EVIDENCE_COLUMNS


def evidence_row(pack: Pack, row: EvidenceRow) -> tuple[str, ...]:
    if pack.detail is Detail.FULL:
        return (row.item.path, row.record_title, short(row.item.added), row.item.sha256)
    return (row.item.name, row.record_title, short(row.item.added))


def evidence_rows(pack: Pack) -> list[tuple[str, ...]]:
    return [evidence_row(pack, row) for row in pack.evidence]


def unreflected(pack: Pack) -> str:
    """Said under the CPD log when some learning has no reflection."""
    count = len(pack.unreflected)
    if not count:
        return ""
    plural = "s have" if count != 1 else " has"
    return f"{count} learning moment{plural} no reflection yet."


def left_out(pack: Pack) -> str:
    if pack.include_private:
        return "Private records are included in this pack at the owner's request."
    if pack.left_out:
        plural = "s" if pack.left_out != 1 else ""
        return f"{pack.left_out} private record{plural} or note{plural} left out."
    return "No private records were left out."


def prepared(pack: Pack) -> str:
    return f"Prepared on {day(pack.prepared)} with mpl from the owner's own record."


def shows(pack: Pack, section: str) -> bool:
    """Is `section` in a pack of this detail?"""
    if section == REFLECTIONS:
        return pack.detail is not Detail.BRIEF
    if section == EVIDENCE:
        return pack.detail is not Detail.BRIEF
    if section == REVIEWS:  # every review of the period, with the person's notes of it
        return pack.detail is Detail.FULL
    return True


# -- rule packs and competency frameworks -----------------------------------------------------


def requirements_intro(pack: Pack) -> str:
    on = min(pack.period.end, pack.prepared)
    return f"How the record stands against the rules of the bodies the author answers to, on {day(on)}."


def requirements_line(view: RequirementsView) -> str:
    """`1 April 2024 to 31 March 2027: 4 of 5 requirements met, 121 days left.`"""
    standing = view.standing
    if standing is None:
        return f"Could not be checked: {view.problem}."
    return f"{day(standing.window.start)} to {day(standing.window.end)}: {standing.progress()}."


def requirement_rows(view: RequirementsView) -> list[tuple[str, str, str]]:
    if view.standing is None:
        return []
    return [
        (outcome.requirement.title, outcome.summary(), "yes" if outcome.met else outcome.shortfall())
        for outcome in view.standing.outcomes
    ]


def requirements_source(view: RequirementsView) -> str:
    if view.standing is None:
        return ""
    pack = view.standing.pack
    return f"{pack.body}: as published at {pack.source}, checked {day(pack.checked)}."


def coverage_rows(pack: Pack) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for row in pack.coverage.rows if pack.coverage else []:
        competency = row.competency
        last = short(row.last) if row.last else "a goal only" if row.records else "nothing yet"
        rows.append(
            (competency.group, competency.code, competency.title, str(row.records), str(row.evidence), last)
        )
    return rows


def coverage_line(pack: Pack) -> str:
    coverage = pack.coverage
    if coverage is None:
        return ""
    total, empty = len(coverage.rows), coverage.uncovered
    line = f"{total - len(empty)} of {total} competencies shown by the records in this pack."
    if empty:
        line += " Nothing yet for " + ", ".join(row.competency.code for row in empty) + "."
    return line
