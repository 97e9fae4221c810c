"""`mpl export`: the pack an appraisal, a one-to-one or a regulator asks for."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from mpl.commands.common import (
    GoalFilter,
    KindFilter,
    OrgFilter,
    RoleFilter,
    Since,
    Tags,
    Until,
    build_query,
    date_option,
    env_of,
    portfolio_of,
)
from mpl.domain.pack import Detail
from mpl.domain.periods import PERIOD_HELP, Period, between, parse_period
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio
from mpl.ui.output import say
from mpl.usecases.pack import build_pack, unreflected_note


class Format(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"
    json = "json"
    csv = "csv"
    xapi = "xapi"
    ics = "ics"
    jsonresume = "jsonresume"


def export(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option("--period", "-p", help=f"Which period: {PERIOD_HELP}. Default: the current CPD year."),
    ] = None,
    since: Since = None,
    until: Until = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="The pack's format.")] = Format.md,
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
    goal: GoalFilter = None,
    tag: Tags = None,
    kind: KindFilter = None,
    role: RoleFilter = None,
    org: OrgFilter = None,
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
    from mpl.exporters import FORMATS, render

    portfolio = portfolio_of(ctx)
    if form is not None:
        pack_only = {
            "--period": period,
            "--since": since,
            "--until": until,
            "--bundle": bundle,
            "--goal": goal,
        }
        pack_only |= {"--tag": tag, "--kind": kind, "--role": role, "--org": org}
        pack_only |= {"--with-learned": with_learned, "--as-events": as_events}
        pack_only |= {"--detail": detail is not Detail.STANDARD}
        _form(
            ctx, portfolio, form, format, out, force, include_private, [k for k, v in pack_only.items() if v]
        )
        return
    whole = format is Format.jsonresume and not (period or since or until)
    chosen = (
        between(None, None, env_of(ctx).today) if whole else _period(ctx, portfolio, period, since, until)
    )
    query = build_query(
        ctx,
        portfolio,
        since=None,
        until=None,
        tags=tag,
        goal=goal,
        kind=kind,
        role=role,
        org=org,
        no_private=False,
    )
    pack = build_pack(portfolio, chosen, query, include_private=include_private, detail=detail)
    env = env_of(ctx)
    if note := unreflected_note(pack):
        env.warn(f"note: {note}")
    content = render(pack, format.value, learned=with_learned, as_events=as_events)
    extension, binary = FORMATS[format.value][1], FORMATS[format.value][2]
    name = f"{_slug(pack.name)}-{chosen.key}.{extension}"
    if bundle is not None:
        if bundle.suffix.lower() != ".zip":
            raise MplError(f"the bundle {bundle.name} should end in .zip", hint="name it like pack.zip")
        items = [row.item for row in pack.evidence]
        path, count = portfolio.exports.write_bundle(env.cwd / bundle, name, content, items, force)
        say(f"Wrote {_shown(path, env.cwd)}: the pack and {count} evidence file{'s' if count != 1 else ''}")
    if out is None and binary and bundle is None:  # no binary on a terminal: a file named for the pack
        out = (portfolio.exports.folder if env.cwd.is_relative_to(portfolio.root) else env.cwd) / name
    if out is not None:
        out = portfolio.exports.write(env.cwd / out, content, force)
        say(f"Wrote {_shown(out, env.cwd)}")
    elif bundle is None:
        sys.stdout.write(content.decode("utf-8-sig"))
    if pack.left_out and (out or bundle):
        from mpl.exporters.text import left_out

        env.warn(f"note: {left_out(pack)[:-1]} (--include-private puts them in)")


def _form(
    ctx: typer.Context,
    portfolio: Portfolio,
    name: str,
    format: Format,
    out: Path | None,
    force: bool,
    include_private: bool,
    refused: list[str],
) -> None:
    """A rule pack's forms, filled in from the record of the pack's cycle."""
    from mpl.usecases.cpd import form_file

    if refused:
        raise MplError(f"{', '.join(refused)}: not with --form", hint="a form covers its pack's whole cycle")
    made = form_file(portfolio, name, format.value, include_private)
    env = env_of(ctx)
    for warning in made.warnings:
        env.warn(warning)
    if out is None and made.binary:  # no binary on a terminal: a file named for the form
        out = (portfolio.exports.folder if env.cwd.is_relative_to(portfolio.root) else env.cwd) / made.name
    if out is None:
        sys.stdout.write(made.content.decode())
        return
    out = portfolio.exports.write(env.cwd / out, made.content, force)
    say(f"Wrote {_shown(out, env.cwd)}")
    if made.note:
        env.warn(f"note: {made.note}")


def _period(
    ctx: typer.Context, portfolio: Portfolio, period: str | None, since: str | None, until: str | None
) -> Period:
    today = env_of(ctx).today
    if period and (since or until):
        raise MplError("give either --period or --since/--until, not both")
    if since or until:
        return between(date_option(ctx, since), date_option(ctx, until), today)
    role = portfolio.config.current_role
    return parse_period(
        period or "cpd-year", today, portfolio.config.cpd_year_start, role.start if role else None
    )


def _shown(path: Path, cwd: Path) -> Path:
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path


def _slug(name: str) -> str:
    from mpl.domain.ids import slug

    return slug(name, "learning-record")
