"""`mpl sync` between two machines through a bare repository the person owns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, commits, git


@pytest.fixture
def machines(mpl: Run, started: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Two machines with the same portfolio and a bare remote; `on(machine, *args)` runs mpl there."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    mpl("goal", "add", "Lead a debrief")
    result = mpl("sync", "--remote", str(remote))
    assert result.stdout == f"Synced with {remote}: 0 in, 2 out.\n"
    laptop = tmp_path / "laptop"
    git(tmp_path, "clone", "-q", str(remote), str(laptop))

    def on(machine: Path, *args: str, code: int = 0):
        monkeypatch.setenv("MPL_PORTFOLIO", str(machine))
        return mpl(*args, code=code)

    return started, laptop, on


def test_changes_to_different_records_merge_on_their_own(machines) -> None:
    desktop, laptop, on = machines
    on(desktop, "log", "On the desktop")
    on(laptop, "log", "On the laptop")
    on(desktop, "sync")
    assert on(laptop, "sync").stdout.endswith("1 in, 1 out.\n")
    on(desktop, "sync")
    for machine in (desktop, laptop):
        ids = sorted(m["id"] for m in json.loads(on(machine, "list", "--json").stdout))
        assert ids == ["on-the-desktop", "on-the-laptop"]
        assert git(machine, "status", "--porcelain") == ""
    assert git(desktop, "rev-parse", "HEAD") == git(laptop, "rev-parse", "HEAD")


def test_the_same_record_changed_on_both_keeps_both(machines) -> None:
    desktop, laptop, on = machines
    on(desktop, "goal", "progress", "lead", "Shadowed Priya", "--percent", "20")
    on(laptop, "goal", "progress", "lead", "Read the debrief guide", "--percent", "10")
    on(desktop, "sync")
    result = on(laptop, "sync")
    assert "goals/lead-a-debrief.md was changed on both machines: yours is kept" in result.stdout
    copies = list((laptop / "goals").glob("lead-a-debrief.md.conflict-*"))
    assert len(copies) == 1
    assert "Shadowed Priya" in copies[0].read_text()
    assert "Read the debrief guide" in (laptop / "goals/lead-a-debrief.md").read_text()
    assert not (laptop / ".git/rebase-merge").exists()
    assert git(laptop, "status", "--porcelain") == ""
    assert "a conflict copy from `mpl sync`" in on(laptop, "doctor", code=6).stdout
    on(desktop, "sync")
    assert len(list((desktop / "goals").glob("lead-a-debrief.md.conflict-*"))) == 1


def test_sync_without_a_remote_says_how_to_set_one(mpl: Run, started: Path) -> None:
    result = mpl("sync", code=1)
    assert "has no remote to sync with yet" in result.stderr
    assert "mpl sync --remote URL" in result.stderr


def test_an_unreachable_remote_is_a_clear_error(mpl: Run, started: Path, tmp_path: Path) -> None:
    result = mpl("sync", "--remote", str(tmp_path / "nowhere.git"), code=5)
    assert result.stderr.startswith("mpl: error: could not reach the remote")
    assert commits(started)[0].startswith("init:")


def test_sync_never_force_pushes(machines, tmp_path: Path) -> None:
    desktop, laptop, on = machines
    on(laptop, "log", "Laptop first")
    on(laptop, "sync")
    git(desktop, "fetch", "-q")
    remote_head = git(desktop, "rev-parse", "origin/main")
    on(desktop, "log", "Desktop later")
    on(desktop, "sync")
    log = git(desktop, "log", "--format=%H", "origin/main")
    assert remote_head in log, "the laptop's commit must still be on the remote"
