"""Evidence: attaching files to records, importing earned badges, and checking
that every kept file is still the one that was added."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mpl.domain.model import EvidenceItem, Record
from mpl.domain.vocab import ChangeKind
from mpl.errors import MplError
from mpl.storage.evidence import Progress
from mpl.storage.portfolio import Portfolio


@dataclass(frozen=True)
class Problem:
    kind: str  # missing, changed, orphaned, link or not-a-file
    path: str  # relative to the portfolio
    record: str | None  # the id of the record that refers to it

    def line(self) -> str:
        owner = f" (evidence of {self.record})" if self.record else ""
        what = {
            "missing": "missing: the file is not there",
            "changed": "changed: the file is not the one that was added (its hash differs)",
            "orphaned": "orphaned: no record refers to it",
            "link": "a link, which mpl does not follow (evidence is kept as files, never linked)",
            "not-a-file": "not a file",
        }[self.kind]
        return f"{self.path}: {what}{owner}"


@dataclass(frozen=True)
class Kept:
    """Files stored for one command: one item per content, and what to commit."""

    items: list[EvidenceItem]
    paths: list[Path]
    new: set[str]  # the paths (as items give them) of the files this command put there


@dataclass(frozen=True)
class Attached:
    """Files kept as evidence of `record`."""

    record: Record
    added: list[EvidenceItem]
    restored: list[EvidenceItem]  # listed already, their missing file back
    already: int  # how many of the files it had already


def sources_size(portfolio: Portfolio, sources: Sequence[Path]) -> int:
    """How much there is to copy; refuses, before anything is copied, what cannot be kept."""
    return sum(portfolio.check_evidence_source(source) for source in sources)


def evidence_rows(portfolio: Portfolio, missing_only: bool) -> list[tuple[str, EvidenceItem, str]]:
    """(record id, item, is its file there?) for every evidence item records list: `ok`,
    `missing`, `link` (never followed) or `not-a-file`; with `missing_only`, those not there."""
    rows = [
        (record.id, item, portfolio.evidence_presence(item))
        for record in portfolio.records_with_evidence()
        for item in record.evidence
    ]
    return [row for row in rows if row[2] != "ok"] if missing_only else rows


def evidence_file(portfolio: Portfolio, ref: str, which: str | None) -> Path:
    """The file of a record's evidence item: the only one, or the one `which` names (its
    number in `mpl show`, or the start of its name)."""
    record = portfolio.find(ref)
    items = record.evidence
    if not items:
        raise MplError(
            f"{record.id} has no evidence",
            hint=f"add some with `mpl evidence add FILE --to {record.id}`",
        )
    if which is None and len(items) == 1:
        chosen = items[0]
    elif which is not None and which.isdigit() and 1 <= int(which) <= len(items):
        chosen = items[int(which) - 1]
    else:
        matches = [item for item in items if which and item.name.lower().startswith(which.lower())]
        if len(matches) != 1:
            listing = "; ".join(f"{n}. {item.name} ({item.path})" for n, item in enumerate(items, start=1))
            raise MplError(f"{record.id} has {len(items)} files; say which: {listing}")
        chosen = matches[0]
    try:
        return portfolio.evidence_path(chosen)
    except FileNotFoundError:
        hint = "`mpl evidence verify` checks all evidence"
        raise MplError(f"{chosen.path} is missing", hint=hint) from None


def attach(
    portfolio: Portfolio,
    record: Record,
    sources: Sequence[Path],
    note: str | None = None,
    progress: Progress | None = None,
) -> tuple[list[EvidenceItem], list[EvidenceItem]]:
    """Store `sources` and list them in `record`'s front matter, in one commit. The items
    added, and those the record listed already whose missing file is back."""
    kept = store_all(portfolio, sources, note, progress, record)
    known = {item.sha256 for item in record.evidence}
    added = [item for item in kept.items if item.sha256 not in known]
    restored = [item for item in record.evidence if item.path in kept.new]
    if added or restored:
        everything = [item.model_dump(exclude_none=True) for item in [*record.evidence, *added]]
        changes = {"evidence": everything} if added else {}  # only restored: the text stays as it is
        names = [item.name for item in added] + [f"{item.name} (restored)" for item in restored]
        summary = f"evidence: {', '.join(names)} for {record.title}"
        portfolio.update(record, changes, summary, ChangeKind.EVIDENCE, files=kept.paths)
    return added, restored


def store_all(
    portfolio: Portfolio,
    sources: Sequence[Path],
    note: str | None,
    progress: Progress | None,
    record: Record | None = None,
) -> Kept:
    """Store each file once; checks every file before storing any. A file a record lists
    but is missing goes back to its recorded path (`record`'s own path first)."""
    _refuse_repeats(sources)
    recorded = portfolio.recorded_evidence()
    recorded |= {item.sha256: item.path for item in record.evidence} if record else {}
    stored = portfolio.store_evidence(sources, note, progress, recorded)
    unique: dict[str, EvidenceItem] = {}
    for item, _ in stored:
        unique.setdefault(item.sha256, item)  # the same content twice is listed once
    return Kept(
        items=list(unique.values()),
        paths=list(dict.fromkeys(kept.path for _, kept in stored)),
        new={item.path for item, kept in stored if kept.new},
    )


def evidence_bytes(portfolio: Portfolio) -> int:
    """How much `verify` has to read: the size of every evidence file records list."""
    return sum(item.size for record in portfolio.records_with_evidence() for item in record.evidence)


def verify(portfolio: Portfolio, progress: Progress | None = None) -> list[Problem]:
    """Re-hash every file records refer to; report missing, changed and orphaned files."""
    problems: list[Problem] = []
    referred: set[str] = set()
    for record in portfolio.records_with_evidence():
        for item in record.evidence:
            referred.add(item.path)
            state = portfolio.evidence_state(item, progress)
            if state != "ok":
                problems.append(Problem(state, item.path, record.id))
    for path, link in portfolio.evidence_files():
        relative = path.relative_to(portfolio.root).as_posix()
        if link and not any(state.path == relative for state in problems):
            problems.append(Problem("link", relative, None))
        elif not link and relative not in referred:
            problems.append(Problem("orphaned", relative, None))
    return problems


def _refuse_repeats(sources: Sequence[Path]) -> None:
    if len({source.resolve() for source in sources}) != len(sources):
        raise MplError("the same file is named twice")
