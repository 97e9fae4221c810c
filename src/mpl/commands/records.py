"""`mpl list`, `mpl show` and `mpl edit`: reading and changing any record."""

from typing import Annotated

import typer

from mpl.commands.common import Json, portfolio_of, with_filters
from mpl.ui.output import on_terminal
from mpl.ui.render import emit_json, moments_table, record_json, say, show_goal_view, show_moment, show_review
from mpl.usecases.filters import Filters
from mpl.usecases.goals import GoalView
from mpl.usecases.records import edit_record, list_moment_rows, show_record
from mpl.usecases.records import list_moments as list_moments_of

Ref = Annotated[str, typer.Argument(help="The record's id, or any unique start of it.")]
SHOWN = 100  # learning moments `mpl list` shows unless asked for more: a screenful or few


@with_filters()
def list_moments(
    ctx: typer.Context,
    filters: Filters,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            help=f"Only the latest N (default {SHOWN} on screen; all in JSON, or piped).",
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", "-a", help="Every one, however many.")] = False,
    json: Json = False,
) -> None:
    """List learning moments, oldest first."""
    portfolio = portfolio_of(ctx)
    if json:
        listed = list_moments_of(portfolio, filters, None if every else limit)
        emit_json([record_json(moment, portfolio.root) for moment in listed.moments])
    else:
        shown = SHOWN if on_terminal() else None  # a screenful; piped, every one
        rows = list_moment_rows(portfolio, filters, None if every else limit or shown)
        moments_table(rows.moments, (rows.count, rows.hours))


def show(ctx: typer.Context, ref: Ref, json: Json = False) -> None:
    """Show a learning moment with its reflection (or a goal, or a review meeting)."""
    from mpl.domain.model import Review  # a whole record: not for listing

    portfolio = portfolio_of(ctx)
    shown = show_record(portfolio, ref)
    if isinstance(shown, GoalView):
        show_goal_view(shown, portfolio.root, portfolio.env.today, json)
    elif json:
        emit_json(record_json(shown if isinstance(shown, Review) else shown.moment, portfolio.root))
    elif isinstance(shown, Review):
        show_review(shown)
    else:
        show_moment(shown.moment, shown.goal_titles)


def edit(ctx: typer.Context, ref: Ref) -> None:
    """Edit a record in $EDITOR; an invalid result is not saved, and nothing is lost."""
    portfolio = portfolio_of(ctx)
    edited = edit_record(portfolio, ref)
    if edited is None:
        say("No changes.")
        return
    if edited.merged:
        say("The file had changed while you were editing it; your edit was merged with that change.")
    path = edited.record.path
    say(f"Saved {portfolio.relative(path)}" if path else "Saved.")
