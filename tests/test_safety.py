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
from process import FULL_DISK, KILL_MPL, fake_git, mpl_command, run_mpl


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


def record_files(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in all_records(root)}


@pytest.mark.parametrize(
    "command",
    [
        ("log", "Second"),
        ("goal", "progress", "lead", "Shadowed one", "--percent", "10"),
        ("edit", "first"),  # moves the record: its date changes
    ],
)
def test_a_failed_commit_leaves_nothing_half_done(
    mpl: Run, started: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editor, command: tuple[str, ...]
) -> None:
    mpl("goal", "add", "Lead a debrief")
    mpl("log", "First")
    editor("text = text.replace('date = 2026-11-24', 'date = 2026-11-20')")
    before, path = record_files(started), os.environ["PATH"]
    monkeypatch.setenv("PATH", fake_git(tmp_path / "bin", "commit*", FULL_DISK))
    result = mpl(*command, code=5)
    assert result.stderr.startswith("mpl: error: git could not commit (")
    assert "No space left on device (nothing was saved: the files are as they were before" in result.stderr
    assert record_files(started) == before
    # what the change wrote is not deleted: it is kept where the error says
    kept = result.stderr.split("what this change wrote is kept in ")[1].split("/)")[0]
    kept_files = [path for path in (started / kept).rglob("*.md")]
    assert kept_files and all(path.read_bytes() not in before.values() for path in kept_files)
    assert git(started, "status", "--porcelain") == ""
    monkeypatch.setenv("PATH", path)
    mpl("log", "Third")  # nothing of the failed change comes back as "manual edits"
    assert commits(started)[:2] == ["log: Third", "log: First"]


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


def a_change(trial: int, rng: random.Random, folder: Path) -> tuple[tuple[str, ...], str]:
    """A changing command, chosen at random, and how the summary of its commit starts."""
    kind = rng.choice(["log", "goal progress", "goal add", "evidence add", "undo"])
    if kind == "log":
        what = "x" * rng.randint(1, 5000)
        return ("log", f"Trial {trial}", "--hours", "1", "--what", what), f"log: Trial {trial}"
    if kind == "goal progress":
        return (
            "goal",
            "progress",
            "lead",
            f"Trial {trial}",
            "--percent",
            "10",
        ), "goal progress: Lead a debrief"
    if kind == "goal add":
        return ("goal", "add", f"Trial {trial}"), f"goal: Trial {trial}"
    if kind == "evidence add":
        certificate = folder / f"certificate-{trial}.txt"
        certificate.write_text(f"Certificate {trial}\n" * rng.randint(1, 50_000))
        return ("evidence", "add", str(certificate), "--to", "lead"), f"evidence: certificate-{trial}.txt"
    return ("undo",), "undo: "


def test_killed_mid_change_loses_nothing_that_was_saved(
    started: Path, tmp_path: Path, kill_trials: int
) -> None:
    """SIGKILL to mpl and its git children at random moments of random changes: no torn
    record, every change that returned success stays committed, and the next command
    recovers on its own, leaving `git fsck --strict` clean. The issue's full run is
    `pytest tests/test_safety.py --kill-trials 50`; `make test` runs fewer (default 20)."""
    rng = random.Random(20261124)
    assert run_mpl("goal", "add", "Lead a debrief").returncode == 0
    began = time.monotonic()
    assert run_mpl("log", "Calibration").returncode == 0
    whole = time.monotonic() - began
    saved, killed = [], 0
    for trial in range(kill_trials):
        args, summary = a_change(trial, rng, tmp_path)
        process = subprocess.Popen(
            mpl_command(*args), stderr=subprocess.PIPE, text=True, start_new_session=True
        )
        time.sleep(rng.uniform(0.1, 1.3) * whole)
        os.killpg(process.pid, signal.SIGKILL)  # its own process group: git children die with it
        error = process.communicate()[1]
        if process.returncode == 0:
            assert commits(started)[0].startswith(summary), (
                f"mpl {' '.join(args)} returned success uncommitted"
            )
            saved.append(git(started, "rev-parse", "HEAD").strip())
        else:
            assert process.returncode == -signal.SIGKILL, error
            killed += 1
        for path in all_records(started):  # never a torn or half-written record
            parse(path.read_text())
        after = run_mpl("log", f"After trial {trial}")
        assert after.returncode == 0, f"after killing mpl {' '.join(args)}: {after.stderr}"
        git(started, "fsck", "--strict")
        assert git(started, "status", "--porcelain") == ""
    if kill_trials >= 10:
        assert saved and killed, "the kills should land both before and after the end"
    for sha in saved:
        git(started, "merge-base", "--is-ancestor", sha, "HEAD")  # still in the history
    findings = run_mpl("doctor").stdout.splitlines()[:-1]
    assert all(line.endswith("orphaned: no record refers to it") for line in findings), findings


