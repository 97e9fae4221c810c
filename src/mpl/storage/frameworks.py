"""Competency frameworks on disk: the TOML files in the portfolio's `frameworks/` folder,
and the small example framework shipped with mpl."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from mpl.domain.competencies import Framework
from mpl.errors import BadFile, IsALink
from mpl.storage.datafiles import line_of, parse_model
from mpl.storage.files import read_text_inside

FRAMEWORKS_DIR = "frameworks"
EXAMPLE = "example-practice.toml"


def load(root: Path) -> list[tuple[str, Framework]]:
    """(file name without .toml, framework) of every framework, by file name; a malformed
    file, or a code two frameworks share, is a BadFile naming the file and line."""
    folder = root / FRAMEWORKS_DIR
    if folder.is_symlink():  # it could lead anywhere: mpl follows no link in a portfolio
        raise IsALink(Path(FRAMEWORKS_DIR))
    found: list[tuple[str, Framework]] = []
    owner: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")) if folder.is_dir() else []:
        shown = path.relative_to(root)
        text = read_text_inside(root, shown.as_posix())  # a link is refused, never followed
        framework = parse_model(shown, text, Framework)
        for number, competency in enumerate(framework.competencies):
            key = competency.code.casefold()
            if key in owner:
                line = line_of(text, ("competencies", number, "code"))
                raise BadFile(
                    shown,
                    f"the code {competency.code!r} is already in {owner[key]}: codes must be unique",
                    line + 1 if line is not None else None,
                    settings=True,
                )
            owner[key] = shown.as_posix()
        found.append((path.name.removesuffix(".toml"), framework))
    return found


def example_text() -> str:
    """The example framework written for mpl, as TOML."""
    return (resources.files("mpl") / "data" / "frameworks" / EXAMPLE).read_text("utf-8")
