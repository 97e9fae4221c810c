"""History, undo, and machines with no git identity."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run, commits, git


def test_undo_reverts_the_last_mpl_change_with_a_new_commit(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    mpl("log", "Second")
    mpl("undo")
    assert not (started / "log/2026/2026-11-24-second.md").exists()
    assert (started / "log/2026/2026-11-24-first.md").exists()
    mpl("undo")
    assert not (started / "log/2026/2026-11-24-first.md").exists()
    assert commits(started)[:4] == [
        "undo: log: First",
        "undo: log: Second",
        "log: Second",
        "log: First",
    ]
    assert "there is no mpl change to undo" in mpl("undo", code=1).stderr


def test_undo_skips_the_persons_own_commits(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    (started / "notes.txt").write_text("mine\n")
    git(started, "add", "notes.txt")
    git(started, "commit", "-qm", "my own notes")
    mpl("undo")
    assert (started / "notes.txt").exists()
    assert not (started / "log/2026/2026-11-24-first.md").exists()
    assert "my own notes (not by mpl)" in mpl("history").stdout


def test_history_is_newest_first_and_limited(mpl: Run, started: Path) -> None:
    for title in ("One", "Two", "Three"):
        mpl("log", title)
    history = mpl("history", "-n", "2").stdout
    assert "log: Three" in history and "log: Two" in history and "log: One" not in history


@pytest.fixture
def no_identity(home: Path) -> Path:
    (home / ".gitconfig").write_text("[init]\n\tdefaultBranch = main\n[user]\n\tuseConfigOnly = true\n")
    return home


def test_a_machine_with_no_git_identity_gets_a_local_one_said_once(
    mpl: Run, no_identity: Path, portfolio_dir: Path
) -> None:
    result = mpl("init", "--name", "Sam Patel", "--email", "sam@example.org")
    assert "git has no identity on this machine" in result.stderr
    assert git(portfolio_dir, "config", "--local", "user.name").strip() == "Sam Patel"
    assert git(portfolio_dir, "log", "-1", "--format=%an <%ae>").strip() == "Sam Patel <sam@example.org>"
    again = mpl("log", "Next")
    assert again.stderr == ""
    assert commits(portfolio_dir)[0] == "log: Next"


def test_a_cloned_portfolio_on_a_machine_with_no_identity_still_commits(
    mpl: Run, started: Path, no_identity: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(started), str(clone))
    monkeypatch.setenv("MPL_PORTFOLIO", str(clone))
    result = mpl("log", "On the new laptop")
    assert "git has no identity on this machine" in result.stderr
    assert commits(clone)[0] == "log: On the new laptop"
