"""`mpl list`, `mpl show` and `mpl edit`: reading and changing any record."""

from __future__ import annotations

from typing import Annotated

import typer

from mpl.commands.common import (
    GoalFilter,
    Json,
    KindFilter,
    NoPrivate,
    OrgFilter,
    RoleFilter,
    Since,
    Tags,
    Until,
    build_query,
    portfolio_of,
)
from mpl.domain.goals import progress_notes
from mpl.domain.model import Goal, Record
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio
from mpl.ui.render import emit_json, goal_json, moments_table, record_json, say, show_goal, show_moment
from mpl.usecases.editor import edit_until_valid
from mpl.usecases.goals import linked_moments

Ref = Annotated[str, typer.Argument(help="The record's id, or any unique start of it.")]
SHOWN = 100  # learning moments `mpl list` shows unless asked for more: a screenful or few


def list_moments(
    ctx: typer.Context,
    since: Since = None,
    until: Until = None,
    tag: Tags = None,
    goal: GoalFilter = None,
    kind: KindFilter = None,
    role: RoleFilter = None,
    org: OrgFilter = None,
    no_private: NoPrivate = False,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", min=1, help=f"Only the latest N (default {SHOWN} on screen, all in JSON)."
        ),
    ] = None,
    every: Annotated[bool, typer.Option("--all", "-a", help="Every one, however many.")] = False,
    json: Json = False,
) -> None:
    """List learning moments, oldest first."""
    portfolio = portfolio_of(ctx)
    query = build_query(
        ctx,
        portfolio,
        since=since,
        until=until,
        tags=tag,
        goal=goal,
        kind=kind,
        role=role,
        org=org,
        no_private=no_private,
    )
    if json:
        moments = portfolio.moments(query, newest=None if every else limit)
        emit_json([record_json(moment, portfolio.root) for moment in moments])
    else:
        moments_table(
            portfolio.moments(query, newest=None if every else limit or SHOWN), portfolio.totals(query)
        )


def show(ctx: typer.Context, ref: Ref, json: Json = False) -> None:
    """Show a learning moment (or goal) with its reflection."""
    portfolio = portfolio_of(ctx)
    record = portfolio.find(ref)
    if isinstance(record, Goal):
        show_any_goal(portfolio, record, json)
    elif json:
        emit_json(record_json(record, portfolio.root))
    else:
        titles = {goal.id: goal.title for goal in portfolio.goals()}
        show_moment(record, titles)


def show_any_goal(portfolio: Portfolio, goal: Goal, json: bool) -> None:
    moments = linked_moments(portfolio, goal)
    if json:
        emit_json(goal_json(goal, portfolio.root, progress_notes(goal.body), moments))
    else:
        show_goal(goal, moments, portfolio.env.today)


def edit(ctx: typer.Context, ref: Ref) -> None:
    """Edit a record in $EDITOR; an invalid result is not saved, and nothing is lost."""
    portfolio = portfolio_of(ctx)
    path, text, model, file_id = portfolio.raw_text(ref)
    old_id = _id_in(portfolio, path, text, model)

    def check(edited: str) -> Record:
        record = portfolio.check(path, edited, model)
        if old_id and record.id != old_id:
            raise MplError(f"the id must stay {old_id!r} (other records refer to it)")
        return record

    name = old_id or file_id
    edited = edit_until_valid(portfolio, name, text, check, f"mpl edit {name}")
    if edited is None:
        say("No changes.")
        return
    new_text, record = edited
    with portfolio.changing():  # only to save: the editor may be open for a long time
        record = portfolio.replace(path, new_text, f"edit: {record.title}", "edit", model)
    say(f"Saved {portfolio.relative(record.path)}" if record.path else "Saved.")


def _id_in(portfolio: Portfolio, path, text: str, model: type[Record]) -> str | None:
    """The id the file has now, if it can be read at all."""
    try:
        return portfolio.check(path, text, model).id
    except MplError:
        return None
