"""How rule pack checks and competency coverage look on screen and to scripts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mpl.ui.output import markup, say, shown

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from mpl.domain.competencies import Coverage
    from mpl.domain.rules import Outcome
    from mpl.usecases.cpd import PackCheck, PackInfo, Unchecked


def _escape(text: str) -> str:
    return markup(text)  # shown, and never read as rich markup


def _day(day: dt.date | None) -> str:
    return f"{day:%-d %b %Y}" if day else ""


def _console() -> Console:
    from mpl.ui.render import console

    return console()


def _table(*columns: str, title: str | None = None) -> Table:
    from rich.table import Table

    table = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        table.add_column(column, justify="right" if column in ("Records", "Evidence") else "left")
    return table


def show_checks(checks: Sequence[PackCheck | Unchecked], verbose: bool) -> None:
    from mpl.usecases.cpd import Unchecked

    out = _console()
    for number, check in enumerate(checks):
        if number:
            out.print()
        if isinstance(check, Unchecked):
            out.print(f"[bold]{_escape(check.title)}[/bold]: {_escape(check.reason())}")
            continue
        standing, pack = check.standing, check.pack
        window = standing.window
        out.print(f"[bold]{_escape(pack.title)}[/bold]  [dim]{_escape(pack.body)}[/dim]")
        line = f"{_day(window.start)} to {_day(window.end)}: {standing.time_left()}"
        if window.rolled_from:
            passed = _day(window.rolled_from)
            line += f" (your {pack.cycle.date_name} date {passed} has passed: counted to the next)"
        out.print(shown(line), markup=False)
        table = _table("", "Requirement", "The record shows", "Short")
        for outcome in standing.outcomes:
            mark = "[green]✓[/green]" if outcome.met else "[red]✗[/red]"
            title = outcome.requirement.title
            if outcome.window != window:
                title += f" ({_day(outcome.window.start)} to {_day(outcome.window.end)})"
            table.add_row(mark, _escape(title), _escape(outcome.summary()), _escape(outcome.shortfall()))
        out.print(table)
        for outcome in standing.outcomes:
            if outcome.note:
                say(f"{outcome.requirement.title}: {outcome.note}.")
        if verbose:
            for outcome in standing.outcomes:
                _records(out, outcome)
        else:
            uncounted = {m.id for outcome in standing.outcomes for m, _ in outcome.incomplete}
            if uncounted:
                many = len(uncounted)
                say(
                    f"{many} record{'s' if many != 1 else ''} not counted for want of a field:"
                    " `mpl cpd check --verbose` says which."
                )
        for note in pack.notes:
            out.print(f"[dim]Note: {_escape(note)}[/dim]")
        out.print(
            f"[dim]As published at {_escape(pack.source)}, checked {_day(pack.checked)}.[/dim]",
            soft_wrap=True,
        )
        for warning in check.warnings:
            out.print(f"[yellow]Privacy:[/yellow] {_escape(warning.line())}")
        short = len(standing.outcomes) - standing.met_count
        if short:
            out.print(f"[red]Not met: {short} of {len(standing.outcomes)} requirements short.[/red]")
        else:
            out.print(f"[green]All {len(standing.outcomes)} requirements met.[/green]")


def _records(out: Console, outcome: Outcome) -> None:
    requirement = outcome.requirement
    out.print()
    out.print(f"[bold]{_escape(requirement.title)}[/bold]: {_escape(outcome.summary())}")
    if requirement.explain:
        out.print(f"  [dim]{_escape(requirement.explain)}[/dim]")
    for goal in outcome.goals:
        out.print(shown(f"  goal {goal.id}: {goal.title}"), markup=False)
    for moment in outcome.counted:
        out.print(f"  {moment.date}  {moment.id}  {_hours(moment.hours, outcome.unit)}", markup=False)
    if not outcome.counted and not outcome.goals and requirement.figure != "gap_months":
        out.print("  [dim]none yet[/dim]")
    from mpl.domain.rules import lacking

    for moment, missing in outcome.incomplete:
        wants = "; ".join(lacking(spec) for spec in missing)
        out.print(
            shown(f"  not counted: {moment.date}  {moment.id}  (no {wants}: `mpl edit {moment.id}`)"),
            markup=False,
        )


def _hours(hours: float, unit: str) -> str:
    """A record's hours in the pack's unit: `19 h`, or `19 units` for a pack counting units."""
    from mpl.domain.rules import unit_of

    if not hours:
        return ""
    return f"{hours:g} h" if unit == "hours" else f"{hours:g} {unit_of(hours, unit)}"


def checks_json(checks: Sequence[PackCheck | Unchecked]) -> dict[str, Any]:
    from mpl.usecases.cpd import PackCheck

    checked = [check for check in checks if isinstance(check, PackCheck)]
    return {
        "met": len(checked) == len(checks) and all(check.standing.met for check in checked),
        "packs": [_check_json(check) for check in checked],
        "unchecked": [
            {"pack": check.name, "title": check.title, "problem": check.problem, "hint": check.hint}
            for check in checks
            if not isinstance(check, PackCheck)
        ],
    }


def _check_json(check: PackCheck) -> dict[str, Any]:
    standing, pack = check.standing, check.pack
    return {
        "pack": check.name,
        "title": pack.title,
        "body": pack.body,
        "source": pack.source,
        "checked": pack.checked,
        "on": standing.on,
        "cycle": {
            "start": standing.window.start,
            "end": standing.window.end,
            "days_left": standing.days_left,
            "rolled_from": standing.window.rolled_from,
        },
        "met": standing.met,
        "requirements": [_outcome_json(outcome) for outcome in standing.outcomes],
        "notes": pack.notes,
        "warnings": [vars(warning) | {"line": warning.line()} for warning in check.warnings],
    }


def _outcome_json(outcome: Outcome) -> dict[str, Any]:
    requirement = outcome.requirement
    return {
        "id": requirement.id,
        "title": requirement.title,
        "figure": requirement.figure,
        "met": outcome.met,
        "have": outcome.have,
        "need": outcome.need,
        "short": outcome.short,
        "unit": outcome.unit,
        "summary": outcome.summary(),
        "start": outcome.window.start,
        "end": outcome.window.end,
        "carried": outcome.carried,
        "note": outcome.note or None,
        "gap": list(outcome.gap) if outcome.gap else None,
        "records": [moment.id for moment in outcome.counted],
        "goals": [goal.id for goal in outcome.goals],
        "not_counted": {moment.id: missing for moment, missing in outcome.incomplete},
    }


def show_packs(infos: Sequence[PackInfo]) -> None:
    table = _table("Pack", "Title", "Cycle", "Checked")
    for info in infos:
        name = info.name + (" (yours)" if info.own else "") + (" *" if info.chosen else "")
        table.add_row(
            _escape(name),
            _escape(info.pack.title),
            _escape(info.pack.cycle.describe()),
            _day(info.pack.checked),
        )
    _console().print(table)
    say("* checked by `mpl cpd check` (rule_packs in mpl.toml); any pack: mpl cpd check --pack NAME")


def packs_json(infos: Sequence[PackInfo]) -> list[dict[str, Any]]:
    return [
        {
            "name": info.name,
            "title": info.pack.title,
            "body": info.pack.body,
            "source": info.pack.source,
            "checked": info.pack.checked,
            "cycle": info.pack.cycle.describe(),
            "own": info.own,
            "file": str(info.shown),
            "chosen": info.chosen,
            "requirements": [r.title for r in info.pack.requirements],
            "dates": info.pack.dates,
        }
        for info in infos
    ]


def show_coverage(coverage: Coverage) -> None:
    table = _table("Group", "Code", "Competency", "Records", "Evidence", "Last shown")
    group = None
    for row in coverage.rows:
        competency = row.competency
        last = (
            _day(row.last) if row.last else "a goal only" if row.records else "[yellow]nothing yet[/yellow]"
        )
        shown_group, group = ("" if competency.group == group else competency.group), competency.group
        table.add_row(
            _escape(shown_group),
            _escape(competency.code),
            _escape(competency.title),
            str(row.records),
            str(row.evidence),
            last,
        )
    _console().print(table)
    total, empty = len(coverage.rows), coverage.uncovered
    say(f"{total - len(empty)} of {total} competencies shown in the record.")
    if empty:
        say("Nothing yet for: " + ", ".join(row.competency.code for row in empty))
    for code, ids in coverage.unknown.items():
        more = " and more" if len(ids) > 3 else ""
        say(f"Not in any framework: {code} (named by {', '.join(ids[:3])}{more})")


def coverage_json(coverage: Coverage) -> dict[str, Any]:
    return {
        "competencies": [
            {
                "framework": row.framework,
                "code": row.competency.code,
                "title": row.competency.title,
                "group": row.competency.group,
                "records": row.records,
                "moments": [moment.id for moment in row.moments],
                "goals": [goal.id for goal in row.goals],
                "evidence": row.evidence,
                "last": row.last,
            }
            for row in coverage.rows
        ],
        "uncovered": [row.competency.code for row in coverage.uncovered],
        "unknown": coverage.unknown,
    }
