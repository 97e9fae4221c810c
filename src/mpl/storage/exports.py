"""Packs written by `mpl export`: copies of the record, made again at will, written where
the person says (mpl's own exports folder, which git ignores, by default)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from mpl.domain.model import EvidenceItem
from mpl.storage import files
from mpl.storage.git import Repository
from mpl.storage.layout import EXPORTS_DIR
from mpl.storage.notices import ExportInGit, Notice, NotInBundle


class Exports:
    def __init__(self, root: Path, repo: Repository, notify: Callable[[Notice], None]) -> None:
        self.root = root
        self.repo = repo
        self.notify = notify
        self.folder = root / EXPORTS_DIR  # where packs go by default when mpl runs inside the portfolio

    def write(self, path: Path, content: bytes, force: bool) -> Path:
        """Write a pack to `path` (an existing file only with `force`); where it was written."""
        path = self._ready(path)
        files.write_new(path, content, force)
        return path

    def write_bundle(
        self, path: Path, name: str, content: bytes, items: Sequence[EvidenceItem], force: bool
    ) -> tuple[Path, int]:
        """A zip of the pack (as `name`) and the evidence `items`, at their paths in the
        portfolio; where it was written and how many evidence files it holds. Files gone
        from evidence/ are left out, and told of."""
        stored = {item.path: self.root / item.path for item in items}
        missing = sorted(item for item, file in stored.items() if not file.is_file())
        if missing:
            self.notify(NotInBundle(tuple(missing)))
        kept = [(item, file) for item, file in stored.items() if item not in missing]
        path = self._ready(path)
        files.write_bundle(path, [(name, content), *kept], force)
        return path, len(kept)

    def _ready(self, path: Path) -> Path:
        """`path` made ready (mpl's exports folder made if need be); a file inside the
        portfolio that git would keep is told of."""
        path = path.resolve()
        in_exports = path.is_relative_to(self.folder)
        if in_exports:
            path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_relative_to(self.root) and not self.repo.ignores(path):
            shown = path.relative_to(self.root)
            self.notify(ExportInGit(str(shown), in_exports, EXPORTS_DIR))
        return path
