"""`mpl import`: learning moments from jrnl and from spreadsheets, all or nothing.

Every entry is read and checked before anything is written; then all of them are
written and committed as one change. Each moment keeps an `import_key` made from
what the entry says, so importing the same file again creates nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mpl.domain.ids import slug
from mpl.domain.imports import CSV_FIELDS, Entry, parse_csv, parse_jrnl
from mpl.domain.model import Kind, LearningMoment
from mpl.domain.reflection import compose, get_model
from mpl.domain.vocab import ChangeKind
from mpl.errors import MplError
from mpl.storage import settings
from mpl.storage.files import read_source
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio

MODEL = "free"  # imported text has no reflection model's headings: one free section


@dataclass
class ImportPlan:
    name: str  # the file's name, for the commit message
    new: list[LearningMoment]
    already: int  # entries imported before
    columns: dict[str, str] | None = None  # a CSV mapping to save in mpl.toml


def plan_jrnl(portfolio: Portfolio, path: Path, kind: Kind | None) -> ImportPlan:
    entries = parse_jrnl(read_source(path))
    return _plan(portfolio, path, entries, kind)


def plan_csv(
    portfolio: Portfolio, path: Path, maps: list[str], order: str | None, kind: Kind | None
) -> ImportPlan:
    given = parse_maps(maps)
    saved = portfolio.config.csv_columns
    entries = parse_csv(read_source(path), given, order, saved=saved)
    plan = _plan(portfolio, path, entries, kind)
    if {**saved, **given} != saved:
        plan.columns = {**saved, **given}
    return plan


def parse_maps(maps: list[str]) -> dict[str, str]:
    """`--map FIELD=COLUMN` options as field -> column."""
    columns = {}
    for item in maps:
        name, equals, column = item.partition("=")
        name = name.strip().lower()
        if not equals or not column.strip():
            raise MplError(f"--map {item!r} needs the form FIELD=COLUMN, like --map date=Date")
        if name not in CSV_FIELDS:
            raise MplError(f"--map {item!r}: there is no field {name!r}", hint=f"use {', '.join(CSV_FIELDS)}")
        columns[name] = column.strip()
    return columns


def run_import(portfolio: Portfolio, plan: ImportPlan) -> list[LearningMoment]:
    """Write and commit the plan's new moments (and mapping) as one change."""
    if not plan.new and plan.columns is None:
        return []
    columns = plan.columns
    edit = (lambda text: settings.with_csv_columns(text, columns)) if columns is not None else None
    count = len(plan.new)
    summary = f"import: {count} learning moment{'s' if count != 1 else ''} from {plan.name}"
    return portfolio.add_many(plan.new, summary, ChangeKind.IMPORT, settings_edit=edit)


def _plan(portfolio: Portfolio, path: Path, entries: list[Entry], kind: Kind | None) -> ImportPlan:
    known = {m.import_key for m in portfolio.moments(Query()) if m.import_key}
    fresh = [entry for entry in entries if entry.key not in known]
    model = get_model(MODEL)
    moments = []
    for entry in fresh:
        moment = LearningMoment(
            id=slug(entry.title, "moment"),
            title=entry.title,
            date=entry.date,
            time=entry.time,
            kind=kind or entry.kind or Kind.OTHER,
            hours=entry.hours,
            tags=entry.tags,
            **portfolio.config.stamp(entry.date),
            model=MODEL,
            highlight=entry.highlight,
            import_key=entry.key,
        )
        moment.body = compose(model, {model.sections[0].key: entry.body})
        moments.append(moment)
    return ImportPlan(path.name, moments, len(entries) - len(fresh))
