"""What the storage has to tell: things it mended, skipped or found, as facts.

The storage never words them for a person (it knows nothing of the commands a
person runs); `mpl.usecases.messages` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from mpl.errors import BadFile, GitFailed, GitInTheMiddle


@dataclass(frozen=True)
class Notice:
    """Something the storage did or found that the person should hear of."""


# -- mended before a change, or by `mpl doctor --fix` ------------------------------------


@dataclass(frozen=True)
class StaleLockRemoved(Notice):
    path: str  # git's lock file, relative to the portfolio


@dataclass(frozen=True)
class InterruptedAborted(Notice):
    operation: str  # the git operation an interrupted mpl change had begun: rebase, revert


@dataclass(frozen=True)
class PartialWriteSetAside(Notice):
    path: str
    kept: str  # where it was moved to


@dataclass(frozen=True)
class EditsCommitted(Notice):
    """Changes made outside mpl, committed as a commit of their own."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class ChangeRecovered(Notice):
    """What an interrupted mpl change had written, committed."""

    paths: tuple[str, ...]


@dataclass(frozen=True)
class IgnoreLinesAdded(Notice):
    lines: tuple[str, ...]  # added to .gitignore


@dataclass(frozen=True)
class IndexRemade(Notice):
    """The index disagreed with the files and was made again from them."""


# -- said while working ----------------------------------------------------------------


@dataclass(frozen=True)
class FallbackIdentity(Notice):
    """git had no identity on this machine: the portfolio's commits use this one."""

    name: str
    email: str
    root: str


@dataclass(frozen=True)
class Skipped(Notice):
    """A file a listing left out because it cannot be read."""

    error: BadFile


@dataclass(frozen=True)
class NotInBundle(Notice):
    """Evidence files a bundle left out, and why each: `missing`, `changed` (not the content
    its record names), `link` (never followed) or `not-a-file`."""

    paths: tuple[str, ...]
    why: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExportInGit(Notice):
    """An export written inside the portfolio where git would keep it."""

    path: str
    in_exports: bool  # in mpl's exports folder (whose line in .gitignore is missing)
    exports: str  # that folder


# -- found by a health check -----------------------------------------------------------


@dataclass(frozen=True)
class Problem(Notice):
    """Something about the folder or its repository that needs care."""

    path: str


@dataclass(frozen=True)
class GitUnfit(Problem):
    error: GitInTheMiddle


@dataclass(frozen=True)
class GitUnreadable(Problem):
    error: GitFailed


@dataclass(frozen=True)
class GitLockFile(Problem):
    pass


@dataclass(frozen=True)
class ChangeCutShort(Problem):
    pass


@dataclass(frozen=True)
class PartialWrite(Problem):
    pass


@dataclass(frozen=True)
class Uncommitted(Problem):
    pass


@dataclass(frozen=True)
class ConflictCopy(Problem):
    original: str


@dataclass(frozen=True)
class IgnoredRecord(Problem):
    pass  # a record file git ignores: never committed or synced


@dataclass(frozen=True)
class LinkedFolder(Problem):
    pass  # a record's folder (goals/, log/, log/YYYY/, ...) that is a link: never followed


@dataclass(frozen=True)
class NotIgnored(Problem):
    line: str  # what .gitignore should hold


@dataclass(frozen=True)
class IndexDisagrees(Problem):
    paths: tuple[str, ...]


@dataclass(frozen=True)
class Misnamed(Problem):
    """A record file whose name is not the one its id (and date) give."""

    expected: str


@dataclass(frozen=True)
class CaseClash(Problem):
    """A record file whose path differs from another's only in upper and lower case: on
    macOS and Windows they are one file, and a copy there loses one of them."""

    other: str
