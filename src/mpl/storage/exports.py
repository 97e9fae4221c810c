"""Packs written by `mpl export`: copies of the record, made again at will, written where
the person says (mpl's own exports folder, which git ignores, by default)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.errors import CannotExport
from mpl.storage import files
from mpl.storage.git import Repository
from mpl.storage.layout import EXPORTS_DIR

if TYPE_CHECKING:
    from mpl.domain.model import EvidenceItem
    from mpl.storage.notices import Notice


class Exports:
    def __init__(self, root: Path, repo: Repository, notify: Callable[[Notice], None]) -> None:
        self.root = root
        self.repo = repo
        self.notify = notify
        self.folder = root / EXPORTS_DIR  # where packs go by default when mpl runs inside the portfolio

    def write(self, path: Path, content: bytes, force: bool) -> Path:
        """Write a pack to `path` (an existing file only with `force`); where it was written."""
        path = self._ready(path, force)
        files.write_new(path, content, force)
        return path

    def write_bundle(
        self, path: Path, name: str, content: bytes, items: Sequence[EvidenceItem], force: bool
    ) -> tuple[Path, int]:
        """A zip of the pack (as `name`) and the evidence `items`, at their paths in the
        portfolio; where it was written and how many evidence files it holds. Each file is
        checked before it goes in: one that is gone, is a link (never followed), or is not
        the content its record names (its hash differs) is left out, and told of."""
        from mpl.storage import evidence  # hashing: only bundles need it
        from mpl.storage.notices import NotInBundle

        wanted = {item.path: item for item in items}
        states = {
            relative: evidence.state(self.root, relative, item.sha256) for relative, item in wanted.items()
        }
        left_out = {relative: why for relative, why in states.items() if why != "ok"}
        if left_out:
            self.notify(
                NotInBundle(tuple(sorted(left_out)), tuple(left_out[key] for key in sorted(left_out)))
            )
        kept = [item for relative, item in wanted.items() if relative not in left_out]
        path = self._ready(path, force)
        members: list[files.Member] = [(name, content, len(content))]
        members += [
            (item.path, evidence.checked_chunks(self.root, item.path, item.sha256), item.size)
            for item in kept
        ]
        files.write_bundle(path, members, force)
        return path, len(kept)

    def _ready(self, path: Path, force: bool) -> Path:
        """`path` made ready (mpl's exports folder made if need be); a file inside the
        portfolio that git would keep is told of. Into mpl's exports folder, nothing is
        written through a link that leads out of the portfolio."""
        in_exports = path.absolute().is_relative_to(self.folder)
        try:
            if in_exports:
                files.refuse_outside(self.root, path.parent)
                path.parent.mkdir(parents=True, exist_ok=True)
            path = path.resolve()
        except OSError as error:
            raise CannotExport(
                path.parent, error.strerror or str(error), folder=True, code=error.errno
            ) from error
        if path.is_relative_to(self.root) and not self.repo.ignores(path):
            shown = path.relative_to(self.root)
            from mpl.storage.notices import ExportInGit

            self.notify(ExportInGit(str(shown), in_exports, EXPORTS_DIR))
        return path
