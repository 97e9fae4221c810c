"""What every command module shares: the environment, the portfolio, option types."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import typer

from mpl.domain.dates import DATE_WORDS_HELP, parse_date
from mpl.domain.vocab import Kind
from mpl.env import Env

if TYPE_CHECKING:
    from mpl.storage.index import Query
    from mpl.storage.portfolio import Portfolio

Json = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]
DATE_HELP = f"A date: {DATE_WORDS_HELP}."

# The filters `list`, `search` and `export` share.
Since = Annotated[str | None, typer.Option("--since", help="From this date on. " + DATE_HELP)]
Until = Annotated[str | None, typer.Option("--until", help="Up to this date.")]
Tags = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="Only with this tag; repeatable (all must match).")
]
GoalFilter = Annotated[str | None, typer.Option("--goal", "-g", help="Only those serving this goal.")]
KindFilter = Annotated[Kind | None, typer.Option("--kind", "-k", help="Only this kind.")]
RoleFilter = Annotated[str | None, typer.Option("--role", help="Only those written in this role.")]
OrgFilter = Annotated[str | None, typer.Option("--org", help="Only those at this organisation.")]
NoPrivate = Annotated[bool, typer.Option("--no-private", help="Leave out private records.")]


def env_of(ctx: typer.Context) -> Env:
    root = ctx.find_root()
    if not isinstance(root.obj, Env):
        root.obj = Env.from_os()
    return root.obj


def portfolio_of(ctx: typer.Context, changing: bool = False) -> Portfolio:
    """The portfolio the command works on; with `changing`, locked for the whole
    command so that what it reads is still true when it writes."""
    from mpl.usecases.portfolios import open_portfolio

    portfolio = open_portfolio(env_of(ctx))
    if changing:
        ctx.with_resource(portfolio.changing())
    return portfolio


def date_option(ctx: typer.Context, value: str | None) -> dt.date | None:
    return parse_date(value, env_of(ctx).today) if value else None


def build_query(
    ctx: typer.Context,
    portfolio: Portfolio,
    *,
    since: str | None,
    until: str | None,
    tags: list[str] | None,
    goal: str | None,
    kind: Kind | None,
    role: str | None,
    org: str | None,
    no_private: bool,
) -> Query:
    """The record filters from the options every listing shares."""
    from mpl.domain.model import Goal
    from mpl.storage.index import Query

    return Query(
        since=date_option(ctx, since),
        until=date_option(ctx, until),
        tags=tuple(tags or ()),
        goal=portfolio.find(goal, Goal).id if goal else None,
        kind=kind.value if kind else None,
        role=role,
        organisation=org,
        include_private=not no_private,
    )
