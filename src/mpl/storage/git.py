"""The one place that talks to git.

Every mpl change is one commit whose message starts with a readable summary
(`log: Chaired my first safety huddle`, always one line) and carries an
`Mpl-Change:` trailer, so `undo` can tell mpl's changes from a person's own commits.

git runs as mpl's: a portfolio can come from anyone (a colleague's example, a
zip), and its own `.git/config` could name programs for git to run (a filter
driver, an fsmonitor hook, an ssh command). Every git mpl runs has fsmonitor and
hooks switched off, and mpl runs no git at all in a portfolio whose own config
names programs, unless the person trusts it in their own (global) git config:
`git config --global --add mpl.trust /path/to/portfolio` (as git itself trusts
`safe.directory` only from there: a folder cannot vouch for itself).

The hot path of every change (status, add, commit) runs the git command
directly, so `mpl log` does not pay for importing GitPython; history, undo,
sync and settings go through GitPython, imported only when they are used.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.domain import text
from mpl.domain.changes import Change, Conflict, SyncReport
from mpl.domain.vocab import ChangeKind
from mpl.errors import (
    GitElsewhere,
    GitFailed,
    GitInTheMiddle,
    GitLocked,
    GitMissing,
    GitRunsPrograms,
    MplError,
    NoBranchChosen,
    NotAPortfolio,
    NotARepository,
    PushRefused,
    RemoteUnreachable,
    UndoBlocked,
)
from mpl.storage.files import atomic_write
from mpl.storage.layout import IGNORED, RECORD_DIRS

if TYPE_CHECKING:
    import git

CHANGE_TRAILER = "Mpl-Change"
ID_TRAILER = "Mpl-Id"  # a change's own id: it survives the rebase of `mpl sync`, a sha does not
UNDOES_TRAILER = "Mpl-Undoes"
# None: a person's own commit. Recovered, manual and doctor commits may hold the person's edits.
NOT_UNDOABLE = (
    None,
    ChangeKind.INIT,
    ChangeKind.UNDO,
    ChangeKind.MANUAL_EDITS,
    ChangeKind.RECOVERED,
    ChangeKind.DOCTOR,
)
IN_PROGRESS = (
    ("rebase-merge", "a rebase"),
    ("rebase-apply", "a rebase"),
    ("MERGE_HEAD", "a merge"),
    ("CHERRY_PICK_HEAD", "a cherry-pick"),
    ("REVERT_HEAD", "a revert"),
)
# No prompts, messages in plain English, file names never read as patterns.
_QUIET_GIT = {"GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_LITERAL_PATHSPECS": "1"}
# Every git mpl runs: no fsmonitor program, no signing (which runs gpg, or the program a
# folder's gpg.ssh.defaultKeyCommand names); with `_NO_HOOKS` (unless the person trusts the
# portfolio), no hooks either. Given in git's environment (GIT_CONFIG_COUNT, git 2.31 on),
# they outweigh every config file, as `-c` would, and leave git's command line as it was.
Setting = tuple[str, str]
_ALWAYS: tuple[Setting, ...] = (
    ("core.fsmonitor", "false"),
    ("commit.gpgsign", "false"),
    ("tag.gpgsign", "false"),
)
_NO_HOOKS: tuple[Setting, ...] = (("core.hooksPath", os.devnull),)
SETTINGS_TIMEOUT = 20  # seconds git may take to list a portfolio's settings
TRUST_KEY = "mpl.trust"  # in the person's own git config: a portfolio whose config may run programs
# Settings, besides fsmonitor and hooks (switched off above), that make git run a program or
# work on files outside the folder: in a portfolio's own config, mpl runs no git unless the
# person trusts the portfolio.
_RUNS_PROGRAMS = re.compile(
    r"^(?:core\.(?:sshcommand|gitproxy|askpass|editor|pager|worktree|alternaterefscommand)"
    r"|sequence\.editor|diff\.external|pager\..+|uploadpack\..+"
    r"|(?:filter|diff|merge)\..+\.(?:clean|smudge|process|textconv|command|driver)"
    r"|credential\.(?:.+\.)?helper|gpg\.(?:.+\.)?program|gpg\.ssh\.defaultkeycommand"
    r"|remote\..+\.(?:uploadpack|receivepack|vcs)"
    r"|protocol\.(?:.+\.)?allow)$",
    re.IGNORECASE,
)
# Words without which a config file cannot hold such a setting: a config lacking them all
# is not asked about (the usual case, and no git to start).
_MAYBE_RUNS = re.compile(
    r"fsmonitor|hookspath|sshcommand|gitproxy|askpass|editor|pager|worktree|alternaterefs"
    r"|external|clean|smudge|process|textconv|command|driver|helper|program|uploadpack"
    r"|receivepack|vcs|allow|include",
    re.IGNORECASE,
)
# The lock files git leaves behind when it is killed; next-index-* only litters, the others block.
LOCK_FILES = (
    "index.lock",
    "HEAD.lock",
    "ORIG_HEAD.lock",
    "packed-refs.lock",
    "config.lock",
    "refs/**/*.lock",
)
LITTER_LOCKS = ("next-index-*.lock",)
_LOCK_EXISTS = re.compile(r"Unable to create '([^']+\.lock)': File exists")
# a push to a non-bare repository's checked-out branch (receive.denyCurrentBranch)
_CHECKED_OUT = re.compile(r"refusing to update checked out branch|branch is currently checked out")
# git commands that change nothing (what `git status` said stays true after them).
_READS = {"status", "diff", "diff-tree", "rev-parse", "ls-tree", "ls-files", "check-ignore", "log", "show"}
# `git status --porcelain=v2` entries that name a path, and how many fields come before it.
_STATUS_FIELDS = {"1 ": 8, "u ": 10, "? ": 1}
# git's settings for a repository of a career's files, in portfolios mpl makes or copies:
# a smaller index and an untracked cache (manyFiles), and an index split in two, so that
# a change writes only what changed, not an index naming every file (splitIndex)
MANY_FILES = (("feature", "manyFiles", "true"), ("core", "splitIndex", "true"))
MOST_SUBJECT = 200  # characters of a commit's subject (and its reflog message, on git's command line)
MAINTAIN_AFTER = "0"  # commits whose id ends so (one in 16) are followed by git's own upkeep
_NOTHING_TO_COMMIT = re.compile(r"nothing to commit|no changes added to commit|nothing added to commit")
_IDENTITY_PROBLEM = re.compile(
    r"Please tell me who you are|auto-detect|no email was given|empty ident name", re.I
)


def require_git() -> None:
    """Refuse, before anything is made, when there is no git to run."""
    if shutil.which("git") is None:
        raise _no_git()


def _no_git() -> GitFailed:
    return GitMissing()


def _load_gitpython() -> None:
    """Import GitPython (heavy: only where it is used), or say there is no git to run.
    Each user then imports `git` itself, which mypy can type where a returned module
    could only be `ModuleType`."""
    try:
        import git  # noqa: F401
    except ImportError as error:  # GitPython cannot find a git executable
        raise _no_git() from error


class Repository:
    """A portfolio's git repository."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._repo: git.Repo | None = None
        self._tree: TreeState | None = None  # the last `git status`, until git changes anything
        self._options: tuple[Setting, ...] | None = None  # the settings every git here runs with

    def forget_tree_state(self) -> None:
        """Ask git again next time (another process may have changed the work tree)."""
        self._tree = None

    @property
    def repo(self) -> git.Repo:
        """GitPython's view, for what is not on the hot path; whatever it does may change
        the work tree, so what `git status` said is forgotten."""
        self._tree = None
        if self._repo is None:
            _load_gitpython()
            import git

            settings = self.options()
            try:
                self._repo = git.Repo(self.root)
            except (git.InvalidGitRepositoryError, git.NoSuchPathError) as error:
                raise NotARepository(self.root) from error
            self._repo.git.update_environment(**_settings_env(settings))
        return self._repo

    def options(self) -> tuple[Setting, ...]:
        """The settings every git mpl runs here is given: fsmonitor off, and hooks too
        unless the person trusts this portfolio. A `GitRunsPrograms` when the portfolio's
        own config names programs for git to run and the person does not trust it."""
        if self._options is None:
            self._options = self._settle_options()
        return self._options

    def _settle_options(self) -> tuple[Setting, ...]:
        dot_git = self.root / ".git"
        own = dot_git.is_dir() and not dot_git.is_symlink()  # not a pointer to a repository elsewhere
        if own and not _has_hooks(dot_git / "hooks"):
            configs = (dot_git / "config", dot_git / "config.worktree")
            if not any(_MAYBE_RUNS.search(_text_of(config)) for config in configs):
                return _ALWAYS + _NO_HOOKS  # nothing to run, nothing to trust: no git to ask
        try:
            listed = subprocess.run(
                ["git", "config", "--list", "--show-scope", "--includes", "-z"],
                cwd=self.root,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
                check=False,
                env=_git_env(_ALWAYS + _NO_HOOKS),
                timeout=SETTINGS_TIMEOUT,  # an included "file" may be a pipe no one writes to
            )
        except subprocess.TimeoutExpired:
            raise GitFailed(
                f"git could not read the settings of {self.root} in {SETTINGS_TIMEOUT}s"
            ) from None
        if listed.returncode != 0:
            raise GitFailed(f"git cannot read the settings of {self.root}: {_gist(listed.stderr)}")
        settings = _settings(listed.stdout)
        root = self.root.resolve()
        if any(
            scope not in _OWN_SCOPES and key == TRUST_KEY and _names_folder(value, root)
            for scope, key, value in settings
        ):
            return _ALWAYS
        if not own:  # a worktree's, or a folder's that names someone's real repository
            raise GitElsewhere(self.root, TRUST_KEY)
        runs = sorted(
            {key for scope, key, _ in settings if scope in _OWN_SCOPES and _RUNS_PROGRAMS.match(key)}
        )
        if runs:
            raise GitRunsPrograms(self.root, runs, TRUST_KEY)
        return _ALWAYS + _NO_HOOKS

    @classmethod
    def create(cls, root: Path) -> Repository:
        """Open the repository at `root`, making one if there is none."""
        _load_gitpython()
        import git

        if (root / ".git").exists():
            return cls(root)
        try:
            made = git.Repo.init(root, initial_branch="main")
            with made.config_writer("repository") as writer:  # git's own settings for a career of files:
                for section, option, value in MANY_FILES:
                    writer.set_value(section, option, value)
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

    def commit(self, paths: Iterable[Path], summary: str, action: ChangeKind) -> bool:
        """Stage `paths` (added, changed or removed) and commit exactly them; nothing when
        they are already as committed (or none are given). Whether a commit was made.

        Every change begins by committing whatever else was pending, so what is staged is
        exactly `paths`. The commit is made with git's plumbing, step by step (stage, write
        the tree, make the commit, move the branch only if it is still where it was), which
        is what `git commit` does, less its hooks and its background maintenance; the
        branch's reflog says `commit: <summary>` as `git commit` would."""
        names = self._relative(paths)
        if not names:
            return False
        summary = _subject(summary)
        head = self._head()
        self._step("update-index", "--add", "--remove", "-z", "--stdin", doing=summary, stdin=_nul(names))
        tree = self._step("write-tree", doing=summary)
        if head is not None and tree == head[1]:
            return False  # nothing to commit: they are as committed
        parent = ("-p", head[0]) if head else ()
        made = self._step(
            "commit-tree", tree, *parent, "-F", "-", doing=summary, stdin=_message(summary, action)
        )
        reflog = f"commit{'' if head else ' (initial)'}: {summary}"
        self._step("update-ref", "-m", reflog, "HEAD", made, head[0] if head else "", doing=summary)
        if made.endswith(MAINTAIN_AFTER):
            self._maintain()
        return True

    def _maintain(self) -> None:
        """What `git commit` does after each commit, done after about one in 16: let git pack
        loose objects once there are many (`maintenance run --auto` checks, and is quick when
        there is nothing to do; when there is, git's gc goes on in the background)."""
        self._git(("maintenance", "run", "--auto", "--quiet"))

    def _head(self) -> tuple[str, str] | None:
        """The last commit and its tree; None before the first commit."""
        result = self._git(("rev-parse", "--quiet", "HEAD", "HEAD^{tree}"))
        lines = result.stdout.split()
        return (lines[0], lines[1]) if result.returncode == 0 and len(lines) == 2 else None

    def _step(self, *args: str, doing: str, stdin: str | None = None) -> str:
        """One plumbing step's output (an object id)."""
        result = self._git(args, stdin)
        if result.returncode != 0:
            raise self._failure(f"git could not commit ({doing})", result)
        return result.stdout.strip()

    def committed_versions(self, paths: Iterable[Path]) -> dict[Path, bytes]:
        """The content the last commit has for each of `paths` it has."""
        relative = self._relative(paths)
        if not relative or self._head() is None:
            return {}
        listing = self.output("ls-tree", "-z", "HEAD", "--", *relative)
        found = {}
        for entry in _names(listing):
            info, name = entry.split("\t", 1)
            found[self.root / name] = self._blob(info.split()[2])
        return found

    def _blob(self, sha: str) -> bytes:
        result = subprocess.run(
            ["git", "cat-file", "blob", sha],
            cwd=self.root,
            capture_output=True,
            env=_git_env(self.options()),
            check=False,
        )
        if result.returncode != 0:
            raise GitFailed(f"git could not read {sha}: {_gist(result.stderr.decode(errors='replace'))}")
        return result.stdout

    def merge_texts(
        self, base: str, ours: str, theirs: str, labels: tuple[str, str, str]
    ) -> tuple[str, bool]:
        """git's three-way merge of two versions of a text made from `base`: the result, and
        whether it is clean (else the parts both changed are between conflict markers,
        named by `labels`: ours, base, theirs)."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="mpl-merge-") as folder:
            names = []
            for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
                (Path(folder) / name).write_text(text, encoding="utf-8", newline="")
                names.append(str(Path(folder) / name))
            ours_label, base_label, theirs_label = labels
            result = subprocess.run(
                [
                    "git",
                    "merge-file",
                    "-p",
                    "-L",
                    ours_label,
                    "-L",
                    base_label,
                    "-L",
                    theirs_label,
                    *names,
                ],
                capture_output=True,
                env=_git_env(),
                check=False,
            )
        if result.returncode < 0 or result.returncode > 127:
            raise GitFailed(f"git could not merge: {_gist(result.stderr.decode(errors='replace'))}")
        return result.stdout.decode("utf-8", errors="surrogateescape"), result.returncode == 0

    def unstage(self, paths: Iterable[Path]) -> None:
        """Take `paths` out of what is staged: back to the last commit's version, or out of
        git's index if the last commit does not have them."""
        relative = self._relative(paths)
        if relative:
            self.run("reset", "--quiet", "--", *relative, doing="put the files back as they were")

    def changed_paths(self, change: Change) -> list[Path]:
        """The files a commit touched."""
        output = self.output("diff-tree", "--no-commit-id", "--name-only", "-r", "-z", change.sha)
        return [self.root / name for name in _names(output)]

    def pending_changes(self) -> list[str]:
        """Paths changed, added or removed in the work tree since the last commit, except
        in the folders every portfolio keeps out of git (.mpl/, exports/)."""
        state = self.tree_state()
        if state.head is None:
            return []
        return [path for path in state.changed if not path.startswith(IGNORED)]

    def ignored_records(self) -> frozenset[str]:
        """The files under goals/, log/ and reviews/ that git ignores and does not track
        (a .gitignore names them): never committed or synced, so not part of the record.
        None known where git cannot say."""
        try:
            listed = self.output(
                "ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--", *RECORD_DIRS
            )
        except MplError:
            return frozenset()
        return frozenset(_names(listed))

    def tree_state(self) -> TreeState:
        """The last commit and what differs from it in the work tree, in one `git status`
        (remembered until mpl next asks git to change something)."""
        if self._tree is None:
            self._tree = self._read_tree_state()
        return self._tree

    def _read_tree_state(self) -> TreeState:
        """git status names every changed file, and every untracked one: untracked files in
        folders git knows one by one, and new folders whole (`--untracked-files=normal`, which,
        unlike `all`, can use git's untracked cache instead of reading every folder), which
        `ls-files --others` then lists file by file."""
        output = self.output(
            "status", "--porcelain=v2", "--branch", "-z", "--untracked-files=normal", "--no-renames"
        )
        head, changed, folders = None, set(), []
        for entry in _names(output):
            kind = entry[:2]
            if entry.startswith("# branch.oid "):
                oid = entry.split()[-1]
                head = None if oid == "(initial)" else oid
            elif kind in _STATUS_FIELDS:
                path = entry.split(" ", _STATUS_FIELDS[kind])[-1]
                if kind == "? " and path.endswith("/"):
                    folders.append(path)  # a new folder: its files are listed below
                else:
                    changed.add(path)
        if folders:
            listed = self.output("ls-files", "-z", "--others", "--exclude-standard", "--", *folders)
            changed.update(_names(listed))
        return TreeState(head, tuple(sorted(changed)))

    def changes_since(self, before: TreeState | None) -> tuple[TreeState | None, list[str] | None]:
        """git's own account of what changed since `before` (a state this gave earlier): the
        state now, and every path that may differ since (None when git cannot say, so
        anything may have). Cheaper than looking at every file: git keeps their stat data."""
        try:
            now = self.tree_state()
        except GitFailed:
            return None, None
        if before is None or before.head is None or now.head is None:
            return now, None
        paths = set(before.changed) | set(now.changed)
        if before.head != now.head:
            moved = self._git(("diff", "--name-only", "-z", "--no-renames", before.head, now.head))
            if moved.returncode != 0:  # an old commit gone (a sync rewrote it): no account
                return now, None
            paths.update(_names(moved.stdout))
        return now, sorted(paths)

    def ignores(self, path: Path) -> bool:
        """Does git ignore `path` (inside the work tree)? Yes where git cannot say."""
        name = path.relative_to(self.root).as_posix()
        # check-ignore takes no pathspec magic, literal or other: it reads names as written
        checked = self._git(("check-ignore", "--quiet", "--", name), literal=False)
        return checked.returncode != 1

    def has_commits(self) -> bool:
        return self.run("rev-parse", "--verify", "--quiet", "HEAD", check=False) == 0

    def run(self, *args: str, check: bool = True, doing: str = "", stdin: str | None = None) -> int:
        """Run git in the portfolio; a failure (when checked) is a GitFailed naming what was being done."""
        result = self._git(args, stdin)
        if check and result.returncode != 0:
            what = f" ({doing})" if doing else ""
            raise self._failure(f"git could not {args[0]}{what}", result)
        return result.returncode

    def output(self, *args: str) -> str:
        result = self._git(args)
        if result.returncode != 0:
            raise self._failure(f"git {args[0]} failed", result)
        return result.stdout

    def _failure(self, doing: str, result: subprocess.CompletedProcess[str]) -> GitFailed:
        """What went wrong, in one line; a lock file in the way is named with what to do."""
        text = result.stderr or result.stdout
        locked = _LOCK_EXISTS.search(text)
        if locked:
            return self._locked(Path(locked[1]))
        return GitFailed(f"{doing}: {_gist(text)}")

    def _git(
        self, args: tuple[str, ...], stdin: str | None = None, literal: bool = True
    ) -> subprocess.CompletedProcess[str]:
        if args[0] not in _READS:
            self._tree = None
        if not (self.root / ".git").exists():
            raise NotARepository(self.root)
        env = _git_env(self.options())
        if not literal:
            del env["GIT_LITERAL_PATHSPECS"]
        try:
            return subprocess.run(
                ["git", *args],
                cwd=self.root,
                input=stdin,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
                check=False,
                env=env,
            )
        except FileNotFoundError as error:
            raise _no_git() from error

    def _relative(self, paths: Iterable[Path]) -> list[str]:
        return [path.relative_to(self.root).as_posix() for path in paths]

    def unfit_for_changes(self) -> GitInTheMiddle | None:
        """Why mpl must not commit here now, if it must not."""
        git_dir = self._git_dir()
        for marker, what in IN_PROGRESS:
            if (git_dir / marker).exists():
                return GitInTheMiddle(self.root, what)
        if not (git_dir / "HEAD").read_text().startswith("ref:"):
            return GitInTheMiddle(self.root, None)
        return None

    def lock_files(self) -> list[Path]:
        """Git's lock files now in the repository: a git is running, or one was killed."""
        git_dir = self._git_dir()
        return sorted(path for pattern in (*LOCK_FILES, *LITTER_LOCKS) for path in git_dir.glob(pattern))

    def refuse_blocking_locks(self) -> None:
        """A GitFailed naming the first lock file that would stop a commit, if there is one."""
        git_dir = self._git_dir()
        blocking = [path for pattern in LOCK_FILES for path in sorted(git_dir.glob(pattern))]
        if blocking:
            raise self._locked(blocking[0])

    def _locked(self, path: Path) -> GitFailed:
        shown = path.relative_to(self.root) if path.is_relative_to(self.root) else path
        return GitLocked(shown.as_posix())

    def remove_stale_locks(self) -> list[Path]:
        """Remove git's lock files when no git is working in the portfolio (waiting a
        moment for one that is finishing): such locks are stale, and removing them loses nothing."""
        locks = self.lock_files()
        if not locks or _git_running_in(self.root.resolve(), wait=2.0):
            return []
        for path in locks:
            path.unlink(missing_ok=True)
        return locks

    def abort_interrupted(self, operations: Iterable[str]) -> list[str]:
        """Abort the rebase or revert an interrupted change left half-way (aborting returns
        to the last commit and loses nothing); the operations aborted."""
        aborted = []
        for operation in operations:
            if operation == "rebase" and self._rebasing():
                self.run("rebase", "--abort", doing="abort an interrupted rebase")
                aborted.append(operation)
            elif operation == "revert" and (self._git_dir() / "REVERT_HEAD").exists():
                self.run("revert", "--abort", doing="abort an interrupted revert")
                aborted.append(operation)
        return aborted

    def _rebasing(self) -> bool:
        git_dir = self._git_dir()
        return (git_dir / "rebase-merge").exists() or (git_dir / "rebase-apply").exists()

    # -- sync with the person's own remote -------------------------------------------

    def remote_url(self) -> str | None:
        return self.repo.remotes.origin.url if "origin" in self.repo.remotes else None

    def set_remote(self, url: str) -> None:
        """Make `url` the remote; a different one than before starts with no remote-tracking
        refs, so what the old remote had is not taken for what the new one has (a sync would
        count nothing to push, and push nothing)."""
        if "origin" in self.repo.remotes:
            if self.remote_url() == url:
                return
            self.repo.remotes.origin.set_url(url)
            self._forget_remote_refs()
        else:
            self.repo.create_remote("origin", url)

    def put_back_remote(self, url: str | None) -> None:
        """Make `url` the remote again (what it was before `set_remote`); None: no remote."""
        if url is not None:
            self.set_remote(url)
        elif "origin" in self.repo.remotes:
            self.run("remote", "remove", "origin", doing="remove the remote")

    def _forget_remote_refs(self) -> None:
        listed = self.output("for-each-ref", "--format=%(refname)", "refs/remotes/origin/")
        for ref in listed.splitlines():
            if ref:
                self.run("update-ref", "-d", "--no-deref", ref, doing=f"forget {ref}")

    def sync(self, stamp: str, noting: Noting) -> SyncReport:
        """Fetch, rebase local commits onto the remote's, push; never force.

        Where both sides changed the same file, the local version stays in place
        and the remote's is kept next to it as `<file>.conflict-<stamp>`; where one
        side deleted a file the other changed, the changed version is kept. Files
        are named to `noting` before they are written. The repository is never
        left in the middle of a rebase.
        """
        _load_gitpython()
        import git

        branch = self.repo.active_branch.name
        upstream = f"origin/{branch}"
        try:
            self.repo.git.fetch("--quiet", "--prune", "origin")  # --prune: a URL changed by hand
        except git.GitCommandError as error:
            raise RemoteUnreachable(self.remote_url() or "", _why(error)) from error
        report = SyncReport()
        if upstream in [ref.name for ref in self.repo.remotes.origin.refs]:
            counts = self.repo.git.rev_list("--left-right", "--count", f"HEAD...{upstream}").split()
            ahead, behind = int(counts[0]), int(counts[1])
            report.pulled = behind
            if behind and ahead:
                report.conflicts = self._rebase_keeping_both(upstream, stamp, noting)
            elif behind:
                names = _names(self.repo.git.diff("--name-only", "-z", "HEAD", upstream))
                noting([self.root / name for name in names])  # a kill mid-merge: these are mpl's
                self.repo.git.merge("--ff-only", "--quiet", upstream)
            report.pushed = ahead
        else:
            report.pushed = int(self.repo.git.rev_list("--count", "HEAD"))
        if report.pushed:
            try:
                self.repo.git.push("--quiet", "--set-upstream", "origin", branch)
            except git.GitCommandError as error:
                said = str(getattr(error, "stderr", "") or error)
                checked_out = bool(_CHECKED_OUT.search(said))
                raise PushRefused(_why(error), self.remote_url() or "", checked_out) from error
            report.dangling_head = self.settle_remote_head(branch)
        return report

    def settle_remote_head(self, branch: str) -> tuple[str, str] | None:
        """Make a plain `git clone` of the remote check out `branch` where it would check
        out nothing: a repository made with `git init --bare` names `master` (or whatever
        git's default was) as its HEAD, a branch it never gets when mpl pushes `main`. A
        bare repository on this machine gets its HEAD pointed at `branch`, which changes no
        branch and no commit; any other remote's URL is returned, with `branch`, to say what
        to do there. Nothing when the remote's HEAD names a branch it has."""
        listed = self._git(("ls-remote", "--symref", "origin", "HEAD"))
        if listed.returncode != 0 or listed.stdout.strip():  # unknown, or HEAD names a real branch
            return None
        url = self.remote_url() or ""
        folder = _local_path(url, self.root)
        if folder is not None and _is_bare(folder):
            pointed = subprocess.run(
                [
                    "git",
                    "--git-dir",
                    str(folder),
                    "symbolic-ref",
                    "HEAD",
                    f"refs/heads/{branch}",
                ],
                capture_output=True,
                text=True,
                check=False,
                env=_git_env(),
            )
            if pointed.returncode == 0:
                return None
        return url, branch

    def _rebase_keeping_both(self, upstream: str, stamp: str, noting: Noting) -> list[Conflict]:
        _load_gitpython()
        import git

        kept: list[Conflict] = []
        try:
            with self.repo.git.custom_environment(GIT_EDITOR="true"):
                try:
                    self.repo.git.rebase("--quiet", upstream)
                except git.GitCommandError:
                    for _ in range(1000):  # one round per local commit at most
                        kept += self._keep_both_sides(stamp, noting)
                        try:
                            self.repo.git.rebase("--continue")
                            break
                        except git.GitCommandError:
                            if not self._conflicted():
                                raise
        except BaseException as error:  # whatever stopped it, never leave the rebase half-way
            if self._rebasing():
                self.repo.git.rebase("--abort")
            if isinstance(error, (git.GitCommandError, MplError)):
                raise GitFailed(f"sync stopped and was undone, nothing changed: {_why(error)}") from error
            raise
        return kept

    def _conflicted(self) -> list[str]:
        return _names(self.repo.git.diff("--name-only", "-z", "--diff-filter=U"))

    def _keep_both_sides(self, stamp: str, noting: Noting) -> list[Conflict]:
        """Settle and stage every conflicted file of this round of the rebase."""
        kept = []
        for path in self._conflicted():
            conflict = self._resolve(path, stamp, noting)
            copy = [conflict.copy] if conflict and conflict.copy else []
            self.repo.git.add("--all", "--", path, *copy)
            kept += [conflict] if conflict else []
        return kept

    def _resolve(self, path: str, stamp: str, noting: Noting) -> Conflict | None:
        """Keep the local version and the remote's as a copy; or, where one side deleted
        the file, the side that changed it. (During a rebase stage 2 is the remote's side
        and stage 3 the local commit's.)"""
        remote, local = self._stage(2, path), self._stage(3, path)
        if local is not None and remote is not None:
            copy = f"{path}.conflict-{stamp}"
            self._write(noting, {path: local, copy: remote})
            return Conflict(path, copy=copy)
        if local is not None:
            self._write(noting, {path: local})
            return Conflict(path, deleted="there")
        if remote is not None:
            self._write(noting, {path: remote})
            return Conflict(path, deleted="here")
        return None

    def _write(self, noting: Noting, contents: dict[str, bytes]) -> None:
        noting([self.root / name for name in contents])
        for name, data in contents.items():
            atomic_write(self.root / name, data)

    def _stage(self, number: int, path: str) -> bytes | None:
        _load_gitpython()
        import git

        try:
            shown: bytes = self.repo.git.show(
                f":{number}:{path}", stdout_as_string=False, strip_newline_in_stdout=False
            )
        except git.GitCommandError:
            return None
        return shown

    def _git_dir(self) -> Path:
        dot_git = self.root / ".git"
        return dot_git if dot_git.is_dir() else Path(self.output("rev-parse", "--absolute-git-dir").strip())

    def history(self, limit: int | None = None) -> list[Change]:
        if not self.repo.head.is_valid():
            return []
        most = None if limit is None else min(limit, 2**31 - 1)  # git's own limit: an int
        return [_change(commit) for commit in self.repo.iter_commits(max_count=most)]

    def last_undoable(self) -> Change | None:
        """The newest mpl change that is not an undo and has not been undone (known by
        its Mpl-Id, which a rebase keeps, or else by its sha)."""
        undone: set[str] = set()
        for change in self.history():
            if change.undoes:
                undone.add(change.undoes)
            elif change.action not in NOT_UNDOABLE and not {change.sha, change.change_id} & undone:
                return change
        return None

    def undo(self, change: Change) -> bool:
        """Revert `change` with a new commit; nothing is rewritten. False when the change had
        been taken back already (by hand, say): the commit then only records it as undone,
        so that the next undo goes on to the change before."""
        _load_gitpython()
        import git

        try:
            self.repo.git.revert("--no-commit", change.sha)
        except git.GitCommandError as error:
            self._abort_revert()
            raise UndoBlocked(change.summary) from error
        changed = self._git(("diff", "--cached", "--quiet")).returncode != 0
        try:
            message = _message(
                f"undo: {change.summary}", ChangeKind.UNDO, undoes=change.change_id or change.sha
            )
            self.repo.git.commit("--quiet", "--no-verify", "--allow-empty", "-m", message)
        except git.GitCommandError as error:
            self._abort_revert()
            raise GitFailed(f"git could not commit the undo: {_why(error)}") from error
        return changed

    def _abort_revert(self) -> None:
        _load_gitpython()
        import git

        try:
            self.repo.git.revert("--abort")
        except git.GitCommandError:
            self.repo.git.reset("--merge")


