"""What every command module shares: the environment, the portfolio, option types."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from mpl.dates import DATE_WORDS_HELP, parse_date
from mpl.env import Env
from mpl.storage.portfolio import Portfolio

Json = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]
DATE_HELP = f"A date: {DATE_WORDS_HELP}."


def env_of(ctx: typer.Context) -> Env:
    root = ctx.find_root()
    if not isinstance(root.obj, Env):
        root.obj = Env.from_os()
    return root.obj


def portfolio_of(ctx: typer.Context, changing: bool = False) -> Portfolio:
    """The portfolio the command works on; with `changing`, locked for the whole
    command so that what it reads is still true when it writes."""
    portfolio = Portfolio.locate(env_of(ctx))
    if changing:
        ctx.with_resource(portfolio.changing())
    return portfolio


def date_option(ctx: typer.Context, value: str | None) -> dt.date | None:
    return parse_date(value, env_of(ctx).today) if value else None
