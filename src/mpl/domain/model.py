"""The file format as pydantic models: what a valid record is.

Each model describes one file's TOML front matter (or `mpl.toml`). Unknown keys
are allowed and kept, so a person's own additions survive. Types are strict
(`hours = "2"` is an error, not quietly a number), as TOML has real types. `docs/FORMAT.md` is
the public description of the same contract.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, TypedDict

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from mpl.domain import text
from mpl.domain.vocab import MOST_HOURS, Alignment, GoalStatus, Kind, ReviewKind

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PAPER_SIZES = ("A4", "Letter")


# What mpl's own index gives back was cleaned when the file was read: validated with this
# context (`model_validate_json(data, context=CLEANED)`), text is taken as it is.
CLEANED: dict[str, bool] = {"cleaned": True}


def _line(value: object, info: ValidationInfo) -> object:
    if type(value) is not str or info.context is CLEANED:
        return value
    # the usual case, checked inline (every record read pays): one line as `text.line` makes it
    if value.isascii() and value.isprintable() and value[:1] != " " and value[-1:] != " ":
        return value
    return text.line(value)


def _words(value: object, info: ValidationInfo) -> object:
    if type(value) is not list or info.context is CLEANED:
        return value
    for item in value:  # the usual case, checked inline: clean words, none twice
        if (
            type(item) is not str
            or not (item.isascii() and item.isprintable())
            or item[:1] == " "
            or item[-1:] == " "
        ):
            break
    else:
        if len(value) < 2 or len(set(value)) == len(value):
            return value
    return text.words(value) if all(isinstance(item, str) for item in value) else value


# The format's text rules (docs/FORMAT.md): every string is read as NFC without control
# characters or direction overrides; a one-line field's line breaks are read as spaces.
Line = Annotated[str, BeforeValidator(_line)]
NonEmpty = Annotated[str, Field(min_length=1), BeforeValidator(_line)]
Words = Annotated[list[str], BeforeValidator(_words)]  # tags and the like: one line each, once


class EvidenceItem(BaseModel):
    """One file behind a record, kept under `evidence/` by its content's hash."""

    model_config = ConfigDict(extra="allow", strict=True)

    path: str  # relative to the portfolio, with `/`, inside `evidence/`
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    size: int = Field(ge=0)
    name: Line  # the file's original name
    media_type: Line = "application/octet-stream"
    added: dt.date
    note: Line | None = None

    @field_validator("path")
    @classmethod
    def _inside_evidence(cls, value: str) -> str:
        parts = value.split("/")
        if parts[0] != "evidence" or len(parts) < 2 or {"", ".", ".."} & set(parts) or "\\" in value:
            raise ValueError("must be a relative path inside evidence/, like evidence/2026/name.pdf")
        return value


class Criterion(BaseModel):
    """One thing that shows a goal is achieved: a plain string in the file until it is met,
    then a table with the day it was met and the record or evidence file that shows it."""

    model_config = ConfigDict(extra="allow", strict=True)

    text: NonEmpty
    met: dt.date | None = None
    by: Line | None = None  # the id of the learning moment that shows it
    evidence: Line | None = None  # the path of the evidence file that shows it

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object, info: ValidationInfo) -> object:
        if isinstance(value, str):
            return {"text": value}
        if info.mode == "json" and isinstance(value, dict) and isinstance(value.get("met"), str):
            return {**value, "met": dt.date.fromisoformat(value["met"])}  # the index's own JSON
        return value

    @model_serializer(mode="wrap")
    def _as_string_until_met(self, handler: SerializerFunctionWrapHandler) -> object:
        data = handler(self)
        plain = {key: value for key, value in data.items() if value is not None}
        return self.text if list(plain) == ["text"] else data


class _Front(BaseModel):
    """Front matter: unknown keys kept; `path` and `body` are not part of it."""

    model_config = ConfigDict(extra="allow", strict=True)

    path: Path | None = Field(default=None, exclude=True)
    body: str = Field(default="", exclude=True)