def clone(url: str, root: Path) -> Repository:
    """A working copy of the repository at `url` in `root` (new, or an empty folder), on
    the branch the remote's HEAD names; where that branch does not exist there (a bare
    repository's HEAD names `master`, mpl pushed `main`), on `main` or its only branch.
    The remote is `origin` and the branch tracks it, so `mpl sync` works at once."""
    require_git()
    made = subprocess.run(
        ["git", "clone", "--quiet", "--", url, str(root)],
        capture_output=True,
        text=True,
        errors="surrogateescape",
        check=False,
        env=_git_env(),
    )
    if made.returncode != 0:
        raise GitFailed(f"could not copy {url}: {_gist(made.stderr or made.stdout)}")
    repository = Repository(root)
    if not repository.has_commits():
        listed = repository.output("for-each-ref", "--format=%(refname)", "refs/remotes/origin/")
        branches = [
            name.removeprefix("refs/remotes/origin/")
            for name in listed.splitlines()
            if name and name != "refs/remotes/origin/HEAD"
        ]
        if not branches:
            raise NotAPortfolio(url, None)
        branch = "main" if "main" in branches else branches[0] if len(branches) == 1 else None
        if branch is None:
            raise NoBranchChosen(url, branches)
        repository.run("checkout", "--quiet", "-b", branch, "--track", f"origin/{branch}", doing="check out")
    for section, option, value in MANY_FILES:
        repository.run("config", f"{section}.{option}", value, doing=f"set {section}.{option}")
    return repository


