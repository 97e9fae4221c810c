"""What can go wrong, and the exit codes it becomes.

Every user-facing failure is an `MplError`: the root app prints its one-line
message (and hint) and exits with its status. Nothing else prints errors.

Errors raised above the storage carry the words a person reads. The storage's
own failures (below) carry facts only -- which file, which line, what failed;
the advice a person reads about them, and the commands it names, are chosen
in `mpl.usecases.messages`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1  # a user mistake: unknown id, bad date, refused change
    USAGE = 2  # a bad option or argument (click's own code)
    NO_PORTFOLIO = 3  # no portfolio where one was looked for
    BAD_FILE = 4  # a malformed record or settings file, or an edit not valid yet
    GIT = 5  # git refused or failed
    PROBLEMS = 6  # a check (evidence verify, doctor, list --missing) found problems
    NOT_MET = 7  # `mpl cpd check`: a rule pack's requirements are not all met
    INTERNAL = 70  # a bug in mpl
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


@dataclass
class PutBack:
    """What a change that failed part-way did with the files it had written: put them back
    as the last commit has them, keeping its text in `kept` (a folder; '' if it had written
    nothing new), except `left`, which stay as it wrote them for the next change to commit."""

    kept: str
    left: list[str] = field(default_factory=list)


class MplError(Exception):
    """A failure with a message a person can act on."""

    status = ExitStatus.ERROR
    put_back: PutBack | None = None  # set when a change failed part-way

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class ProblemsFound(MplError):
    """A check found problems, and has listed them already: nothing more to say."""

    status = ExitStatus.PROBLEMS

    def __init__(self, count: int) -> None:
        super().__init__("")
        self.count = count


class NotSaved(MplError):
    """An edit that is not valid yet: kept as a draft, not saved."""

    status = ExitStatus.BAD_FILE


# -- the storage's failures: facts only --------------------------------------------------


class NoPortfolio(MplError):
    """No portfolio at `at` (None: none here or in any folder above; `default` is where one
    would be made)."""

    status = ExitStatus.NO_PORTFOLIO

    def __init__(self, at: Path | None, default: Path, config_file: str) -> None:
        self.at, self.default = at, default
        where = f"no portfolio at {at} (it has no {config_file})" if at else None
        super().__init__(where or "no portfolio found here or in any folder above")


class BadFile(MplError):
    """A file mpl cannot read; names the file and, where known, the line. `settings`: it is
    the portfolio's own settings file, not a record."""

    status = ExitStatus.BAD_FILE

    def __init__(self, path: Path, problem: str, line: int | None = None, settings: bool = False) -> None:
        self.path, self.problem, self.line, self.settings = path, problem, line, settings
        super().__init__(f"{path}:{line}: {problem}" if line else f"{path}: {problem}")


class CannotRead(MplError):
    def __init__(self, path: Path, why: str) -> None:
        self.path, self.why = path, why
        super().__init__(f"cannot read {path}: {why}")


class CannotWrite(MplError):
    """A file (or, with `folder`, anything in a folder) could not be written; nothing changed.
    `code`: the system's error number, where there was one."""

    def __init__(self, path: Path, why: str, folder: bool = False, code: int | None = None) -> None:
        self.path, self.why, self.folder, self.code = path, why, folder, code
        super().__init__(f"cannot write {'in ' if folder else ''}{path}: {why}")


class CannotExport(CannotWrite):
    """A pack could not be written where it was going (mpl's exports folder, by default)."""


class ReadOnly(MplError):
    """The portfolio's folder cannot be written in at all."""

    def __init__(self, root: Path, why: str) -> None:
        self.root, self.why = root, why
        super().__init__(f"cannot write in {root}: {why}")


class LeadsOutside(MplError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} leads outside the portfolio (a link?); nothing was written")


class AlreadyExists(MplError):
    """A file to write (an export) is there already."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} already exists")


class PortfolioExists(MplError):
    def __init__(self, root: Path, config_file: str) -> None:
        self.root = root
        super().__init__(f"{root} already holds a portfolio ({config_file} exists)")


class FolderNotEmpty(MplError):
    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(f"{root} already exists and is not empty")


class IsAFolder(MplError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is a folder")


class NotAFolder(MplError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} exists and is not a folder")


class NotAPortfolio(MplError):
    """A repository to copy that holds no portfolio (no settings file, or no commits)."""

    def __init__(self, url: str, config_file: str | None) -> None:
        self.url = url
        why = f"holds no mpl portfolio: it has no {config_file}" if config_file else "holds no commits"
        super().__init__(f"{url} {why}" + ("" if config_file else ": there is no portfolio in it yet"))


class NoRemote(MplError):
    def __init__(self) -> None:
        super().__init__("this portfolio has no remote to sync with yet")


class NothingToUndo(MplError):
    def __init__(self) -> None:
        super().__init__("there is no mpl change to undo")


class NotAFile(MplError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is not a regular file")


class TooLarge(MplError):
    """A file over a size limit (`size` None: found out while copying it)."""

    def __init__(self, path: Path, size: int | None, limit: int) -> None:
        self.path, self.size, self.limit = path, size, limit
        most = f"{limit / 1e6:g} MB"
        megabytes = f"{size / 1e6:.1f}".removesuffix(".0") if size is not None else ""
        if size is None:
            what = f"turned out larger than the {most} limit while it was copied"
        elif float(megabytes) * 1e6 <= limit:  # rounded to MB, it would look within the limit
            what = f"is {size:,} bytes, more than the {most} limit ({limit:,} bytes)"
        else:
            what = f"is {megabytes} MB, more than the {most} limit"
        super().__init__(f"{path} {what}")


class EvidenceTooLarge(TooLarge):
    """An evidence file over the portfolio's limit."""


