"""Reading and atomically writing text files, and reading a portfolio's files without
ever following a link out of it."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from mpl.errors import (
    AlreadyExists,
    BadFile,
    CannotRead,
    CannotWrite,
    IsAFolder,
    IsALink,
    LeadsOutside,
    NotAFile,
    TooLarge,
)

MAX_RECORD_BYTES = 2_000_000
CHUNK = 1024 * 1024
PARTIAL = ".mpl-partial-"  # a bundle being written; one a killed mpl left is removed next time
_NAME_KEPT = 60  # of a file's name, in the name of the temporary file it is written through
_NO_FOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def read_text(path: Path, shown: Path | None = None) -> str:
    """A record's text; a file that is too large or not UTF-8 is a `BadFile` naming it
    (as `shown`, if given). A UTF-8 byte order mark is allowed and dropped."""
    shown = shown or path
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            raise BadFile(
                shown,
                f"is {size / 1e6:.1f} MB; a record may be at most {MAX_RECORD_BYTES / 1e6:g} MB "
                "(keep large material as evidence)",
            )
        data = path.read_bytes()
    except OSError as error:
        raise CannotRead(shown, error.strerror or str(error)) from error
    return _text_of(data, shown)


def read_text_inside(root: Path, relative: str) -> str:
    """`read_text` of the file `relative` (`/`-separated) names in the folder `root`, read
    without following a link on the way (`open_inside`): a link is `IsALink`."""
    shown = Path(relative)
    try:
        fd = open_inside(root, relative)
    except IsALink:
        raise IsALink(shown) from None
    except OSError as error:
        raise CannotRead(shown, error.strerror or str(error)) from error
    with os.fdopen(fd, "rb") as reader:
        try:
            data = reader.read(MAX_RECORD_BYTES + 1)
        except OSError as error:
            raise CannotRead(shown, error.strerror or str(error)) from error
    if len(data) > MAX_RECORD_BYTES:
        raise BadFile(
            shown,
            f"is over {MAX_RECORD_BYTES / 1e6:g} MB, the most a record may be "
            "(keep large material as evidence)",
        )
    return _text_of(data, shown)


def _text_of(data: bytes, shown: Path) -> str:
    """A file's bytes as text, or a `BadFile` naming it (`shown`)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\0" in data:
        raise BadFile(
            shown,
            "holds NUL bytes: it is not a text file",
            data[: data.index(b"\0")].count(b"\n") + 1,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadFile(shown, "is not valid UTF-8 text", line) from error


def inside(root: Path, path: Path) -> bool:
    """Is `path` inside the folder `root`, links on the way followed?"""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links
        return False


def refuse_outside(root: Path, path: Path) -> None:
    """Refuse to write `path` when, links followed, it is not inside the portfolio at `root`."""
    if not inside(root, path):
        raise LeadsOutside(path)


def open_inside(root: Path, relative: str) -> int:
    """A file descriptor to read the regular file `relative` (`/`-separated) names in the
    folder `root`, opened without following a link anywhere on the way: a link is
    `IsALink`, anything but a regular file `NotAFile`, a missing file FileNotFoundError.
    Opened folder by folder from `root`, so nothing swapped in meanwhile leads out."""
    parts = relative.split("/")
    if {"", ".", ".."} & set(parts):
        raise LeadsOutside(root / relative)
    if not _NO_FOLLOW or not hasattr(os, "fstat") or os.open not in os.supports_dir_fd:
        return _open_checked(root, parts)  # no O_NOFOLLOW here (Windows): look, then open
    shown = root / relative
    folder = os.open(root, os.O_RDONLY | _DIRECTORY)
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NO_FOLLOW, dir_fd=folder)
            except OSError as error:
                raise _not_followed(error, shown, part, folder) from error
            os.close(folder)
            folder = inner
        try:
            fd = os.open(parts[-1], os.O_RDONLY | _NO_FOLLOW | os.O_NONBLOCK, dir_fd=folder)
        except OSError as error:
            raise _not_followed(error, shown, parts[-1], folder) from error
    finally:
        os.close(folder)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotAFile(shown)
    return fd


