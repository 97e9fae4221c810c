"""Reading and atomically writing text files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from mpl.errors import BadFile, MplError


def read_text(path: Path) -> str:
    """A file's text; a file that is not UTF-8 is a `BadFile` naming it."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MplError(f"{path}: cannot read: {error.strerror}") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadFile(path, "not valid UTF-8 text", line) from error


def atomic_write(path: Path, text: str) -> None:
    """Write `text` to `path` so that it is either wholly old or wholly new.

    The text goes to a temporary file in the same folder, is flushed and
    fsynced, then renamed over the target.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # not possible on every platform
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
