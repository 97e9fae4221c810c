"""`mpl history` and `mpl undo`: the record's git history, used safely."""

from typing import Annotated

import typer

from mpl.commands.common import MOST_SHOWN, Json, portfolio_of
from mpl.ui.render import emit_json, history_table, say
from mpl.usecases.history import history as change_history
from mpl.usecases.history import undo as undo_last


def history(
    ctx: typer.Context,
    number: Annotated[
        int, typer.Option("--number", "-n", min=1, max=MOST_SHOWN, help="How many changes to show.")
    ] = 20,
    json: Json = False,
) -> None:
    """List the latest changes to the record, newest first."""
    changes = change_history(portfolio_of(ctx), number)
    if json:
        emit_json([vars(change) for change in changes])
    else:
        history_table(changes)


def undo(ctx: typer.Context) -> None:
    """Undo the last mpl change with a new commit (nothing is destroyed)."""
    change, changed = undo_last(portfolio_of(ctx, changing=True))
    if changed:
        say(f"Undid “{change.summary}” ({change.sha[:8]}); `mpl history` shows both.")
    else:
        say(
            f"“{change.summary}” ({change.sha[:8]}) had been undone by hand already; it is now marked undone."
        )
