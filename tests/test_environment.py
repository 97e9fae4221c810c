"""Hostile environments: each a clear message, nothing half-done."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from conftest import Run, commits, git
from process import run_mpl


def test_no_git_on_path(mpl: Run, started: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "python").symlink_to(sys.executable)
    env = dict(os.environ, PATH=str(bin_dir))
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
    assert "0 learning moments" in mpl("list").stdout  # reading needs no git