class Busy(MplError):
    """Another mpl holds the portfolio's lock (the file `lock`)."""

    def __init__(self, lock: str) -> None:
        self.lock = lock
        super().__init__("another mpl command is changing this portfolio")


class NotFound(MplError):
    """No record of `kind` (learning moment, goal, record) has an id starting with `ref`."""

    def __init__(self, ref: str, kind: str) -> None:
        self.ref, self.kind = ref, kind
        super().__init__(f"no {kind} has an id starting with {ref!r}")


class Ambiguous(MplError):
    def __init__(self, ref: str, ids: Sequence[str]) -> None:
        self.ref, self.ids = ref, list(ids)
        super().__init__(f"{ref!r} could be any of: {', '.join(ids)}")


class DuplicateId(MplError):
    def __init__(self, ref: str, paths: Sequence[str]) -> None:
        self.ref, self.paths = ref, list(paths)
        super().__init__(f"{ref!r} is the id of {len(paths)} files: {', '.join(paths)}")


class NewerFormat(MplError):
    def __init__(self, file: str, found: int, supported: int) -> None:
        self.file, self.found, self.supported = file, found, supported
        super().__init__(f"{file} is format {found}; this mpl reads up to {supported}")


class GitFailed(MplError):
    """git refused or failed; the message says what was being done and git's last word."""

    status = ExitStatus.GIT


class GitMissing(GitFailed):
    def __init__(self) -> None:
        super().__init__("git is not installed or not on PATH")


class NotARepository(GitFailed):
    def __init__(self, root: Path) -> None:
        self.root = root
        super().__init__(f"{root} is not a git repository")


class GitLocked(GitFailed):
    """git's lock file `path` is in the way: a git is running, or one was killed."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(
            f"git's lock file {path} is in the way: another git command is running, or one was cut short"
        )


class GitInTheMiddle(GitFailed):
    """The repository is in no state for commits: mid-rebase (merge, ...) or on a detached HEAD."""

    def __init__(self, root: Path, doing: str | None) -> None:
        self.root, self.doing = root, doing
        what = f"in the middle of {doing}" if doing else "on a detached HEAD"
        super().__init__(f"git is {what} in {root}")


class RemoteUnreachable(GitFailed):
    """The fetch from the remote at `url` failed; `why` is git's word."""

    def __init__(self, url: str, why: str) -> None:
        self.url, self.why = url, why
        super().__init__(f"could not reach the remote {url}: {why}")


class PushRefused(GitFailed):
    """The remote refused the push: `why` is git's word. `checked_out` when the remote at
    `url` is a repository with a working copy whose branch is checked out, which git
    never updates by a push (whatever is tried again)."""

    def __init__(self, why: str, url: str = "", checked_out: bool = False) -> None:
        self.why, self.url, self.checked_out = why, url, checked_out
        if checked_out:
            super().__init__(
                f"the remote {url} is not a bare repository: "
                "git does not push to the branch it has checked out"
            )
        else:
            super().__init__(f"the remote refused the push: {why}")


class UndoBlocked(GitFailed):
    """Later changes touch the lines the change to undo changed."""

    def __init__(self, summary: str) -> None:
        self.summary = summary
        super().__init__(f"cannot undo “{summary}”: later changes touch the same lines")


class NoBranchChosen(MplError):
    """A repository to copy whose HEAD names none of its several branches."""

    def __init__(self, url: str, branches: Sequence[str]) -> None:
        self.url, self.branches = url, list(branches)
        super().__init__(f"{url} has several branches and its HEAD names none of them: {', '.join(branches)}")


class BadQuery(MplError):
    """A search query that cannot be read: `problem` is "no word", "no word before" or
    "no word after" an `operator`, or "brackets" that do not pair up."""

    def __init__(self, problem: str, operator: str = "") -> None:
        self.problem, self.operator = problem, operator
        message = {
            "no word": "give at least one word to search for",
            "no word before": f"{operator} needs a word before it",
            "no word after": f"{operator} needs a word after it",
            "brackets": "the brackets do not pair up",
        }[problem]
        super().__init__(message)


class BadSearch(MplError):
    def __init__(self, query: str, why: str) -> None:
        self.query, self.why = query, why
        super().__init__(f"cannot search for {query!r}: {why}")


class GitRunsPrograms(GitFailed):
    """The portfolio's own git config names programs for git to run (`settings`), and the
    person has not said, in their own git config (`key`), that they trust this portfolio."""

    def __init__(self, root: Path, settings: Sequence[str], key: str) -> None:
        self.root, self.settings, self.key = root, list(settings), key
        super().__init__(
            f"{root}'s own git settings would run programs ({', '.join(settings)}): mpl runs no git there"
        )


class IsALink(MplError):
    """A file the portfolio names that is a link (or lies behind one): mpl never follows links
    in a portfolio, so whatever it points to, nothing outside the folder is read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} is a link, which mpl does not follow")


class ChangedWhileRead(MplError):
    """A file whose content changed while mpl was reading it (for a bundle, say)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} changed while mpl was reading it; nothing was written")


class GitElsewhere(GitFailed):
    """The portfolio's `.git` is a link or a file naming a repository elsewhere, and the
    person has not said, in their own git config (`key`), that they trust this portfolio."""

    def __init__(self, root: Path, key: str) -> None:
        self.root, self.key = root, key
        super().__init__(f"{root}/.git leads to a repository outside the folder: mpl runs no git there")


class Interrupted(MplError):
    """Ctrl-C, after which mpl kept what the person had typed: the message says where."""

    status = ExitStatus.INTERRUPTED
