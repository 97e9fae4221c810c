"""`mpl export`: the pack an appraisal, a one-to-one or a regulator asks for."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mpl.commands.common import env_of, portfolio_of, with_filters
from mpl.domain.pack import Detail
from mpl.domain.periods import PERIOD_HELP
from mpl.errors import MplError
from mpl.ui.output import say
from mpl.usecases.exports import FORMAT_NAMES, Destination, Exported, export_form, export_pack
from mpl.usecases.filters import Filters

# made from the exporters' table, so --format offers what it lists; mypy cannot see members
# made at run time, so they are looked up by value (Format("md")), not by name (Format.md)
Format = StrEnum("Format", {name: name for name in FORMAT_NAMES})  # type: ignore[misc]
MARKDOWN = Format("md")  # the default


@with_filters(private=False, after="period")
def export(
    ctx: typer.Context,
    filters: Filters,
    period: Annotated[
        str | None,
        typer.Option("--period", "-p", help=f"Which period: {PERIOD_HELP}. Default: the current CPD year."),
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="The pack's format.")] = MARKDOWN,
    detail: Annotated[
        Detail,
        typer.Option(
            "--detail",
            help="brief: page one, the goals, the CPD log and the forward plan; standard: and every"
            " reflection; full: and the evidence index with hashes.",
        ),
    ] = Detail.STANDARD,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write to this file (default: md, json, csv to the screen).", dir_okay=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --out or --bundle if it exists.")] = False,
    bundle: Annotated[
        Path | None,
        typer.Option("--bundle", help="Also write a .zip of the pack and every evidence file it cites."),
    ] = None,
    include_private: Annotated[
        bool, typer.Option("--include-private", help="Put private records and notes in the pack too.")
    ] = False,
    with_learned: Annotated[
        bool,
        typer.Option(
            "--with-learned",
            help='xapi: put each reflection\'s answer to "what did I learn?" in its statement.',
        ),
    ] = False,
    as_events: Annotated[
        bool,
        typer.Option("--as-events", help="ics: all-day events, for calendars that ignore tasks."),
    ] = False,
    form: Annotated[
        str | None,
        typer.Option("--form", help="Instead of the pack, a rule pack's forms for its cycle (nmc)."),
    ] = None,
) -> None:
    """Write the appraisal pack for a period.

    Page one is the pack in brief: hours against the target, each goal in a line, the
    highlights and the dates coming up; then each goal's progress, the CPD log, the forward
    plan, and (unless --detail brief) every reflection and the evidence index. The same
    record also goes to other systems: xapi (statements for a learning record store), ics
    (goal dates for a calendar) and jsonresume (credentials and roles for a CV; the whole
    career unless a period is given)."""
    portfolio = portfolio_of(ctx)
    to = Destination(env_of(ctx).cwd, out, bundle, force)
    if form is not None:
        pack_only: dict[str, object] = {
            "--period": period,
            "--since": filters.since,
            "--until": filters.until,
            "--bundle": bundle,
        }
        pack_only |= {"--goal": filters.goal, "--tag": filters.tags, "--kind": filters.kind}
        pack_only |= {"--role": filters.role, "--org": filters.organisation}
        pack_only |= {"--with-learned": with_learned, "--as-events": as_events}
        pack_only |= {"--detail": detail is not Detail.STANDARD}
        refused = [option for option, given in pack_only.items() if given]
        if refused:
            raise MplError(
                f"{', '.join(refused)}: not with --form", hint="a form covers its pack's whole cycle"
            )
        _show(ctx, export_form(portfolio, form, format.value, include_private, to))
        return
    done = export_pack(
        portfolio,
        period,
        filters,
        format.value,
        detail=detail,
        include_private=include_private,
        to=to,
        learned=with_learned,
        as_events=as_events,
    )
    _show(ctx, done)


def _show(ctx: typer.Context, done: Exported) -> None:
    env = env_of(ctx)
    for line in done.before:
        env.warn(line)
    for line in done.written:
        say(f"Wrote {line}")
    if done.text is not None:
        sys.stdout.write(done.text)
    for line in done.after:
        env.warn(line)
