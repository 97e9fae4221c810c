"""Evidence: attaching files to records, importing earned badges, and checking
that every kept file is still the one that was added."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mpl.badges import Badge, read_badge
from mpl.errors import MplError
from mpl.ids import slug
from mpl.model import EvidenceItem, Kind, LearningMoment, Record
from mpl.reflection import compose, get_model
from mpl.storage.portfolio import Portfolio

Progress = Callable[[int], None]


@dataclass(frozen=True)
class Problem:
    kind: str  # missing, changed or orphaned
    path: str  # relative to the portfolio
    record: str | None  # the id of the record that refers to it

    def line(self) -> str:
        owner = f" (evidence of {self.record})" if self.record else ""
        what = {
            "missing": "missing: the file is not there",
            "changed": "changed: the file is not the one that was added (its hash differs)",
            "orphaned": "orphaned: no record refers to it",
        }[self.kind]
        return f"{self.path}: {what}{owner}"


def attach(
    portfolio: Portfolio,
    record: Record,
    sources: Sequence[Path],
    note: str | None = None,
    progress: Progress | None = None,
) -> list[EvidenceItem]:
    """Store `sources` and list them in `record`'s front matter, in one commit."""
    items, paths = store_all(portfolio, sources, note, progress)
    known = {item.sha256 for item in record.evidence}
    added = [item for item in items if item.sha256 not in known]
    if added:
        everything = [*record.evidence, *added]
        names = ", ".join(item.name for item in added)
        portfolio.update(
            record,
            {"evidence": [item.model_dump(exclude_none=True) for item in everything]},
            f"evidence: {names} for {record.title}",
            "evidence",
            files=paths,
        )
    return added


def store_all(
    portfolio: Portfolio, sources: Sequence[Path], note: str | None, progress: Progress | None
) -> tuple[list[EvidenceItem], list[Path]]:
    """Store each file once; checks every file before storing any."""
    _refuse_repeats(sources)
    for source in sources:
        portfolio.check_evidence_source(source)
    stored = [portfolio.store_evidence(source, note, progress) for source in sources]
    return [item for item, _ in stored], [path for _, path in stored]


def import_badge(
    portfolio: Portfolio, source: Path, badge: Badge, progress: Progress | None = None
) -> LearningMoment:
    """A new learning moment of kind `credential` for an earned badge, keeping the
    image and the raw assertion as its evidence; marked unverified."""
    if source.suffix.lower() == ".json":  # the file is the assertion itself
        items, paths = store_all(portfolio, [source], None, progress)
    else:
        name = f"{source.stem}.assertion{badge.assertion_file_suffix}"
        assertion = portfolio.scratch_file(name, badge.payload)
        try:
            items, paths = store_all(portfolio, [source, assertion], None, progress)
        finally:
            assertion.unlink(missing_ok=True)
        items[1].name = name
    config = portfolio.config
    model = get_model(config.reflection_model, config.reflection_models)
    issuer = f" from {badge.issuer}" if badge.issuer else ""
    first = model.sections[0].key
    date = badge.issued or portfolio.env.today
    role = config.role_on(date)
    moment = LearningMoment(
        id=portfolio.new_id(slug(badge.name, "badge")),
        title=badge.name,
        date=date,
        kind=Kind.CREDENTIAL,
        role=role.title if role else None,
        organisation=(role.organisation or None) if role else None,
        model=model.name,
        issuer=badge.issuer,
        verified=False,
        evidence=items,
    )
    moment.body = compose(model, {first: f"Earned the Open Badge {badge.version} “{badge.name}”{issuer}."})
    portfolio.add(moment, f"badge: {badge.name}", "badge", files=paths)
    return moment


def recognise(sources: Iterable[Path]) -> dict[Path, Badge]:
    found = {}
    for source in sources:
        try:
            badge = read_badge(source)
        except OSError as error:
            raise MplError(f"cannot read {source}: {error.strerror}") from error
        if badge:
            found[source] = badge
    return found


def verify(portfolio: Portfolio, progress: Progress | None = None) -> list[Problem]:
    """Re-hash every file records refer to; report missing, changed and orphaned files."""
    problems: list[Problem] = []
    referred: set[str] = set()
    for record in all_records(portfolio):
        for item in record.evidence:
            referred.add(item.path)
            state = portfolio.evidence_state(item, progress)
            if state != "ok":
                problems.append(Problem(state, item.path, record.id))
    for path in portfolio.evidence_files():
        relative = path.relative_to(portfolio.root).as_posix()
        if relative not in referred:
            problems.append(Problem("orphaned", relative, None))
    return problems


def all_records(portfolio: Portfolio) -> list[Record]:
    return [*portfolio.goals(), *portfolio.moments()]


def _refuse_repeats(sources: Sequence[Path]) -> None:
    if len({source.resolve() for source in sources}) != len(sources):
        raise MplError("the same file is named twice")
