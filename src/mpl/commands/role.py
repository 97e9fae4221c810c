"""`mpl role ...`: the career so far, and changing jobs."""

from typing import Annotated

import typer

from mpl.commands.common import DATE_HELP, Json, date_option, env_of, portfolio_of
from mpl.ui.render import emit_json, roles_table, say
from mpl.usecases.roles import roles as career
from mpl.usecases.roles import start_role

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
    ended, started = start_role(portfolio, title, org, day)
    if ended:
        say(f"Ended {ended.label} on {ended.end}.")
    say(f"Started {started.label} on {day}; learning from that day on is stamped with it.")


@app.command("list")
def list_roles(ctx: typer.Context, json: Json = False) -> None:
    """Show the career so far."""
    roles = career(portfolio_of(ctx))
    if json:
        emit_json([role.model_dump() for role in roles])
    else:
        roles_table(roles)
