"""`mpl competencies`: which competencies the record covers, and which have nothing yet."""

import sys
from typing import Annotated

import typer

from mpl.commands.common import Json, Since, date_option, portfolio_of
from mpl.ui.cpd import coverage_json, show_coverage
from mpl.ui.output import emit_json
from mpl.usecases.competencies import example, matrix


def competencies(
    ctx: typer.Context,
    since: Since = None,
    show_example: Annotated[
        bool,
        typer.Option("--example", help="Print the example framework shipped with mpl (TOML), to copy."),
    ] = False,
    json: Json = False,
) -> None:
    """Show which competencies your records cover, and which have nothing yet.

    Frameworks are TOML files in the portfolio's frameworks/ folder; records name
    codes with --competency."""
    if show_example:
        sys.stdout.write(example())
        return
    found = matrix(portfolio_of(ctx), date_option(ctx, since))
    if json:
        emit_json(coverage_json(found))
    else:
        show_coverage(found)
