"""The health of a portfolio's folder and repository, and the repairs that lose nothing:
what `mpl doctor` asks of the storage."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.errors import GitFailed
from mpl.storage.files import read_text
from mpl.storage.git import GIT_LOCK_HINT
from mpl.storage.layout import CACHE_DIR, EVIDENCE_DIR, GOALS_DIR, IGNORED, LOG_DIR

if TYPE_CHECKING:
    from mpl.storage.portfolio import Portfolio

PARTIAL_WRITE = "a temporary file left by an interrupted write"
GIT_LOCK = f"git's lock file: a git command is running, or one was cut short ({GIT_LOCK_HINT})"
CONFLICT_COPY = (
    "a conflict copy from `mpl sync`: compare it with {original}, keep what you want, then delete it"
)


def partial_writes(root: Path) -> list[Path]:
    """Temporary files an interrupted write left in the record's folders."""
    folders = [root, root / GOALS_DIR, *_subfolders(root / LOG_DIR), *_subfolders(root / EVIDENCE_DIR)]
    return [
        Path(entry.path)
        for folder in folders
        for entry in _entries(folder)
        if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file(follow_symlinks=False)
    ]


def problems(portfolio: Portfolio) -> list[tuple[str, str]]:
    """(path, problem) for everything about the folder and its git that needs care."""
    repo, changes = portfolio.repo, portfolio.changes
    try:
        unfit = repo.unfit_for_changes()
        pending = repo.pending_changes()
        locks = repo.lock_files()
    except GitFailed as error:
        return [(".git", error.message)]
    found = [(".git", unfit)] if unfit else []
    found += [(changes.posix(lock), GIT_LOCK) for lock in locks]
    if changes.marker.exists() and not changes.lock_held_elsewhere():
        found.append((changes.posix(changes.marker), "an earlier mpl change was cut short"))
    found += [(changes.posix(path), PARTIAL_WRITE) for path in partial_writes(portfolio.root)]
    found += [(path, "changed outside mpl and not committed yet") for path in pending]
    for path in conflict_copies(portfolio.root):
        original = path.name.split(".conflict-")[0]
        found.append((changes.posix(path), CONFLICT_COPY.format(original=original)))
    for line in IGNORED:
        if line not in _lines(portfolio.root / ".gitignore"):
            found.append((".gitignore", f"does not keep {line} out of git"))
    return found


def conflict_copies(root: Path) -> list[Path]:
    """Every `*.conflict-*` file, at any depth, outside .git/ and .mpl/ (never through links)."""
    found = []
    for folder, subfolders, names in os.walk(root):
        if Path(folder) == root:
            subfolders[:] = [name for name in subfolders if name not in (".git", CACHE_DIR)]
        found += [Path(folder) / name for name in names if ".conflict-" in name]
    return sorted(found)


def repair(portfolio: Portfolio) -> list[str]:
    """Make every fix that loses nothing, once the repository is known to be fit for
    changes: finish an interrupted change, remove git's stale locks, set partial writes
    aside, commit edits made outside mpl, keep mpl's own folders out of git, and make the
    index again from the files. Returns what was fixed, one line each."""
    with portfolio.changes.changing(fixing=True) as fixes:
        fixes += _keep_out_of_git(portfolio)
    if portfolio.index.disagreements():
        portfolio.index.rebuild()
        fixes.append("made the index (.mpl/index.sqlite) again from the files")
    return fixes


def _keep_out_of_git(portfolio: Portfolio) -> list[str]:
    gitignore = portfolio.root / ".gitignore"
    missing = [line for line in IGNORED if line not in _lines(gitignore)]
    if not missing:
        return []
    text = read_text(gitignore) if gitignore.exists() else ""
    text = (text.rstrip("\n") + "\n" if text.strip() else "") + "\n".join(missing) + "\n"
    portfolio.changes.write(gitignore, text)
    portfolio.changes.commit([gitignore], f"doctor: keep {', '.join(missing)} out of git", "doctor")
    return [f"added {', '.join(missing)} to .gitignore"]


def _lines(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text().splitlines()} if path.is_file() else set()


def _subfolders(folder: Path) -> list[Path]:
    return [Path(entry.path) for entry in _entries(folder) if entry.is_dir(follow_symlinks=False)]


def _entries(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except (FileNotFoundError, NotADirectoryError):
        return []
