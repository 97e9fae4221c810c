"""`mpl goal ...`: objectives, what success looks like, and progress towards them."""

from typing import TYPE_CHECKING, Annotated

import typer

from mpl.commands.common import DATE_HELP, Json, date_option, env_of, portfolio_of
from mpl.domain.vocab import Alignment, GoalStatus
from mpl.ui.render import emit_json, goals_table, record_json, say, show_goal_view
from mpl.usecases.goals import (
    add_goal,
    list_goal_rows,
    meet_criterion,
    move_goal,
    note_progress,
    view_goal,
)
from mpl.usecases.goals import list_goals as list_goals_of

if TYPE_CHECKING:
    from mpl.domain.model import Goal

app = typer.Typer(
    help="Set goals and record progress towards them.", no_args_is_help=True, add_completion=False
)

GoalRef = Annotated[str, typer.Argument(help="The goal's id, or any unique start of it.")]


@app.command("add")
def add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="What you want to be able to do.")],
    by: Annotated[str | None, typer.Option("--by", help="Target date. " + DATE_HELP)] = None,
    success: Annotated[
        list[str] | None,
        typer.Option("--success", "-s", help="What success looks like; repeatable."),
    ] = None,
    why: Annotated[str, typer.Option("--why", help="Why this goal matters.")] = "",
    action: Annotated[
        list[str] | None, typer.Option("--action", "-a", help="A planned action; repeatable.")
    ] = None,
    now: Annotated[str | None, typer.Option("--now", help="Where you are now.")] = None,
    support: Annotated[
        str | None, typer.Option("--support", help="Support or resources you need for it.")
    ] = None,
    alignment: Annotated[
        Alignment, typer.Option("--alignment", help="Whose need it serves.")
    ] = Alignment.PERSONAL,
    review: Annotated[str | None, typer.Option("--review", help="When to review it. " + DATE_HELP)] = None,
    competency: Annotated[list[str] | None, typer.Option("--competency", help="Repeatable.")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", "-t", help="Repeatable.")] = None,
    private: Annotated[bool, typer.Option("--private", help="Keep it out of exports.")] = False,
    json: Json = False,
) -> None:
    """Set a goal: what you want to be able to do and how you will know."""
    portfolio = portfolio_of(ctx, changing=True)
    goal = add_goal(
        portfolio,
        title,
        created=env_of(ctx).today,
        target=date_option(ctx, by),
        review=date_option(ctx, review),
        success=success or [],
        why=why,
        actions=action or [],
        current=now,
        support=support,
        alignment=alignment,
        competencies=competency or [],
        tags=tag or [],
        private=private,
    )
    if json:
        emit_json(record_json(goal, portfolio.root))
        return
    say(f"Added goal {goal.id}")
    if not goal.success:
        say(f"Tip: say what success looks like: `mpl edit {goal.id}`.")


@app.command("list")
def list_goals(
    ctx: typer.Context,
    status: Annotated[
        list[GoalStatus] | None, typer.Option("--status", help="Only these; repeatable.")
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", "-a", help="Goals closed over a year ago too (JSON always has them).")
    ] = False,
    json: Json = False,
) -> None:
    """List goals, soonest target first: on screen, the open ones and those closed this past year."""
    portfolio = portfolio_of(ctx)
    if json:
        whole = list_goals_of(portfolio, status, every)
        links = whole.links
        emit_json(
            [record_json(goal, portfolio.root) | {"moments": links.get(goal.id, 0)} for goal in whole.goals]
        )
        return
    listing = list_goal_rows(portfolio, status, every)
    goals_table(listing.shown, portfolio.env.today, listing.links)
    hidden = len(listing.goals) - len(listing.shown)
    if hidden:
        closed = (
            "1 goal closed over a year ago is"
            if hidden == 1
            else f"{hidden:,} goals closed over a year ago are"
        )
        say(f"{closed} not shown (--all shows every goal)")


@app.command("show")
def show(ctx: typer.Context, ref: GoalRef, json: Json = False) -> None:
    """Show a goal, its progress notes and the learning linked to it."""
    portfolio = portfolio_of(ctx)
    show_goal_view(view_goal(portfolio, ref), portfolio.root, portfolio.env.today, json)


@app.command("progress")
def progress(
    ctx: typer.Context,
    ref: GoalRef,
    note: Annotated[str, typer.Argument(help="What happened towards the goal.")],
    percent: Annotated[
        int | None, typer.Option("--percent", "-p", min=0, max=100, help="How far along, 0-100.")
    ] = None,
    on: Annotated[str, typer.Option("--on", help="When. " + DATE_HELP)] = "today",
    private: Annotated[bool, typer.Option("--private", help="Keep this note out of exports.")] = False,
) -> None:
    """Add a dated progress note to a goal."""
    portfolio = portfolio_of(ctx, changing=True)
    day = date_option(ctx, on)
    assert day is not None
    goal = note_progress(portfolio, ref, note, percent, day, private)
    say(f"Noted progress on {goal.id}" + (f": {percent}%" if percent is not None else ""))


@app.command("met")
def met(
    ctx: typer.Context,
    ref: GoalRef,
    number: Annotated[int, typer.Argument(help="Which success criterion: its number in `mpl goal show`.")],
    by: Annotated[
        str | None, typer.Option("--by", help="The learning moment that shows it (id or its start).")
    ] = None,
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", help="The evidence file that shows it (its path or SHA-256 start)."),
    ] = None,
    on: Annotated[str, typer.Option("--on", help="When it was met. " + DATE_HELP)] = "today",
    undo: Annotated[bool, typer.Option("--not", help="It is not met after all.")] = False,
) -> None:
    """Mark a success criterion of a goal met, with what shows it."""
    portfolio = portfolio_of(ctx, changing=True)
    day = date_option(ctx, on)
    assert day is not None
    goal, criterion = meet_criterion(portfolio, ref, number, day, by=by, evidence=evidence, undo=undo)
    if undo:
        say(f"Criterion {number} of {goal.id} is no longer marked met: {criterion.text}")
    else:
        say(f"Met criterion {number} of {goal.id} on {day:%-d %B %Y}: {criterion.text}")


def _move(ctx: typer.Context, ref: str, status: GoalStatus, note: str, reason: str | None = None) -> "Goal":
    return move_goal(portfolio_of(ctx, changing=True), ref, status, note, reason)


@app.command("done")
def done(
    ctx: typer.Context,
    ref: GoalRef,
    note: Annotated[str, typer.Option("--note", help="How you know it is achieved.")] = "",
) -> None:
    """Mark a goal achieved."""
    goal = _move(ctx, ref, GoalStatus.ACHIEVED, f"Achieved. {note}".strip())
    say(f"Achieved {goal.id}. Well done.")


@app.command("drop")
def drop(
    ctx: typer.Context,
    ref: GoalRef,
    reason: Annotated[str, typer.Option("--reason", help="Why it no longer applies.")],
) -> None:
    """Drop a goal that no longer applies (it stays in the record)."""
    goal = _move(ctx, ref, GoalStatus.DROPPED, f"Dropped: {reason}", reason=reason)
    say(f"Dropped {goal.id}")


@app.command("pause")
def pause(ctx: typer.Context, ref: GoalRef) -> None:
    """Pause a goal for now."""
    say(f"Paused {_move(ctx, ref, GoalStatus.PAUSED, 'Paused.').id}")


@app.command("resume")
def resume(ctx: typer.Context, ref: GoalRef) -> None:
    """Make a paused, achieved or dropped goal active again."""
    say(f"Resumed {_move(ctx, ref, GoalStatus.ACTIVE, 'Resumed.').id}")
