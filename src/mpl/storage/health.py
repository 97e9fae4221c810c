"""The health of a portfolio's folder, its repository and its index, and the repairs that
lose nothing: what `mpl doctor` asks of the storage."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.domain.vocab import ChangeKind
from mpl.errors import GitFailed, MplError
from mpl.storage.files import read_text
from mpl.storage.layout import CACHE_DIR, EVIDENCE_DIR, GOALS_DIR, IGNORED, LOG_DIR, REVIEWS_DIR, record_file
from mpl.storage.notices import (
    CaseClash,
    ChangeCutShort,
    ConflictCopy,
    GitLockFile,
    GitUnfit,
    GitUnreadable,
    IgnoredRecord,
    IgnoreLinesAdded,
    IndexDisagrees,
    IndexRemade,
    LinkedFolder,
    Misnamed,
    Notice,
    NotIgnored,
    PartialWrite,
    Problem,
    Uncommitted,
)

if TYPE_CHECKING:
    from mpl.storage.portfolio import Portfolio


def partial_writes(root: Path) -> list[Path]:
    """Temporary files an interrupted write left in the record's folders."""
    folders = [root, root / GOALS_DIR, root / REVIEWS_DIR, *_subfolders(root / LOG_DIR)]
    folders += _subfolders(root / EVIDENCE_DIR)
    return [
        Path(entry.path)
        for folder in folders
        for entry in _entries(folder)
        if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False)
    ]


def linked_folders(root: Path) -> list[str]:
    """The record's folders (goals/, log/, a year in log/, reviews/, evidence/, a year in
    evidence/) that are links, which mpl never follows."""
    found: list[str] = []
    for name in (GOALS_DIR, LOG_DIR, REVIEWS_DIR, EVIDENCE_DIR):
        folder = root / name
        if folder.is_symlink():
            found.append(name)
        elif name in (LOG_DIR, EVIDENCE_DIR):
            years = [entry for entry in _entries(folder) if entry.is_symlink() and entry.is_dir()]
            found += [f"{name}/{entry.name}" for entry in years]
    return sorted(found)


def problems(portfolio: Portfolio) -> list[Problem]:
    """Everything about the folder, its git and the index that needs care."""
    repo, changes = portfolio.repo, portfolio.changes
    try:
        unfit = repo.unfit_for_changes()
        pending = repo.pending_changes()
        locks = repo.lock_files()
    except GitFailed as error:
        return [GitUnreadable(".git", error)]
    found: list[Problem] = [GitUnfit(".git", unfit)] if unfit else []
    found += [GitLockFile(changes.posix(lock)) for lock in locks]
    if changes.marker.exists() and not changes.lock_held_elsewhere():
        found.append(ChangeCutShort(changes.posix(changes.marker)))
    found += [PartialWrite(changes.posix(path)) for path in partial_writes(portfolio.root)]
    found += [Uncommitted(path) for path in pending]
    found += [IgnoredRecord(path) for path in sorted(repo.ignored_records()) if path.endswith(".md")]
    found += [LinkedFolder(f"{folder}/") for folder in linked_folders(portfolio.root)]
    disagreeing = portfolio.index.disagreements()
    # names the index gives are checked only where it agrees with the files: an index
    # tampered with would have doctor advise renaming files that are right
    names = [] if disagreeing else portfolio.index.names()
    found += record_names(portfolio.root, names, portfolio.record_paths())
    for path in conflict_copies(portfolio.root):
        found.append(ConflictCopy(changes.posix(path), original=path.name.split(".conflict-")[0]))
    for line in IGNORED:
        if line not in _lines(portfolio.root / ".gitignore"):
            found.append(NotIgnored(".gitignore", line))
    if disagreeing:
        found.append(IndexDisagrees(f"{CACHE_DIR}/index.sqlite", tuple(disagreeing)))
    return found


def record_names(
    root: Path, names: list[tuple[str, str, str, str | None]], paths: dict[str, list[Path]]
) -> list[Problem]:
    """Record files not named as their id and date say (`goals/<id>.md`,
    `log/YYYY/YYYY-MM-DD-<id>.md`, ...), and those whose paths differ only in case."""
    found: list[Problem] = []
    for path, kind, record_id, day in names:
        expected = record_file(kind, record_id, day)
        if path != expected:
            found.append(Misnamed(path, expected))
    seen: dict[str, str] = {}
    every = sorted(path.relative_to(root).as_posix() for files in paths.values() for path in files)
    for path in every:
        folded = path.casefold()
        if folded in seen:
            found.append(CaseClash(path, seen[folded]))
        else:
            seen[folded] = path
    return found


def conflict_copies(root: Path) -> list[Path]:
    """Every `*.conflict-*` file, at any depth, outside .git/ and .mpl/ (never through links)."""
    found = []
    for folder, subfolders, names in os.walk(root):
        if Path(folder) == root:
            subfolders[:] = [name for name in subfolders if name not in (".git", CACHE_DIR)]
        found += [Path(folder) / name for name in names if ".conflict-" in name]
    return sorted(found)


def repair(portfolio: Portfolio) -> list[Notice]:
    """Make every fix that loses nothing, once the repository is known to be fit for
    changes: finish an interrupted change, remove git's stale locks, set partial writes
    aside, commit edits made outside mpl, keep mpl's own folders out of git, and make the
    index again from the files. Returns what was fixed."""
    with portfolio.changes.changing(fixing=True) as fixes:
        fixes += _keep_out_of_git(portfolio)
    if portfolio.index.disagreements():
        portfolio.index.rebuild()
        fixes.append(IndexRemade())
    return fixes


def _keep_out_of_git(portfolio: Portfolio) -> list[Notice]:
    gitignore = portfolio.root / ".gitignore"
    missing = [line for line in IGNORED if line not in _lines(gitignore)]
    if not missing:
        return []
    text = read_text(gitignore) if gitignore.exists() else ""
    text = (text.rstrip("\n") + "\n" if text.strip() else "") + "\n".join(missing) + "\n"
    portfolio.changes.write(gitignore, text)
    portfolio.changes.commit([gitignore], f"doctor: keep {', '.join(missing)} out of git", ChangeKind.DOCTOR)
    return [IgnoreLinesAdded(tuple(missing))]


def _lines(path: Path) -> set[str]:
    """The lines of a file in the portfolio (none when it is a link: never followed)."""
    if path.is_symlink() or not path.is_file():
        return set()
    try:
        return {line.strip() for line in read_text(path).splitlines()}
    except MplError:  # not text: it keeps nothing out of git that mpl can see
        return set()


def _subfolders(folder: Path) -> list[Path]:
    return [Path(entry.path) for entry in _entries(folder) if entry.is_dir(follow_symlinks=False)]


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return []
