"""What the record files say, read straight from disk: the oracle the index tests hold
mpl's views to.

It follows docs/FORMAT.md on its own (tomllib on the front matter between the `+++`
lines) and shares no code with mpl: no index, no Portfolio, no mpl parser. Only
what the views show is compared: ids, titles, dates, hours, goal links, status,
progress and evidence, each normalised the same way on both sides.
"""

from __future__ import annotations

import gc
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from mpl.cli import app

Rows = list[dict[str, Any]]


def front_matter(path: Path) -> dict[str, Any] | None:
    """The TOML between the first two lines that hold exactly `+++`; None when the file
    has none or it is not valid TOML (mpl lists such a file as unreadable, not as a record)."""
    try:
        lines = path.read_bytes().decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    lines = [line.removesuffix("\r") for line in lines]
    if not lines or lines[0] != "+++" or "+++" not in lines[1:]:
        return None
    end = lines.index("+++", 1)
    try:
        return tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError:
        return None


def _record_files(root: Path, pattern: str) -> list[tuple[str, dict[str, Any]]]:
    """(path relative to `root`, front matter) of each readable record file matching `pattern`."""
    found = []
    for path in sorted(root.glob(pattern)):
        if path.name.startswith(".") or not path.is_file():
            continue
        front = front_matter(path)
        if front is not None and front.get("id") and front.get("title"):
            found.append((path.relative_to(root).as_posix(), front))
    return found


def _evidence(front: dict[str, Any]) -> list[str]:
    return sorted(item.get("path", "") for item in front.get("evidence", []))


def moments(root: Path) -> Rows:
    """Every learning moment on disk, as `mpl list --all --json` should show it."""
    return sorted(
        (
            {
                "id": front["id"],
                "title": front["title"],
                "date": str(front["date"]),
                "hours": float(front.get("hours", 0)),
                "goals": sorted(front.get("goals", [])),
                "evidence": _evidence(front),
                "path": path,
            }
            for path, front in _record_files(root, "log/*/*.md")
        ),
        key=_order,
    )


def goals(root: Path) -> Rows:
    """Every goal on disk, as `mpl goal list --all --json` should show it, with the number
    of learning moments on disk that name it."""
    linked: dict[str, int] = {}
    for moment in moments(root):
        for goal in set(moment["goals"]):
            linked[goal] = linked.get(goal, 0) + 1
    return sorted(
        (
            {
                "id": front["id"],
                "title": front["title"],
                "status": front.get("status", "active"),
                "progress": int(front.get("progress", 0)),
                "evidence": _evidence(front),
                "moments": linked.get(front["id"], 0),
                "path": path,
            }
            for path, front in _record_files(root, "goals/*.md")
        ),
        key=_order,
    )


def _order(row: dict[str, Any]) -> tuple[str, str]:
    return row["id"], row["path"]


# -- mpl's side ---------------------------------------------------------------------


def run(folder: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """mpl's real CLI on the portfolio in `folder`: (exit code, stdout, stderr). Exceptions
    that escape mpl's own handling fail the test. What the process would close as it ends
    (the index's database connections, held in reference cycles) is closed before this
    returns, so that the next command, or a test copying .mpl/, meets the files as a
    finished mpl leaves them."""
    result = CliRunner().invoke(app, ["-C", str(folder), *args], env=env)
    gc.collect()
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _shown(folder: Path, args: tuple[str, ...], keep: Callable[[dict[str, Any]], dict[str, Any]]) -> Rows:
    code, out, err = run(folder, *args)
    assert code == 0, f"mpl {' '.join(args)} exited {code}: {err.strip()}"
    return sorted((keep(row) for row in json.loads(out)), key=_order)


def listed_moments(folder: Path) -> Rows:
    """What `mpl list --all --json` shows, in the oracle's terms."""
    return _shown(
        folder,
        ("list", "--all", "--json"),
        lambda row: {
            "id": row["id"],
            "title": row["title"],
            "date": str(row["date"]),
            "hours": float(row["hours"]),
            "goals": sorted(row["goals"]),
            "evidence": sorted(item["path"] for item in row["evidence"]),
            "path": row["path"],
        },
    )


def listed_goals(folder: Path) -> Rows:
    """What `mpl goal list --all --json` shows, in the oracle's terms."""
    return _shown(
        folder,
        ("goal", "list", "--all", "--json"),
        lambda row: {
            "id": row["id"],
            "title": row["title"],
            "status": row["status"],
            "progress": int(row["progress"]),
            "evidence": sorted(item["path"] for item in row["evidence"]),
            "moments": row["moments"],
            "path": row["path"],
        },
    )


def disagreement(folder: Path) -> str | None:
    """Where mpl's views differ from the files in `folder`, or None when they agree."""
    problems = []
    for what, shown, truth in (
        ("mpl list --all --json", listed_moments(folder), moments(folder)),
        ("mpl goal list --all --json", listed_goals(folder), goals(folder)),
    ):
        if shown != truth:
            extra = [row for row in shown if row not in truth]
            missing = [row for row in truth if row not in shown]
            problems.append(
                f"{what} differs from the files:\n"
                f"  shown, not on disk: {extra}\n  on disk, not shown: {missing}"
            )
    return "\n".join(problems) or None
