"""Will I be renewed? The record checked against professional bodies' rule packs.

`check` evaluates the packs a person chose (`rule_packs` in `mpl.toml`, or named on the
command line) on a day; `packs` lists every pack mpl knows; `status_lines` is the short
account `mpl status` gives. Records whose text may identify someone are warned about for
packs whose body forbids it (NMC).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.domain.ids import slug
from mpl.domain.model import Config, LearningMoment
from mpl.domain.privacy import names_in, nhs_numbers
from mpl.domain.reflection import get_model, sections
from mpl.domain.rules import MissingDate, RulePack, Sections, Standing, evaluate, span_needed
from mpl.domain.vocab import COUNTS_AS, ChangeKind
from mpl.errors import MplError

if TYPE_CHECKING:
    from mpl.domain.forms import FilledForm
from mpl.storage import rulepacks, settings
from mpl.storage.files import read_text
from mpl.storage.index import Query
from mpl.storage.layout import CONFIG_FILE
from mpl.storage.portfolio import Portfolio

NO_PACKS_HINT = 'name one with --pack, or set rule_packs = ["nmc"] in mpl.toml (`mpl cpd packs` lists them)'


@dataclass(frozen=True)
class PrivacyWarning:
    path: str  # the record's file, relative to the portfolio
    record_id: str
    found: str  # what was found: a name, or an NHS number as written
    kind: str  # "name" or "nhs-number"
    where: str  # which part of the record: title, reflection, feedback_from, ...

    def line(self) -> str:
        what = (
            f"a name on your confidential list ({self.found!r})"
            if self.kind == "name"
            else f"a number shaped like an NHS number ({self.found})"
        )
        part = {"feedback_from": "feedback source"}.get(self.where, self.where)
        return f"{self.path}: {what} in its {part}"


@dataclass(frozen=True)
class PackCheck:
    name: str
    file: rulepacks.PackFile
    standing: Standing
    warnings: list[PrivacyWarning] = field(default_factory=list)

    @property
    def pack(self) -> RulePack:
        return self.standing.pack


@dataclass(frozen=True)
class Unchecked:
    """A chosen pack that cannot be checked: it counts from a date the person has not set."""

    name: str
    title: str
    problem: str
    hint: str

    def reason(self) -> str:
        return f"cannot check: {self.problem} ({self.hint})"


class DateNotSet(MplError):
    """A pack's cycle counts from a date `mpl.toml` does not give for it."""


@dataclass(frozen=True)
class PackInfo:
    name: str
    pack: RulePack
    own: bool  # in the portfolio's rules/ folder
    shown: Path
    chosen: bool  # in `rule_packs`


@dataclass(frozen=True)
class StatusLine:
    name: str
    title: str
    standing: Standing | None = None
    problem: str | None = None  # why it could not be checked


def find(portfolio: Portfolio, name: str) -> tuple[rulepacks.PackFile, RulePack]:
    """The pack called `name` (a malformed one is a BadFile naming its line)."""
    files = rulepacks.pack_files(portfolio.root)
    if name not in files:
        raise MplError(f"no rule pack called {name!r}", hint=f"known packs: {', '.join(files)}")
    return files[name], rulepacks.load(files[name])


def chosen(portfolio: Portfolio, names: Sequence[str] | None) -> list[str]:
    wanted = list(dict.fromkeys(names or portfolio.config.rule_packs))
    if not wanted:
        raise MplError("no rule packs to check", hint=NO_PACKS_HINT)
    return wanted


def check(
    portfolio: Portfolio, names: Sequence[str] | None = None, on: dt.date | None = None
) -> list[PackCheck | Unchecked]:
    """Each chosen pack's standing on `on` (default today), with privacy warnings; a pack
    counting from a date not set is `Unchecked`, saying which date and how to set it, unless
    no pack at all can be checked (then that is the error)."""
    day = on or portfolio.env.today
    found: list[PackCheck | Unchecked] = []
    for name in chosen(portfolio, names):
        file, pack = find(portfolio, name)
        try:
            standing, moments = _standing(portfolio, name, pack, day)
        except DateNotSet as error:
            found.append(Unchecked(name, pack.title, error.message, error.hint or ""))
            continue
        warnings = _privacy(portfolio, standing, moments) if pack.privacy else []
        found.append(PackCheck(name, file, standing, warnings))
    unchecked = [item for item in found if isinstance(item, Unchecked)]
    if len(unchecked) == len(found):
        raise DateNotSet(
            "; ".join(item.problem for item in unchecked), hint="; ".join(item.hint for item in unchecked)
        )
    return found


