"""The change protocol: how every change to a portfolio is made, so that nothing is lost.

A change holds the portfolio's lock, names in a marker file (`.mpl/change-under-way`)
each file it is about to write and each git operation it is about to run, writes
files atomically, and ends in one commit. The rule it keeps: a change is either
committed whole, or its text is still on disk and named in a message; nothing it
wrote is ever deleted.

- Killed half-way, it leaves the marker: the next change mends what git left
  (stale locks, a half-done rebase or revert, partial writes) and commits the files
  the marker names as `recovered`, apart from the person's own edits.
- When git cannot commit (a full disk, say), the files are put back as the last
  commit has them and what the change wrote is kept in `.mpl/recovered/<time>/`,
  which the error names. Where even that cannot be done, the files stay in place,
  the marker stays, and the next change commits them.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.domain.vocab import ChangeKind
from mpl.errors import Busy, GitFailed, IsALink, MplError, PutBack, ReadOnly
from mpl.storage.files import Held, atomic_write, hold, refuse_outside
from mpl.storage.git import Repository, is_identity_problem
from mpl.storage.layout import CACHE_DIR, EVIDENCE_DIR, RECORD_DIRS

if TYPE_CHECKING:  # the notices are imported where one is told (defining them costs a change ~15 ms)
    from mpl.storage.notices import Notice

LOCK_FILE = "lock"
CHANGE_MARKER = "change-under-way"
RECOVERED_DIR = "recovered"
# The marker's first line, then what the change is about to do: "writes PATH", "runs git OP".
MARKER_TEXT = "an mpl change is under way; if no mpl is running, it was cut short\n"
WRITES, RUNS = "writes ", "runs git "
LOCK_TIMEOUT = 60  # seconds to wait for another mpl command to finish
RECOVERED = "recovered after an interrupted change"

Identity = Callable[[], tuple[str, str]]  # the name and email to commit as when git has none


class Changes:
    """Makes the changes of one portfolio, one at a time."""

    def __init__(
        self,
        root: Path,
        repo: Repository,
        identity: Identity,
        notify: Callable[[Notice], None],
        partial_writes: Callable[[], list[Path]],
        changed: Callable[[], None],
    ) -> None:
        self.root = root
        self.repo = repo
        self.identity = identity
        self.notify = notify
        self.partial_writes = partial_writes
        self.changed = changed  # told when the files may have changed: what was read is stale
        self.depth = 0  # 1 inside changing()
        self._noted: list[str] = []  # what the marker says

    @property
    def cache(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def marker(self) -> Path:
        return self.cache / CHANGE_MARKER

    # -- the frame of a change ----------------------------------------------------------

    @contextmanager
    def changing(self, fixing: bool = False) -> Iterator[list[Notice]]:
        """Hold the lock for a change and yield what was mended before it.
        Before it: recover from a change that was cut short, refuse a repository in no state
        for commits, and commit the person's own edits as a commit of their own. With
        `fixing` (`mpl doctor --fix`), also remove git's stale locks and set partial writes
        aside."""
        if self.depth:  # inside a change already: the outer one holds the lock
            yield []
            return
        lock = self._lock()
        try:
            self.repo.forget_tree_state()  # another mpl may have changed the portfolio meanwhile,
            self.changed()  # so whatever was read before the lock is looked at again
            fixes = self._prepare(fixing)
            for fix in [] if fixing else fixes:
                self.notify(fix)
            self.depth = 1
            try:
                yield fixes
            except MplError as error:  # a failure mpl says out loud: the files as they were
                whole = self._undo_written(error)
                self._end(keep_marker=not whole)  # what could not be put back: the next change
                raise
            except BaseException:
                self._end(keep_marker=True)  # the next change recovers
                raise
            self._end(keep_marker=False)
        finally:
            lock.release()

    def _lock(self) -> Held:
        refuse_outside(self.root, self.cache)  # mpl's own folder, a link out of the portfolio: no change
        try:
            self.cache.mkdir(exist_ok=True)
            lock = hold(self.cache / LOCK_FILE, LOCK_TIMEOUT)
            if lock is None:
                raise Busy(f"{CACHE_DIR}/{LOCK_FILE}")
        except OSError as error:
            read_only = error.errno in (errno.EROFS, errno.EACCES, errno.EPERM)
            why = f"read-only ({error.strerror})" if read_only else error.strerror
            raise ReadOnly(self.root, why or str(error)) from error
        return lock

    def lock_held_elsewhere(self) -> bool:
        lock = hold(self.cache / LOCK_FILE, 0)
        if lock is None:
            return True
        lock.release()
        return False

    def _prepare(self, fixing: bool) -> list[Notice]:
        for folder in (*RECORD_DIRS, EVIDENCE_DIR):  # a record's folder that leads elsewhere: no change
            if (self.root / folder).is_symlink():
                raise IsALink(Path(folder))
        noted = self.cut_short_notes()
        fixes = self._recover(noted) if noted is not None else []
        problem = self.repo.unfit_for_changes()
        if problem:
            raise problem
        if fixing:
            fixes += self.remove_stale_locks() + self.set_aside_partial_writes()
        self.repo.refuse_blocking_locks()
        return fixes + self._begin(noted)

    def _begin(self, noted: list[str] | None) -> list[Notice]:
        """Write this change's marker, still naming what a cut-short change wrote (so a kill
        now keeps mpl's files apart from the person's), then commit what is pending."""
        self._noted = [line for line in noted or [] if line.startswith(WRITES)]
        self._write_marker()
        try:
            fixes = self._commit_pending(self._noted)
        except MplError:
            if noted is None:
                self.marker.unlink(missing_ok=True)
            raise
        if self._noted:
            self._noted = []
            self._write_marker()
        return fixes

    def _end(self, keep_marker: bool) -> None:
        if not keep_marker:
            self.marker.unlink(missing_ok=True)
        self.depth, self._noted = 0, []

    # -- after a change that was cut short ------------------------------------------------

    def cut_short_notes(self) -> list[str] | None:
        """What the marker of a change that was cut short says it was doing; None if none was."""
        try:
            return self.marker.read_text(encoding="utf-8", errors="replace").splitlines()[1:]
        except FileNotFoundError:
            return None

    def _recover(self, noted: list[str]) -> list[Notice]:
        """Mend what a change that was cut short left: git's locks, a half-done sync or undo,
        partial writes."""
        from mpl.storage.notices import InterruptedAborted

        fixes = self.remove_stale_locks()
        begun = (line[len(RUNS) :] for line in noted if line.startswith(RUNS))
        fixes += [InterruptedAborted(operation) for operation in self.repo.abort_interrupted(begun)]
        return fixes + self.set_aside_partial_writes()

    def remove_stale_locks(self) -> list[Notice]:
        from mpl.storage.notices import StaleLockRemoved

        return [StaleLockRemoved(self.posix(path)) for path in self.repo.remove_stale_locks()]

    def set_aside_partial_writes(self) -> list[Notice]:
        """Move temporary files an interrupted write left behind into .mpl/recovered/."""
        from mpl.storage.notices import PartialWriteSetAside

        fixes: list[Notice] = []
        recovered = self.cache / RECOVERED_DIR
        for path in self.partial_writes():
            target = recovered / f"{dt.datetime.now():%Y%m%d-%H%M%S}-{path.name}"
            recovered.mkdir(parents=True, exist_ok=True)
            path.rename(target)
            fixes.append(PartialWriteSetAside(self.posix(path), self.posix(target)))
        return fixes

    def _commit_pending(self, noted: list[str]) -> list[Notice]:
        """Commit the person's own edits, then what a cut-short mpl change wrote, apart."""
        pending = self.repo.pending_changes()
        if not pending:
            return []
        from mpl.storage.notices import ChangeRecovered, EditsCommitted

        ours = [path for path in pending if f"{WRITES}{path}" in noted]
        theirs = [path for path in pending if path not in ours]
        fixes: list[Notice] = []
        for paths, summary, action, fix in (
            (theirs, "manual edits", ChangeKind.MANUAL_EDITS, EditsCommitted),
            (ours, RECOVERED, ChangeKind.RECOVERED, ChangeRecovered),
        ):
            shown = ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")
            files = [self.root / path for path in paths]
            if paths and self._commit_now(files, f"{summary}: {shown}", action):
                fixes.append(fix(tuple(paths)))
        return fixes

    # -- what a change does ---------------------------------------------------------------

    def note(self, paths: Iterable[Path] = (), runs: str | None = None) -> None:
        """Name in the marker, before doing it, what this change is about to write or run."""
        lines = [f"{WRITES}{self.posix(path)}" for path in paths] + ([f"{RUNS}{runs}"] if runs else [])
        new = [line for line in dict.fromkeys(lines) if line not in self._noted]
        if self.depth and new:
            self._write_marker([*self._noted, *new])

    def _write_marker(self, lines: list[str] | None = None) -> None:
        """Write the marker (naming `lines`, or what it names already); what it names is
        what it says on disk, never more."""
        lines = self._noted if lines is None else lines
        atomic_write(self.marker, MARKER_TEXT + "".join(f"{line}\n" for line in lines))
        self._noted = lines

    def write(self, path: Path, text: str | bytes) -> None:
        """Write a file of the record (named in the marker first)."""
        refuse_outside(self.root, path)
        self.note([path])
        atomic_write(path, text)

    def remove(self, path: Path) -> None:
        """Remove a file of the record (named in the marker first)."""
        refuse_outside(self.root, path)
        self.note([path])
        path.unlink(missing_ok=True)

    def commit(self, paths: list[Path], summary: str, action: ChangeKind) -> None:
        """Commit mpl's own change (when git fails, the change's frame puts the files back)."""
        assert self.depth > 0 or action is ChangeKind.INIT, "changes are made inside changing()"
        self.note(paths)
        self._commit_now(paths, summary, action)

    def _commit_now(self, paths: list[Path], summary: str, action: ChangeKind) -> bool:
        """Commit `paths`; whether there was anything to commit."""
        self.changed()
        try:
            return self.repo.commit(paths, summary, action)
        except GitFailed as error:
            if not is_identity_problem(error):
                raise
            self.use_fallback_identity()
            return self.repo.commit(paths, summary, action)

    def use_fallback_identity(self) -> None:
        from mpl.storage.notices import FallbackIdentity

        name, email = self.identity()
        self.repo.set_local_identity(name, email)
        self.notify(FallbackIdentity(name, email, str(self.root)))

    def _undo_written(self, error: MplError) -> bool:
        """After a failed change: the files it wrote back as the last commit has them, what it
        wrote kept under .mpl/recovered/ first, and `error` told so (`put_back`). Whether it
        was all put back (what could not stays in place, for the next change to commit)."""
        written = [self.root / line[len(WRITES) :] for line in self._noted if line.startswith(WRITES)]
        if not written:
            return True
        kept, left, whole = self._put_back(written)
        error.put_back = PutBack(kept, [self.posix(path) for path in left])
        return whole

    def _put_back(self, paths: list[Path]) -> tuple[str, list[Path], bool]:
        """`paths` as the last commit has them, what differs from it kept under
        .mpl/recovered/ first (no new space needed: a link), and git's staging area as the
        last commit has it. Where the text is kept ('' if nowhere), the files left as the
        change wrote them, and whether all of it was done."""
        keep = self._recovered_folder()
        kept, whole = False, True
        committed = {}
        try:
            committed = self.repo.committed_versions(paths)
            for path in paths:
                old = committed.get(path)
                now = path.read_bytes() if path.is_file() else None
                if now == old:
                    continue
                if now is not None:
                    target = keep / self.posix(path)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.link(path, target)
                    kept = True
                if old is None:
                    path.unlink()
                else:
                    atomic_write(path, old)
            self.repo.unstage(paths)
        except (OSError, MplError):
            whole = False
        left = [path for path in paths if path.is_file() and path.read_bytes() != committed.get(path)]
        return (f"{self.posix(keep)}/" if kept else ""), left, whole

    def _recovered_folder(self) -> Path:
        return self.cache / RECOVERED_DIR / f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}"

    def posix(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)
