"""A cold index build reads many files in processes of its own (issue 13): what it makes is
what one process reading every file makes, unreadable files included."""

from __future__ import annotations

from pathlib import Path

import pytest

from mpl.env import Env
from mpl.storage import index
from mpl.storage.portfolio import Portfolio

from conftest import Run

ROWS = (
    "SELECT path, model, id, day, kind, status, private, role, organisation, tags, goals, reflected,"
    " data, error, error_line FROM records ORDER BY path",
    "SELECT records.path, fts.title, fts.body, fts.tags, fts.extra FROM fts"
    " JOIN records ON records.rowid = fts.rowid ORDER BY 1",
    "SELECT records.path, links.goal, links.day FROM links"
    " JOIN records ON records.rowid = links.moment ORDER BY 1, 2",
    "SELECT records.path, tags.tag FROM tags JOIN records ON records.rowid = tags.record ORDER BY 1, 2",
)


def built(root: Path) -> list[list[tuple[object, ...]]]:
    portfolio = Portfolio(root, Env(home=root.parent, cwd=root, today=Env.from_os().today))
    made = index.Index(root, portfolio._read, None)
    made.refresh()
    return [made._connection().execute(query).fetchall() for query in ROWS]


def test_files_read_in_processes_of_their_own_make_the_same_index(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mpl("goal", "add", "Lead a debrief", "--success", "Led one")
    for number in range(12):
        mpl("log", f"Moment {number}", "--goal", "lead", "--tag", f"t{number % 3}", "--what", "sepsis")
    (started / "log/2026/2026-11-24-broken.md").write_text('+++\ntitle = "Broken\n+++\n')
    monkeypatch.setattr(index, "READ_APART_FROM", 10**9)
    alone = built(started)
    monkeypatch.setattr(index, "READ_APART_FROM", 2)
    apart = built(started)
    assert apart == alone
    assert len(alone[0]) == 14 and sum(row[-2] is not None for row in alone[0]) == 1
