"""Evidence files on disk: streamed in, hashed, stored once under `evidence/YYYY/`.

A stored file is named `<first 12 hex of its SHA-256>-<cleaned original name>`,
so the same content added twice is stored once. Nothing is ever written
outside the portfolio: the destination is checked after resolving links. Nothing is
read through a link either: a stored file, or `evidence/` itself, that is a link is
reported as one and never opened (it could lead anywhere: `/etc/passwd`, `/`).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mpl.errors import CannotRead, CannotWrite, EvidenceTooLarge, IsALink, LeadsOutside, NotAFile
from mpl.storage.files import chunks_of, open_inside, refuse_outside, walk_inside
from mpl.storage.layout import EVIDENCE_DIR

CHUNK = 1024 * 1024
PREFIX = 12  # hex digits of the hash in a stored file's name
NEW_FILE_MODE = 0o666  # less the umask: what any new file gets

Progress = Callable[[int], None]  # called with the bytes read since the last call


@dataclass(frozen=True)
class Stored:
    path: Path
    sha256: str
    size: int
    new: bool  # False when the same content was already stored


def check_source(source: Path, max_bytes: int) -> int:
    """The size of `source`, refusing what is not a readable regular file or is too large."""
    try:
        info = source.stat()  # follows links: what is copied is the content
        if stat.S_ISREG(info.st_mode):
            os.close(os.open(source, os.O_RDONLY))  # readable: found before anything is copied
    except OSError as error:
        raise CannotRead(source, error.strerror or str(error)) from error
    if not stat.S_ISREG(info.st_mode):
        raise NotAFile(source)
    if info.st_size > max_bytes:
        raise EvidenceTooLarge(source, info.st_size, max_bytes)
    return info.st_size


def store_all(
    root: Path,
    sources: Sequence[tuple[Path, str]],
    year: int,
    max_bytes: int | None = None,
    recorded: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    before_keeping: Callable[[Path], None] | None = None,
) -> list[Stored]:
    """`store` each (file, clean name), all or nothing: when one fails, the files this
    call stored are removed again. `before_keeping` hears of each new file's place
    before it is there (so that a change cut short can be told apart from a person's)."""
    done: list[Stored] = []
    try:
        for source, name in sources:
            done.append(store(root, source, name, year, progress, max_bytes, recorded, before_keeping))
    except BaseException:
        for stored in done:
            if stored.new:
                stored.path.unlink(missing_ok=True)
        raise
    return done


def store(
    root: Path,
    source: Path,
    name: str,
    year: int,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    recorded: Mapping[str, str] | None = None,
    before_keeping: Callable[[Path], None] | None = None,
) -> Stored:
    """Copy `source` into `evidence/<year>/`, hashing it on the way in constant memory.
    Content a record lists (`recorded`: sha256 -> path) whose file is gone goes back there."""
    folder = root / EVIDENCE_DIR / str(year)
    refuse_outside(root, folder)  # before making anything: a link may lead out
    temporary = folder / f".incoming-{secrets.token_hex(8)}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sha, size = _copy(source, temporary, max_bytes, progress)
        existing = find(root, sha)
        if existing is not None:
            temporary.unlink()
            return Stored(existing, sha, size, new=False)
        target = _destination(root, folder / f"{sha[:PREFIX]}-{name}", (recorded or {}).get(sha))
        if before_keeping:
            before_keeping(target)
        os.replace(temporary, target)
        return Stored(target, sha, size, new=True)
    except BaseException as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):  # reading errors are MplErrors already
            raise CannotWrite(folder, error.strerror or str(error), folder=True) from error
        raise


def _copy(source: Path, temporary: Path, max_bytes: int | None, progress: Progress | None) -> tuple[str, int]:
    """Copy `source` to the new file `temporary`; its SHA-256 and size."""
    digest, size = hashlib.sha256(), 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(temporary, flags, NEW_FILE_MODE), "wb") as writer:  # not mkstemp's 0600
        for chunk in _chunks(source):
            size += len(chunk)
            if max_bytes is not None and size > max_bytes:  # grown since, or a size stat() cannot tell
                raise EvidenceTooLarge(source, None, max_bytes)
            digest.update(chunk)
            writer.write(chunk)
            if progress:
                progress(len(chunk))
        writer.flush()
        os.fsync(writer.fileno())
    return digest.hexdigest(), size


def _chunks(source: Path) -> Iterator[bytes]:
    """`source`'s content; a failure to read it is an MplError naming it."""
    try:
        with source.open("rb") as reader:
            while chunk := reader.read(CHUNK):
                yield chunk
    except OSError as error:
        raise CannotRead(source, error.strerror or str(error)) from error


def _destination(root: Path, target: Path, recorded: str | None) -> Path:
    """Where new content goes: back where a record says it was when that file is gone, else `target`."""
    if recorded is not None and not (root / recorded).exists():
        target = root / recorded
    refuse_outside(root, target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def find(root: Path, sha: str) -> Path | None:
    """An already stored file with this content, if any (links are not looked through)."""
    folder = root / EVIDENCE_DIR
    if folder.is_symlink() or not folder.is_dir():
        return None
    for year in sorted(os.scandir(folder), key=lambda entry: entry.name):
        if not year.is_dir(follow_symlinks=False):
            continue
        for entry in sorted(os.scandir(year.path), key=lambda entry: entry.name):
            relative = f"{EVIDENCE_DIR}/{year.name}/{entry.name}"
            if entry.name.startswith(f"{sha[:PREFIX]}-") and state(root, relative, sha) == "ok":
                return root / relative
    return None


def state(root: Path, relative: str, sha: str, progress: Progress | None = None) -> str:
    """How the stored file `relative` compares with the content `sha` names: `ok`,
    `missing`, `changed`, or `link` (a link on the way, never followed) or `not-a-file`."""
    there = presence(root, relative)
    if there != "ok":
        return there
    fd = open_inside(root, relative)
    digest = hashlib.sha256()
    for chunk in chunks_of(fd):
        digest.update(chunk)
        if progress:
            progress(len(chunk))
    return "ok" if digest.hexdigest() == sha else "changed"


def presence(root: Path, relative: str) -> str:
    """Whether the stored file `relative` is there, without reading it: `ok`, `missing`,
    `link` (never followed) or `not-a-file`."""
    try:
        os.close(open_inside(root, relative))
    except (IsALink, LeadsOutside):
        return "link"
    except NotAFile:
        return "not-a-file"
    except FileNotFoundError:
        return "missing"
    except OSError as error:
        raise CannotRead(root / relative, error.strerror or str(error)) from error
    return "ok"


def checked_chunks(root: Path, relative: str, sha: str) -> Iterator[bytes]:
    """The content of the stored file `relative`, a chunk at a time, read without following
    a link; a `ChangedWhileRead` at the end if it turned out not to be `sha`'s content."""
    from mpl.errors import ChangedWhileRead

    digest = hashlib.sha256()
    for chunk in chunks_of(open_inside(root, relative)):
        digest.update(chunk)
        yield chunk
    if digest.hexdigest() != sha:
        raise ChangedWhileRead(root / relative)


def stored_files(root: Path) -> Iterator[tuple[Path, bool]]:
    """Every file under `evidence/` (leftover temporary files excepted) and whether it is a
    link; `evidence/` itself when it is a link (nothing behind it is looked at)."""
    folder = root / EVIDENCE_DIR
    if folder.is_symlink():
        yield folder, True
        return
    for path, link in walk_inside(folder):
        if not path.name.startswith(".incoming-"):
            yield path, link
