"""Evidence files on disk: streamed in, hashed, stored once under `evidence/YYYY/`.

A stored file is named `<first 12 hex of its SHA-256>-<cleaned original name>`,
so the same content added twice is stored once. Nothing is ever written
outside the portfolio: the destination is checked after resolving links.
"""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mpl.errors import MplError

EVIDENCE_DIR = "evidence"
CHUNK = 1024 * 1024
PREFIX = 12  # hex digits of the hash in a stored file's name

Progress = Callable[[int], None]  # called with the bytes read since the last call


@dataclass(frozen=True)
class Stored:
    path: Path
    sha256: str
    size: int
    new: bool  # False when the same content was already stored


def check_source(source: Path, max_bytes: int) -> int:
    """The size of `source`, refusing what is not a regular file or is too large."""
    try:
        info = source.stat()  # follows links: what is copied is the content
    except OSError as error:
        raise MplError(f"cannot read {source}: {error.strerror}") from error
    if not stat.S_ISREG(info.st_mode):
        raise MplError(f"{source} is not a regular file", hint="add files, not folders or devices")
    if info.st_size > max_bytes:
        raise MplError(
            f"{source} is {info.st_size / 1e6:.0f} MB, more than the {max_bytes / 1e6:g} MB limit",
            hint="git handles large files badly: keep a smaller copy, raise evidence_max_mb in "
            "mpl.toml, or use Git LFS (see docs/EVIDENCE.md)",
        )
    return info.st_size


def store(root: Path, source: Path, name: str, year: int, progress: Progress | None = None) -> Stored:
    """Copy `source` into `evidence/<year>/`, hashing it on the way in constant memory."""
    folder = root / EVIDENCE_DIR / str(year)
    _refuse_outside(root, folder)  # before making anything: a link may lead out
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".incoming-", suffix=".tmp")
    try:
        with source.open("rb") as reader, os.fdopen(fd, "wb") as writer:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
                if progress:
                    progress(len(chunk))
            writer.flush()
            os.fsync(writer.fileno())
        sha = digest.hexdigest()
        existing = find(root, sha)
        if existing is not None:
            Path(temporary).unlink()
            return Stored(existing, sha, size, new=False)
        target = folder / f"{sha[:PREFIX]}-{name}"
        _refuse_outside(root, target)
        os.replace(temporary, target)
        return Stored(target, sha, size, new=True)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def hash_file(path: Path, progress: Progress | None = None) -> tuple[str, int]:
    """SHA-256 and size of a file, read in chunks."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as reader:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            if progress:
                progress(len(chunk))
    return digest.hexdigest(), size


def find(root: Path, sha: str) -> Path | None:
    """An already stored file with this content, if any."""
    for candidate in (root / EVIDENCE_DIR).glob(f"*/{sha[:PREFIX]}-*"):
        if candidate.is_file() and hash_file(candidate)[0] == sha:
            return candidate
    return None


def stored_files(root: Path) -> Iterator[Path]:
    """Every file under `evidence/` (leftover temporary files excepted)."""
    folder = root / EVIDENCE_DIR
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith(".incoming-"):
                yield path


def _refuse_outside(root: Path, path: Path) -> None:
    if not path.resolve().is_relative_to(root.resolve()):
        raise MplError(
            f"{path} leads outside the portfolio (a link?); nothing was written",
            hint=f"make {root / EVIDENCE_DIR} a plain folder inside the portfolio",
        )
