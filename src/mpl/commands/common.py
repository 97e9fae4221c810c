"""What every command module shares: the environment, the portfolio, option types."""

from __future__ import annotations

import datetime as dt
import functools
import inspect
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from mpl.domain.dates import DATE_WORDS_HELP, parse_date
from mpl.domain.vocab import MOST_HOURS, Kind
from mpl.env import Env

if TYPE_CHECKING:
    from mpl.storage.portfolio import Portfolio

Json = Annotated[bool, typer.Option("--json", help="Print JSON, for scripts.")]
MOST_SHOWN = 1_000_000  # the most a --limit or --number may ask for (more than any career holds)


def hours_value(text: str) -> float:
    """A number of hours typed on the command line: 0 to every hour of a leap year; `nan`
    and `inf` are no numbers of hours (a range check lets nan through, for the wrong
    reason)."""
    try:
        hours = float(text)
    except ValueError:
        raise typer.BadParameter(f"{text!r} is not a number of hours, like 1.5") from None
    if not math.isfinite(hours):
        raise typer.BadParameter(f"{text!r} is not a number of hours, like 1.5")
    if not 0 <= hours <= MOST_HOURS:
        raise typer.BadParameter(f"{text} hours: give 0 to {MOST_HOURS} (every hour of a leap year)")
    return hours


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
    from mpl.ui.render import count_bar
    from mpl.usecases.portfolios import open_portfolio

    # the first read with no index (or after a checkout) reads every file: a bar after a second
    progress = ctx.with_resource(count_bar("Reading the record files", after=1.0))
    portfolio = open_portfolio(env_of(ctx), progress)
    if changing:
        ctx.with_resource(portfolio.changing())
    return portfolio


def date_option(ctx: typer.Context, value: str | None) -> dt.date | None:
    return parse_date(value, env_of(ctx).today) if value else None


F = TypeVar("F", bound=Callable[..., Any])
# The filter options, as each command's parameter: (name, annotation, default).
_FILTERS = (
    ("since", Since, None),
    ("until", Until, None),
    ("tag", Tags, None),
    ("goal", GoalFilter, None),
    ("kind", KindFilter, None),
    ("role", RoleFilter, None),
    ("org", OrgFilter, None),
)


def with_filters(private: bool = True, after: str | None = None) -> Callable[[F], F]:
    """A command with a `filters: Filters` parameter gets the options every listing of
    learning moments shares (and `--no-private`, if `private`), defined here once, after
    its arguments (or after the parameter `after`); it is called with them gathered into
    `filters`."""
    shared = [*_FILTERS, *([("no_private", NoPrivate, False)] if private else [])]

    def decorate(command: F) -> F:
        from mpl.usecases.filters import Filters

        signature = inspect.signature(command, eval_str=True)
        own = [param for param in signature.parameters.values() if param.name != "filters"]
        options = [
            inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=kind)
            for name, kind, default in shared
        ]
        first = next((n for n, param in enumerate(own) if param.default is not param.empty), len(own))
        if after is not None:
            first = [param.name for param in own].index(after) + 1
        parameters = [*own[:first], *options, *own[first:]]

        @functools.wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            given = {name: kwargs.pop(name) for name, _, _ in shared}
            filters = Filters(
                since=given["since"],
                until=given["until"],
                tags=tuple(given["tag"] or ()),
                goal=given["goal"],
                kind=given["kind"],
                role=given["role"],
                organisation=given["org"],
                no_private=given.get("no_private", False),
            )
            return command(*args, filters=filters, **kwargs)

        # what typer reads (through inspect): a function's type declares no __signature__
        run.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        run.__annotations__ = {param.name: param.annotation for param in parameters}
        # `command` with the filters' options for `filters`: no type mypy can write for it
        return run  # type: ignore[return-value]

    return decorate
