"""`mpl import ...`: learning moments from jrnl and from spreadsheets (CSV)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mpl.commands.common import env_of, portfolio_of
from mpl.domain.model import Kind
from mpl.errors import MplError
from mpl.ui.render import say

if TYPE_CHECKING:
    from mpl.domain.model import LearningMoment
    from mpl.storage.portfolio import Portfolio
    from mpl.usecases.imports import ImportPlan

app = typer.Typer(
    help="Bring in learning you recorded elsewhere: jrnl, spreadsheets.",
    no_args_is_help=True,
    add_completion=False,
)

Source = Annotated[Path, typer.Argument(help="The file to import.", dir_okay=False, show_default=False)]
KindForAll = Annotated[Kind | None, typer.Option("--kind", "-k", help="The kind of every moment imported.")]
DryRun = Annotated[bool, typer.Option("--dry-run", "-n", help="Show what would be imported; change nothing.")]


@app.command("jrnl")
def jrnl(ctx: typer.Context, file: Source, kind: KindForAll = None, dry_run: DryRun = False) -> None:
    """Import the entries of a jrnl journal exported with `jrnl --format json`.

    Title, body (as the reflection), date and time, tags (without @ or #); starred
    entries become highlights. Entries imported before are skipped."""
    from mpl.usecases.imports import plan_jrnl

    portfolio = portfolio_of(ctx, changing=not dry_run)
    _finish(ctx, portfolio, plan_jrnl(portfolio, env_of(ctx).cwd / file, kind), dry_run)


@app.command("csv")
def csv(
    ctx: typer.Context,
    file: Source,
    map: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            "-m",
            help="FIELD=COLUMN: which column holds date, title, hours, kind, tags, reflection or time; "
            "repeatable, and saved in mpl.toml for next time (columns named like a field need none).",
        ),
    ] = None,
    dayfirst: Annotated[bool, typer.Option("--dayfirst", help="Dates like 03/04/2026 are 3 April.")] = False,
    monthfirst: Annotated[
        bool, typer.Option("--monthfirst", help="Dates like 03/04/2026 are 4 March.")
    ] = False,
    kind: KindForAll = None,
    dry_run: DryRun = False,
) -> None:
    """Import learning moments from a spreadsheet saved as CSV, one per row.

    Dates may be written 2026-01-31, 31/01/2026, 01/31/2026, 31 Jan 2026 and the like;
    where day and month could be either way round, say which with --dayfirst or
    --monthfirst. Tags may be written `a, b`, `a; b` or `#a #b`. Rows imported before are
    skipped; one bad row stops the whole import."""
    from mpl.usecases.imports import plan_csv

    if dayfirst and monthfirst:
        raise MplError("give --dayfirst or --monthfirst, not both")
    order = "dayfirst" if dayfirst else "monthfirst" if monthfirst else None
    portfolio = portfolio_of(ctx, changing=not dry_run)
    plan = plan_csv(portfolio, env_of(ctx).cwd / file, map or [], order, kind)
    _finish(ctx, portfolio, plan, dry_run)


def _finish(ctx: typer.Context, portfolio: "Portfolio", plan: "ImportPlan", dry_run: bool) -> None:
    from mpl.usecases.imports import run_import

    skipped = f"{plan.already} imported before" if plan.already else "none imported before"
    if dry_run:
        for moment in plan.new:
            say(f"would import {_line(moment)}")
        columns = f"; would save the column mapping {_mapping(plan.columns)}" if plan.columns else ""
        say(f"{len(plan.new)} to import, {skipped}{columns} (dry run: nothing changed)")
        return
    made = run_import(portfolio, plan)
    plural = "s" if len(made) != 1 else ""
    say(
        f"Imported {len(made)} learning moment{plural} from {plan.name} ({skipped}) in one commit"
        if made
        else f"Nothing new to import from {plan.name} ({skipped})"
    )
    if plan.columns:
        say(f"Saved the column mapping in mpl.toml: {_mapping(plan.columns)}")


def _line(moment: "LearningMoment") -> str:
    when = moment.date.isoformat() + (f" {moment.time}" if moment.time else "")
    facts = [moment.kind.value, f"{moment.hours:g} h"]
    if moment.tags:
        facts.append("tags: " + ", ".join(moment.tags))
    if moment.highlight:
        facts.append("highlight")
    return f"{when}  {moment.title} ({'; '.join(facts)})"


def _mapping(columns: dict[str, str] | None) -> str:
    return ", ".join(f"{name}={column}" for name, column in (columns or {}).items())
