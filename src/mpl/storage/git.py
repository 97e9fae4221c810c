"""The one place that talks to git.

Every mpl change is one commit whose message starts with a readable summary
(`log: Chaired my first safety huddle`) and carries an `Mpl-Change:` trailer,
so `undo` can tell mpl's changes from a person's own commits.

The hot path of every change (status, add, commit) runs the git command
directly, so `mpl log` does not pay for importing GitPython; history, undo,
sync and settings go through GitPython, imported only when they are used.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass, field
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
_QUIET_GIT = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}  # no prompts, messages in plain English
_NOTHING_TO_COMMIT = re.compile(r"nothing to commit|no changes added to commit|nothing added to commit")
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
        raise GitFailed("git is not installed or not on PATH", hint="install git, then try again") from error
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
            reader.get_value("user", "name", default="") and reader.get_value("user", "email", default="")
        )

    def set_local_identity(self, name: str, email: str) -> None:
        with self.repo.config_writer("repository") as writer:
            writer.set_value("user", "name", name)
            writer.set_value("user", "email", email)

    def commit(self, paths: list[Path], summary: str, action: str) -> None:
        """Stage `paths` (added, changed or removed) and commit exactly them;
        nothing when they are already as committed."""
        relative = [str(path.relative_to(self.root)) for path in paths]
        self.run("add", "--all", "--", *relative, doing=summary)
        result = self._git(
            ("commit", "--quiet", "--no-verify", "-m", _message(summary, action), "--", *relative)
        )
        if result.returncode != 0 and not _NOTHING_TO_COMMIT.search(result.stdout + result.stderr):
            raise GitFailed(f"git could not commit ({summary}): {_last_line(result.stderr or result.stdout)}")

    def pending_changes(self) -> list[str]:
        """Paths changed, added or removed in the work tree since the last commit."""
        if not self.has_commits():
            return []
        output = self.output("status", "--porcelain=v1", "-z", "--untracked-files=all")
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
        self.run("add", "--all", doing=summary)
        self.run("commit", "--quiet", "--no-verify", "-m", _message(summary, action), doing=summary)

    def ignores(self, path: Path) -> bool:
        """Does git ignore `path` (inside the work tree)?"""
        return self.run("check-ignore", "--quiet", "--", str(path.relative_to(self.root)), check=False) == 0

    def has_commits(self) -> bool:
        return self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False) == 0

    def run(self, *args: str, check: bool = True, doing: str = "") -> int:
        """Run git in the portfolio; a failure (when checked) is a GitFailed naming what was being done."""
        result = self._git(args)
        if check and result.returncode != 0:
            what = f" ({doing})" if doing else ""
            raise GitFailed(f"git could not {args[0]}{what}: {_last_line(result.stderr or result.stdout)}")
        return result.returncode

    def output(self, *args: str) -> str:
        result = self._git(args)
        if result.returncode != 0:
            raise GitFailed(f"git {args[0]} failed: {_last_line(result.stderr)}")
        return result.stdout

    def _git(self, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
        if not (self.root / ".git").exists():
            raise GitFailed(
                f"{self.root} is not a git repository",
                hint="run `git init` there, or `mpl init` for a new portfolio",
            )
        try:
            return subprocess.run(
                ["git", *args],
                cwd=self.root,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
                check=False,
                env={**os.environ, **_QUIET_GIT},
            )
        except FileNotFoundError as error:
            raise GitFailed(
                "git is not installed or not on PATH", hint="install git, then try again"
            ) from error

    def unfit_for_changes(self) -> str | None:
        """Why mpl must not commit here now, if it must not."""
        git_dir = self._git_dir()
        for marker, what in IN_PROGRESS:
            if (git_dir / marker).exists():
                return f"git is in the middle of {what} in {self.root}; finish or abort it first"
        if not (git_dir / "HEAD").read_text().startswith("ref:"):
            return f"git is on a detached HEAD in {self.root}; run `git checkout main` (or your branch) first"
        return None

    def clear_stale_locks(self) -> list[str]:
        """Remove the lock files git leaves when it is killed mid-commit. Only for
        when mpl holds the portfolio lock and knows its last commit was cut short."""
        git_dir = self._git_dir()
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

    # -- sync with the person's own remote -------------------------------------------

    def remote_url(self) -> str | None:
        return self.repo.remotes.origin.url if "origin" in self.repo.remotes else None

    def set_remote(self, url: str) -> None:
        if "origin" in self.repo.remotes:
            self.repo.remotes.origin.set_url(url)
        else:
            self.repo.create_remote("origin", url)

    def sync(self, stamp: str) -> SyncReport:
        """Fetch, rebase local commits onto the remote's, push; never force.

        Where both sides changed the same file, the local version stays in place
        and the remote's is kept next to it as `<file>.conflict-<stamp>`. The
        repository is never left in the middle of a rebase.
        """
        git = _git_module()
        branch = self.repo.active_branch.name
        upstream = f"origin/{branch}"
        try:
            self.repo.git.fetch("--quiet", "origin")
        except git.GitCommandError as error:
            raise GitFailed(f"could not reach the remote {self.remote_url()}: {_why(error)}") from error
        report = SyncReport()
        if upstream in [ref.name for ref in self.repo.remotes.origin.refs]:
            counts = self.repo.git.rev_list("--left-right", "--count", f"HEAD...{upstream}").split()
            ahead, behind = int(counts[0]), int(counts[1])
            report.pulled = behind
            if behind and ahead:
                report.conflicts = self._rebase_keeping_both(upstream, stamp)
            elif behind:
                self.repo.git.merge("--ff-only", "--quiet", upstream)
            report.pushed = ahead
        else:
            report.pushed = int(self.repo.git.rev_list("--count", "HEAD"))
        if report.pushed:
            try:
                self.repo.git.push("--quiet", "--set-upstream", "origin", branch)
            except git.GitCommandError as error:
                raise GitFailed(
                    f"the remote refused the push: {_why(error)}",
                    hint="run `mpl sync` again: another machine may have pushed just now",
                ) from error
        return report

    def _rebase_keeping_both(self, upstream: str, stamp: str) -> list[tuple[str, str]]:
        git = _git_module()
        kept: list[tuple[str, str]] = []
        try:
            with self.repo.git.custom_environment(GIT_EDITOR="true"):
                try:
                    self.repo.git.rebase("--quiet", upstream)
                except git.GitCommandError:
                    for _ in range(1000):  # one round per local commit at most
                        kept += self._keep_both_sides(stamp)
                        try:
                            self.repo.git.rebase("--continue")
                            break
                        except git.GitCommandError:
                            if not self._conflicted():
                                raise
        except (git.GitCommandError, GitFailed) as error:
            self.repo.git.rebase("--abort")
            raise GitFailed(f"sync stopped and was undone, nothing changed: {_why(error)}") from error
        return kept

    def _conflicted(self) -> list[str]:
        return self.repo.git.diff("--name-only", "--diff-filter=U").splitlines()

    def _keep_both_sides(self, stamp: str) -> list[tuple[str, str]]:
        """During a rebase stage 2 is the remote's side and stage 3 the local commit's."""
        kept = []
        for path in self._conflicted():
            remote, local = self._stage(2, path), self._stage(3, path)
            target = self.root / path
            copy = f"{path}.conflict-{stamp}"
            if local is not None:
                target.write_bytes(local)
                if remote is not None:
                    (self.root / copy).write_bytes(remote)
                    kept.append((path, copy))
            elif remote is not None:
                target.write_bytes(remote)  # deleted here, changed there: keep the change
            self.repo.git.add("--all", "--", path, *([copy] if (self.root / copy).exists() else []))
        return kept

    def _stage(self, number: int, path: str) -> bytes | None:
        git = _git_module()
        try:
            return self.repo.git.show(
                f":{number}:{path}", stdout_as_string=False, strip_newline_in_stdout=False
            )
        except git.GitCommandError:
            return None

    def _git_dir(self) -> Path:
        dot_git = self.root / ".git"
        return dot_git if dot_git.is_dir() else Path(self.output("rev-parse", "--absolute-git-dir").strip())

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
            self.repo.git.commit("--quiet", "--no-verify", "-m", f"undo: {change.summary}\n\n{trailers}\n")
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


@dataclass
class SyncReport:
    pulled: int = 0
    pushed: int = 0
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (file, its conflict copy)


def _message(summary: str, action: str) -> str:
    return f"{summary}\n\n{CHANGE_TRAILER}: {action}\n"


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"


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
