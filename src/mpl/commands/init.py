"""`mpl init`: a new portfolio with its git repository."""

from pathlib import Path
from typing import Annotated

import typer

from mpl.commands.common import DATE_HELP, date_option, env_of, hours_value
from mpl.domain.reflection import BUILT_IN, DEFAULT_MODEL
from mpl.errors import MplError
from mpl.ui.render import say
from mpl.usecases.portfolios import copy_portfolio, found_from, new_portfolio


def init(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Folder for the portfolio (default: -C, MPL_PORTFOLIO or ~/learning).",
            show_default=False,
        ),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Your name.")] = None,
    role: Annotated[str | None, typer.Option("--role", help="Your current job title.")] = None,
    org: Annotated[str, typer.Option("--org", help="Your current organisation.")] = "",
    since: Annotated[
        str | None, typer.Option("--since", help="When the current role began. " + DATE_HELP)
    ] = None,
    email: Annotated[str | None, typer.Option("--email", help="Your email (optional).")] = None,
    cpd_year_start: Annotated[
        str, typer.Option("--cpd-year-start", help="MM-DD on which your CPD year starts.")
    ] = "01-01",
    hours_target: Annotated[
        float | None,
        typer.Option("--hours-target", parser=hours_value, help="CPD hours to aim for each CPD year."),
    ] = None,
    model: Annotated[
        str, typer.Option("--model", help=f"Default reflection model: {', '.join(BUILT_IN)}.")
    ] = DEFAULT_MODEL,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Copy your existing portfolio from this git remote (or folder) instead: "
            "a second machine. The remote is remembered for `mpl sync`.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Start a learning record: a folder with mpl.toml, under git.

    With --from URL, make a working copy of an existing one (a second machine)."""
    env = env_of(ctx)
    if source is not None:
        if any([name, role, org, since, email, hours_target]):
            raise MplError(
                "--from copies a portfolio as it is; --name, --role and the rest are for a new one"
            )
        portfolio = copy_portfolio(env, source, path)
        count = len(portfolio.history(limit=None))
        say(
            f"Copied the learning record of {portfolio.config.name} to {portfolio.root} "
            f"({count} change{'s' if count != 1 else ''}); `mpl sync` keeps it in step with {source}"
        )
    else:
        if name is None and env.interactive:
            name = env.ask("Your name: ")
        if not name:
            raise MplError("mpl init needs your name", hint='pass --name "Your Name"')
        if role is None and env.interactive:
            role = env.ask("Your current role (job title, Enter to skip): ") or None
            org = org or (env.ask("Organisation (Enter to skip): ") if role else "")
        start = date_option(ctx, since) or env.today
        settings = {
            "name": name,
            "email": email,
            "roles": [{"title": role, "organisation": org, "start": start}] if role else [],
            "cpd_year_start": cpd_year_start,
            "hours_target": hours_target,
            "reflection_model": model,
        }
        portfolio = new_portfolio(env, path, settings)
        say(f"Started the learning record of {name} in {portfolio.root}")
        if role and since is None:
            say(
                f"Your role as {role} starts today, {start:%-d %B %Y}, as far as the record knows: learning"
                " dated earlier has no role. If it began earlier, change its `start` in mpl.toml."
            )
    if not found_from(env, portfolio.root):
        say(f"Run mpl there, or point to it with -C {portfolio.root} or MPL_PORTFOLIO.")
