"""Nothing is ever lost: atomic writes, two mpl at once, kills mid-change, hand edits."""

from __future__ import annotations

import errno
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mpl.storage import files
from mpl.storage.frontmatter import parse

from conftest import Run, commits, git
from process import mpl_command, run_mpl


def all_records(root: Path) -> list[Path]:
    return sorted(p for p in [*root.glob("goals/*.md"), *root.glob("log/*/*.md")])


def test_a_failed_write_leaves_the_old_file_whole(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mpl("goal", "add", "Lead a debrief")
    path = started / "goals/lead-a-debrief.md"
    before = path.read_bytes()

    real_replace = os.replace

    def full_disk(source, target):
        if Path(target) == path:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(files.os, "replace", full_disk)
    result = mpl("goal", "progress", "lead", "Shadowed one", "--percent", "10", code=1)
    assert result.stderr.startswith(f"mpl: error: cannot write {path}: No space left on device")
    assert path.read_bytes() == before
    assert list(started.rglob("*.tmp")) == []
    assert commits(started)[0] == "goal: Lead a debrief"


def test_written_files_get_ordinary_permissions_not_owner_only(mpl: Run, started: Path) -> None:
    old = os.umask(0o022)
    try:
        mpl("goal", "add", "Lead a debrief")
        path = started / "goals/lead-a-debrief.md"
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o640)  # the person's own choice is kept by every later write
        mpl("goal", "progress", "lead", "Shadowed one")
        assert path.stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)


