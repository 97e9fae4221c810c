"""`mpl cpd ...`: will I be renewed? The record checked against professional bodies' rules."""

from typing import Annotated

import typer

from mpl.commands.common import DATE_HELP, Json, date_option, env_of, portfolio_of
from mpl.domain.dates import parse_date
from mpl.errors import ExitStatus, MplError
from mpl.ui.cpd import checks_json, packs_json, show_checks, show_packs
from mpl.ui.output import emit_json, say
from mpl.usecases import cpd

app = typer.Typer(
    help="Check your record against your professional body's rules, before renewal does.",
    no_args_is_help=True,
    add_completion=False,
)


@app.command("check")
def check(
    ctx: typer.Context,
    pack: Annotated[
        list[str] | None,
        typer.Option(
            "--pack", "-p", help="A rule pack to check (default: rule_packs in mpl.toml); repeatable."
        ),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Check as it stood on this day. " + DATE_HELP)
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="List the records that count towards each requirement.")
    ] = False,
    json: Json = False,
) -> None:
    """Check your record against rule packs: each requirement met or short, and days left.

    Exits 0 only when every requirement is met (7 when one is not), so a reminder
    script can use it. A pack counting from a date not set yet is a line saying how to set
    it, the others checked all the same: 7 if one of them is short, else 1."""
    checks = cpd.check(portfolio_of(ctx), pack, date_option(ctx, on))
    if json:
        emit_json(checks_json(checks))
    else:
        show_checks(checks, verbose)
    standings = [check.standing for check in checks if isinstance(check, cpd.PackCheck)]
    if not all(standing.met for standing in standings):
        raise typer.Exit(int(ExitStatus.NOT_MET))
    if len(standings) < len(checks):
        raise typer.Exit(int(ExitStatus.ERROR))


@app.command("packs")
def packs(ctx: typer.Context, json: Json = False) -> None:
    """List the rule packs: shipped with mpl, and your own in rules/."""
    infos = cpd.packs(portfolio_of(ctx))
    if json:
        emit_json(packs_json(infos))
    else:
        show_packs(infos)


@app.command("use")
def use(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The pack (see `mpl cpd packs`).")],
    renewal: Annotated[
        str | None, typer.Option("--renewal", help="Your renewal date, for packs counting back from it.")
    ] = None,
    date: Annotated[
        list[str] | None, typer.Option("--date", help="NAME=DATE for the pack's other dates; repeatable.")
    ] = None,
    detail: Annotated[
        list[str] | None,
        typer.Option("--set", help="KEY=VALUE for what its forms show (registration=YOUR PIN); repeatable."),
    ] = None,
) -> None:
    """Check your record against a pack from now on, with your dates for it (kept in mpl.toml)."""
    given = {**_pairs(date or [], "--date"), **({"renewal": renewal} if renewal is not None else {})}
    dates = {key: parse_date(value, env_of(ctx).today) for key, value in given.items()}
    portfolio = portfolio_of(ctx)
    pack = cpd.use(portfolio, name, dates, _pairs(detail or [], "--set"))
    say(f"`mpl cpd check` and `mpl status` now check {pack.title}.")
    for line in cpd.dates_not_set(portfolio, name, pack):
        portfolio.env.warn(f"note: {line}")


def _pairs(items: list[str], option: str) -> dict[str, str]:
    found = {}
    for item in items:
        key, equals, value = item.partition("=")
        if not equals or not key.strip() or not value.strip():
            raise MplError(f"{option} {item!r} needs the form NAME=VALUE")
        found[key.strip()] = value.strip()
    return found


@app.command("names")
def names(ctx: typer.Context) -> None:
    """Edit your private list of names that must not appear in your record (never in git)."""
    path = cpd.edit_names(portfolio_of(ctx))
    say(f"Your list is {path}: never committed, synced or exported.")
