"""`mpl push`: send the record to a learning record store as xAPI statements."""

import os
from typing import Annotated

import typer

from mpl.commands.common import env_of, portfolio_of
from mpl.errors import MplError
from mpl.ui.render import counting_bar, say


def push(
    ctx: typer.Context,
    lrs: Annotated[
        str | None,
        typer.Option(
            "--lrs",
            help="The learning record store's xAPI endpoint, like https://lrs.example.org/xapi/ "
            "(default: the one pushed to before).",
            show_default=False,
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(
            "--user", "-u", help="Your user name there (default: the one used before).", show_default=False
        ),
    ] = None,
    with_learned: Annotated[
        bool | None,
        typer.Option(
            "--with-learned/--without-learned",
            help="Put each reflection's answer to 'what did I learn?' in its statement, or not"
            " (default: as the last push to this store did; else not).",
            show_default=False,
        ),
    ] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, max=1000, help="Statements per request.")] = 50,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be sent; send nothing.")] = False,
) -> None:
    """Send your learning to a learning record store (xAPI); each record once.

    The password comes from MPL_LRS_PASSWORD or is asked for; it is never stored. What
    was sent is remembered in .mpl/, so the next push sends only new and changed records.
    Private records are never sent."""
    from mpl.usecases.push import PASSWORD_VARIABLE, choose_store, plan_push, push

    env = env_of(ctx)
    portfolio = portfolio_of(ctx)
    store = choose_store(portfolio, lrs, user)
    plan = plan_push(portfolio, store, learned=with_learned)
    count = len(plan.to_send)
    if dry_run or not count:
        for statement in plan.to_send:
            say(f"would send {statement.record}: {statement.title}")
        dry = " (dry run)" if dry_run else ""
        say(f"{count} to send to {store.url}, {plan.already} there already{dry}")
        return
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        if not env.interactive:
            raise MplError(
                f"no password for {store.user} at {store.url}",
                hint=f"set {PASSWORD_VARIABLE}, or run mpl push on a terminal to be asked",
            )
        import getpass

        password = getpass.getpass(f"Password for {store.user} at {store.url}: ")
    with counting_bar(count, "Sending") as progress:
        report = push(portfolio, plan, password, batch=batch, progress=progress)
    plural = "s" if report.sent != 1 else ""
    say(f"Sent {report.sent} statement{plural} to {store.url}; {report.already} there already")
