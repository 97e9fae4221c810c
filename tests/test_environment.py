"""Hostile environments: each a clear message, nothing half-done."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import Run, commits, git
from process import mpl_command, run_mpl


@pytest.fixture
def no_git(tmp_path: Path) -> dict[str, str]:
    """An environment whose PATH has Python but no git."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    return dict(os.environ, PATH=str(bin_dir))


def test_no_git_on_path(mpl: Run, started: Path, no_git: dict[str, str]) -> None:
    env = no_git
    result = run_mpl("log", "No git here", env=env)
    assert result.returncode == 5
    assert result.stderr == "mpl: error: git is not installed or not on PATH (install git, then try again)\n"
    assert not (started / "log").exists()
    listed = run_mpl("list", env=env)  # reading needs no git
    assert listed.returncode == 0, listed.stderr


def test_a_portfolio_inside_another_repository_has_its_own(mpl: Run, tmp_path: Path, monkeypatch) -> None:
    outer = tmp_path / "projects"
    outer.mkdir()
    git(outer, "init", "-q")
    inner = outer / "learning"
    monkeypatch.setenv("MPL_PORTFOLIO", str(inner))
    mpl("init", "--name", "Sam")
    mpl("log", "Nested")
    assert commits(inner)[0] == "log: Nested"
    assert git(outer, "status", "--porcelain", "--ignored") in ("?? learning/\n", "")
    assert git(outer, "rev-parse", "--verify", "-q", "HEAD", check=False) == ""


def test_a_detached_head_is_refused(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    git(started, "checkout", "-q", "--detach", "HEAD")
    result = mpl("log", "Second", code=5)
    assert result.stderr.startswith("mpl: error: git is on a detached HEAD")
    assert "git checkout main" in result.stderr
    assert not (started / "log/2026/2026-11-24-second.md").exists()


def test_a_rebase_in_progress_is_refused(mpl: Run, started: Path) -> None:
    (started / ".git/rebase-merge").mkdir()
    result = mpl("log", "Mid rebase", code=5)
    assert "git is in the middle of a rebase" in result.stderr
    assert not (started / "log").exists()


def test_a_folder_that_is_not_a_repository(mpl: Run, started: Path) -> None:
    shutil.rmtree(started / ".git")
    result = mpl("log", "Without git", code=5)
    assert result.stderr.startswith(f"mpl: error: {started} is not a git repository")
    assert mpl("list").stdout == ""  # reading needs no git


def test_init_without_git_makes_nothing(tmp_path: Path, no_git: dict[str, str]) -> None:
    result = run_mpl("init", str(tmp_path / "new"), "--name", "Sam", env=no_git)
    assert result.returncode == 5
    assert result.stderr == "mpl: error: git is not installed or not on PATH (install git, then try again)\n"
    assert not (tmp_path / "new").exists()


@pytest.fixture
def read_only(started: Path) -> Iterator[Callable[..., subprocess.CompletedProcess]]:
    """Run mpl on the portfolio with its folder truly read-only: a read-only bind mount
    when root (who may write anywhere), else a folder without write permission."""
    if os.geteuid() != 0:
        for path in [started, *started.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        yield lambda *args: run_mpl(*args)
        for path in [started, *started.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
        return
    mount = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-m", "true"]).returncode != 0:
        pytest.skip("cannot make a read-only folder here (root without unshare -m)")
    yield lambda *args: subprocess.run(
        ["unshare", "-m", "sh", "-c", mount, str(started), *mpl_command(*args)],
        capture_output=True,
        text=True,
    )


def test_a_read_only_portfolio_is_read_but_not_changed(
    mpl: Run, started: Path, read_only: Callable[..., subprocess.CompletedProcess]
) -> None:
    mpl("log", "Nights")
    record = started / "log/2026/2026-11-24-nights.md"
    record.write_text(record.read_text().replace('"Nights"', '"Night shift"'))  # the index is stale

    def lists() -> None:
        listed = read_only("list")
        assert listed.returncode == 0, listed.stderr
        assert "Night shift" in listed.stdout and listed.stderr == ""

    lists()  # with the index .mpl/ holds
    shutil.rmtree(started / ".mpl")
    lists()  # with no index, and none can be made
    assert read_only("search", "night").returncode == 0
    assert read_only("reindex").returncode == 0
    changed = read_only("log", "Day shift")
    assert changed.returncode == 1
    assert changed.stderr.startswith(f"mpl: error: cannot write in {started}: read-only (")
    assert changed.stderr.count("\n") == 1
    assert not (started / "log/2026/2026-11-24-day-shift.md").exists()
