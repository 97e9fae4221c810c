"""The one voice of mpl: what a person reads about the storage's failures and notices.

The storage reports facts (an id not found, a lock in the way, a file mended); this
module chooses the words, the advice, and the commands that advice names, so that
the storage knows nothing of the commands a person runs.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable
from typing import Any, TypeVar

from mpl import errors
from mpl.domain.text import visible
from mpl.storage import lrs, notices

E = TypeVar("E")

NOTHING_SAVED = "nothing was saved: the files are as they were before"
LARGE_FILE_ADVICE = (
    "git handles large files badly: keep a smaller copy, raise evidence_max_mb in mpl.toml, "
    "or keep such files in Git LFS (mpl's docs/EVIDENCE.md says how)"
)
GIT_LOCK_HINT = "if no git is running, `mpl doctor --fix` removes it"

_HINTS: dict[type, Callable[[Any], str | None]] = {}
_WORDS: dict[type, Callable[[Any], str]] = {}


def _hint(kind: type[E]) -> Callable[[Callable[[E], str | None]], Callable[[E], str | None]]:
    def register(function: Callable[[E], str | None]) -> Callable[[E], str | None]:
        _HINTS[kind] = function
        return function

    return register


def _words(kind: type[E]) -> Callable[[Callable[[E], str]], Callable[[E], str]]:
    def register(function: Callable[[E], str]) -> Callable[[E], str]:
        _WORDS[kind] = function
        return function

    return register


def describe(error: errors.MplError) -> tuple[str, str | None]:
    """The one line a person reads about `error`: its message and a hint, if any."""
    hint = error.hint if error.hint is not None else _lookup(_HINTS, error, None)
    put_back = error.put_back
    if put_back is not None:  # a change failed part-way: what became of what it wrote
        if put_back.left:
            shown = ", ".join(put_back.left)
            hint = f"what could not be put back stays in place ({shown}); the next mpl change commits it"
        hint = hint or NOTHING_SAVED
        if put_back.kept:
            hint += f"; what this change wrote is kept in {put_back.kept}"
    return error.message, hint


def line(error: errors.MplError) -> str:
    """`error` as one line, `message (hint)`, shown as it is wherever it is written (what
    it quotes from a file or a command line cannot start a line or steer a terminal)."""
    message, hint = describe(error)
    return visible(f"{message} ({hint})" if hint else message)


def words(notice: notices.Notice) -> str:
    """What a notice says, in a person's words."""
    return _lookup(_WORDS, notice, None) or str(notice)


def notice_line(notice: notices.Notice) -> str:
    """A notice as the line mpl prints on stderr, after `mpl: `."""
    warning = isinstance(notice, notices.Skipped | notices.NotInBundle)
    return visible(f"{'warning' if warning else 'note'}: {words(notice)}")


# What typer (which checks options with pydantic) says, in mpl's words.
_CHECKS = (
    (re.compile(r"Value error, "), ""),
    (re.compile(r"Input should be a valid integer.*"), "not a whole number"),
    (re.compile(r"Input should be a valid number.*"), "not a number"),
    (re.compile(r"Input should be a finite number"), "not a number (nan and inf are not)"),
    (re.compile(r"Input should be greater than or equal to (\S+)"), r"must be at least \1"),
    (re.compile(r"Input should be less than or equal to (\S+)"), r"must be at most \1"),
    (re.compile(r"Input should be greater than (\S+)"), r"must be more than \1"),
    (re.compile(r"Input should be less than (\S+)"), r"must be less than \1"),
)


def usage_line(said: str) -> str:
    """A usage mistake (a bad option or argument), as mpl says it: in words, shown as is."""
    for pattern, words in _CHECKS:
        said = pattern.sub(words, said)
    return visible(said)


def _lookup(table: dict[type, Callable[[Any], Any]], value: object, default: Any) -> Any:
    for kind in type(value).__mro__:
        if kind in table:
            return table[kind](value)
    return default


# -- hints about the storage's failures ----------------------------------------------------


@_hint(errors.NoPortfolio)
def _(error: errors.NoPortfolio) -> str:
    if error.at is not None:
        return f"run `mpl init {error.at}` to make one there"
    return f"run `mpl init` to make one in {error.default}, or pass -C PATH"


@_hint(errors.BadFile)
def _(error: errors.BadFile) -> str:
    fix = "in any editor" if error.settings else "with `mpl edit` or any editor"
    return f"the file was left as it is: fix it {fix}"


@_hint(errors.CannotRead)
def _(error: errors.CannotRead) -> str:
    return "nothing was changed"


@_hint(errors.CannotWrite)
def _(error: errors.CannotWrite) -> str:
    if error.code == errno.ENAMETOOLONG:
        return "a file's name may be at most 255 bytes: choose a shorter one"
    if error.folder:
        return "nothing was changed"
    return "nothing was changed; free some space or fix the folder's permissions, then try again"


@_hint(errors.CannotExport)
def _(error: errors.CannotExport) -> str:
    return "nothing was written; write it to a folder you can write in with --out FILE"