def _local_path(url: str, cwd: Path) -> Path | None:
    """The folder a remote URL names on this machine, if it names one."""
    if url.startswith("file://"):
        return Path(url.removeprefix("file://"))
    if "://" in url or re.match(r"^[^/]+:", url):  # ssh://, https://, user@host:path
        return None
    path = Path(url).expanduser()
    return path if path.is_absolute() else cwd / path


def _is_bare(folder: Path) -> bool:
    result = subprocess.run(
        ["git", "--git-dir", str(folder), "rev-parse", "--is-bare-repository"],
        capture_output=True,
        text=True,
        check=False,
        env=_git_env(),
    )
    return result.returncode == 0 and result.stdout.strip() == "true"


Noting = Callable[[list[Path]], None]  # told of files before sync writes them


@dataclass(frozen=True)
class TreeState:
    head: str | None  # the last commit; None before the first
    changed: tuple[str, ...]  # paths that differ from it: changed, added, removed, untracked


def _message(summary: str, action: ChangeKind, undoes: str | None = None) -> str:
    """A commit message: the summary as its one-line subject (whatever a title held, a
    line break in it cannot start a line of its own), then the trailers only mpl writes."""
    import secrets  # only commits need it (and it costs reading paths its import)

    trailers = [f"{CHANGE_TRAILER}: {action}", f"{ID_TRAILER}: {secrets.token_hex(8)}"]
    trailers += [f"{UNDOES_TRAILER}: {undoes}"] if undoes else []
    return f"{_subject(summary)}\n\n" + "\n".join(trailers) + "\n"


