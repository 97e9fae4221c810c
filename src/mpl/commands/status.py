"""`mpl status`: one screen of where you stand, and what would help next."""

import typer

from mpl.commands.common import Json, portfolio_of
from mpl.ui.render import dashboard_json, emit_json, show_dashboard
from mpl.usecases.status import dashboard


def status(ctx: typer.Context, json: Json = False) -> None:
    """Your goals, hours this CPD year, recent learning, and nudges to keep going."""
    board = dashboard(portfolio_of(ctx))
    if json:
        emit_json(dashboard_json(board))
    else:
        show_dashboard(board)