def _not_followed(error: OSError, shown: Path, part: str, folder: int) -> Exception:
    """Why `part` (in the open `folder`) could not be opened without following a link."""
    if error.errno in (errno.ELOOP, errno.EMLINK, errno.ENOTDIR):  # a link, or a file on the way
        try:
            mode = os.stat(part, dir_fd=folder, follow_symlinks=False).st_mode
        except OSError:
            return error
        return IsALink(shown) if stat.S_ISLNK(mode) else NotAFile(shown)
    return error


def _open_checked(root: Path, parts: list[str]) -> int:
    path = root
    for part in parts:
        path = path / part
        if path.is_symlink():
            raise IsALink(path)
    if not path.exists():
        raise FileNotFoundError(errno.ENOENT, "not found", str(path))
    if not path.is_file():
        raise NotAFile(path)
    return os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))


def chunks_of(fd: int) -> Iterator[bytes]:
    """What the open file `fd` holds, a chunk at a time; the file is closed at the end."""
    with os.fdopen(fd, "rb") as reader:
        while chunk := reader.read(CHUNK):
            yield chunk


def walk_inside(folder: Path) -> Iterator[tuple[Path, bool]]:
    """Every file under `folder` and whether it is a link, never going into a link (a
    linked folder is reported as a link, not walked)."""
    for parent, folders, names in os.walk(folder):
        for name in sorted(folders):
            if os.path.islink(os.path.join(parent, name)):
                yield Path(parent) / name, True
        for name in sorted(names):
            yield Path(parent) / name, os.path.islink(os.path.join(parent, name))


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write `text` to `path` so that it is either wholly old or wholly new (see
    `_replacing`). The file keeps the mode it had, or gets the one any new file would
    (not mkstemp's owner-only 0600)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(path, error) from error
    with _replacing(path, prefix=f".{_short(path.name)}.") as handle:
        handle.write(text.encode() if isinstance(text, str) else text)


@contextmanager
def _replacing(path: Path, prefix: str) -> Iterator[BinaryIO]:
    """A new file beside `path` (open to write and read back) that becomes `path` at once when the
    block ends: flushed, fsynced, renamed over it, its folder synced. A failure removes it
    and leaves `path` as it was; an OSError is a `CannotWrite` naming `path`."""
    try:
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from error
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w+b") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException as error:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise _cannot_write(path, error) from error
        raise
    _fsync_folder(path.parent)


def _mode_for(path: Path) -> int:
    """The permission bits `path` has, or those a new file gets under the umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    mask = os.umask(0)  # the only way to read it is to set it
    os.umask(mask)
    return mask


def _cannot_write(path: Path, error: OSError) -> CannotWrite:
    return CannotWrite(path, error.strerror or str(error), code=error.errno)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _short(name: str) -> str:
    """The start of a file name, short enough that a temporary name made from it fits
    in the 255 bytes a file name may have."""
    return name.encode()[:_NAME_KEPT].decode(errors="ignore")


def ready_for_new(path: Path, force: bool) -> None:
    """Refuse an export's path that is there already (unless `force`), is a folder, or
    cannot be a file's name (too long, say)."""
    try:
        exists = path.exists()
        folder = path.is_dir()
    except OSError as error:
        raise _cannot_write(path, error) from error
    if folder:
        raise IsAFolder(path)
    if exists and not force:
        raise AlreadyExists(path)


def write_new(path: Path, data: bytes, force: bool = False) -> None:
    """Write an export; an existing file is refused unless `force`."""
    ready_for_new(path, force)
    atomic_write(path, data)


Member = tuple[str, bytes | Iterable[bytes], int]  # name in the zip, its content (or chunks), size


def write_bundle(path: Path, members: Iterable[Member], force: bool = False) -> None:
    """A zip of `members`, streamed to disk: each file's chunks go straight into a
    temporary file next to `path`, renamed over it once whole (memory holds a chunk at a
    time, whatever the evidence weighs). A bundle cut short is removed, or, if mpl was
    killed, by the next bundle written in that folder."""
    import zipfile

    ready_for_new(path, force)
    remove_partials(path.parent)
    with _replacing(path, prefix=PARTIAL) as handle:
        _hold(handle.fileno())  # while this runs, no other mpl takes it for a leftover
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            for name, content, size in members:
                if isinstance(content, bytes):
                    bundle.writestr(name, content)
                    continue
                info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                with bundle.open(info, "w", force_zip64=size > 2**31) as member:
                    for chunk in content:
                        member.write(chunk)


def _hold(fd: int) -> None:
    """Lock the open file `fd` for as long as it is open (where locks exist)."""
    try:
        import fcntl
    except ImportError:  # Windows: leftovers are known by their age instead
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def remove_partials(folder: Path, older_than: float = 24 * 3600) -> list[Path]:
    """Remove the partial bundles a killed mpl left in `folder`: those no running mpl holds
    (where files can be locked), else those older than `older_than` seconds."""
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]  # no fcntl (Windows): None says so
    removed = []
    try:
        entries = [entry for entry in os.scandir(folder) if entry.name.startswith(PARTIAL)]
    except OSError:
        return []
    for entry in entries:
        if not entry.name.endswith(".tmp") or not entry.is_file(follow_symlinks=False):
            continue
        try:
            if fcntl is None:
                if time.time() - entry.stat(follow_symlinks=False).st_mtime < older_than:
                    continue
            else:
                fd = os.open(entry.path, os.O_RDONLY | _NO_FOLLOW)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:  # another mpl is writing it
                    continue
                finally:
                    os.close(fd)
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


