"""`mpl sync` between two machines through a bare repository the person owns."""

from __future__ import annotations

import errno
import json
import os
import signal
from pathlib import Path

import pytest

from mpl.storage import files

from conftest import Run, commits, git
from process import KILL_MPL, fake_git, run_mpl


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
    """git's own first word (not its last line of advice), and the URL is not kept."""
    nowhere = tmp_path / "nowhere.git"
    result = mpl("sync", "--remote", str(nowhere), code=5)
    assert result.stderr == (
        f"mpl: error: could not reach the remote {nowhere}: "
        f"fatal: '{nowhere}' does not appear to be a git repository\n"
    )
    assert commits(started)[0].startswith("init:")
    assert git(started, "remote") == ""
    assert "has no remote to sync with yet" in mpl("sync", code=1).stderr


def test_an_unreachable_new_remote_leaves_the_old_one(machines, tmp_path: Path) -> None:
    desktop, _, on = machines
    on(desktop, "sync", "--remote", str(tmp_path / "nowhere.git"), code=5)
    assert git(desktop, "remote", "get-url", "origin").strip() == str(tmp_path / "remote.git")
    on(desktop, "log", "After the typo")
    assert on(desktop, "sync").stdout.endswith("0 in, 1 out.\n")


def test_sync_never_force_pushes(machines, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    desktop, laptop, on = machines
    remote = tmp_path / "remote.git"
    git(remote, "config", "receive.denyNonFastForwards", "true")  # a forced push would be refused
    forcing = '"push "*--force*|"push "*" -f"*|"push "*+*'  # and mpl may not even ask for one
    monkeypatch.setenv("PATH", fake_git(tmp_path / "bin", forcing, 'echo "forced push" >&2; exit 99'))
    on(laptop, "log", "Laptop first")
    on(laptop, "sync")
    before = git(remote, "rev-parse", "main").strip()
    on(desktop, "log", "Desktop later")
    on(desktop, "sync")
    after = git(remote, "rev-parse", "main").strip()
    assert after != before
    git(remote, "merge-base", "--is-ancestor", before, after)  # fails the test if the tip was replaced
    assert git(remote, "log", "--format=%s", "-2", "main").splitlines() == [
        "log: Desktop later",
        "log: Laptop first",
    ]


def conflicting(machines) -> tuple[Path, Path, callable]:
    """Both machines changed the same goal; the desktop has synced, the laptop has not."""
    desktop, laptop, on = machines
    on(desktop, "goal", "progress", "lead", "Shadowed Priya", "--percent", "20")
    on(laptop, "goal", "progress", "lead", "Read the debrief guide", "--percent", "10")
    on(desktop, "sync")
    return desktop, laptop, on


def test_a_sync_that_fails_writing_a_conflict_copy_is_undone(
    machines, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, laptop, on = conflicting(machines)
    head = git(laptop, "rev-parse", "HEAD")
    real_replace = os.replace

    def full_disk(source, target):
        if ".conflict-" in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", full_disk)
    result = on(laptop, "sync", code=5)
    assert result.stderr.startswith("mpl: error: sync stopped and was undone, nothing changed: cannot write")
    assert result.stderr.count("\n") == 1
    assert not (laptop / ".git/rebase-merge").exists()
    assert git(laptop, "rev-parse", "HEAD") == head
    assert list((laptop / "goals").glob("*.conflict-*")) == []
    monkeypatch.undo()
    on(laptop, "log", "Still working")


def test_a_sync_killed_mid_rebase_is_aborted_by_the_next_change(machines, tmp_path: Path) -> None:
    _, laptop, on = conflicting(machines)
    head = git(laptop, "rev-parse", "HEAD")
    killing = dict(os.environ, MPL_PORTFOLIO=str(laptop))
    killing["PATH"] = fake_git(tmp_path / "bin", '"rebase --continue"*', KILL_MPL)
    assert run_mpl("sync", env=killing).returncode == -signal.SIGKILL
    assert (laptop / ".git/rebase-merge").exists()
    result = on(laptop, "log", "After the kill")
    assert "note: aborted the rebase an interrupted `mpl sync` left" in result.stderr
    assert not (laptop / ".git/rebase-merge").exists()
    assert git(laptop, "rev-parse", "HEAD~1") == head
    assert list((laptop / "goals").glob("*.conflict-*")) == []  # the abort took its copy away again
    assert "Read the debrief guide" in (laptop / "goals/lead-a-debrief.md").read_text()
    on(laptop, "sync")
    git(laptop, "fsck", "--strict")


def test_undo_after_a_sync_skips_what_was_undone_before_it(machines) -> None:
    desktop, laptop, on = machines
    on(laptop, "log", "Laptop only")
    on(laptop, "undo")
    on(desktop, "log", "On the desktop")
    on(desktop, "sync")
    on(laptop, "sync")  # rebases the laptop's log and its undo onto the desktop's log
    assert on(laptop, "undo").stdout.startswith("Undid “log: On the desktop”")
    assert not (laptop / "log/2026/2026-11-24-on-the-desktop.md").exists()


@pytest.mark.parametrize("deleted_on", ["laptop", "desktop"])
def test_a_record_deleted_on_one_machine_and_changed_on_the_other_is_kept_and_told(
    machines, deleted_on: str
) -> None:
    desktop, laptop, on = machines
    deleter, changer = (laptop, desktop) if deleted_on == "laptop" else (desktop, laptop)
    on(changer, "goal", "progress", "lead", "Shadowed Priya", "--percent", "20")
    (deleter / "goals/lead-a-debrief.md").unlink()
    on(deleter, "log", "Something else")  # commits the deletion as a manual edit first
    on(desktop, "sync")
    result = on(laptop, "sync")
    where = "here but changed on the other machine: the change is kept"
    if deleted_on == "desktop":
        where = "on the other machine but changed here: yours is kept"
    assert f"goals/lead-a-debrief.md was deleted {where}" in result.stdout
    assert "Shadowed Priya" in (laptop / "goals/lead-a-debrief.md").read_text()
    assert git(laptop, "status", "--porcelain") == ""


def test_a_conflict_in_a_file_with_a_non_ascii_name_is_settled(machines) -> None:
    desktop, laptop, on = machines
    notes = "notes/Überlegungen zur Führung.md"
    for machine, text in ((desktop, "Vom Desktop.\n"), (laptop, "Vom Laptop.\n")):
        (machine / "notes").mkdir()
        (machine / notes).write_text(text)
    on(desktop, "sync")  # commits the hand-made note as manual edits, then pushes
    result = on(laptop, "sync")
    assert f"{notes} was changed on both machines: yours is kept" in result.stdout
    assert (laptop / notes).read_text() == "Vom Laptop.\n"
    copies = list((laptop / "notes").glob("Überlegungen zur Führung.md.conflict-*"))
    assert [copy.read_text() for copy in copies] == ["Vom Desktop.\n"]
    assert git(laptop, "status", "--porcelain") == ""
    on(laptop, "sync")  # not stuck: the next sync goes through
