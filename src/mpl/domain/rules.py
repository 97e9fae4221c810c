"""Rule packs: what a professional body asks of a CPD record, and whether a record meets it.

A pack is data: a TOML file (docs/FORMAT.md, "Rule packs") that `RulePack` describes. Its
cycle says which days count (a calendar year, a CPD year from a start day, or N years counted
back from a date the person keeps in `mpl.toml`); each requirement names one figure (hours,
a share of hours, records, a longest gap, kinds of activity, goals kept up to date), which
records count towards it and what each must say. `evaluate` is a pure function of a pack,
the records and a day; reading packs from disk is `mpl.storage.rulepacks`'s job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mpl.domain.goals import progress_notes
from mpl.domain.model import ID_PATTERN, Goal, GoalStatus, LearningMoment
from mpl.domain.periods import add_months, cpd_year_containing
from mpl.domain.vocab import Kind
from mpl.errors import MplError

NonEmpty = Annotated[str, Field(min_length=1)]
Slug = Annotated[str, Field(pattern=ID_PATTERN)]
FIGURES = ("hours", "share", "records", "gap_months", "kinds", "goals")
FLAGS = ("participatory", "verifiable", "planned", "formal", "ethics")
# What a requirement can ask every counted record to have (`fields`), besides `section:KEY`.
RECORD_FIELDS = (
    "standards",
    "feedback_from",
    "partner",
    "partner_registration",
    "partner_email",
    "partner_address",
    "counts_as",
    "competencies",
    "goals",
    "tags",
    "evidence",
    "reflection",
)
# What a form's cell can show: a record's field, or the person's own details.
FORM_VALUES = (
    *RECORD_FIELDS,
    "date",
    "title",
    "kind",
    "hours",
    "participatory_hours",
    "role",
    "organisation",
)
OWNER_VALUES = ("owner", "cycle")  # and `setting:NAME`, from the pack's table in mpl.toml
_SECTION = re.compile(r"^section:[a-z0-9]+(?:-[a-z0-9]+)*$")
_SETTING = re.compile(r"^setting:[a-z0-9_]+$")
EPSILON = 1e-9

Sections = Callable[[LearningMoment], dict[str, str]]  # a record's reflection: section key -> text


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Where(_Data):
    """Which learning moments a requirement (or a form's table) is about; all given must match."""

    kind: list[Kind] | None = Field(default=None, strict=False)
    counts_as: list[Slug] | None = None  # any of these
    other_than: list[Slug] | None = None  # counts as none of these
    tags: list[NonEmpty] | None = None  # any of these
    participatory: bool | None = None
    verifiable: bool | None = None
    planned: bool | None = None
    formal: bool | None = None
    ethics: bool | None = None
    reflected: bool | None = None  # has a reflection written
    has_hours: bool | None = None  # hours more than 0

    @field_validator("kind", "counts_as", "other_than", "tags", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("kind", mode="before")
    @classmethod
    def _kinds(cls, value: object) -> object:
        for kind in [value] if isinstance(value, str) else value if isinstance(value, list) else []:
            if kind not in set(Kind):
                raise ValueError(f"unknown kind {kind!r} (kinds: {', '.join(Kind)})")
        return value

    def matches(self, moment: LearningMoment, sections: Sections) -> bool:
        if self.kind is not None and moment.kind not in self.kind:
            return False
        if self.counts_as is not None and not set(self.counts_as) & set(moment.counts_as or ()):
            return False
        if self.other_than is not None and set(self.other_than) & set(moment.counts_as or ()):
            return False
        if self.tags is not None and not set(self.tags) & set(moment.tags):
            return False
        for flag in FLAGS:
            wanted = getattr(self, flag)
            if wanted is not None and bool(getattr(moment, flag)) != wanted:
                return False
        if self.reflected is not None and any(sections(moment).values()) != self.reflected:
            return False
        return self.has_hours is None or (moment.hours > 0) == self.has_hours


@dataclass(frozen=True)
class Window:
    """The days a requirement counts, first and last included."""

    start: dt.date
    end: dt.date
    rolled_from: dt.date | None = None  # the person's date had passed: counted to the next one

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def days_left(self, on: dt.date) -> int:
        return (self.end - on).days

    def before(self, years: int) -> Window:
        """The window of the same length just before this one."""
        return Window(add_months(self.start, -12 * years), self.start - dt.timedelta(days=1))


class MissingDate(MplError):
    """A cycle counts back from a date the person has not set in `mpl.toml` yet."""

    def __init__(self, name: str) -> None:
        super().__init__(f"no {name} date set")
        self.name = name


class Cycle(_Data):
    kind: Literal["calendar-year", "cpd-year", "years-back"]
    years: int = Field(default=1, ge=1, le=10)
    start: str | None = None  # cpd-year: "MM-DD"; absent: the portfolio's cpd_year_start
    date: Slug | None = None  # years-back: which of the person's dates (default "renewal")

    @field_validator("start")
    @classmethod
    def _month_day(cls, value: str | None) -> str | None:
        if value is not None:
            match = re.fullmatch(r"(\d{2})-(\d{2})", value)
            if not match:
                raise ValueError("must be MM-DD, like 11-01 for 1 November")
            dt.date(2001, int(match[1]), int(match[2]))
        return value

    @property
    def date_name(self) -> str:
        return self.date or "renewal"

    def window(self, on: dt.date, dates: dict[str, dt.date], cpd_year_start: str) -> Window:
        """The cycle holding `on`."""
        back = 12 * (self.years - 1)
        if self.kind == "calendar-year":
            return Window(dt.date(on.year - self.years + 1, 1, 1), dt.date(on.year, 12, 31))
        if self.kind == "cpd-year":
            first = cpd_year_containing(on, self.start or cpd_year_start)
            return Window(add_months(first, -back), add_months(first, 12) - dt.timedelta(days=1))
        due = dates.get(self.date_name)
        if due is None:
            raise MissingDate(self.date_name)
        passed, rolled, step = due, None, 0

        def renewal(cycles: int) -> dt.date:  # the person's date, whole cycles on (or back)
            return add_months(passed, 12 * self.years * cycles)

        while renewal(step) < on:  # renewed since: the next renewal comes the same years on
            step, rolled = step + 1, passed
        while renewal(step - 1) >= on:  # a day of an earlier cycle: the renewal it led to
            step -= 1
        return Window(renewal(step - 1) + dt.timedelta(days=1), renewal(step), rolled)

    def describe(self) -> str:
        many = f"{self.years} years" if self.years > 1 else "year"
        if self.kind == "calendar-year":
            return f"{self.years} calendar years" if self.years > 1 else "calendar year"
        if self.kind == "cpd-year":
            start = f" from {_month_day(self.start)}" if self.start else " (from your cpd_year_start)"
            return f"{self.years} CPD years{start}" if self.years > 1 else f"CPD year{start}"
        return f"{many} to your {self.date_name} date"


class CarryForward(_Data):
    """Hours above the requirement in the cycle before count in this one (ACCA)."""

    most: float = Field(gt=0)
    also: list[Slug] = Field(default_factory=list)  # other requirements the carried hours count for
    after: Slug | None = None  # one of the person's dates: nothing carried from a cycle starting by it


class Requirement(_Data):
    id: Slug
    title: NonEmpty
    hours: float | None = Field(default=None, ge=0)  # at least this many hours (units, credits)
    share: float | None = Field(default=None, gt=0, le=1)  # at least this share of all hours
    records: int | None = Field(default=None, ge=1)  # at least this many records
    gap_months: int | None = Field(default=None, ge=1)  # no gap between records longer than this
    kinds: int | None = Field(default=None, ge=1)  # at least this many kinds of activity
    goals: int | None = Field(default=None, ge=1)  # at least this many goals kept up to date
    where: Where = Field(default_factory=Where)
    fields: list[NonEmpty] = Field(default_factory=list)  # each may be `a|b`: either will do
    within: Cycle | None = None  # its own cycle, when not the pack's
    carry_forward: CarryForward | None = None
    explain: str = ""  # a word more, for the person

    @model_validator(mode="after")
    def _one_figure(self) -> Requirement:
        given = [name for name in FIGURES if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError(f"needs exactly one of {', '.join(FIGURES)} (has {', '.join(given) or 'none'})")
        if self.carry_forward is not None and self.hours is None:
            raise ValueError("carry_forward goes with an hours figure")
        return self

    @field_validator("fields")
    @classmethod
    def _known_fields(cls, fields: list[str]) -> list[str]:
        for wanted in fields:
            for name in wanted.split("|"):
                if name not in RECORD_FIELDS and not _SECTION.match(name):
                    raise ValueError(
                        f"unknown field {name!r} (known: {', '.join(RECORD_FIELDS)}, section:KEY)"
                    )
        return fields

    @property
    def figure(self) -> str:
        return next(name for name in FIGURES if getattr(self, name) is not None)

    @property
    def need(self) -> float:
        return float(getattr(self, self.figure))


class FormValue(_Data):
    title: NonEmpty
    value: NonEmpty  # a source (FORM_VALUES, section:KEY, owner, setting:NAME); `a|b` first found, `a+b` all

    @field_validator("value")
    @classmethod
    def _known(cls, value: str) -> str:
        return known_source(value)


class Question(_Data):
    question: NonEmpty
    answer: NonEmpty  # a source, as a FormValue's value

    @field_validator("answer")
    @classmethod
    def _known(cls, value: str) -> str:
        return known_source(value)


def known_source(value: str) -> str:
    """`value` if every source it names is one a form can show."""
    for name in re.split(r"[|+]", value):
        known = name in FORM_VALUES or name in OWNER_VALUES
        if not (known or _SECTION.match(name) or _SETTING.match(name)):
            raise ValueError(f"unknown value {name!r}")
    return value


class ChecklistItem(_Data):
    title: NonEmpty
    requirements: list[Slug] = Field(default_factory=list)  # none: a confirmer checks it by hand


class FormSection(_Data):
    title: NonEmpty
    intro: str = ""
    show: Literal["details", "table", "accounts", "record", "checklist"]
    requirement: Slug | None = None  # the records: those this requirement looks at
    where: Where | None = None  # or: these records of the pack's cycle
    heading: str = ""  # accounts and records: each one's heading; {n} is its number
    columns: list[FormValue] = Field(default_factory=list)  # table
    fields: list[FormValue] = Field(default_factory=list)  # details, accounts, record
    questions: list[Question] = Field(default_factory=list)  # accounts
    items: list[ChecklistItem] = Field(default_factory=list)  # checklist
    blanks: list[NonEmpty] = Field(default_factory=list)  # lines left to fill in by hand

    @model_validator(mode="after")
    def _complete(self) -> FormSection:
        needs = {"table": "columns", "accounts": "questions", "checklist": "items", "details": "fields"}
        wanted = needs.get(self.show)
        if wanted and not getattr(self, wanted):
            raise ValueError(f"a {self.show} section needs {wanted}")
        if self.show in ("table", "accounts", "record") and self.requirement is None and self.where is None:
            raise ValueError(f"a {self.show} section needs a requirement or a where")
        return self


class FormSpec(_Data):
    title: NonEmpty
    intro: str = ""
    sections: list[FormSection] = Field(min_length=1)


class RulePack(_Data):
    """A professional body's rules, as published on `checked` at `source`."""

    format: int = 1
    title: NonEmpty
    body: NonEmpty
    source: Annotated[str, Field(pattern=r"^https?://\S+$")]
    checked: dt.date
    unit: NonEmpty = "hours"
    cycle: Cycle
    dates: dict[Slug, NonEmpty] = Field(default_factory=dict)  # the person's dates it needs: what each is
    details: dict[str, NonEmpty] = Field(default_factory=dict)  # other settings a form shows
    privacy: bool = False  # warn on records that may identify people
    notes: list[NonEmpty] = Field(default_factory=list)
    requirements: list[Requirement] = Field(min_length=1)
    form: FormSpec | None = None

    @model_validator(mode="after")
    def _consistent(self) -> RulePack:
        ids = [requirement.id for requirement in self.requirements]
        if len(set(ids)) != len(ids):
            raise ValueError("two requirements share an id")
        cycles = [self.cycle, *(r.within for r in self.requirements if r.within)]
        for cycle in cycles:
            if cycle.kind == "years-back" and cycle.date_name not in self.dates:
                raise ValueError(f"the {cycle.date_name!r} date a cycle counts back from is not in [dates]")
        for requirement in self.requirements:
            carry = requirement.carry_forward
            if carry and not set(carry.also) <= set(ids):
                raise ValueError(f"{requirement.id}: carry_forward.also names an unknown requirement")
            if carry and carry.after and carry.after not in self.dates:
                raise ValueError(f"{requirement.id}: carry_forward.after names a date not in [dates]")
        for section in self.form.sections if self.form else []:
            named = [r for item in section.items for r in item.requirements]
            if not set(named + ([section.requirement] if section.requirement else [])) <= set(ids):
                raise ValueError(f"form section {section.title!r} names an unknown requirement")
        return self


# -- evaluation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    requirement: Requirement
    window: Window
    unit: str  # the pack's unit of hours
    have: float  # hours, records, kinds or goals; for a gap, the longest in days
    need: float  # for a share, the hours it comes to; for a gap, its months
    met: bool
    short: float  # how far from met: hours, records, kinds, goals, or days too long a gap
    counted: list[LearningMoment] = field(default_factory=list)
    incomplete: list[tuple[LearningMoment, list[str]]] = field(default_factory=list)  # and what they lack
    goals: list[Goal] = field(default_factory=list)  # goals kept up to date
    carried: float = 0  # hours carried forward from the cycle before
    note: str = ""  # why nothing was carried forward, when the person can change that
    gap: tuple[dt.date, dt.date] | None = None  # the longest gap

    def summary(self) -> str:
        """What the record shows: `38.5 of 35 hours`, `4 of 5 records`, ..."""
        requirement = self.requirement
        figure = requirement.figure
        if figure in ("hours", "share"):
            text = f"{_number(self.have)} of {_number(self.need)} {unit_of(self.need, self.unit)}"
            if figure == "share":
                text += f" ({requirement.share:.0%} of all {self.unit})"
            return text + (f", {_number(self.carried)} carried forward" if self.carried else "")
        if figure == "gap_months":
            if self.gap is None:
                return "no records to measure"
            start, end = self.gap
            return f"longest gap {_span(start, end)} ({_day(start)} to {_day(end)})"
        if figure == "kinds":
            kinds = "kind" if self.have == 1 else "kinds"
            return f"{_number(self.have)} {kinds} of activity ({_number(self.need)} needed)"
        one = self.need == 1
        what = {
            "records": "record" if one else "records",
            "kinds": "kind of activity" if one else "kinds of activity",
            "goals": "goal kept up to date" if one else "goals kept up to date",
        }[figure]
        return f"{_number(self.have)} of {_number(self.need)} {what}"

    def shortfall(self) -> str:
        """How far it is from met, in a few words; '' when met."""
        if self.met:
            return ""
        figure = self.requirement.figure
        if figure == "gap_months":
            return f"{_plural(self.short, 'day')} longer than {_plural(self.need, 'month')}"
        unit = {
            "hours": self.unit,
            "share": self.unit,
            "records": "record",
            "kinds": "kind",
            "goals": "goal",
        }[figure]
        if figure in ("hours", "share"):
            return f"short by {_number(self.short)} {unit_of(self.short, unit)}"
        return f"short by {_plural(self.short, unit)}"


@dataclass(frozen=True)
class Standing:
    pack: RulePack
    name: str
    window: Window
    on: dt.date
    outcomes: list[Outcome]

    @property
    def met(self) -> bool:
        return all(outcome.met for outcome in self.outcomes)

    @property
    def days_left(self) -> int:
        return self.window.days_left(self.on)

    @property
    def met_count(self) -> int:
        return sum(1 for outcome in self.outcomes if outcome.met)

    def progress(self) -> str:
        """`4 of 5 requirements met, 127 days left`."""
        when = self.time_left()
        return f"{self.met_count} of {len(self.outcomes)} requirements met, {when}"

    def time_left(self) -> str:
        """`127 days left`, `1 day left`, `ended 3 days ago`."""
        left = self.days_left
        return f"{_plural(left, 'day')} left" if left >= 0 else f"ended {_plural(-left, 'day')} ago"

    def outcome(self, requirement_id: str) -> Outcome:
        return next(o for o in self.outcomes if o.requirement.id == requirement_id)


def evaluate(
    pack: RulePack,
    name: str,
    moments: Sequence[LearningMoment],
    goals: Sequence[Goal],
    on: dt.date,
    dates: dict[str, dt.date],
    cpd_year_start: str,
    sections: Sections,
) -> Standing:
    """How the record stands against `pack` on the day `on`: what was recorded up to that day
    (a record dated later had not happened yet) in the cycle holding it."""
    moments = [moment for moment in moments if moment.date <= on]
    main, windows = _windows(pack, on, dates, cpd_year_start)
    carried: dict[str, float] = {}
    notes: dict[str, str] = {}
    for requirement in pack.requirements:
        carry = requirement.carry_forward
        if carry is None:
            continue
        cycle = requirement.within or pack.cycle
        before = windows[requirement.id].before(cycle.years)
        if carry.after and carry.after not in dates:  # the cycle before may be the first: none
            notes[requirement.id] = (
                f"nothing carried forward, as the cycle before may have been your first:"
                f" set your {carry.after} date with `mpl cpd use {name} --date {carry.after}=YYYY-MM-DD`"
            )
            continue
        barrier = dates.get(carry.after) if carry.after else None
        if barrier is not None and before.start <= barrier:
            continue
        counted, _ = _split(requirement, _matching(requirement.where, moments, before, sections), sections)
        extra = min(carry.most, max(0.0, _hours(counted) - requirement.need))
        for target in (requirement.id, *carry.also):
            carried[target] = carried.get(target, 0.0) + extra
    outcomes = [
        _outcome(pack, r, windows[r.id], moments, goals, on, sections, carried.get(r.id, 0.0))
        for r in pack.requirements
    ]
    outcomes = [
        dataclasses.replace(o, note=notes[o.requirement.id]) if o.requirement.id in notes else o
        for o in outcomes
    ]
    return Standing(pack, name, main, on, outcomes)


def _windows(
    pack: RulePack, on: dt.date, dates: dict[str, dt.date], cpd_year_start: str
) -> tuple[Window, dict[str, Window]]:
    """The pack's cycle holding `on`, and each requirement's."""
    main = pack.cycle.window(on, dates, cpd_year_start)
    return main, {
        r.id: r.within.window(on, dates, cpd_year_start) if r.within else main for r in pack.requirements
    }


def span_needed(pack: RulePack, on: dt.date, dates: dict[str, dt.date], cpd_year_start: str) -> Window:
    """The days whose records `evaluate` looks at: every requirement's cycle, with the cycle
    before it where hours carry forward or a gap may start before it."""
    _, windows = _windows(pack, on, dates, cpd_year_start)
    starts, ends = [], []
    for requirement in pack.requirements:
        window = windows[requirement.id]
        if requirement.carry_forward or requirement.gap_months:
            window = Window(window.before((requirement.within or pack.cycle).years).start, window.end)
        starts.append(window.start)
        ends.append(window.end)
    return Window(min(starts), max(ends))


def _outcome(
    pack: RulePack,
    requirement: Requirement,
    window: Window,
    moments: Sequence[LearningMoment],
    goals: Sequence[Goal],
    on: dt.date,
    sections: Sections,
    carried: float,
) -> Outcome:
    figure, need = requirement.figure, requirement.need
    if figure == "gap_months":
        return _gap_outcome(pack, requirement, window, moments, sections, on)
    counted, incomplete = _split(
        requirement, _matching(requirement.where, moments, window, sections), sections
    )
    kept: list[Goal] = []
    if figure == "goals":
        kept = [goal for goal in goals if _kept_up(goal, moments, Window(window.start, min(window.end, on)))]
        have: float = len(kept)
    elif figure == "records":
        have = len(counted)
    elif figure == "kinds":
        have = len({m.kind for m in counted})
    else:
        have = round(_hours(counted) + carried, 2)
        if figure == "share":
            need = need * _hours(m for m in moments if m.date in window)
    return Outcome(
        requirement,
        window,
        pack.unit,
        have=have,
        need=round(need, 2),
        met=have + EPSILON >= need,
        short=max(0, round(need - have, 2)),
        counted=counted,
        incomplete=incomplete,
        goals=kept,
        carried=carried,
    )


def _gap_outcome(
    pack: RulePack,
    requirement: Requirement,
    window: Window,
    moments: Sequence[LearningMoment],
    sections: Sections,
    on: dt.date,
) -> Outcome:
    """The longest stretch without a record, from the last record before the window (or its
    first day) to `on` (or its last day): too long when it ends after the same day
    `gap_months` months on."""
    months = requirement.gap_months or 0
    last = min(on, window.end)
    counted, incomplete = _split(
        requirement, [m for m in moments if requirement.where.matches(m, sections)], sections
    )
    earlier = [m.date for m in counted if m.date < window.start]
    days = sorted({m.date for m in counted if window.start <= m.date <= last})
    points = [max(earlier) if earlier else window.start, *days, last]
    worst, gap = 0, None
    for start, end in itertools.pairwise(points):
        over = (end - add_months(start, months)).days
        if gap is None or over > worst:
            worst, gap = over, (start, end)
    if last < window.start:  # the cycle has not started yet
        gap, worst = None, 0
    length = (gap[1] - gap[0]).days if gap else 0
    return Outcome(
        requirement,
        window,
        pack.unit,
        have=length,
        need=months,
        met=worst <= 0,
        short=max(0, worst),
        counted=[m for m in counted if m.date in window],
        incomplete=[(m, lacking) for m, lacking in incomplete if m.date in window],
        gap=gap,
    )


def _matching(
    where: Where, moments: Sequence[LearningMoment], window: Window, sections: Sections
) -> list[LearningMoment]:
    return [m for m in moments if m.date in window and where.matches(m, sections)]


def _split(
    requirement: Requirement, moments: Sequence[LearningMoment], sections: Sections
) -> tuple[list[LearningMoment], list[tuple[LearningMoment, list[str]]]]:
    """(the records that have every field asked for, the others with what they lack)."""
    counted, incomplete = [], []
    for moment in moments:
        lacking = [wanted for wanted in requirement.fields if not _has_any(moment, wanted, sections)]
        if lacking:
            incomplete.append((moment, lacking))
        else:
            counted.append(moment)
    return counted, incomplete


def _has_any(moment: LearningMoment, wanted: str, sections: Sections) -> bool:
    return any(has_field(moment, name, sections) for name in wanted.split("|"))


def has_field(moment: LearningMoment, name: str, sections: Sections) -> bool:
    """Does the record say something for `name` (a field, `reflection` or `section:KEY`)?"""
    if name == "reflection":
        return any(sections(moment).values())
    if name.startswith("section:"):
        return bool(sections(moment).get(name.removeprefix("section:")))
    value = getattr(moment, name, None)
    return bool(value.strip() if isinstance(value, str) else value)


def _kept_up(goal: Goal, moments: Sequence[LearningMoment], window: Window) -> bool:
    """Was the goal set, worked on, noted or closed during the window?"""
    days = [goal.created, *(note.date for note in progress_notes(goal.body))]
    days += [m.date for m in moments if goal.id in m.goals]
    if goal.closed is not None and goal.status is not GoalStatus.DROPPED:
        days.append(goal.closed)
    return any(day in window for day in days)


def _hours(moments: Iterable[LearningMoment]) -> float:
    return float(sum(moment.hours for moment in moments))


def _number(value: float) -> str:
    return f"{round(value, 2):g}"


def unit_of(value: float, unit: str) -> str:
    """A pack's unit (hours, units, credits) for `value` of it: `1 hour`, `2 hours`."""
    return unit[:-1] if value == 1 and unit.endswith("s") else unit


def _plural(value: float, unit: str) -> str:
    return f"{_number(value)} {unit}{'' if value == 1 else 's'}"


def _day(day: dt.date) -> str:
    return f"{day:%-d %b %Y}"


def _month_day(text: str) -> str:
    month, day = (int(part) for part in text.split("-"))
    return f"{dt.date(2001, month, day):%-d %B}"


def _span(start: dt.date, end: dt.date) -> str:
    """`3 months and 4 days` between two days."""
    months = 0
    while add_months(start, months + 1) <= end:
        months += 1
    days = (end - add_months(start, months)).days
    parts = [_plural(months, "month")] if months else []
    if days or not parts:
        parts.append(_plural(days, "day"))
    return " and ".join(parts)


def lacking(wanted: str) -> str:
    """A requirement's field spec (`standards|section:code`) in words."""
    names = [
        f"a {name.removeprefix('section:')!r} section"
        if name.startswith("section:")
        else name.replace("_", " ")
        for name in wanted.split("|")
    ]
    return " or ".join(names)
