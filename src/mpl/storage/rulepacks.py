"""Rule packs on disk: those shipped with mpl (package data) and a person's own in the
portfolio's `rules/` folder, which replace a shipped pack of the same name. Also the
person's private list of names that must not appear in their record (`.mpl/`, never in git)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from mpl.domain.model import ID_PATTERN
from mpl.domain.rules import RulePack
from mpl.errors import BadFile, IsALink
from mpl.storage.datafiles import parse_model
from mpl.storage.files import atomic_write, read_text, read_text_inside

RULES_DIR = "rules"
NAMES_FILE = ".mpl/confidential-names.txt"
SHIPPED = "shipped with mpl"


@dataclass(frozen=True)
class PackFile:
    name: str  # what --pack and `rule_packs` call it: the file name without .toml
    shown: Path  # where it is, as a person would name it
    text: str
    own: bool  # in the portfolio's rules/ folder


def pack_files(root: Path) -> dict[str, PackFile]:
    """Every pack by name, a portfolio's own replacing a shipped one of the same name."""
    found = {}
    folder = resources.files("mpl") / "data" / "rules"
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".toml"):
            name = entry.name.removesuffix(".toml")
            found[name] = PackFile(name, Path("mpl/data/rules") / entry.name, entry.read_text("utf-8"), False)
    own = root / RULES_DIR
    if own.is_symlink():  # it could lead anywhere: mpl follows no link in a portfolio
        raise IsALink(Path(RULES_DIR))
    for path in sorted(own.glob("*.toml")) if own.is_dir() else []:
        shown = path.relative_to(root)
        name = path.name.removesuffix(".toml")
        if not re.fullmatch(ID_PATTERN, name):
            raise BadFile(
                shown,
                "a rule pack's file name must be lowercase words joined by hyphens, like my-body.toml",
                settings=True,
            )
        found[name] = PackFile(name, shown, read_text_inside(root, shown.as_posix()), True)
    return found


def load(pack: PackFile) -> RulePack:
    """The pack a file describes; BadFile naming the file and line when it is malformed."""
    return parse_model(pack.shown, pack.text, RulePack)


# -- the confidential names list ----------------------------------------------------------


def names_path(root: Path) -> Path:
    return root / NAMES_FILE


def confidential_names(root: Path) -> list[str]:
    """The names on the person's list (none when there is no list)."""
    path = names_path(root)
    if not path.is_file():
        return []
    lines = read_text(path, path.relative_to(root)).splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def ensure_names_file(root: Path, header: str) -> Path:
    """The list's path, the file made holding `header` (a note on what it is for) if there
    was none."""
    path = names_path(root)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, header)
        path.chmod(0o600)  # for the owner's eyes only
    return path
