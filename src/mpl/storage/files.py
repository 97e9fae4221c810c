"""Reading and atomically writing text files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mpl.errors import AlreadyExists, BadFile, CannotRead, CannotWrite, IsAFolder, LeadsOutside, TooLarge

MAX_RECORD_BYTES = 2_000_000


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


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write `text` to `path` so that it is either wholly old or wholly new.

    The text goes to a temporary file in the same folder, is flushed and
    fsynced, then renamed over the target. The file keeps the mode it had, or
    gets the one any new file would (not mkstemp's owner-only 0600).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from error
    try:
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode() if isinstance(text, str) else text)
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
    return CannotWrite(path, error.strerror or str(error))


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_new(path: Path, data: bytes, force: bool = False) -> None:
    """Write an export; an existing file is refused unless `force`."""
    if path.exists() and not force:
        raise AlreadyExists(path)
    if path.is_dir():
        raise IsAFolder(path)
    atomic_write(path, data)


def write_bundle(path: Path, members: list[tuple[str, bytes | Path]], force: bool = False) -> None:
    """A zip of `members`: (name in the zip, content or the file to copy)."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, content in members:
            if isinstance(content, Path):
                bundle.write(content, name)
            else:
                bundle.writestr(name, content)
    write_new(path, buffer.getvalue(), force)


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
