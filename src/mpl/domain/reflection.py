"""Reflective-practice models: the headings a learning moment's body answers.

A body is Markdown with one `## Heading` section per heading of the model the
record names. Portfolios may add models of their own in `mpl.toml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mpl.domain import text
from mpl.domain.ids import slug
from mpl.errors import MplError


@dataclass(frozen=True)
class Section:
    key: str  # what `--section KEY=TEXT` and JSON output call it
    heading: str
    prompt: str


@dataclass(frozen=True)
class ReflectionModel:
    name: str
    sections: tuple[Section, ...]
    # keys of the sections on what was learned and what changed in practice, then any other
    # outcome (the NMC form's relevance to the Code)
    outcomes: tuple[str, ...] = ()

    def written(self, body: str) -> list[tuple[str, str]]:
        """(heading, text) of the body's written sections, in the order the person wrote them."""
        return [(heading, text) for heading, text in sections(body).items() if text]

    def learned(self, body: str) -> list[tuple[str, str]]:
        """(heading, text) of the written sections on what was learned and what changed in
        practice (the first two outcome sections), in that order: what a highlight shows."""
        written = dict(self.written(body))
        headings = [s.heading for key in self.outcomes[:2] for s in self.sections if s.key == key]
        return [(heading, written[heading]) for heading in headings if heading in written]

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        keys = ", ".join(s.key for s in self.sections)
        raise MplError(f"the {self.name} model has no section {key!r}", hint=f"use one of: {keys}")


def _model(name: str, outcomes: tuple[str, ...], *headings: tuple[str, str, str]) -> ReflectionModel:
    return ReflectionModel(name, tuple(Section(*heading) for heading in headings), outcomes)


BUILT_IN = {
    model.name: model
    for model in (
        _model(
            "driscoll",
            ("so-what", "now-what"),
            ("what", "What?", "What happened, and what was my part in it?"),
            ("so-what", "So what?", "What does it tell me? What did I learn?"),
            ("now-what", "Now what?", "What will I do differently, and what do I need next?"),
        ),
        _model(
            "gibbs",
            ("conclusion", "action-plan"),
            ("description", "Description", "What happened?"),
            ("feelings", "Feelings", "What was I thinking and feeling?"),
            ("evaluation", "Evaluation", "What was good and bad about it?"),
            ("analysis", "Analysis", "What sense can I make of it?"),
            ("conclusion", "Conclusion", "What else could I have done?"),
            ("action-plan", "Action plan", "If it arose again, what would I do?"),
        ),
        _model(
            "kolb",
            ("conceptualisation", "experimentation"),
            ("experience", "Concrete experience", "What did I do or see?"),
            ("observation", "Reflective observation", "What did I notice, looking back?"),
            ("conceptualisation", "Abstract conceptualisation", "What general lesson is there?"),
            ("experimentation", "Active experimentation", "How will I try it out?"),
        ),
        _model(
            "nmc",
            ("learning", "change", "code"),
            (
                "nature",
                "What was the nature of the CPD activity, feedback or event?",
                "Describe it.",
            ),
            ("learning", "What did you learn from it?", "What did you learn?"),
            ("change", "How did you change or improve your practice as a result?", "What changed?"),
            (
                "code",
                "How is this relevant to the Code?",
                "Prioritise people, practise effectively, preserve safety,"
                " promote professionalism and trust.",
            ),
        ),
        _model(
            "free",
            ("reflection",),
            ("reflection", "Reflection", "What did I learn, and what will I do with it?"),
        ),
    )
}
DEFAULT_MODEL = "driscoll"


def models(custom: dict[str, list[str]] | None = None) -> dict[str, ReflectionModel]:
    """The built-in models plus a portfolio's own (`[reflection_models]` in `mpl.toml`)."""
    found = dict(BUILT_IN)
    for name, headings in (custom or {}).items():
        own = tuple(Section(slug(h, "section"), h, h) for h in headings)
        found[name] = ReflectionModel(name, own, (own[-1].key,) if own else ())  # the last: what next
    return found


def get_model(name: str, custom: dict[str, list[str]] | None = None) -> ReflectionModel:
    available = models(custom)
    if name not in available:
        raise MplError(
            f"unknown reflection model {name!r}",
            hint=f"use one of: {', '.join(available)}",
        )
    return available[name]


def compose(model: ReflectionModel, answers: dict[str, str]) -> str:
    """A body with every heading of `model`, each followed by its answer (if any). A `## `
    line in an answer is made a `### ` one: it stays part of the answer instead of starting
    a section of its own."""
    parts = []
    for section in model.sections:
        answer = text.section_text(answers.get(section.key, "")).strip()
        parts.append(f"## {section.heading}\n\n{answer}\n" if answer else f"## {section.heading}\n")
    return "\n".join(parts)


_HEADING = re.compile(r"^## +(.+?) *#*$", re.MULTILINE)


def sections(body: str) -> dict[str, str]:
    """Heading -> text of each `## ` section; text before the first heading goes under ''."""
    found: dict[str, str] = {}
    matches = list(_HEADING.finditer(body))
    lead = body[: matches[0].start()] if matches else body
    if lead.strip():
        found[""] = lead.strip()
    if not matches:
        return found
    ends = [match.start() for match in matches[1:]] + [len(body)]
    for match, end in zip(matches, ends, strict=True):
        found[match[1]] = body[match.end() : end].strip()
    return found


def is_reflected(body: str) -> bool:
    """True when any part of the body has been written."""
    return any(text for text in sections(body).values())