MAX_IMPORT_BYTES = 50_000_000


def read_source(path: Path) -> str:
    """The text of a file to import from: UTF-8 (with or without a byte order mark),
    UTF-16 with one, else Windows-1252 as older spreadsheet programs save CSV."""
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise TooLarge(path, size, MAX_IMPORT_BYTES)
        data = path.read_bytes()
    except IsADirectoryError:
        raise IsAFolder(path) from None
    except OSError as error:
        raise CannotRead(path, error.strerror or str(error)) from error
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class Held:
    """A lock this process holds: an flock(2) on its file, as filelock takes one on Unix (so
    that either sees the other), without filelock's import (a tenth of a second)."""

    def __init__(self, release: Callable[[], None]) -> None:
        self.release = release


def _open_lock(path: Path) -> int:
    """The lock file at `path`, opened (made if missing) without following a link: a link
    there (the lock lives in mpl's own cache) is removed and a plain file made in its place,
    as the index does with a linked database, so nothing outside is ever made or opened."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        return os.open(path, flags, 0o644)
    except OSError:
        if not path.is_symlink():
            raise
    path.unlink()
    return os.open(path, flags, 0o644)


def hold(path: Path, timeout: float) -> Held | None:
    """The lock on the file at `path` (made if missing), waiting up to `timeout` seconds for
    another process to let it go; None if it does not."""
    try:
        import fcntl
    except ImportError:  # not Unix: filelock knows the other systems' locks
        from filelock import FileLock, Timeout

        other = FileLock(path, timeout=timeout)
        try:
            other.acquire()
        except Timeout:
            return None
        return Held(other.release)
    descriptor = _open_lock(path)
    deadline = time.monotonic() + timeout
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            if time.monotonic() >= deadline:
                os.close(descriptor)
                return None
            time.sleep(0.05)
        except OSError:
            os.close(descriptor)
            raise

    def release() -> None:
        fcntl.flock(descriptor, fcntl.LOCK_UN)
        os.close(descriptor)

    return Held(release)
