"""`mpl sync`: keep the portfolio the same on every machine, through your own git remote."""

from __future__ import annotations

from typing import Annotated

import typer

from mpl.commands.common import portfolio_of
from mpl.render import say


def sync(
    ctx: typer.Context,
    remote: Annotated[
        str | None,
        typer.Option("--remote", help="Set the git remote to sync with (once); credentials stay with git."),
    ] = None,
) -> None:
    """Pull changes from your remote (rebasing yours on top) and push yours; never forces."""
    portfolio = portfolio_of(ctx, changing=True)
    report = portfolio.sync(remote)
    for path, copy in report.conflicts:
        say(f"{path} was changed on both machines: yours is kept, the other is in {copy}")
    say(f"Synced with {portfolio.repo.remote_url()}: {report.pulled} in, {report.pushed} out.")
    if report.conflicts:
        say("Compare each conflict copy with its file, keep what you want, then delete the copy.")