def test_a_read_only_folder_is_a_clear_message(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
    result = mpl("log", "Nowhere to go", code=1)
    assert "cannot write" in result.stderr and "Permission denied" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (started / "log").exists()


def test_twenty_mpl_processes_at_once(started: Path) -> None:
    processes = [
        subprocess.Popen(
            mpl_command("log", "Busy ward round", "--hours", "1"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(20)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert len(list(started.glob("log/2026/*.md"))) == 20
    assert len([c for c in commits(started) if c == "log: Busy ward round"]) == 20
    git(started, "fsck", "--strict")
    assert git(started, "status", "--porcelain") == ""


def test_killed_mid_change_loses_nothing_that_was_saved(started: Path) -> None:
    trials = int(os.environ.get("MPL_KILL_TRIALS", "50"))
    rng = random.Random(20261124)
    began = time.monotonic()
    assert run_mpl("log", "Calibration").returncode == 0
    whole = time.monotonic() - began
    saved = []
    for trial in range(trials):
        process = subprocess.Popen(
            mpl_command("log", f"Trial {trial}", "--hours", "1", "--what", "x" * rng.randint(1, 5000)),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3 * whole, 1.2 * whole))
        process.send_signal(signal.SIGKILL)
        if process.wait() == 0:
            saved.append(f"trial-{trial}")
        for path in all_records(started):  # never a torn or half-written record
            parse(path.read_text())
    assert 0 < len(saved) < trials, "the kills should land both before and after the end"

    after = run_mpl("log", "After the storm")
    assert after.returncode == 0, after.stderr
    git(started, "fsck", "--strict")
    assert git(started, "status", "--porcelain") == ""
    committed = git(started, "ls-files", "log")
    for record_id in saved:
        assert f"-{record_id}.md" in committed, f"{record_id} returned success but is missing"
    assert run_mpl("doctor").returncode == 0, run_mpl("doctor").stdout


def test_the_next_command_recovers_from_a_cut_short_commit(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    # What a kill between writing a record and committing it leaves behind:
    (started / ".mpl/change-under-way").write_text("")
    (started / ".git/index.lock").write_text("")
    orphan = started / "log/2026/2026-11-24-half-done.md"
    orphan.write_text('+++\nid = "half-done"\ntitle = "Half done"\ndate = 2026-11-24\n+++\n')
    (started / "log/2026/.2026-11-24-other.md.abc123.tmp").write_text("+++\nid = ")
    assert run_mpl("doctor").returncode == 6
    result = mpl("log", "Second")
    assert "recovered after an interrupted change" in result.stderr
    assert commits(started)[:2] == [
        "log: Second",
        "recovered after an interrupted change: log/2026/2026-11-24-half-done.md",
    ]
    assert not (started / ".git/index.lock").exists()
    assert next(p.name for p in (started / ".mpl/recovered").iterdir()).endswith(
        ".2026-11-24-other.md.abc123.tmp"
    )
    assert git(started, "status", "--porcelain") == ""


def test_hand_edits_are_committed_first_as_their_own_commit(mpl: Run, started: Path) -> None:
    mpl("log", "Journal club", "--hours", "1")
    path = started / "log/2026/2026-11-24-journal-club.md"
    path.write_text(path.read_text().replace("## So what?\n", "## So what?\n\nWritten by hand.\n"))
    (started / "notes.md").write_text("My own notes\n")
    result = mpl("goal", "add", "Present at journal club")
    assert "committed your own edits first (log/2026/2026-11-24-journal-club.md, notes.md)" in result.stderr
    assert commits(started)[:2] == [
        "goal: Present at journal club",
        "manual edits: log/2026/2026-11-24-journal-club.md, notes.md",
    ]
    changed = git(started, "show", "--name-only", "--format=", "HEAD").split()
    assert changed == ["goals/present-at-journal-club.md"]
    assert "Written by hand." in path.read_text()
    mpl("undo")  # undoes mpl's goal, never the person's own edits
    assert "Written by hand." in path.read_text()
    assert (started / "notes.md").exists()


def test_doctor_reports_each_problem_with_its_path(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Lead a debrief")
    mpl("log", "Huddle", "--goal", "lead")
    assert mpl("doctor").stdout == "No problems found.\n"
    huddle = started / "log/2026/2026-11-24-huddle.md"
    huddle.write_text(huddle.read_text().replace('goals = ["lead-a-debrief"]', 'goals = ["gone"]'))
    (started / "log/2026/2026-11-23-copy.md").write_text(
        huddle.read_text().replace("date = 2026-11-24", "date = 2026-11-23")
    )
    (started / "goals/broken.md").write_text("+++\ntitle = \n+++\n")
    result = mpl("doctor", code=6)
    lines = result.stdout.splitlines()
    assert "goals/broken.md: line 2: invalid TOML: Invalid value" in lines
    assert "log/2026/2026-11-24-huddle.md: uses the id 'huddle', as log/2026/2026-11-23-copy.md does" in lines
    assert "log/2026/2026-11-24-huddle.md: refers to the goal 'gone', which does not exist" in lines
    assert "goals/broken.md: changed outside mpl and not committed yet" in lines
    assert lines[-1] == f"{len(lines) - 1} problems found."


def test_doctor_fix_loses_nothing(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    (started / "goals").mkdir()
    (started / "goals/by-hand.md").write_text("+++\ntitle = \n+++\n")
    (started / "log/2026/.2026-11-24-x.md.zz.tmp").write_text("partial")
    (started / ".gitignore").write_text("")
    mpl("doctor", "--fix", code=6)  # the broken file stays a problem: only a person can mend it
    assert (started / "goals/by-hand.md").read_text() == "+++\ntitle = \n+++\n"
    assert git(started, "status", "--porcelain") == ""
    assert ".mpl/" in (started / ".gitignore").read_text()
    assert next(iter((started / ".mpl/recovered").iterdir())).read_text() == "partial"
    (started / "goals/by-hand.md").write_text(
        '+++\nid = "by-hand"\ntitle = "By hand"\ncreated = 2026-11-24\n+++\n'
    )
    mpl("doctor", "--fix")


def test_another_mpl_holding_the_lock_is_waited_for_then_reported(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    from mpl.storage import portfolio

    monkeypatch.setattr(portfolio, "LOCK_TIMEOUT", 0.2)
    (started / ".mpl").mkdir(exist_ok=True)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from filelock import FileLock; import time\n"
            f"lock = FileLock({str(started / '.mpl/lock')!r}); lock.acquire()\n"
            "print('held', flush=True); time.sleep(5)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline() == "held\n"
    try:
        result = mpl("log", "Blocked", code=1)
        assert "another mpl command is changing this portfolio" in result.stderr
    finally:
        holder.kill()
        holder.wait()
    assert FileLock(started / ".mpl/lock").acquire(timeout=1)
    mpl("log", "Free again")