def packs(portfolio: Portfolio) -> list[PackInfo]:
    """Every pack mpl knows (a malformed one of the person's own is a BadFile)."""
    wanted = set(portfolio.config.rule_packs)
    return [
        PackInfo(name, rulepacks.load(file), file.own, file.shown, name in wanted)
        for name, file in rulepacks.pack_files(portfolio.root).items()
    ]


def status_lines(
    portfolio: Portfolio, on: dt.date | None = None, include_private: bool = True
) -> list[StatusLine]:
    """How each chosen pack stands on `on` (default today), for `mpl status` and the
    appraisal pack (which leaves private records out of the figures unless asked); a pack
    that cannot be checked says why instead of stopping them."""
    day = on or portfolio.env.today
    lines = []
    for name in portfolio.config.rule_packs:
        try:
            _, pack = find(portfolio, name)
        except MplError as error:
            lines.append(StatusLine(name, name, problem=error.message))
            continue
        try:
            standing, _ = _standing(portfolio, name, pack, day, include_private)
        except MplError as error:
            lines.append(StatusLine(name, pack.title, problem=f"{error.message} ({error.hint})"))
            continue
        lines.append(StatusLine(name, pack.title, standing))
    return lines


def counts_as_values(portfolio: Portfolio) -> set[str]:
    """What a record may count as: mpl's own words and any a readable rule pack names."""
    known = set(COUNTS_AS)
    for file in rulepacks.pack_files(portfolio.root).values():
        try:
            pack = rulepacks.load(file)
        except MplError:  # `mpl cpd packs` says what is wrong with it
            continue
        wheres = [r.where for r in pack.requirements]
        wheres += [s.where for s in (pack.form.sections if pack.form else []) if s.where]
        known.update(value for where in wheres for value in (where.counts_as or ()))
    return known


@dataclass(frozen=True)
class FormFile:
    """A pack's forms written out: what to write, the file name it goes by, what to say."""

    content: bytes
    name: str  # the file name a form given no --out is written to
    binary: bool  # not for a terminal
    warnings: list[str]  # privacy warnings, a line each
    note: str  # what was left out ('' when nothing was)


def form_file(portfolio: Portfolio, name: str, format: str, include_private: bool = False) -> FormFile:
    """The pack `name`'s forms for its current cycle in `format` (md, html, docx, pdf, json)."""
    from mpl.domain.ids import slug as make_slug
    from mpl.exporters.forms import FORMATS, left_out, render

    if format not in FORMATS:
        raise MplError(f"forms come as {', '.join(FORMATS)}, not {format}")
    filled, warnings = fill_form(portfolio, name, include_private)
    period = f"{filled.period.start}-to-{filled.period.end}"
    return FormFile(
        content=render(filled, format),
        name=f"{make_slug(filled.owner, 'learning-record')}-{name}-form-{period}.{format}",
        binary=format in ("docx", "pdf"),
        warnings=[f"privacy: {warning.line()}" for warning in warnings],
        note=left_out(filled) if filled.left_out else "",
    )


def fill_form(
    portfolio: Portfolio, name: str, include_private: bool = False
) -> tuple[FilledForm, list[PrivacyWarning]]:
    """The pack's forms filled in from the record of its current cycle (private records only
    when asked for), and the privacy warnings about what they show."""
    from mpl.domain.forms import fill

    _, pack = find(portfolio, name)
    if pack.form is None:
        with_forms = [n for n, file in rulepacks.pack_files(portfolio.root).items() if "[form]" in file.text]
        raise MplError(
            f"the {pack.title} pack has no forms", hint=f"packs with forms: {', '.join(with_forms)}"
        )
    standing, moments = _standing(portfolio, name, pack, portfolio.env.today, include_private)
    config = portfolio.config
    hidden = len(portfolio.moments(Query(since=standing.window.start, until=standing.window.end))) - len(
        [m for m in moments if m.date in standing.window]
    )
    filled = fill(
        pack.form,
        standing,
        moments,
        config.name,
        dict(config.packs.get(name, {})),
        sections_reader(config),
        hidden,
        include_private,
    )
    return filled, _privacy(portfolio, standing, moments) if pack.privacy else []