class Role(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    title: NonEmpty
    organisation: Line = ""
    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Role:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError(
                "role_order",
                "a role cannot end ({end}) before it starts ({start})",
                {"end": str(self.end), "start": str(self.start)},
            )
        return self

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def label(self) -> str:
        return f"{self.title}, {self.organisation}" if self.organisation else self.title


class XapiAccount(BaseModel):
    """`[xapi]` in `mpl.toml`: the person's account at a learning record store's system,
    which xAPI statements name them by instead of their email."""

    model_config = ConfigDict(extra="allow", strict=True)

    homepage: Annotated[str, Field(pattern=r"^https?://\S+$")]
    account: NonEmpty


class Stamp(TypedDict):
    """What a new record says of the role held on its date."""

    role: str | None
    organisation: str | None


class Config(BaseModel):
    """`mpl.toml`: who owns the portfolio and how they work."""

    model_config = ConfigDict(extra="allow", strict=True)

    format: int = Field(default=1, ge=1)
    name: NonEmpty
    email: Line | None = None
    reflection_model: Line = "driscoll"
    cpd_year_start: str = "01-01"
    hours_target: float | None = Field(default=None, ge=0, le=MOST_HOURS, allow_inf_nan=False)
    roles: list[Role] = Field(default_factory=list)
    reflection_models: dict[str, list[NonEmpty]] = Field(default_factory=dict)
    evidence_max_mb: float = Field(default=50, gt=0, le=1_000_000, allow_inf_nan=False)  # up to a terabyte
    timezone: str = "UTC"  # an IANA zone, like Europe/London: where the person's dates and times are
    xapi: XapiAccount | None = None
    csv_columns: dict[str, str] = Field(default_factory=dict)  # `mpl import csv`: field -> column

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value != "UTC":  # UTC needs no time zone database (Windows may have none)
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError("must be a time zone name, like Europe/London or UTC") from None
        return value

    @property
    def zone(self) -> dt.tzinfo:
        """The person's time zone."""
        if self.timezone == "UTC":
            return dt.UTC
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.timezone)

    rule_packs: list[NonEmpty] = Field(default_factory=list)  # what `mpl cpd check` checks
    # Per rule pack, what only the person knows: dates (`renewal = 2027-03-31`), a registration
    # number. Keys are the pack's file name: `[packs.nmc]`.
    packs: dict[str, dict[str, dt.date | str | int | float | bool]] = Field(default_factory=dict)

    paper: str = "A4"  # the page size of printed packs: A4 or Letter
    language: str = "en-GB"  # the language packs are written in, as a BCP 47 tag

    @field_validator("paper")
    @classmethod
    def _paper(cls, value: str) -> str:
        for size in PAPER_SIZES:
            if value.lower() == size.lower():
                return size
        raise ValueError(f"must be one of {', '.join(PAPER_SIZES)}")

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
            raise ValueError("must be a language tag like en-GB, en-US or cy")
        return value

    @field_validator("cpd_year_start")
    @classmethod
    def _month_day(cls, value: str) -> str:
        match = re.fullmatch(r"(\d{2})-(\d{2})", value)
        if not match:
            raise ValueError("must be MM-DD, like 04-01 for 1 April")
        dt.date(2001, int(match[1]), int(match[2]))  # raises ValueError if impossible
        return value

    @property
    def current_role(self) -> Role | None:
        open_roles = [role for role in self.roles if role.end is None]
        return open_roles[-1] if open_roles else None

    def stamp(self, day: dt.date) -> Stamp:
        """The `role` and `organisation` a record dated `day` is stamped with."""
        role = self.role_on(day)
        return {
            "role": role.title if role else None,
            "organisation": (role.organisation or None) if role else None,
        }

    def role_on(self, day: dt.date) -> Role | None:
        """The role held on `day`; None before the first role began, between roles, or
        before a role started for the future begins."""
        for role in reversed(self.roles):
            if role.covers(day):
                return role
        return None


