"""`mpl export`: the pack for a period in a format, or a rule pack's forms, written where
the person says (a file, a bundle with its evidence, or the screen)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from mpl.domain.ids import slug
from mpl.domain.pack import Detail
from mpl.domain.periods import Period, between
from mpl.errors import MplError
from mpl.exporters import FORMATS, render
from mpl.exporters.text import left_out
from mpl.storage.portfolio import Portfolio
from mpl.usecases.filters import Filters, query_of
from mpl.usecases.pack import build_pack, pack_period, unreflected_note

FORMAT_NAMES = tuple(FORMATS)  # what `--format` offers


@dataclass(frozen=True)
class Destination:
    """Where an export goes: `out` (None: the screen, or for a binary format a file named
    for it), and perhaps also a `bundle` (.zip) with the evidence it cites."""

    cwd: Path
    out: Path | None = None
    bundle: Path | None = None
    force: bool = False


@dataclass
class Exported:
    before: list[str] = field(default_factory=list)  # to say on stderr before what was written
    written: list[str] = field(default_factory=list)  # what was written, one line each
    text: str | None = None  # for the screen
    after: list[str] = field(default_factory=list)  # to say on stderr after it


def export_pack(
    portfolio: Portfolio,
    period: str | None,
    filters: Filters,
    format: str,
    *,
    detail: Detail,
    include_private: bool,
    to: Destination,
    learned: bool = False,
    as_events: bool = False,
) -> Exported:
    """The pack of `period` (or of `filters`' --since/--until) in `format`, written to `to`.
    A CV (jsonresume) covers the whole career unless a period is given."""
    if to.bundle is not None and to.bundle.suffix.lower() != ".zip":
        raise MplError(f"the bundle {to.bundle.name} should end in .zip", hint="name it like pack.zip")
    whole = format == "jsonresume" and not (period or filters.since or filters.until)
    chosen = (
        between(None, None, portfolio.env.today)
        if whole
        else _period(portfolio, period, filters, include_private)
    )
    query = query_of(
        portfolio, Filters(**{**vars(filters), "since": None, "until": None, "no_private": False})
    )
    pack = build_pack(portfolio, chosen, query, include_private=include_private, detail=detail)
    done = Exported(before=[f"note: {note}"] if (note := unreflected_note(pack)) else [])
    content = render(pack, format, learned=learned, as_events=as_events)
    _module, extension, binary = FORMATS[format]
    name = f"{slug(pack.name, 'learning-record')}-{chosen.key}.{extension}"
    if to.bundle is not None:
        items = [row.item for row in pack.evidence]
        path, count = portfolio.exports.write_bundle(to.cwd / to.bundle, name, content, items, to.force)
        done.written.append(
            f"{_shown(path, to.cwd)}: the pack and {count} evidence file{'s' if count != 1 else ''}"
        )
    _write(portfolio, content, name, binary and to.bundle is None, to, done, screen=to.bundle is None)
    if pack.left_out and done.written:
        done.after.append(f"note: {left_out(pack)[:-1]} (--include-private puts them in)")
    if format == "ics":
        from mpl.exporters.ics import is_empty

        if is_empty(content):
            done.after.append(
                "note: the calendar is empty: no goal in the pack has a target or review date"
                " (`mpl goal add --by DATE`; `mpl edit ID` sets an existing goal's target)"
            )
    return done


def export_form(
    portfolio: Portfolio, name: str, format: str, include_private: bool, to: Destination
) -> Exported:
    """A rule pack's forms for its cycle, filled in from the record, written to `to`."""
    from mpl.usecases.cpd import form_file

    made = form_file(portfolio, name, format, include_private)
    done = Exported(before=list(made.warnings))
    _write(portfolio, made.content, made.name, made.binary, to, done, screen=True)
    if made.note and done.written:
        done.after.append(f"note: {made.note}")
    return done


def _write(
    portfolio: Portfolio,
    content: bytes,
    name: str,
    to_file: bool,
    to: Destination,
    done: Exported,
    screen: bool,
) -> None:
    """`content` to `to.out`; with none, to a file named `name` when `to_file` (no binary on
    a terminal: in mpl's exports folder when run inside the portfolio), else to the screen."""
    out = to.out
    if out is None and to_file:
        out = (portfolio.exports.folder if to.cwd.is_relative_to(portfolio.root) else to.cwd) / name
    if out is not None:
        done.written.append(str(_shown(portfolio.exports.write(to.cwd / out, content, to.force), to.cwd)))
    elif screen:
        done.text = content.decode("utf-8-sig")


def _period(portfolio: Portfolio, period: str | None, filters: Filters, include_private: bool) -> Period:
    if period and (filters.since or filters.until):
        raise MplError("give either --period or --since/--until, not both")
    if filters.since or filters.until:
        dates = query_of(portfolio, Filters(since=filters.since, until=filters.until))
        return between(dates.since, dates.until, portfolio.env.today)
    return pack_period(portfolio, period or "cpd-year", include_private)


def _shown(path: Path, cwd: Path) -> Path:
    return path.relative_to(cwd) if path.is_relative_to(cwd) else path