def use(portfolio: Portfolio, name: str, dates: dict[str, dt.date], details: dict[str, str]) -> RulePack:
    """Choose a pack for `mpl cpd check` (and `mpl status`) and keep the person's dates and
    details for it in mpl.toml, as one commit."""
    _, pack = find(portfolio, name)
    for key in dates:
        if key not in pack.dates:
            known = ", ".join(pack.dates) or "none"
            raise MplError(f"the {pack.title} pack keeps no {key!r} date", hint=f"its dates: {known}")
    for key in details:
        if key not in pack.details:
            known = ", ".join(pack.details) or "none"
            raise MplError(f"the {pack.title} pack keeps no {key!r} detail", hint=f"its details: {known}")
    with portfolio.changing():
        path = portfolio.root / CONFIG_FILE
        text = settings.with_rule_pack(read_text(path), name, {**dates, **details})
        portfolio.config = settings.parse(portfolio.relative(path), text)
        portfolio.changes.write(path, text)
        portfolio.changes.commit([path], f"settings: check {pack.title}", ChangeKind.SETTINGS)
    return pack


def dates_not_set(portfolio: Portfolio, name: str, pack: RulePack) -> list[str]:
    """A line for each date the pack asks for that mpl.toml does not give: what it is, and
    how to set it."""
    kept = pack_dates(portfolio.config, name)
    return [
        f"{pack.title} needs your {key} date, not set yet ({what}): set it with"
        f" `mpl cpd use {name} {'--renewal ' if key == 'renewal' else f'--date {key}='}YYYY-MM-DD`"
        for key, what in pack.dates.items()
        if key not in kept
    ]


NAMES_HEADER = """\
# Names that must never appear in your learning record: patients, service users,
# relatives, colleagues. One a line; lines starting with # are notes.
# `mpl cpd check` warns when a record holds one. This file lives in .mpl/, which git
# ignores: it is never committed, synced, exported or bundled, and stays on this machine.
"""


def edit_names(portfolio: Portfolio) -> Path:
    """Open the person's confidential names list in their editor (made, with a note on what
    it is for, if there is none); where it is."""
    from mpl.usecases.editor import run_editor

    path = rulepacks.ensure_names_file(portfolio.root, NAMES_HEADER)
    run_editor(portfolio.env, str(path))
    return portfolio.relative(path)


def _standing(
    portfolio: Portfolio, name: str, pack: RulePack, day: dt.date, include_private: bool = True
) -> tuple[Standing, list[LearningMoment]]:
    config = portfolio.config
    dates = pack_dates(config, name)
    try:
        span = span_needed(pack, day, dates, config.cpd_year_start)
    except MissingDate as missing:
        what = pack.dates.get(missing.name, "")
        raise DateNotSet(
            f"the {pack.title} pack counts from your {missing.name} date, which mpl.toml does not give",
            hint=f"add `{missing.name} = YYYY-MM-DD` under [packs.{name}] in mpl.toml: {what}",
        ) from None
    moments = portfolio.moments(Query(since=span.start, until=span.end, include_private=include_private))
    goals = portfolio.goals() if any(r.goals for r in pack.requirements) else []
    standing = evaluate(
        pack, name, moments, goals, day, dates, config.cpd_year_start, sections_reader(config)
    )
    return standing, moments


def pack_dates(config: Config, name: str) -> dict[str, dt.date]:
    settings = config.packs.get(name, {})
    return {key: value for key, value in settings.items() if isinstance(value, dt.date)}


def sections_reader(config: Config) -> Sections:
    """A function giving a learning moment's reflection as section key -> text, by its model's
    keys (a heading its model does not have goes by the heading's slug)."""
    cache: dict[str, dict[str, str]] = {}

    def read(moment: LearningMoment) -> dict[str, str]:
        if moment.id not in cache:
            try:
                model = get_model(moment.model, config.reflection_models)
            except MplError:
                model = get_model("free")
            keys = {section.heading: section.key for section in model.sections}
            cache[moment.id] = {
                keys.get(heading) or slug(heading, "section"): text
                for heading, text in sections(moment.body).items()
                if text
            }
        return cache[moment.id]

    return read


def _privacy(
    portfolio: Portfolio, standing: Standing, moments: Sequence[LearningMoment]
) -> list[PrivacyWarning]:
    """Records of the pack's cycle holding a name from the person's list or an NHS number.
    A reflective discussion partner's own details are meant to be there, so are not looked at."""
    names = rulepacks.confidential_names(portfolio.root)
    warnings = []
    for moment in moments:
        if moment.date not in standing.window:
            continue
        path = portfolio.relative(moment.path).as_posix() if moment.path else moment.id
        parts = {
            "title": moment.title,
            "reflection": moment.body,
            "feedback_from": moment.feedback_from or "",
            "tags": " ".join(moment.tags),
            "standards": "; ".join(moment.standards or ()),
        }
        for where, text in parts.items():
            for name in names_in(text, names):
                warnings.append(PrivacyWarning(path, moment.id, name, "name", where))
            for number in nhs_numbers(text):
                warnings.append(PrivacyWarning(path, moment.id, number, "nhs-number", where))
    return warnings
