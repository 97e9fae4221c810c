"""The one place that talks to git (through GitPython, imported only when used).

Every mpl change is one commit whose message starts with a readable summary
(`log: Chaired my first safety huddle`) and carries an `Mpl-Change:` trailer,
so `undo` can tell mpl's changes from a person's own commits.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.errors import GitFailed

if TYPE_CHECKING:
    import git

CHANGE_TRAILER = "Mpl-Change"
UNDOES_TRAILER = "Mpl-Undoes"
NOT_UNDOABLE = (None, "init", "undo", "manual-edits")  # None: a person's own commit
IN_PROGRESS = (
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase"),
    ("MERGE_HEAD", "a merge"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
)
_IDENTITY_PROBLEM = re.compile(
    r"Please tell me who you are|auto-detect|no email was given|empty ident name", re.I
)


@dataclass(frozen=True)
class Change:
    sha: str
    when: dt.datetime
    summary: str
    action: str | None  # the Mpl-Change trailer: log, goal, edit, ... None for others' commits
    undoes: str | None


def _git_module():
    try:
        import git
    except ImportError as error:  # GitPython cannot find a git executable
        raise GitFailed(
            "git is not installed or not on PATH", hint="install git, then try again"
        ) from error
    return git


class Repository:
    """A portfolio's git repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._repo: git.Repo | None = None

    @property
    def repo(self) -> git.Repo:
        if self._repo is None:
            git = _git_module()
            try:
                self._repo = git.Repo(self.root)
            except (git.InvalidGitRepositoryError, git.NoSuchPathError) as error:
                raise GitFailed(
                    f"{self.root} is not a git repository",
                    hint="run `git init` there, or `mpl init` for a new portfolio",
                ) from error
        return self._repo

    @classmethod
    def create(cls, root: Path) -> Repository:
        """Open the repository at `root`, making one if there is none."""
        git = _git_module()
        if (root / ".git").exists():
            return cls(root)
        try:
            git.Repo.init(root, initial_branch="main")
        except git.GitCommandError as error:
            raise GitFailed(f"git could not make a repository in {root}: {_why(error)}") from error
        return cls(root)

    def has_identity(self) -> bool:
        reader = self.repo.config_reader()
        return bool(
            reader.get_value("user", "name", default="")
            and reader.get_value("user", "email", default="")
        )

    def set_local_identity(self, name: str, email: str) -> None:
        with self.repo.config_writer("repository") as writer:
            writer.set_value("user", "name", name)
            writer.set_value("user", "email", email)

    def commit(self, paths: list[Path], summary: str, action: str) -> str:
        """Stage `paths` (added, changed or removed) and commit exactly them;
        nothing when they are already as committed."""
        relative = [str(path.relative_to(self.root)) for path in paths]
        message = f"{summary}\n\n{CHANGE_TRAILER}: {action}\n"
        git = _git_module()
        try:
            self.repo.git.add("--all", "--", *relative)
            if self.repo.head.is_valid() and not self.repo.index.diff("HEAD", paths=relative):
                return self.repo.head.commit.hexsha  # the files are as committed already
            self.repo.git.commit("--quiet", "--no-verify", "-m", message, "--", *relative)
        except git.GitCommandError as error:
            raise GitFailed(f"git could not commit ({summary}): {_why(error)}") from error
        return self.repo.head.commit.hexsha

    def pending_changes(self) -> list[str]:
        """Paths changed, added or removed in the work tree since the last commit."""
        if not self.repo.head.is_valid():
            return []
        output = self.repo.git.status("--porcelain=v1", "-z", "--untracked-files=all")
        paths, skip = [], False
        for entry in output.split("\0"):
            if skip:  # the old name of a rename
                skip = False
                continue
            if len(entry) > 3:
                paths.append(entry[3:])
                skip = entry[0] in "RC"
        return sorted(set(paths))

    def commit_everything(self, summary: str, action: str) -> None:
        """Commit every change in the work tree (a person's own edits) as one commit."""
        git = _git_module()
        message = f"{summary}\n\n{CHANGE_TRAILER}: {action}\n"
        try:
            self.repo.git.add("--all")
            self.repo.git.commit("--quiet", "--no-verify", "-m", message)
        except git.GitCommandError as error:
            raise GitFailed(f"git could not commit ({summary}): {_why(error)}") from error

    def unfit_for_changes(self) -> str | None:
        """Why mpl must not commit here now, if it must not."""
        git_dir = Path(self.repo.git_dir)
        for marker, what in IN_PROGRESS:
            if (git_dir / marker).exists():
                return f"git is in the middle of {what} in {self.root}; finish or abort it first"
        if self.repo.head.is_valid() and self.repo.head.is_detached:
            return (
                f"git is on a detached HEAD in {self.root}; "
                "run `git checkout main` (or your branch) first"
            )
        return None

    def clear_stale_locks(self) -> list[str]:
        """Remove the lock files git leaves when it is killed mid-commit. Only for
        when mpl holds the portfolio lock and knows its last commit was cut short."""
        git_dir = Path(self.repo.git_dir)
        removed = []
        for path in [
            git_dir / "index.lock",
            git_dir / "HEAD.lock",
            *git_dir.glob("refs/**/*.lock"),
        ]:
            if path.exists():
                path.unlink()
                removed.append(path.name)
        return removed

    def history(self, limit: int | None = None) -> list[Change]:
        if not self.repo.head.is_valid():
            return []
        return [_change(commit) for commit in self.repo.iter_commits(max_count=limit)]

    def last_undoable(self) -> Change | None:
        """The newest mpl change that is not an undo and has not been undone."""
        undone: set[str] = set()
        for change in self.history():
            if change.undoes:
                undone.add(change.undoes)
            elif change.action not in NOT_UNDOABLE and change.sha not in undone:
                return change
        return None

    def undo(self, change: Change) -> str:
        """Revert `change` with a new commit; nothing is rewritten."""
        git = _git_module()
        try:
            self.repo.git.revert("--no-commit", change.sha)
        except git.GitCommandError as error:
            self._abort_revert()
            raise GitFailed(
                f"cannot undo “{change.summary}”: later changes touch the same lines",
                hint="change the files by hand (or with `mpl edit`) instead",
            ) from error
        try:
            trailers = f"{CHANGE_TRAILER}: undo\n{UNDOES_TRAILER}: {change.sha}"
            self.repo.git.commit(
                "--quiet", "--no-verify", "-m", f"undo: {change.summary}\n\n{trailers}\n"
            )
        except git.GitCommandError as error:
            self._abort_revert()
            raise GitFailed(f"git could not commit the undo: {_why(error)}") from error
        return self.repo.head.commit.hexsha

    def _abort_revert(self) -> None:
        git = _git_module()
        try:
            self.repo.git.revert("--abort")
        except git.GitCommandError:
            self.repo.git.reset("--merge")


def is_identity_problem(error: GitFailed) -> bool:
    return bool(_IDENTITY_PROBLEM.search(error.message))


def _change(commit: git.Commit) -> Change:
    message = str(commit.message)
    trailers = dict(re.findall(r"^(Mpl-[A-Za-z]+): *(.+?) *$", message, re.MULTILINE))
    return Change(
        sha=commit.hexsha,
        when=commit.committed_datetime,
        summary=message.split("\n", 1)[0],
        action=trailers.get(CHANGE_TRAILER),
        undoes=trailers.get(UNDOES_TRAILER),
    )


def _why(error: Exception) -> str:
    text = getattr(error, "stderr", "") or str(error)
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1].removeprefix("stderr: ").strip("'") if lines else "unknown error"
