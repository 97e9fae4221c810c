"""How records look on screen (rich) and to scripts (JSON).

rich is imported inside the functions that draw, so commands that print
nothing heavy do not pay for it at start-up.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mpl.domain.changes import Change
from mpl.domain.goals import ProgressNote, criteria_met, days_left
from mpl.domain.reflection import is_reflected, sections
from mpl.domain.rows import GoalRow, MomentRow, ReviewRow, Row
from mpl.domain.search import Hit, Snippet
from mpl.ui.output import emit_json, markup, on_terminal, plain_rows, say, shown

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from mpl.domain.model import EvidenceItem, Goal, LearningMoment, Record, Review, Role
    from mpl.usecases.goals import GoalView
    from mpl.usecases.status import Dashboard

__all__ = ["emit_json", "markup", "say", "shown"]  # re-exported for the command modules


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, soft_wrap=False)
    # rich has no hook for a reader gone away but this method: replaced on this console only
    out.on_broken_pipe = _reader_gone  # type: ignore[method-assign]
    return out


def _reader_gone() -> None:
    """The reader went away (`mpl show x | head -1`): as for any output, mpl stops quietly
    (rich's own way exits 1)."""
    raise BrokenPipeError


def record_json(record: Record, root: Path) -> dict[str, Any]:
    from mpl.domain.model import LearningMoment

    data = record.model_dump(mode="python")
    data["path"] = str(record.path.relative_to(root)) if record.path else None
    data["body"] = record.body
    if isinstance(record, LearningMoment):
        data["reflection"] = {k: v for k, v in sections(record.body).items() if k}
        data["reflected"] = is_reflected(record.body)
    return data


def _table(*columns: str, title: str | None = None) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        table.add_column(
            column,
            justify="right" if column in ("Hours", "Progress") else "left",
            overflow="fold" if column == "Id" else "ellipsis",
            min_width=8 if column == "Id" else None,
        )
    return table


def _hours(value: float) -> str:
    return f"{value:g}"


def hours_of(value: float) -> str:
    """`1 hour`, `1.5 hours`, `0 hours`."""
    return f"{value:g} hour{'' if value == 1 else 's'}"


def moments_table(moments: Sequence[LearningMoment | MomentRow], total: tuple[int, float]) -> None:
    """On a terminal, the moments, and a last line with how many matched in all (`total`:
    count, hours); else (piped, to a file) one plain line of tab-separated fields for
    each, as `moment_fields` says, and nothing more."""
    if not on_terminal():
        plain_rows(moment_fields(m) for m in moments)
        return
    table = _table("Date", "Id", "Title", "Kind", "Hours", "Tags")
    for m in moments:
        title = markup(m.title) + (" (private)" if m.private else "")
        table.add_row(
            m.date.isoformat(), m.id, title, m.kind.value, _hours(m.hours), markup(", ".join(m.tags))
        )
    console().print(table)
    count, hours = total
    line = f"{count:,} learning moment{'s' if count != 1 else ''}, {hours_of(round(hours, 2))}"
    if count > len(moments):
        line += f" (the latest {len(moments):,} shown: --all shows every one)"
    say(line)


def moment_fields(moment: LearningMoment | MomentRow) -> tuple[str, ...]:
    """A learning moment as plain fields: date, id, title, kind, hours, tags (comma-separated),
    and `private` or nothing."""
    return (
        moment.date.isoformat(),
        moment.id,
        moment.title,
        moment.kind.value,
        _hours(moment.hours),
        ",".join(moment.tags),
        "private" if moment.private else "",
    )


def goals_table(goals: Sequence[GoalRow], today: dt.date, linked: dict[str, int]) -> None:
    table = _table("Id", "Title", "Status", "Progress", "Criteria met", "Target", "Moments")
    for goal in goals:
        table.add_row(
            goal.id,
            markup(goal.title),
            goal.status.value,
            f"{goal.progress}%",
            _criteria(goal),
            _target(goal, today),
            str(linked.get(goal.id, 0)),
        )
    console().print(table)


def _criteria(goal: Goal | GoalRow) -> str:
    if isinstance(goal, GoalRow):
        return f"{goal.met} of {goal.criteria}" if goal.criteria else ""
    return f"{criteria_met(goal)} of {len(goal.success)}" if goal.success else ""


def _target(goal: Goal | GoalRow, today: dt.date) -> str:
    left = days_left(goal, today)
    if goal.target is None or left is None:
        return ""
    if goal.status.value != "active":
        return goal.target.isoformat()
    if left < 0:
        return f"[red]{goal.target} ({-left} days overdue)[/red]"
    return f"{goal.target} ({left} days)"


def show_moment(moment: LearningMoment, goal_titles: dict[str, str]) -> None:
    out = console()
    out.print(f"[bold]{markup(moment.title)}[/bold]" + ("  [dim](private)[/dim]" if moment.private else ""))
    facts = [moment.date.isoformat(), moment.kind.value, f"{_hours(moment.hours)} h"]
    if moment.participatory:
        facts.append("participatory")
    out.print(" · ".join(facts), markup=False)
    if moment.role:
        out.print(
            shown(f"as {moment.role}" + (f", {moment.organisation}" if moment.organisation else "")),
            markup=False,
        )
    for goal in moment.goals:
        out.print(shown(f"goal: {goal_titles.get(goal, goal)} ({goal})"), markup=False)
    if moment.tags:
        out.print(shown("tags: " + ", ".join(moment.tags)), markup=False)
    for line in rule_facts(moment):
        out.print(shown(line), markup=False)
    if moment.issuer:
        verified = "verified" if moment.verified else "not verified"
        out.print(shown(f"issued by {moment.issuer} ({verified})"), markup=False)
    out.print(f"id: {moment.id}", style="dim", markup=False)
    _print_evidence(out, moment.evidence)
    out.print()
    if is_reflected(moment.body):
        out.print(_markdown(moment.body))
    else:
        out.print(
            "No reflection yet: add one with `mpl edit " + moment.id + "`.",
            style="yellow",
            markup=False,
        )


def rule_facts(moment: LearningMoment) -> list[str]:
    """What the record says for professional bodies' rules, a line each (only what it says)."""
    flags = [flag for flag in ("verifiable", "planned", "formal", "ethics") if getattr(moment, flag)]
    lines = [" · ".join(flags)] if flags else []
    if moment.counts_as:
        lines.append("counts as: " + ", ".join(moment.counts_as))
    if moment.standards:
        lines.append("standards: " + "; ".join(moment.standards))
    if moment.competencies:
        lines.append("competencies: " + ", ".join(moment.competencies))
    if moment.feedback_from:
        lines.append(f"feedback from: {moment.feedback_from}")
    partner = [moment.partner, moment.partner_registration, moment.partner_email, moment.partner_address]
    if any(partner):
        lines.append("with: " + ", ".join(part for part in partner if part))
    return lines


def goal_json(
    goal: Goal, root: Path, notes: Sequence[ProgressNote], moments: Sequence[LearningMoment]
) -> dict[str, Any]:
    data = record_json(goal, root)
    data["notes"] = [vars(note) for note in notes]
    data["moments"] = [moment.id for moment in moments]
    return data


def show_goal_view(view: GoalView, root: Path, today: dt.date, json: bool) -> None:
    """A goal with its notes and learning: on screen, or as JSON."""
    if json:
        emit_json(goal_json(view.goal, root, view.notes, view.moments))
    else:
        show_goal(view.goal, view.moments, today)


def show_goal(goal: Goal, moments: Sequence[LearningMoment], today: dt.date) -> None:
    out = console()
    out.print(f"[bold]{markup(goal.title)}[/bold]  [dim]{goal.status.value}[/dim]")
    out.print(f"{_bar(goal.progress)} {goal.progress}%")
    if goal.target:
        out.print("target: " + _target(goal, today))
    if goal.review:
        out.print(f"review: {goal.review}", markup=False)
    out.print(f"alignment: {goal.alignment.value}", markup=False)
    if goal.current:
        out.print(shown(f"where I am now: {goal.current}"), markup=False)
    if goal.support:
        out.print(shown(f"support needed: {goal.support}"), markup=False)
    if goal.success:
        out.print(f"[bold]Success looks like[/bold] ({criteria_met(goal)} of {len(goal.success)} met)")
        for number, criterion in enumerate(goal.success, start=1):
            if criterion.met:
                by = criterion.by or criterion.evidence
                proof = f", shown by {by}" if by else ""
                line = f"  {number}. [green]✓[/green] {markup(criterion.text)}"
                out.print(line + f"  [dim](met {criterion.met:%-d %b %Y}{markup(proof)})[/dim]")
            else:
                out.print(shown(f"  {number}. ☐ {criterion.text}"), markup=False)
    if goal.reason:
        out.print(shown(f"reason: {goal.reason}"), markup=False)
    out.print(f"id: {goal.id}", style="dim", markup=False)
    _print_evidence(out, goal.evidence)
    out.print()
    if goal.body.strip():
        out.print(_markdown(goal.body))
    if moments:
        out.print()
        out.print(f"[bold]Learning moments ({len(moments)})[/bold]")
        for m in moments:
            out.print(shown(f"  {m.date}  {m.title}  ({m.id})"), markup=False)


def _markdown(body: str) -> Any:
    """A record's Markdown for the terminal: shown, not obeyed (no escape sequences from the
    text), and each link with its address written out rather than made clickable."""
    from rich.markdown import Markdown

    return Markdown(shown(body, lines=True), hyperlinks=False)


def reviews_list(reviews: Sequence[Review]) -> None:
    """Review meetings as they come (newest first), each with what was agreed at it: a
    block each rather than a table, so that what was agreed reads at any width."""
    out = console()
    for number, review in enumerate(reviews):
        if number:
            out.print()
        private = "  [dim](private)[/dim]" if review.private else ""
        out.print(f"[bold]{review.date.isoformat()}  {markup(review.title)}[/bold]{private}")
        facts = [review.id, f"with {review.who}"]
        if review.next:
            facts.append(f"next review {review.next.isoformat()}")
        out.print(shown("  " + " · ".join(facts)), style="dim", markup=False)
        for item in review.agreed:
            out.print(f"  • {_agreed(item.text, item.goal)}")
    count = len(reviews)
    say(f"{count} review meeting{'s' if count != 1 else ''}")


def _agreed(text: str, goal: str | None) -> str:
    return markup(text) + (f" [dim](goal {goal})[/dim]" if goal else "")


def show_review(review: Review) -> None:
    out = console()
    out.print(f"[bold]{markup(review.title)}[/bold]" + ("  [dim](private)[/dim]" if review.private else ""))
    out.print(shown(f"{review.date.isoformat()} · {review.kind.value} · with {review.who}"), markup=False)
    if review.next:
        out.print(f"next review: {review.next.isoformat()}", markup=False)
    if review.agreed:
        out.print(f"[bold]Agreed[/bold] ({len(review.agreed)})")
        for item in review.agreed:
            out.print(f"  • {_agreed(item.text, item.goal)}")
    out.print(f"id: {review.id}", style="dim", markup=False)
    _print_evidence(out, review.evidence)
    if review.body.strip():
        out.print()
        out.print(_markdown(review.body))


def _print_evidence(out: Console, items: Sequence[EvidenceItem]) -> None:
    if items:
        out.print(f"[bold]Evidence ({len(items)})[/bold]")
        for line in evidence_lines(items):
            out.print(shown(line), markup=False)


def history_table(changes: Sequence[Change]) -> None:
    table = _table("When", "Commit", "Change")
    for change in changes:
        summary = change.summary if change.action else f"{change.summary} (not by mpl)"
        table.add_row(f"{change.when:%Y-%m-%d %H:%M}", change.sha[:8], markup(summary))
    console().print(table)


def roles_table(roles: Sequence[Role]) -> None:
    table = _table("From", "To", "Role", "Organisation")
    for role in roles:
        table.add_row(
            str(role.start),
            str(role.end) if role.end else "now",
            markup(role.title),
            markup(role.organisation),
        )
    console().print(table)


PROGRESS_FROM_BYTES = 32 * 1024 * 1024  # smaller work finishes before a bar would help


@contextmanager
def progress_bar(total_bytes: int, description: str) -> Iterator[Callable[[int], None] | None]:
    """A transient progress bar on stderr for long byte-counting work, else None."""
    if total_bytes < PROGRESS_FROM_BYTES:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total_bytes)
        yield lambda done: progress.advance(task, done)


