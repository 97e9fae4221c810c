"""A second machine: `mpl init PATH --from URL`, and remotes a plain `git clone` can copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, commits, git


def ids(mpl: Run, machine: Path) -> list[str]:
    return sorted(m["id"] for m in json.loads(mpl("-C", str(machine), "list", "--json").stdout))


def bare(tmp_path: Path, branch: str = "master") -> Path:
    """A remote made as people make them: `git init --bare`, here with git's old default branch."""
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", f"--initial-branch={branch}", str(remote))
    return remote


def test_a_bare_remote_naming_master_comes_back_whole(mpl: Run, started: Path, tmp_path: Path) -> None:
    remote = bare(tmp_path)
    mpl("log", "Read the sepsis guideline", "--kind", "reading", "--hours", "1")
    result = mpl("sync", "--remote", str(remote))
    assert result.stderr == ""
    assert git(remote, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    plain = tmp_path / "plain"
    git(tmp_path, "clone", "-q", str(remote), str(plain))
    assert (plain / "mpl.toml").is_file()
    assert ids(mpl, plain) == ["read-the-sepsis-guideline"]


def test_init_from_a_bare_remote_whose_head_names_no_branch(mpl: Run, started: Path, tmp_path: Path) -> None:
    """A remote that plain git pushed to (its HEAD still names master, which it lacks)."""
    remote = bare(tmp_path)
    mpl("log", "Chaired my first safety huddle", "--kind", "on-the-job")
    git(started, "remote", "add", "origin", str(remote))
    git(started, "push", "-q", "origin", "main")
    assert git(tmp_path, "ls-remote", "--symref", str(remote), "HEAD") == ""  # a clone would be empty

    laptop = tmp_path / "laptop"
    result = mpl("init", str(laptop), "--from", str(remote))
    assert result.stdout.startswith(f"Copied the learning record of Sam Patel to {laptop} (2 changes)")
    assert git(laptop, "branch", "--show-current").strip() == "main"
    assert git(laptop, "config", "feature.manyFiles").strip() == "true"
    assert git(laptop, "config", "core.splitIndex").strip() == "true"
    assert ids(mpl, laptop) == ["chaired-my-first-safety-huddle"]

    # the two-machine story: each logs, each syncs, both end with everything
    mpl("-C", str(laptop), "log", "On the laptop")
    assert mpl("-C", str(laptop), "sync").stdout.endswith("0 in, 1 out.\n")
    assert mpl("sync").stdout.endswith("1 in, 0 out.\n")
    assert ids(mpl, started) == ids(mpl, laptop) == ["chaired-my-first-safety-huddle", "on-the-laptop"]


def test_init_from_a_plain_folder_any_branch(mpl: Run, started: Path, tmp_path: Path) -> None:
    git(started, "branch", "-m", "main", "career")
    mpl("log", "Mentored a student nurse", "--kind", "mentoring")
    laptop = tmp_path / "laptop"
    mpl("init", str(laptop), "--from", "learning")  # relative to the current folder
    assert git(laptop, "branch", "--show-current").strip() == "career"
    assert git(laptop, "remote", "get-url", "origin").strip() == str(started)
    assert ids(mpl, laptop) == ["mentored-a-student-nurse"]
    assert commits(laptop) == commits(started)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        ("nothing", "could not copy"),
        ("empty", "holds no commits: there is no portfolio in it yet"),
        ("not-mpl", "holds no mpl portfolio: it has no mpl.toml"),
    ],
)
def test_init_from_what_is_no_portfolio_leaves_nothing(
    mpl: Run, tmp_path: Path, portfolio_dir: Path, make: str, message: str
) -> None:
    source = tmp_path / "source"
    if make == "empty":
        bare(tmp_path).rename(source)
    elif make == "not-mpl":
        source.mkdir()
        (source / "notes.txt").write_text("not a portfolio\n")
        git(source, "init", "-q")
        git(source, "add", "-A")
        git(source, "commit", "-qm", "notes")
    result = mpl("init", str(portfolio_dir), "--from", str(source), code=5 if make == "nothing" else 1)
    assert message in result.stderr
    assert not portfolio_dir.exists()


def test_init_from_refuses_a_folder_in_use_and_options_of_a_new_portfolio(
    mpl: Run, started: Path, tmp_path: Path
) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "mine.txt").write_text("keep me\n")
    assert "is not empty" in mpl("init", str(taken), "--from", str(started), code=1).stderr
    assert (taken / "mine.txt").read_text() == "keep me\n"
    result = mpl("init", str(tmp_path / "new"), "--from", str(started), "--name", "X", code=1)
    assert "--from copies a portfolio as it is" in result.stderr


def test_a_remote_mpl_cannot_change_is_named_with_what_to_do(
    mpl: Run, started: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare repository on a server: mpl cannot point its HEAD, so it says how."""
    from mpl.storage import git as git_module

    monkeypatch.setattr(git_module, "_local_path", lambda url, cwd: None)  # as if it were ssh://
    remote = bare(tmp_path)
    result = mpl("sync", "--remote", str(remote))
    assert result.stderr == (
        "mpl: note: the remote's HEAD names a branch it does not have, so a plain `git clone` of it "
        f"checks nothing out: copy it with `mpl init PATH --from {remote}` (or `git clone -b main`), "
        "or on the server run `git symbolic-ref HEAD refs/heads/main` in the repository\n"
    )
    assert git(remote, "symbolic-ref", "HEAD").strip() == "refs/heads/master"
    laptop = tmp_path / "laptop"
    mpl("init", str(laptop), "--from", str(remote))
    assert (laptop / "mpl.toml").is_file()


@pytest.mark.parametrize("how", ["sync --remote", "git remote set-url"])
def test_a_copy_moved_to_a_new_remote_pushes_everything_there(
    mpl: Run, started: Path, tmp_path: Path, how: str
) -> None:
    """What the old remote had is not taken for what the new one has."""
    old = bare(tmp_path)
    mpl("log", "Ran the journal club", "--kind", "teaching-others")
    mpl("sync", "--remote", str(old))
    laptop = tmp_path / "laptop"
    mpl("init", str(laptop), "--from", str(old))
    new = tmp_path / "new.git"
    git(tmp_path, "init", "-q", "--bare", str(new))
    if how == "git remote set-url":
        git(laptop, "remote", "set-url", "origin", str(new))
        result = mpl("-C", str(laptop), "sync")
    else:
        result = mpl("-C", str(laptop), "sync", "--remote", str(new))
    assert result.stdout == f"Synced with {new}: 0 in, 2 out.\n"
    assert git(new, "rev-parse", "main") == git(laptop, "rev-parse", "HEAD")
    assert mpl("-C", str(laptop), "sync").stdout.endswith("0 in, 0 out.\n")


def test_a_copy_of_a_plain_folder_says_why_it_cannot_push_there(
    mpl: Run, started: Path, tmp_path: Path
) -> None:
    """git never pushes to the checked-out branch of a folder with a working copy: said as it
    is, with the way out, not as a race worth running again."""
    laptop = tmp_path / "laptop"
    mpl("init", str(laptop), "--from", str(started))
    mpl("-C", str(laptop), "log", "On the laptop")
    result = mpl("-C", str(laptop), "sync", code=5)
    assert result.stderr == (
        f"mpl: error: the remote {started} is not a bare repository: git does not push to the branch "
        "it has checked out (sync through a bare repository: make one with `git init --bare PATH`, "
        "then run `mpl sync --remote PATH`)\n"
    )
    assert ids(mpl, started) == []
