"""Making learning moments: the decisions behind `mpl log`, and saving them."""

from __future__ import annotations

import datetime as dt
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from mpl.domain import text as plain
from mpl.domain.dates import record_date
from mpl.domain.ids import slug, title_of
from mpl.domain.model import Goal, Kind, LearningMoment
from mpl.domain.reflection import ReflectionModel, compose, get_model, sections
from mpl.domain.vocab import COUNTS_AS, ChangeKind
from mpl.errors import Interrupted, MplError
from mpl.storage import frontmatter
from mpl.storage.evidence import Progress
from mpl.storage.portfolio import Portfolio, front_matter
from mpl.usecases.editor import edit_until_valid
from mpl.usecases.evidence import store_all


class RuleKeys(TypedDict, total=False):
    """A learning moment's keys that rule packs ask for (those of `LearningMoment`)."""

    verifiable: bool
    planned: bool
    formal: bool
    ethics: bool
    standards: list[str]
    counts_as: list[str]
    feedback_from: str
    partner: str
    partner_registration: str
    partner_email: str
    partner_address: str


@dataclass(frozen=True)
class RuleFields:
    """What professional bodies' rules ask a record to say (rule packs); unset is left out."""

    verifiable: bool = False
    planned: bool = False
    formal: bool = False
    ethics: bool = False
    standards: Sequence[str] = ()
    counts_as: Sequence[str] = ()
    feedback_from: str | None = None
    partner: str | None = None
    partner_registration: str | None = None
    partner_email: str | None = None
    partner_address: str | None = None

    def keys(self, portfolio: Portfolio) -> RuleKeys:
        """The front-matter keys to set: only what was said."""
        found = RuleKeys()
        if self.verifiable:
            found["verifiable"] = True
        if self.planned:
            found["planned"] = True
        if self.formal:
            found["formal"] = True
        if self.ethics:
            found["ethics"] = True
        if standards := _unique(self.standards):
            found["standards"] = standards
        if counts_as := _unique(self.counts_as):
            found["counts_as"] = checked_counts_as(portfolio, counts_as)
        if feedback_from := _said(self.feedback_from):
            found["feedback_from"] = feedback_from
        if partner := _said(self.partner):
            found["partner"] = partner
        if registration := _said(self.partner_registration):
            found["partner_registration"] = registration
        if email := _said(self.partner_email):
            found["partner_email"] = email
        if address := _said(self.partner_address):
            found["partner_address"] = address
        return found


def checked_counts_as(portfolio: Portfolio, values: Sequence[str]) -> list[str]:
    """`values` if each is one mpl knows or one of the rule packs names; else a clear error."""
    unknown = [value for value in values if value not in COUNTS_AS]
    if unknown:
        from mpl.usecases.cpd import counts_as_values  # only for values of a person's own packs

        known = counts_as_values(portfolio)
        for value in unknown:
            if value not in known:
                raise MplError(
                    f"--counts-as {value!r} is not something any rule pack counts",
                    hint=f"use one of: {', '.join(sorted(known))}",
                )
    return list(values)


def new_moment(
    portfolio: Portfolio,
    title: str,
    *,
    date: dt.date,
    kind: Kind = Kind.OTHER,
    hours: float = 0,
    participatory: bool = False,
    goals: Sequence[str] = (),
    tags: Sequence[str] = (),
    competencies: Sequence[str] = (),
    private: bool = False,
    highlight: bool = False,
    model: ReflectionModel,
    body: str = "",
    rules: RuleFields | None = None,
) -> LearningMoment:
    """A learning moment ready to add: a unique id, goal prefixes resolved to ids,
    and stamped with the role held on its date."""
    title = title_of(title, "learning moment")
    date = record_date(date, "the date of a learning moment")
    moment = LearningMoment(
        id=portfolio.new_id(slug(title, "moment")),
        title=title,
        date=date,
        kind=kind,
        hours=hours,
        participatory=participatory,
        goals=[portfolio.find(ref, Goal).id for ref in goals],
        tags=_unique(tags),
        competencies=_competencies(portfolio, competencies),
        **portfolio.config.stamp(date),
        private=private,
        highlight=highlight,
        model=model.name,
        **(rules.keys(portfolio) if rules else RuleKeys()),
    )
    moment.body = body
    return moment


def save_moment(
    portfolio: Portfolio,
    moment: LearningMoment,
    text: str | None,
    sources: Sequence[Path],
    progress: Progress | None = None,
) -> None:
    """Add a new learning moment (from `text` as the person wrote it, if given) with its
    evidence files listed, all in one commit; inside a change, so the files are stored
    under the lock."""
    files: list[Path] = []
    if sources:
        kept = store_all(portfolio, sources, None, progress)
        moment.evidence, files = kept.items, kept.paths
        if text is not None:
            text = frontmatter.update(
                text, {"evidence": [i.model_dump(exclude_none=True) for i in kept.items]}
            )
    portfolio.add(moment, f"log: {moment.title}", ChangeKind.LOG, text=text, files=files)