@_hint(errors.ReadOnly)
def _(error: errors.ReadOnly) -> str:
    return "mpl can still read it"


@_hint(errors.LeadsOutside)
def _(error: errors.LeadsOutside) -> str:
    return "make the folders on that path plain folders inside the portfolio"


@_hint(errors.IsALink)
def _(error: errors.IsALink) -> str:
    return "a link could lead anywhere; keep the file itself in the portfolio"


@_hint(errors.ChangedWhileRead)
def _(error: errors.ChangedWhileRead) -> str:
    return "try again once nothing is changing it"


@_hint(errors.AlreadyExists)
def _(error: errors.AlreadyExists) -> str:
    return "choose another name, or add --force to replace it"


@_hint(errors.FolderNotEmpty)
def _(error: errors.FolderNotEmpty) -> str:
    return "give a new folder"


@_hint(errors.IsAFolder)
def _(error: errors.IsAFolder) -> str:
    return "give a file's name"


@_hint(errors.NotAFile)
def _(error: errors.NotAFile) -> str:
    return "add files, not folders or devices"


@_hint(errors.EvidenceTooLarge)
def _(error: errors.EvidenceTooLarge) -> str:
    return LARGE_FILE_ADVICE


@_hint(errors.Busy)
def _(error: errors.Busy) -> str:
    return f"try again when it has finished (lock: {error.lock})"


@_hint(errors.NotFound)
def _(error: errors.NotFound) -> str:
    listing = {"goal": "`mpl goal list`", "review": "`mpl review list`", "learning moment": "`mpl list`"}
    return f"see {listing.get(error.kind, '`mpl list`, `mpl goal list` or `mpl review list`')}"


@_hint(errors.Ambiguous)
def _(error: errors.Ambiguous) -> str:
    return "type more of the id"


@_hint(errors.DuplicateId)
def _(error: errors.DuplicateId) -> str:
    return "give all but one a new id by hand; `mpl doctor` lists such problems"


@_hint(errors.NewerFormat)
def _(error: errors.NewerFormat) -> str:
    return "upgrade mpl"


@_hint(errors.GitMissing)
def _(error: errors.GitMissing) -> str:
    return "install git, then try again"


@_hint(errors.NotARepository)
def _(error: errors.NotARepository) -> str:
    return "run `git init` there, or `mpl init` for a new portfolio"


@_hint(errors.GitLocked)
def _(error: errors.GitLocked) -> str:
    return GIT_LOCK_HINT


@_hint(errors.GitRunsPrograms)
def _(error: errors.GitRunsPrograms) -> str:
    return (
        "whoever made the folder chose them; remove them from its .git/config, or, if you set them"
        f" up yourself, trust it: `git config --global --add {error.key} {error.root}`"
    )


@_hint(errors.GitElsewhere)
def _(error: errors.GitElsewhere) -> str:
    return (
        "its commits would go there; if it is your own set-up (a git worktree), trust it:"
        f" `git config --global --add {error.key} {error.root}`"
    )


@_hint(errors.GitInTheMiddle)
def _(error: errors.GitInTheMiddle) -> str:
    return "finish or abort it first" if error.doing else "run `git checkout main` (or your branch) first"


@_hint(errors.PushRefused)
def _(error: errors.PushRefused) -> str:
    if error.checked_out:
        return (
            "sync through a bare repository: make one with `git init --bare PATH`, "
            "then run `mpl sync --remote PATH`"
        )
    return "run `mpl sync` again: another machine may have pushed just now"


@_hint(errors.UndoBlocked)
def _(error: errors.UndoBlocked) -> str:
    return "change the files by hand (or with `mpl edit`) instead"


@_hint(errors.NoBranchChosen)
def _(error: errors.NoBranchChosen) -> str:
    return f"copy it with `git clone -b BRANCH {error.url}`"


@_hint(errors.BadQuery)
def _(error: errors.BadQuery) -> str:
    if error.problem == "no word before":
        return "NOT leaves out: `mpl search sepsis NOT lactate`; AND and OR join two words"
    return {
        "no word": 'like `mpl search sepsis` or `"a phrase"`',
        "no word after": "like `mpl search sepsis OR lactate`",
        "brackets": "close each ( with a )",
    }[error.problem]


@_hint(errors.BadSearch)
def _(error: errors.BadSearch) -> str:
    return 'use words, "a phrase", prefix*, AND, OR, NOT and (brackets)'


@_hint(errors.NoRemote)
def _(error: errors.NoRemote) -> str:
    return "run `mpl sync --remote URL` once (GitHub, GitLab or any git server)"


@_hint(lrs.NotAnLrs)
def _(error: lrs.NotAnLrs) -> str:
    return "give its xAPI endpoint, like https://lrs.example.org/xapi/"


# -- what the storage mended, skipped or found ------------------------------------------


def _listed(paths: tuple[str, ...]) -> str:
    return ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