def test_the_next_command_recovers_from_a_cut_short_commit(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    # What a kill between writing a record and committing it leaves behind:
    (started / ".mpl/change-under-way").write_text(
        "an mpl change is under way\nwrites log/2026/2026-11-24-half-done.md\n"
    )
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


GIT_LOCK = (
    "git's lock file: a git command is running, or one was cut short "
    "(if no git is running, `mpl doctor --fix` removes it)"
)


def test_a_stale_git_lock_is_named_reported_and_fixed(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    for name in ("index.lock", "next-index-4242.lock"):  # left by a git killed mid-commit
        (started / ".git" / name).write_text("")
    result = mpl("log", "Second", code=5)
    assert result.stderr == (
        "mpl: error: git's lock file .git/index.lock is in the way: another git command is running, "
        "or one was cut short (if no git is running, `mpl doctor --fix` removes it)\n"
    )
    assert not (started / "log/2026/2026-11-24-second.md").exists()
    lines = mpl("doctor", code=6).stdout.splitlines()
    assert f".git/index.lock: {GIT_LOCK}" in lines
    assert f".git/next-index-4242.lock: {GIT_LOCK}" in lines
    fixed = mpl("doctor", "--fix").stdout.splitlines()
    assert fixed[:2] == [
        "fixed: removed git's stale lock file .git/index.lock",
        "fixed: removed git's stale lock file .git/next-index-4242.lock",
    ]
    assert fixed[-1] == "No problems found."
    mpl("log", "Second")


def test_doctor_fix_leaves_the_lock_of_a_running_git(mpl: Run, started: Path) -> None:
    (started / ".git/index.lock").write_text("")
    running = subprocess.Popen(  # a git of the person's own (not mpl's child), in the portfolio
        ["sh", "-c", "git cat-file --batch; true"], cwd=started, stdin=subprocess.PIPE
    )
    deadline = time.monotonic() + 10
    while not _children_named(running.pid, "git") and time.monotonic() < deadline:
        time.sleep(0.02)  # until sh has started it
    try:
        result = mpl("doctor", "--fix", code=5)
        assert "git's lock file .git/index.lock is in the way" in result.stderr
        assert (started / ".git/index.lock").exists()
    finally:
        running.communicate(b"")


def _children_named(parent: int, name: str) -> list[Path]:
    found = []
    for process in Path("/proc").glob("[0-9]*"):
        try:
            stat = (process / "stat").read_text()
        except OSError:
            continue
        command, rest = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        if command == name and int(rest[1]) == parent:
            found.append(process)
    return found


def test_a_sync_or_undo_killed_half_way_is_aborted_by_the_next_change(
    mpl: Run, started: Path, tmp_path: Path
) -> None:
    mpl("log", "First")
    mpl("log", "Second")
    killing = dict(os.environ, PATH=fake_git(tmp_path / "bin", "commit*", KILL_MPL))
    assert run_mpl("undo", env=killing).returncode == -signal.SIGKILL
    assert (started / ".git/REVERT_HEAD").exists()  # killed between the revert and its commit
    assert run_mpl("doctor").returncode == 6
    result = mpl("log", "Third")
    assert "note: aborted the revert an interrupted `mpl undo` left" in result.stderr
    assert commits(started)[:3] == ["log: Third", "log: Second", "log: First"]
    assert (started / "log/2026/2026-11-24-second.md").exists()
    assert git(started, "status", "--porcelain") == ""
    git(started, "fsck", "--strict")


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


def test_recovery_keeps_hand_edits_apart_from_the_interrupted_change(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    first = started / "log/2026/2026-11-24-first.md"
    first.write_text(first.read_text() + "Written by hand.\n")
    (started / ".mpl/change-under-way").write_text(  # mpl was killed writing half-done.md
        "an mpl change is under way\nwrites log/2026/2026-11-24-half-done.md\n"
    )
    half_done = started / "log/2026/2026-11-24-half-done.md"
    half_done.write_text('+++\nid = "half-done"\ntitle = "Half done"\ndate = 2026-11-24\n+++\n')
    mpl("log", "Second")
    assert commits(started)[:4] == [
        "log: Second",
        "recovered after an interrupted change: log/2026/2026-11-24-half-done.md",
        "manual edits: log/2026/2026-11-24-first.md",
        "log: First",
    ]
    mpl("undo")  # log: Second
    result = mpl("undo", code=5)  # log: First, never the recovered or manual commits
    assert "cannot undo “log: First”: later changes touch the same lines" in result.stderr
    assert half_done.exists() and "Written by hand." in first.read_text()


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
    assert "goals/broken.md:2: invalid TOML: Invalid value" in lines
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
    result = mpl("doctor", "--fix", code=6)  # the broken file stays a problem: only a person can mend it
    aside = next(iter((started / ".mpl/recovered").iterdir()))
    assert result.stdout.splitlines()[:3] == [  # one line per fix
        f"fixed: set aside a partial write, log/2026/.2026-11-24-x.md.zz.tmp, as .mpl/recovered/{aside.name}",
        "fixed: committed your own edits first (.gitignore, goals/by-hand.md)",
        "fixed: added .mpl/, exports/ to .gitignore",
    ]
    assert (started / "goals/by-hand.md").read_text() == "+++\ntitle = \n+++\n"
    assert git(started, "status", "--porcelain") == ""
    assert ".mpl/" in (started / ".gitignore").read_text()
    assert aside.read_text() == "partial"
    (started / "goals/by-hand.md").write_text(
        '+++\nid = "by-hand"\ntitle = "By hand"\ncreated = 2026-11-24\n+++\n'
    )
    mpl("doctor", "--fix")


@pytest.mark.parametrize("state", ["detached HEAD", "rebase"])
def test_doctor_fix_refuses_a_repository_mid_operation_before_touching_anything(
    mpl: Run, started: Path, state: str
) -> None:
    mpl("log", "First")
    (started / ".gitignore").write_text("")
    (started / "log/2026/.2026-11-24-x.md.zz.tmp").write_text("partial")
    if state == "rebase":
        (started / ".git/rebase-merge").mkdir()
    else:
        git(started, "checkout", "-q", "--detach", "HEAD")
    head = git(started, "rev-parse", "HEAD")
    result = mpl("doctor", "--fix", code=5)
    assert result.stdout == ""
    assert state in result.stderr
    assert (started / ".gitignore").read_text() == ""
    assert (started / "log/2026/.2026-11-24-x.md.zz.tmp").exists()
    assert git(started, "rev-parse", "HEAD") == head


def test_doctor_finds_conflict_copies_at_every_level_but_not_in_git_or_mpl(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    copies = ["mpl.toml.conflict-20261124-101010", "README.md.conflict-20261124-101010"]
    copies.append("log/2026/2026-11-24-first.md.conflict-20261124-101010")
    for name in [*copies, ".git/x.conflict-1", ".mpl/y.conflict-1"]:
        (started / name).write_text("the other machine's version\n")
    lines = mpl("doctor", code=6).stdout.splitlines()
    found = sorted(line.split(":")[0] for line in lines if "a conflict copy from `mpl sync`" in line)
    assert found == sorted(copies)


def test_editor_leftovers_are_not_committed(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    for name in ("log/2026/.2026-11-24-first.md.swp", "log/2026/2026-11-24-first.md~", ".DS_Store"):
        (started / name).write_text("leftover")
    result = mpl("log", "Second")
    assert result.stderr == ""
    assert commits(started)[:2] == ["log: Second", "log: First"]
    assert mpl("doctor").stdout == "No problems found.\n"


def test_another_mpl_holding_the_lock_is_waited_for_then_reported(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    from mpl.storage import change

    monkeypatch.setattr(change, "LOCK_TIMEOUT", 0.2)
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
