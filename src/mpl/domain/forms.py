"""A body's forms, filled in from the record: the tables and accounts a rule pack's `[form]`
describes (NMC: the CPD log, the feedback log, five reflective accounts, the reflective
discussion, the confirmation), as data every document format writes the same way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from mpl.domain.model import LearningMoment
from mpl.domain.rules import FormSection, FormSpec, Sections, Standing, Window, lacking

NOT_ANSWERED = "Not answered in the record."
NOT_CHECKED = "Not checked by mpl: for the confirmer"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]
    empty: str = "None in the record for this period."


@dataclass(frozen=True)
class Block:
    """Labelled answers: a reflective account's questions, a discussion's details, lines to sign."""

    heading: str
    items: list[tuple[str, str]]  # (label or question, answer; '' to fill in by hand)
    compact: bool = False  # short answers, side by side with their labels (a form's boxes)
    new_page: bool = False  # printed on a page of its own, as each account is on paper


@dataclass(frozen=True)
class Part:
    title: str
    intro: str
    content: list[Table | Block]
    note: str = ""


@dataclass(frozen=True)
class FilledForm:
    title: str
    intro: str
    owner: str
    pack: str  # the pack's title
    body: str
    source: str
    checked: dt.date
    period: Window
    prepared: dt.date
    parts: list[Part]
    left_out: int = 0  # private records not shown
    include_private: bool = False
    notes: list[str] = field(default_factory=list)


def fill(
    spec: FormSpec,
    standing: Standing,
    moments: Sequence[LearningMoment],
    owner: str,
    settings: dict[str, object],
    sections: Sections,
    left_out: int = 0,
    include_private: bool = False,
) -> FilledForm:
    """The form `spec` filled in from `standing` and the cycle's `moments` (those the form
    may show: the standing too is of those alone, so its figures give nothing away);
    `left_out` private records were not."""
    values = _Values(owner, settings, sections, standing.window)
    parts = [
        _part(section, _records(section, standing, moments, sections), standing, values)
        for section in spec.sections
    ]
    pack = standing.pack
    return FilledForm(
        title=spec.title,
        intro=spec.intro,
        owner=owner,
        pack=pack.title,
        body=pack.body,
        source=pack.source,
        checked=pack.checked,
        period=standing.window,
        prepared=standing.on,
        parts=parts,
        left_out=left_out,
        include_private=include_private,
        notes=pack.notes,
    )


def _records(
    section: FormSection, standing: Standing, moments: Sequence[LearningMoment], sections: Sections
) -> list[LearningMoment]:
    if section.requirement is not None:
        outcome = standing.outcome(section.requirement)
        found = [*outcome.counted, *(moment for moment, _ in outcome.incomplete)]
    elif section.where is not None:
        found = [m for m in moments if m.date in standing.window and section.where.matches(m, sections)]
    else:
        return []
    return sorted(dict((m.id, m) for m in found).values(), key=lambda m: (m.date, m.id))


def _part(section: FormSection, records: list[LearningMoment], standing: Standing, values: _Values) -> Part:
    content: list[Table | Block] = []
    note = ""
    if section.show == "details":
        content.append(
            Block("", [(item.title, values.of(None, item.value)) for item in section.fields], True)
        )
    elif section.show == "table":
        columns = tuple(column.title for column in section.columns)
        rows = [tuple(values.of(m, column.value) for column in section.columns) for m in records]
        content.append(Table(columns, rows))
        if section.requirement:  # listed, but not counted: the confirmer sees why the totals differ
            missing = standing.outcome(section.requirement).incomplete
            told = [f"{m.date:%-d %B %Y} {m.title} (no {'; '.join(map(lacking, why))})" for m, why in missing]
            note = f"Not counted yet, for want of a field: {'; '.join(told)}." if told else ""
    elif section.show in ("accounts", "record"):
        for number, moment in enumerate(records, start=1):
            heading = section.heading.format(n=number) if section.heading else ""
            fields = [(item.title, values.of(moment, item.value) or NOT_ANSWERED) for item in section.fields]
            answers = [(q.question, values.of(moment, q.answer) or NOT_ANSWERED) for q in section.questions]
            apart = section.show == "accounts" and number > 1
            if fields:
                content.append(Block(heading, fields, compact=True, new_page=apart))
            if answers:
                content.append(Block("" if fields else heading, answers, new_page=apart and not fields))
        if section.requirement:
            outcome = standing.outcome(section.requirement)
            need = int(outcome.need)
            if len(records) < need:
                note = f"{len(records)} of the {need} needed are in the record."
        if not records:
            content.append(Table(("",), []))
    elif section.show == "checklist":
        rows = []
        for item in section.items:
            outcomes = [standing.outcome(name) for name in item.requirements]
            found = "; ".join(f"{'Met' if o.met else 'Short'}: {o.summary()}" for o in outcomes)
            rows.append((item.title, found or NOT_CHECKED, ""))
        content.append(Table(("Requirement", "What the record shows", "Seen by the confirmer"), rows))
    if section.blanks:
        content.append(Block("", [(blank, "") for blank in section.blanks], compact=True))
    return Part(section.title, section.intro, content, note)


class _Values:
    """What a form's value sources (`date`, `standards|section:code`, `owner`, ...) come to."""

    def __init__(self, owner: str, settings: dict[str, object], sections: Sections, window: Window) -> None:
        self.owner, self.settings, self.sections, self.window = owner, settings, sections, window

    def of(self, moment: LearningMoment | None, source: str) -> str:
        for choice in source.split("|"):  # the first that says something
            found = [text for name in choice.split("+") if (text := self._one(moment, name))]
            if found:
                return "\n\n".join(found)
        return ""

    def _one(self, moment: LearningMoment | None, name: str) -> str:
        if name == "owner":
            return self.owner
        if name == "cycle":
            return f"{day(self.window.start)} to {day(self.window.end)}"
        if name.startswith("setting:"):
            value = self.settings.get(name.removeprefix("setting:"))
            return day(value) if isinstance(value, dt.date) else str(value or "")
        if moment is None:
            return ""
        if name.startswith("section:"):
            return self.sections(moment).get(name.removeprefix("section:"), "")
        if name == "reflection":
            return "\n\n".join(text for key, text in self.sections(moment).items() if text)
        if name == "date":
            return day(moment.date)
        if name == "kind":
            return moment.kind.value.replace("-", " ").capitalize()
        if name in ("hours", "participatory_hours"):
            hours = moment.hours if name == "hours" or moment.participatory else 0
            return f"{hours:g}"
        if name == "evidence":
            return "; ".join(item.name for item in moment.evidence)
        value = getattr(moment, name, None)
        if isinstance(value, list):
            return "; ".join(str(item) for item in value)
        return str(value) if value else ""


def day(value: dt.date) -> str:
    return f"{value:%-d %B %Y}"
