"""Open Badges earned elsewhere, kept as learning moments of their own; and `mpl evidence
add`, which keeps files as evidence of a record or, with no record named, badges so."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mpl.domain.badges import Badge, read_badge
from mpl.domain.model import Kind, LearningMoment
from mpl.domain.reflection import compose, get_model
from mpl.domain.text import line
from mpl.domain.vocab import ChangeKind
from mpl.errors import CannotRead, MplError
from mpl.storage.evidence import Progress
from mpl.storage.index import Query
from mpl.storage.portfolio import Portfolio
from mpl.usecases.evidence import Attached, attach, store_all
from mpl.usecases.moments import new_moment


@dataclass(frozen=True)
class BadgeKept:
    """A badge recorded as a learning moment of its own (`new`), or found recorded already."""

    badge: Badge
    moment: LearningMoment
    new: bool


def add_evidence(
    portfolio: Portfolio,
    sources: Sequence[Path],
    to: str | None,
    note: str | None,
    progress: Progress | None = None,
) -> Attached | list[BadgeKept]:
    """Keep files as evidence of the record `to`; or, with no `to`, Open Badges each as a
    learning moment of its own (a file that is no badge needs a `to`)."""
    if to is not None:
        record = portfolio.find(to)
        added, restored = attach(portfolio, record, sources, note, progress)
        return Attached(record, added, restored, len(sources) - len(added) - len(restored))
    badges = recognise(sources)
    for source in sources:
        if source not in badges:
            newest = portfolio.moments(newest=1)
            example = f", e.g. --to {newest[0].id}, your newest learning moment" if newest else ""
            raise MplError(
                f"{source} is not an Open Badge, so mpl needs to know what it evidences",
                hint=f"name the learning moment or goal with --to ID{example}",
            )
    kept = []
    for source, badge in badges.items():
        existing = recorded_badge(portfolio, badge)
        if existing is not None:
            kept.append(BadgeKept(badge, existing, new=False))
        else:
            kept.append(BadgeKept(badge, import_badge(portfolio, source, badge, note, progress), new=True))
    return kept


def import_badge(
    portfolio: Portfolio,
    source: Path,
    badge: Badge,
    note: str | None = None,
    progress: Progress | None = None,
) -> LearningMoment:
    """A new learning moment of kind `credential` for an earned badge, keeping the
    image and the raw assertion as its evidence; marked unverified."""
    if source.suffix.lower() == ".json":  # the file is the assertion itself
        kept = store_all(portfolio, [source], note, progress)
    else:
        name = f"{source.stem}.assertion{badge.assertion_file_suffix}"
        assertion = portfolio.scratch_file(name, badge.payload)
        try:
            kept = store_all(portfolio, [source, assertion], note, progress)
        finally:
            assertion.unlink(missing_ok=True)
        kept.items[1].name, kept.items[1].media_type = line(name), badge.assertion_media_type
    config = portfolio.config
    model = get_model(config.reflection_model, config.reflection_models)
    issuer = f" from {badge.issuer}" if badge.issuer else ""
    earned = f"Earned the Open Badge {badge.version} “{badge.name}”{issuer}."
    date = badge.issued or portfolio.env.today
    moment = new_moment(
        portfolio,
        badge.name,
        date=date,
        kind=Kind.CREDENTIAL,
        model=model,
        body=compose(model, {model.sections[0].key: earned}),
    )
    moment.issuer, moment.verified, moment.evidence = badge.issuer, False, kept.items
    portfolio.add(moment, f"badge: {badge.name}", ChangeKind.BADGE, files=kept.paths)
    return moment


def recorded_badge(portfolio: Portfolio, badge: Badge) -> LearningMoment | None:
    """The credential moment that already keeps this badge (its file or its assertion), if any."""
    hashes = {badge.sha256, badge.payload_sha256}
    for moment in portfolio.moments(Query(kind=Kind.CREDENTIAL.value)):
        if hashes & {item.sha256 for item in moment.evidence}:
            return moment
    return None


def recognise(sources: Iterable[Path]) -> dict[Path, Badge]:
    found = {}
    for source in sources:
        try:
            badge = read_badge(source)
        except OSError as error:
            raise CannotRead(source, error.strerror or str(error)) from error
        if badge:
            found[source] = badge
    return found
