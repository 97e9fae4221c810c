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
from mpl.errors import MplError
from mpl.output import say
from mpl.pack import Pack, build_pack
from mpl.periods import PERIOD_HELP, Period, between, parse_period
from mpl.storage.files import write_bundle, write_new
from mpl.storage.portfolio import Portfolio


class Format(StrEnum):
    md = "md"
    html = "html"
    docx = "docx"
    json = "json"
    csv = "csv"


def export(
    ctx: typer.Context,
    period: Annotated[
        str | None,
        typer.Option("--period", "-p", help=f"Which period: {PERIOD_HELP}. Default: the current CPD year."),
    ] = None,
    since: Since = None,
    until: Until = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="The pack's format.")] = Format.md,
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
) -> None:
    """Write the pack for a period: summary, goals with their learning and reflections,
    the forward plan and an evidence index."""
    from mpl.exporters import FORMATS, render

    portfolio = portfolio_of(ctx)
    chosen = _period(ctx, portfolio, period, since, until)
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
    pack = build_pack(portfolio, chosen, query, include_private=include_private, only_goal=query.goal)
    content = render(pack, format.value)
    extension, binary = FORMATS[format.value][1], FORMATS[format.value][2]
    name = f"{_slug(pack.name)}-{chosen.key}.{extension}"

    env = env_of(ctx)
    if bundle is not None:
        _write_bundle(portfolio, pack, name, content, env.cwd / bundle, force)
    if out is None and binary and bundle is None:  # no binary on a terminal: a file named for the pack
        out = (portfolio.exports if env.cwd.is_relative_to(portfolio.root) else env.cwd) / name
    if out is not None:
        out = _destination(portfolio, env.cwd / out)
        write_new(out, content, force)
        say(f"Wrote {_shown(out, env.cwd)}")
    elif bundle is None:
        sys.stdout.write(content.decode("utf-8-sig"))
    if pack.left_out and (out or bundle):
        from mpl.exporters.text import left_out

        env.warn(f"note: {left_out(pack)[:-1]} (--include-private puts them in)")


def _write_bundle(
    portfolio: Portfolio, pack: Pack, name: str, content: bytes, path: Path, force: bool
) -> None:
    """A zip of the pack and every evidence file it cites, at their paths in the portfolio."""
    if path.suffix.lower() != ".zip":
        raise MplError(f"the bundle {path.name} should end in .zip", hint="name it like pack.zip")
    path = _destination(portfolio, path)
    files = {row.item.path: portfolio.root / row.item.path for row in pack.evidence}
    missing = sorted(item for item, file in files.items() if not file.is_file())
    if missing:
        portfolio.env.warn(f"warning: missing from evidence/, so not in the bundle: {', '.join(missing)}")
    members = [(name, content), *((item, file) for item, file in files.items() if item not in missing)]
    write_bundle(path, members, force)
    say(f"Wrote {_shown(path, portfolio.env.cwd)}: the pack and {len(members) - 1} evidence file(s)")


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


def _destination(portfolio: Portfolio, path: Path) -> Path:
    """`path` made ready (mpl's exports folder made if need be); a file inside the
    portfolio that git would keep is said out loud."""
    path = path.resolve()
    if path.is_relative_to(portfolio.exports):
        path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_relative_to(portfolio.root) and not portfolio.ignores(path):
        exports = portfolio.relative(portfolio.exports)
        portfolio.env.warn(
            f"note: {portfolio.relative(path)} is inside your portfolio, so your next change will commit it"
            + (
                " (`mpl doctor --fix` keeps exports/ out of git)"
                if path.is_relative_to(portfolio.exports)
                else f" (write packs to {exports}/, which git ignores)"
            )
        )
    return path


def _shown(path: Path, cwd: Path) -> Path:
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path


def _slug(name: str) -> str:
    from mpl.ids import slug

    return slug(name, "learning-record")
