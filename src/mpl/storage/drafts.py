"""Drafts: text the person wrote in their editor that is not saved in the record yet
(not valid yet, or not saved yet), kept in `.mpl/drafts/`, out of the record and out of git."""

from __future__ import annotations

from pathlib import Path

from mpl.storage.files import atomic_write, read_text, refuse_outside


class Drafts:
    def __init__(self, folder: Path, root: Path) -> None:
        self.folder = folder
        self.root = root  # the portfolio: no draft is written outside it, through a link or not

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.md"

    def read(self, name: str) -> str | None:
        path = self.path(name)
        return read_text(path) if path.is_file() else None

    def save(self, name: str, text: str, base: str | None = None) -> Path:
        """Keep `text` as the draft `name`; with `base`, the version of the file it was made
        from (what a later save merges against)."""
        path = self.path(name)
        refuse_outside(self.root, path)
        atomic_write(path, text)
        if base is not None:
            atomic_write(self._base_path(name), base)
        return path

    def base(self, name: str) -> str | None:
        """The version of the file the draft `name` was made from, if it was kept."""
        path = self._base_path(name)
        return read_text(path) if path.is_file() else None

    def drop(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)
        self._base_path(name).unlink(missing_ok=True)

    def _base_path(self, name: str) -> Path:
        return self.folder / f"{name}.base"