@contextmanager
def counting_bar(total: int, description: str) -> Iterator[Callable[[int], None]]:
    """A transient progress bar on stderr counting `total` items (drawn on a terminal only)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    screen = console(stderr=True)
    if not screen.is_terminal:
        yield lambda done: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=screen, transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda done: progress.advance(task, done)


_ABSENT = {"missing": "missing", "link": "a link, not followed", "not-a-file": "not a file"}


def evidence_table(rows: Sequence[tuple[str, EvidenceItem, str]]) -> None:
    table = _table("Record", "File", "Original name", "Size", "Added", "Note")
    for record_id, item, there in rows:
        path = markup(item.path)
        if there != "ok":
            path = f"[red]{path} ({_ABSENT.get(there, there)})[/red]"
        table.add_row(
            record_id,
            path,
            markup(item.name),
            _size(item.size),
            str(item.added),
            markup(item.note or ""),
        )
    console().print(table)


def _size(size: float) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return str(size)


def evidence_lines(items: Sequence[EvidenceItem]) -> list[str]:
    return [
        f"  {number}. {item.name} ({_size(item.size)}, added {item.added}) {item.path}"
        + (f": {item.note}" if item.note else "")
        for number, item in enumerate(items, start=1)
    ]


@contextmanager
def count_bar(
    description: str, at_least: int = 500, after: float = 0.0
) -> Iterator[Callable[[int, int], None]]:
    """A callback (done, total) that shows a transient progress bar on stderr, if it is a
    terminal, once the total is large enough to be worth one and the work has taken
    `after` seconds."""
    import time

    state: dict[str, Any] = {}
    started = time.monotonic()

    def advance(done: int, total: int) -> None:
        if total < at_least:
            return
        if "bar" not in state:
            if not state.setdefault("shown", sys.stderr.isatty()) or time.monotonic() - started < after:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
            state["bar"] = Progress(*columns, console=console(stderr=True), transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(description, total=total)
        state["bar"].update(state["task"], completed=done)

    try:
        yield advance
    finally:
        if "bar" in state:
            state["bar"].stop()


def search_results(hits: Sequence[Hit[Row]], total: int) -> None:
    out = console()
    for hit in hits:
        record = hit.record
        if isinstance(record, MomentRow):
            when = str(record.date)
        elif isinstance(record, ReviewRow):
            when = f"review, {record.date}"
        else:
            when = f"goal, {record.status.value}"
        out.print(f"[bold]{markup(record.title)}[/bold]  [dim]{when} · {record.id}[/dim]")
        out.print(_snippet(hit.snippet))
    shown = f" (the best {len(hits)} shown: --limit N shows more)" if total > len(hits) else ""
    say(f"{total:,} match{'es' if total != 1 else ''}{shown}")


def _snippet(snippet: Snippet) -> Text:
    """The words around the matches, the matches in bold, heading marks left out."""
    from rich.text import Text

    line = Text("  ")
    for text, match in snippet:
        words = " ".join(word for word in text.split() if word.strip("#"))
        if text[:1].isspace() and line.plain.strip():
            words = " " + words
        if text[-1:].isspace() and words:
            words += " "
        line.append(shown(words), style="bold yellow" if match else None)
    return line


GOALS_ON_DASHBOARD = 8  # the soonest targets; more do not fit on one screen


def dashboard_json(board: Dashboard) -> dict[str, Any]:
    return {
        "name": board.name,
        "role": board.role,
        "today": board.today,
        "cpd_year": {"start": board.cpd_year.start, "end": board.cpd_year.end},
        "hours": board.hours,
        "hours_target": board.hours_target,
        "moments_this_year": board.moments_this_year,
        "goals": [
            {
                "id": state.goal.id,
                "title": state.goal.title,
                "progress": state.goal.progress,
                "target": state.goal.target,
                "days_left": state.days_left,
                "overdue": state.overdue,
                "moments": state.moments,
                "last_activity": state.last_activity,
            }
            for state in board.goals
        ],
        "recent": [
            {
                "id": m.id,
                "date": m.date,
                "title": m.title,
                "kind": m.kind,
                "hours": m.hours,
                "private": m.private,
            }
            for m in board.recent
        ],
        "next_review": _next_review_json(board),
        "nudges": board.nudges,
        "rule_packs": [pack_status_json(line) for line in board.packs],
    }


def pack_status_json(line: Any) -> dict[str, Any]:
    standing = line.standing
    if standing is None:
        return {"pack": line.name, "title": line.title, "problem": line.problem}
    return {
        "pack": line.name,
        "title": line.title,
        "met": standing.met,
        "requirements": len(standing.outcomes),
        "requirements_met": standing.met_count,
        "cycle_end": standing.window.end,
        "days_left": standing.days_left,
    }


def pack_status_line(line: Any) -> str:
    """`NMC revalidation: 3 of 5 requirements met, 127 days left (to 31 Mar 2027)`."""
    standing = line.standing
    if standing is None:
        return f"{line.title}: cannot check: {line.problem}"
    return f"{line.title}: {standing.progress()} (to {standing.window.end:%-d %b %Y})"


def _next_review_json(board: Dashboard) -> dict[str, Any] | None:
    coming = board.next_review
    if coming is None:
        return None
    return {
        "date": coming.date,
        "with": coming.review.who,
        "days_left": coming.days,
        "overdue": coming.overdue,
        "review": coming.review.id,
    }


def show_dashboard(board: Dashboard) -> None:
    out = console()
    out.print(f"[bold]{markup(board.name)}[/bold]" + (f"  {markup(board.role)}" if board.role else ""))
    year = board.cpd_year
    hours = (
        f"{_hours(board.hours)} of {hours_of(board.hours_target)}"
        if board.hours_target
        else hours_of(board.hours)
    )
    moments = board.moments_this_year
    out.print(
        f"CPD year {year.start:%-d %b %Y} to {year.end:%-d %b %Y}: "
        f"[bold]{hours}[/bold], {moments} learning moment{'' if moments == 1 else 's'}"
    )
    if board.hours_target:
        out.print(_bar(min(100, round(100 * board.hours / board.hours_target))))
    for line in board.packs:
        good = line.standing is not None and line.standing.met
        out.print(("[green]✓[/green] " if good else "[red]✗[/red] ") + markup(pack_status_line(line)))
    if board.next_review:
        coming = board.next_review
        days = {0: "today", 1: "tomorrow", -1: "1 day overdue"}.get(coming.days)
        days = days or (f"{-coming.days} days overdue" if coming.overdue else f"in {coming.days} days")
        out.print(
            shown(f"Next review: {coming.date:%-d %b %Y} with {coming.review.who} ({days})"), markup=False
        )
    out.print()
    if board.goals:
        table = _table("Goal", "Progress", "", "Criteria met", "Target", "Moments", title="Active goals")
        for state in board.goals[:GOALS_ON_DASHBOARD]:
            goal = state.goal
            table.add_row(
                markup(goal.title),
                f"{goal.progress}%",
                _bar(goal.progress, width=10),
                _criteria(goal),
                _target(goal, board.today),
                str(state.moments),
            )
        out.print(table)
        if len(board.goals) > GOALS_ON_DASHBOARD:
            more = len(board.goals) - GOALS_ON_DASHBOARD
            out.print(f"and {more} more: `mpl goal list --status active`", markup=False)
    else:
        out.print("No active goals: set one with `mpl goal add`.", markup=False)
    if board.recent:
        table = _table("Date", "Title", "Kind", "Hours", title="Recent learning")
        for m in reversed(board.recent):
            title = markup(m.title) + (" [dim](private)[/dim]" if m.private else "")
            table.add_row(m.date.isoformat(), title, m.kind.value, _hours(m.hours))
        out.print(table)
    for nudge in board.nudges:
        out.print(f"[yellow]•[/yellow] {markup(nudge)}")


def _bar(percent: int, width: int = 20) -> str:
    filled = round(width * percent / 100)
    return f"[green]{'█' * filled}[/green][dim]{'░' * (width - filled)}[/dim]"