def draft_name(moment: LearningMoment) -> str:
    """The draft a new learning moment is written in (`mpl log TITLE --edit` carries on with it)."""
    return f"new-{moment.id}"


def ask_reflection(portfolio: Portfolio, moment: LearningMoment, model: ReflectionModel) -> None:
    """Ask `model`'s questions on the terminal and make the answers `moment`'s body. Cut
    short with Ctrl-C, the answers typed so far are kept, with the moment, as the draft
    that `mpl log TITLE --edit` carries on with; the `Interrupted` error says where."""
    answers: dict[str, str] = {}
    try:
        for section in model.sections:
            answers[section.key] = portfolio.env.ask(f"{section.heading} {section.prompt}\n> ")
    except KeyboardInterrupt:
        if not any(answer.strip() for answer in answers.values()):
            raise  # nothing typed yet: nothing to keep
        moment.body = compose(model, answers)
        text = frontmatter.render(front_matter(moment), moment.body)
        kept = portfolio.drafts.save(draft_name(moment), text, base=text)
        raise Interrupted(
            f"interrupted: the answers you typed are kept in {portfolio.relative(kept)}",
            hint=f"`mpl log {shlex.quote(moment.title)} --edit` carries on with them",
        ) from None
    moment.body = compose(model, answers)


def _competencies(portfolio: Portfolio, codes: Sequence[str]) -> list[str]:
    """`codes` checked against the portfolio's frameworks (read only when there are codes)."""
    if not any(code.strip() for code in codes):
        return []
    from mpl.usecases.competencies import checked_codes

    return checked_codes(portfolio, codes)


def reflection_body(model: ReflectionModel, answers: dict[str, str], piped: str = "") -> str:
    """The body of a new moment: answers under the model's headings; piped text
    that already has `## ` headings is kept as written, else it answers the first."""
    piped = plain.body(piped)
    if piped.strip():
        if any(sections(piped)):  # it has headings of its own: keep its layout
            return piped.strip() + "\n"
        answers = {model.sections[0].key: piped, **answers}
    return compose(model, answers)


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(value.strip() for value in values if value.strip()))


def _said(value: str | None) -> str:
    return (value or "").strip()


def reflection_model(portfolio: Portfolio, name: str | None) -> ReflectionModel:
    """The reflection model `name`, or the portfolio's own, as its settings define it."""
    config = portfolio.config
    return get_model(name or config.reflection_model, config.reflection_models)


def log_moment(
    portfolio: Portfolio,
    moment: LearningMoment,
    text: str | None,
    sources: Sequence[Path],
    progress: Progress | None = None,
    draft: str | None = None,
) -> None:
    """Save a new learning moment with its evidence files in one commit; the `draft` it was
    written in is dropped once it is saved (not before: nothing written is lost)."""
    with portfolio.changing():
        save_moment(portfolio, moment, text, sources, progress)
    if draft is not None:
        portfolio.drafts.drop(draft)


def answers_given(
    model: ReflectionModel,
    *,
    what: str | None,
    so_what: str | None,
    now_what: str | None,
    sections: list[str],
) -> dict[str, str]:
    """The reflection given as options, by the model's section keys: Driscoll's three, and
    any model's `KEY=TEXT`."""
    answers: dict[str, str] = {}
    driscoll = {"what": what, "so-what": so_what, "now-what": now_what}
    for key, text in driscoll.items():
        if text is not None:
            answers[model.section(key).key] = text
    for item in sections:
        key, equals, text = item.partition("=")
        if not equals:
            raise MplError(f"--section {item!r} needs the form KEY=TEXT")
        answers[model.section(key.strip()).key] = text
    return answers


def edit_new_moment(
    portfolio: Portfolio, moment: LearningMoment, draft: str, untitled: bool
) -> tuple[LearningMoment, str | None]:
    """The new moment as the person finished it in their editor, and its text."""
    front = front_matter(moment)
    if untitled:
        front["title"] = ""
    text = frontmatter.render(front, moment.body)
    path = portfolio.path_for(moment)

    def check(edited: str) -> LearningMoment:
        return portfolio.check(path, edited, LearningMoment)

    again = "mpl log --edit" if untitled else f"mpl log {shlex.quote(moment.title)} --edit"
    edited = edit_until_valid(portfolio, draft, text, check, again)
    if edited is None:
        if untitled:
            raise MplError("nothing written, nothing logged")
        return moment, None
    text, record = edited
    if untitled and record.id == moment.id:  # name it after the title just written
        record.id = portfolio.new_id(slug(record.title, "moment"))
        text = frontmatter.update(text, {"id": record.id})
    return record, text
