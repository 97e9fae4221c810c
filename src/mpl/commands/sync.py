"""`mpl sync`: keep the portfolio the same on every machine, through your own git remote."""

from typing import TYPE_CHECKING, Annotated

import typer

from mpl.commands.common import portfolio_of
from mpl.ui.render import say
from mpl.usecases.sync import sync as sync_with

if TYPE_CHECKING:
    from mpl.domain.changes import Conflict


def sync(
    ctx: typer.Context,
    remote: Annotated[
        str | None,
        typer.Option("--remote", help="Set the git remote to sync with (once); credentials stay with git."),
    ] = None,
) -> None:
    """Pull changes from your remote (rebasing yours on top) and push yours; never forces."""
    portfolio = portfolio_of(ctx, changing=True)
    synced = sync_with(portfolio, remote)
    report = synced.report
    for conflict in report.conflicts:
        say(_conflict_line(conflict))
    say(f"Synced with {synced.remote}: {report.pulled} in, {report.pushed} out.")
    if any(conflict.copy for conflict in report.conflicts):
        say("Compare each conflict copy with its file, keep what you want, then delete the copy.")
    if report.dangling_head:
        url, branch = report.dangling_head
        portfolio.env.warn(
            f"note: the remote's HEAD names a branch it does not have, so a plain `git clone` of it "
            f"checks nothing out: copy it with `mpl init PATH --from {url}` (or `git clone -b {branch}`), "
            f"or on the server run `git symbolic-ref HEAD refs/heads/{branch}` in the repository"
        )


def _conflict_line(conflict: "Conflict") -> str:
    if conflict.copy:
        return f"{conflict.path} was changed on both machines: yours is kept, the other is in {conflict.copy}"
    if conflict.deleted == "here":
        return f"{conflict.path} was deleted here but changed on the other machine: the change is kept"
    return f"{conflict.path} was deleted on the other machine but changed here: yours is kept"
