"""`mpl role ...`: the career so far, and changing jobs."""

from __future__ import annotations

from typing import Annotated

import typer

from mpl.commands.common import DATE_HELP, Json, date_option, env_of, portfolio_of
from mpl.domain.ids import title_of
from mpl.domain.model import Role
from mpl.ui.render import emit_json, roles_table, say

app = typer.Typer(
    help="Your roles over time; start a new one when you change jobs.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("start")
def start(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(help="The new job title.")],
    org: Annotated[str, typer.Option("--org", help="The organisation.")] = "",
    on: Annotated[str, typer.Option("--on", help="First day in the role. " + DATE_HELP)] = "today",
) -> None:
    """Start a new role; the current one ends the day before."""
    portfolio = portfolio_of(ctx, changing=True)
    day = date_option(ctx, on) or env_of(ctx).today
    role = Role(title=title_of(title, "role"), organisation=org.strip(), start=day)
    previous = portfolio.start_role(role)
    if previous:
        say(f"Ended {previous.label} on {portfolio.config.roles[-2].end}.")
    say(f"Started {portfolio.config.roles[-1].label} on {day}; learning from that day on is stamped with it.")


@app.command("list")
def list_roles(ctx: typer.Context, json: Json = False) -> None:
    """Show the career so far."""
    roles = portfolio_of(ctx).config.roles
    if json:
        emit_json([role.model_dump() for role in roles])
    else:
        roles_table(roles)