def _subject(summary: str) -> str:
    """A change's summary as a commit's subject and reflog message: one line, and short
    (the reflog's goes on git's command line, which a long title would overflow)."""
    return text.shortened(text.line(summary), MOST_SUBJECT)


_OWN_SCOPES = ("local", "worktree")  # the portfolio's own config, which came with the folder


def _settings(listing: str) -> list[tuple[str, str, str]]:
    """(scope, key, value) of each setting `git config --list --show-scope -z` lists."""
    found = []
    parts = listing.split("\0")
    for scope, entry in zip(parts[::2], parts[1::2], strict=False):
        key, _, value = entry.partition("\n")
        found.append((scope, key.lower(), value))
    return found


def _names_folder(value: str, root: Path) -> bool:
    """Does a `mpl.trust` value name the folder `root`?"""
    try:
        return Path(value).expanduser().resolve() == root
    except (OSError, RuntimeError):
        return False


def _has_hooks(folder: Path) -> bool:
    """Does a repository's hooks folder hold a hook (a file other than git's samples)?"""
    try:
        return any(not entry.name.endswith(".sample") for entry in os.scandir(folder))
    except OSError:
        return False


def _text_of(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""


def _git_running_in(root: Path, wait: float = 0.0) -> bool:
    """Is a git process, other than this process's own, working in `root`? Waits up to
    `wait` seconds for one to finish. Where processes cannot be listed, assumes one is."""
    deadline = time.monotonic() + wait
    while _git_processes_in(root):
        if time.monotonic() >= deadline:
            return True
        time.sleep(0.05)
    return False


def _git_processes_in(root: Path) -> bool:
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: any git at all counts
        pgrep = shutil.which("pgrep")
        return pgrep is None or subprocess.run([pgrep, "-x", "git"], capture_output=True).returncode == 0
    me = os.getpid()
    for entry in proc.iterdir():
        if entry.name.isdigit() and int(entry.name) != me and _is_git_in(entry, root, me):
            return True
    return False


def _is_git_in(process: Path, root: Path, me: int) -> bool:
    """A git process (not a child of this one, like GitPython's cat-file) whose folder is in `root`."""
    try:
        stat = (process / "stat").read_text()
        name, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if name != "git" or int(rest[1]) == me or rest[0] == "Z":
            return False
        return Path(os.readlink(process / "cwd")).is_relative_to(root)
    except (OSError, ValueError, IndexError):  # gone meanwhile, or not ours to see
        return False


def _git_env(settings: tuple[Setting, ...] = _ALWAYS + _NO_HOOKS) -> dict[str, str]:
    """The environment git runs in: quiet, literal, and with mpl's `settings` given after
    any the person's environment gives already (later ones win)."""
    return {**os.environ, **_QUIET_GIT, **_settings_env(settings)}


def _settings_env(settings: tuple[Setting, ...]) -> dict[str, str]:
    """`settings` as git's GIT_CONFIG_COUNT/KEY/VALUE variables, after the environment's own."""
    try:
        given = int(os.environ.get("GIT_CONFIG_COUNT", "0"))
    except ValueError:
        given = 0
    found = {"GIT_CONFIG_COUNT": str(given + len(settings))}
    for number, (key, value) in enumerate(settings, start=given):
        found[f"GIT_CONFIG_KEY_{number}"], found[f"GIT_CONFIG_VALUE_{number}"] = key, value
    return found


def _nul(names: Iterable[str]) -> str:
    return "".join(f"{name}\0" for name in names)


def _names(output: str) -> list[str]:
    """The file names in git's NUL-separated output (`-z`)."""
    return [name for name in output.split("\0") if name]


def _gist(text: str) -> str:
    """git's own word about a failure: its first `fatal:` or `error:` line (what follows
    are hints and consequences), else its first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    said = [line for line in lines if line.startswith(("fatal:", "error:"))]
    return (said or lines or ["unknown error"])[0]


def is_identity_problem(error: GitFailed) -> bool:
    return bool(_IDENTITY_PROBLEM.search(error.message))


def _change(commit: git.Commit) -> Change:
    message = str(commit.message)
    paragraphs = message.strip().split("\n\n")
    last = paragraphs[-1] if len(paragraphs) > 1 else ""  # trailers end a message; a subject is no trailer
    trailers = dict(re.findall(r"^(Mpl-[A-Za-z]+): *(.+?) *$", last, re.MULTILINE))
    return Change(
        sha=commit.hexsha,
        when=commit.committed_datetime,
        summary=message.split("\n", 1)[0],
        action=trailers.get(CHANGE_TRAILER),
        undoes=trailers.get(UNDOES_TRAILER),
        change_id=trailers.get(ID_TRAILER),
    )


def _why(error: Exception) -> str:
    """git's word in a GitPython error, whose stderr is given as `  stderr: '<text>'`."""
    text = str(getattr(error, "stderr", "") or error).strip()
    if text.startswith("stderr: '") and text.endswith("'"):
        text = text.removeprefix("stderr: '").removesuffix("'")
    return _gist(text)