class LearningMoment(_Front):
    """`log/YYYY/YYYY-MM-DD-<id>.md`: something learned, with reflection in the body."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: NonEmpty
    date: dt.date
    kind: Kind = Field(default=Kind.OTHER, strict=False)
    hours: float = Field(default=0, ge=0, le=MOST_HOURS, allow_inf_nan=False)
    participatory: bool = False
    goals: Words = Field(default_factory=list)
    tags: Words = Field(default_factory=list)
    competencies: Words = Field(default_factory=list)
    role: Line | None = None
    organisation: Line | None = None
    private: bool = False
    model: Line = "driscoll"
    issuer: Line | None = None  # credentials: who issued it
    verified: bool | None = None  # credentials: checked with the issuer?
    time: Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")] | None = None  # HH:MM
    highlight: bool = False  # one the person marked as standing out
    import_key: str | None = None  # `mpl import`: what it came from, so importing again skips it
    # What professional bodies' rules ask of a record (rule packs, docs/FORMAT.md); absent
    # keys are not written, so a record only says what the person said.
    verifiable: bool | None = None  # evidence of it can be shown (ACCA, ICAEW)
    planned: bool | None = None  # planned in advance, not in the flow of work (GPhC, IET)
    formal: bool | None = None  # structured, with objectives and outcomes (RICS)
    ethics: bool | None = None  # learning on professional ethics (ICAEW, RICS)
    standards: list[NonEmpty] | None = None  # the code or standards it relates to (NMC, GPhC)
    counts_as: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = None  # see COUNTS_AS
    feedback_from: NonEmpty | None = None  # practice-related feedback: who gave it
    partner: NonEmpty | None = None  # a reflective or peer discussion: with whom
    partner_registration: NonEmpty | None = None  # their registration number (an NMC Pin)
    partner_email: NonEmpty | None = None
    partner_address: NonEmpty | None = None  # their professional address and postcode
    evidence: list[EvidenceItem] = Field(default_factory=list)


class Goal(_Front):
    """`goals/<id>.md`: what the person wants to be able to do and how they will know."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: NonEmpty
    status: GoalStatus = Field(default=GoalStatus.ACTIVE, strict=False)
    created: dt.date
    target: dt.date | None = None
    review: dt.date | None = None
    alignment: Alignment = Field(default=Alignment.PERSONAL, strict=False)
    success: list[Criterion] = Field(default_factory=list)
    current: Line | None = None
    support: Line | None = None  # support or resources the person needs for it
    competencies: Words = Field(default_factory=list)
    tags: Words = Field(default_factory=list)
    progress: int = Field(default=0, ge=0, le=100)
    closed: dt.date | None = None
    reason: Line | None = None
    private: bool = False
    evidence: list[EvidenceItem] = Field(default_factory=list)


class Agreed(BaseModel):
    """One thing agreed at a review: a plain string in the file, or a table naming the goal
    whose planned actions it was added to."""

    model_config = ConfigDict(extra="allow", strict=True)

    text: NonEmpty
    goal: Annotated[str, Field(pattern=ID_PATTERN)] | None = None  # the goal it became an action of

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, value: object) -> object:
        return {"text": value} if isinstance(value, str) else value

    @model_serializer(mode="wrap")
    def _as_string_unless_linked(self, handler: SerializerFunctionWrapHandler) -> object:
        data = handler(self)
        plain = {key: value for key, value in data.items() if value is not None}
        return self.text if list(plain) == ["text"] else plain


class Review(_Front):
    """`reviews/YYYY-MM-DD-<id>.md`: a review meeting (a one-to-one, an appraisal), what was
    agreed at it and when the next one is; the body holds the person's notes of it."""

    model_config = ConfigDict(extra="allow", strict=True, serialize_by_alias=True)

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: NonEmpty
    date: dt.date
    kind: ReviewKind = Field(default=ReviewKind.ONE_TO_ONE, strict=False)
    who: NonEmpty = Field(alias="with")  # whom it was with: "Ward manager", "Priya Shah"
    agreed: list[Agreed] = Field(default_factory=list)
    next: dt.date | None = None  # when the next review is
    private: bool = False
    evidence: list[EvidenceItem] = Field(default_factory=list)

    @field_validator("next")
    @classmethod
    def _next_after(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        day = info.data.get("date")
        if value is not None and day is not None and value < day:
            raise ValueError(f"the next review ({value}) is before this one ({day})")
        return value


Record = LearningMoment | Goal | Review
__all__ = [
    "Agreed",
    "Alignment",
    "Config",
    "Criterion",
    "EvidenceItem",
    "Goal",
    "GoalStatus",
    "Kind",
    "LearningMoment",
    "Record",
    "Review",
    "ReviewKind",
    "Role",
    "XapiAccount",
]