@_words(notices.StaleLockRemoved)
def _(notice: notices.StaleLockRemoved) -> str:
    return f"removed git's stale lock file {notice.path}"


@_words(notices.InterruptedAborted)
def _(notice: notices.InterruptedAborted) -> str:
    command = {"rebase": "mpl sync", "revert": "mpl undo"}.get(notice.operation, "mpl")
    return f"aborted the {notice.operation} an interrupted `{command}` left"


@_words(notices.PartialWriteSetAside)
def _(notice: notices.PartialWriteSetAside) -> str:
    return f"set aside a partial write, {notice.path}, as {notice.kept}"


@_words(notices.EditsCommitted)
def _(notice: notices.EditsCommitted) -> str:
    return f"committed your own edits first ({_listed(notice.paths)})"


@_words(notices.ChangeRecovered)
def _(notice: notices.ChangeRecovered) -> str:
    return f"recovered after an interrupted change ({_listed(notice.paths)})"


@_words(notices.IgnoreLinesAdded)
def _(notice: notices.IgnoreLinesAdded) -> str:
    return f"added {', '.join(notice.lines)} to .gitignore"


@_words(notices.IndexRemade)
def _(notice: notices.IndexRemade) -> str:
    return "made the index (.mpl/index.sqlite) again from the files"


@_words(notices.FallbackIdentity)
def _(notice: notices.FallbackIdentity) -> str:
    return (
        f"git has no identity on this machine; this portfolio's commits will be by {notice.name}"
        f" <{notice.email}> (change with `git config user.email` in {notice.root})"
    )


@_words(notices.Skipped)
def _(notice: notices.Skipped) -> str:
    return f"skipped {notice.error.message}"


@_words(notices.NotInBundle)
def _(notice: notices.NotInBundle) -> str:
    why = {
        "missing": "missing",
        "changed": "not the file that was added: its hash differs",
        "link": "a link, not followed",
        "not-a-file": "not a file",
    }
    reasons = notice.why or ("missing",) * len(notice.paths)
    listed = "; ".join(
        f"{path} ({why.get(reason, reason)})" for path, reason in zip(notice.paths, reasons, strict=True)
    )
    return f"left out of the bundle: {listed}"


@_words(notices.ExportInGit)
def _(notice: notices.ExportInGit) -> str:
    why = (
        f"`mpl doctor --fix` keeps {notice.exports}/ out of git"
        if notice.in_exports
        else f"write packs to {notice.exports}/, which git ignores"
    )
    return f"{notice.path} is inside your portfolio, so your next change will commit it ({why})"


@_words(notices.GitUnfit)
def _(notice: notices.GitUnfit) -> str:
    message, hint = describe(notice.error)
    return f"{message}; {hint}"


@_words(notices.GitUnreadable)
def _(notice: notices.GitUnreadable) -> str:
    return line(notice.error)


@_words(notices.GitLockFile)
def _(notice: notices.GitLockFile) -> str:
    return f"git's lock file: a git command is running, or one was cut short ({GIT_LOCK_HINT})"


@_words(notices.ChangeCutShort)
def _(notice: notices.ChangeCutShort) -> str:
    return "an earlier mpl change was cut short"


@_words(notices.PartialWrite)
def _(notice: notices.PartialWrite) -> str:
    return "a temporary file left by an interrupted write"


@_words(notices.Uncommitted)
def _(notice: notices.Uncommitted) -> str:
    return "changed outside mpl and not committed yet"


@_words(notices.ConflictCopy)
def _(notice: notices.ConflictCopy) -> str:
    return (
        f"a conflict copy from `mpl sync`: compare it with {notice.original}, keep what you want,"
        " then delete it"
    )


@_words(notices.IgnoredRecord)
def _(notice: notices.IgnoredRecord) -> str:
    return (
        "git ignores it (a .gitignore names it), so it is no part of the record: never committed,"
        " synced or shown; take it out of .gitignore, or move it out of the record's folders"
    )


@_words(notices.NotIgnored)
def _(notice: notices.NotIgnored) -> str:
    return f"does not keep {notice.line} out of git"


@_words(notices.IndexDisagrees)
def _(notice: notices.IndexDisagrees) -> str:
    return (
        f"the index disagrees with the files on {len(notice.paths)} record(s) ({_listed(notice.paths)}):"
        " `mpl doctor --fix` makes it again from the files"
    )


@_words(notices.LinkedFolder)
def _(notice: notices.LinkedFolder) -> str:
    return (
        "it is a link, and mpl follows no link out of the portfolio: nothing in it is listed,"
        " exported or changed; move the folder itself here and commit it"
    )


@_words(notices.Misnamed)
def _(notice: notices.Misnamed) -> str:
    return (
        f"its name does not match its id and date: rename it {notice.expected} (`git mv` keeps its history)"
    )


@_words(notices.CaseClash)
def _(notice: notices.CaseClash) -> str:
    return (
        f"differs from {notice.other} only in upper and lower case: on macOS and Windows they are"
        " one file, so rename one of them"
    )
