"""The change protocol below the CLI, with faults injected at every step.

The rule it keeps: a change is either committed whole, or its text is still on
disk and named in a message; it is never deleted. Each case makes one change
(a new record, an updated one, one moved by a new date) and fails it at one
step -- writing the marker, writing the file, staging, writing the commit,
moving the branch, taking the file into the index -- with a full disk, an I/O
error or a kill. Then the next command runs, as a new process would, and the
record is checked against the rule, git and the index.
"""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import subprocess
from pathlib import Path

import pytest

from mpl.domain.goals import ProgressNote, with_note
from mpl.domain.model import Config, Goal, LearningMoment
from mpl.env import Env
from mpl.errors import MplError
from mpl.storage import change as change_module
from mpl.storage import files
from mpl.storage.git import Repository
from mpl.storage.index import Index
from mpl.storage.portfolio import Portfolio
from mpl.usecases.messages import describe, line

from conftest import commits, git

TODAY = dt.date(2026, 11, 24)
STEPS = ["marker", "file", "stage", "commit", "ref", "index"]
FAULTS = ["ENOSPC", "EIO", "kill"]
CHANGES = ["add", "update", "move"]


class Killed(BaseException):
    """The process dies here: nothing after this point runs, but the files stay."""


def open_portfolio(root: Path, warnings: list[str]) -> Portfolio:
    env = Env(home=root.parent, cwd=root, today=TODAY, portfolio=root, warn=warnings.append)
    return Portfolio(root.resolve(), env)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A portfolio with one goal and one learning moment, made once and copied per case."""
    root = tmp_path_factory.mktemp("template") / "p"
    env = Env(home=root.parent, cwd=root.parent, today=TODAY, portfolio=root)
    portfolio = Portfolio.create(root, env, Config(name="Sam Patel", email="sam@example.org"))
    with portfolio.changing():
        goal = Goal(id="lead", title="Lead a debrief", created=TODAY)
        goal.body = "## Progress\n"
        portfolio.add(goal, "goal: Lead a debrief", "goal")
        moment = LearningMoment(id="first", title="First", date=TODAY)
        moment.body = "## What?\n\nThe first.\n"
        portfolio.add(moment, "log: First", "log")
    # closed now, not whenever it is collected: closing removes the index's -wal and -shm
    # files, which must not vanish while a case copies the template
    portfolio.index.close()
    return root


def make_change(portfolio: Portfolio, kind: str, text: str) -> list[str]:
    """Make one change carrying `text`; the record files it should leave, relative."""
    with portfolio.changing():
        if kind == "add":
            moment = LearningMoment(id="second", title="Second", date=TODAY)
            moment.body = f"## What?\n\n{text}\n"
            portfolio.add(moment, "log: Second", "log")
            return ["log/2026/2026-11-24-second.md"]
        if kind == "update":
            goal = portfolio.find("lead", Goal)
            body = with_note(goal.body, ProgressNote(TODAY, text, 30))
            portfolio.update(
                goal, {"progress": 30}, "goal progress: Lead a debrief", "goal-progress", body=body
            )
            return ["goals/lead.md"]
        path = portfolio.root / "log/2026/2026-11-24-first.md"
        new = path.read_text().replace("date = 2026-11-24", "date = 2026-11-20") + f"\n{text}\n"
        portfolio.replace(path, new, "edit: First", "edit", LearningMoment)
        return ["log/2026/2026-11-20-first.md"]


def inject(monkeypatch: pytest.MonkeyPatch, step: str, fault: str) -> None:
    """Make `step` fail with `fault` the first time the change reaches it."""
    number = {"ENOSPC": errno.ENOSPC, "EIO": errno.EIO}.get(fault)
    words = {"ENOSPC": "No space left on device", "EIO": "Input/output error"}.get(fault, "")
    fired: list[bool] = []

    def fail() -> None:
        fired.append(True)
        if fault == "kill":
            raise Killed
        raise OSError(number, words)

    if step in ("marker", "file"):  # the rename that makes a written file take effect
        real_replace = files.os.replace

        def replace(source: str, target: str) -> None:
            target_path = Path(target)
            is_marker = target_path.name == change_module.CHANGE_MARKER
            naming = is_marker and "writes " in Path(source).read_text()
            is_record = target_path.suffix == ".md" and ".mpl" not in target_path.parts
            if not fired and ((step == "marker" and naming) or (step == "file" and is_record)):
                fail()
            real_replace(source, target)

        monkeypatch.setattr(files.os, "replace", replace)
        return
    if step == "index":
        real_store = Index._store

        def store(self, *args):
            if not fired:
                fail()
            return real_store(self, *args)

        monkeypatch.setattr(Index, "_store", store)
        return
    command = {"stage": "update-index", "commit": "commit-tree", "ref": "update-ref"}[step]
    real_git = Repository._git

    def run_git(self, args, stdin=None):
        if args[0] == command and not fired:
            if fault == "kill":
                fail()
            fired.append(True)
            return subprocess.CompletedProcess(args, 128, "", f"fatal: unable to write: {words}\n")
        return real_git(self, args, stdin)

    monkeypatch.setattr(Repository, "_git", run_git)


def files_holding(root: Path, text: str) -> list[str]:
    """Every file under the portfolio (outside .git) whose content holds `text`."""
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.is_file()
        and ".git" not in path.relative_to(root).parts
        and path.suffix == ".md"
        and text.encode() in path.read_bytes()
    )


def committed_records(root: Path) -> set[str]:
    listing = git(root, "ls-tree", "-r", "--name-only", "HEAD")
    return {line for line in listing.splitlines() if line.startswith(("goals/", "log/"))}


def on_disk_records(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in [*root.glob("goals/*.md"), *root.glob("log/*/*.md")]}


@pytest.mark.parametrize("kind", CHANGES)
@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("step", STEPS)
def test_a_change_failing_at_any_step_loses_nothing(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, fault: str, kind: str
) -> None:
    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    text = f"TEXT-{step}-{fault}-{kind}"
    before = committed_records(root)
    warnings: list[str] = []
    portfolio = open_portfolio(root, warnings)
    portfolio.moments()  # the index is made before the change, as on a lived-in portfolio

    message = ""
    with monkeypatch.context() as patched:
        inject(patched, step, fault)
        try:
            expected = make_change(portfolio, kind, text)
        except Killed:
            expected = []
        except MplError as error:
            message = line(error)
            expected = []

    # the next command, as a new process would run it
    after = open_portfolio(root, warnings)
    with after.changing():
        pass
    listed = {moment.id for moment in after.moments()} | {goal.id for goal in after.goals()}

    committed = committed_records(root)
    holding = files_holding(root, text)
    if git(root, "grep", "-l", text, "HEAD", check=False).strip():
        assert set(expected or committed) <= committed  # committed whole
    elif holding:  # not committed: its text is on disk, and the message says where
        if message:
            places = _places(message)
            assert any(path.startswith(tuple(places)) for path in holding), (holding, message)
    else:  # the text never reached the disk: the change failed before it wrote anything
        assert step in ("marker", "file"), f"the text of the change is gone ({message or 'killed'})"
        assert committed == before
        assert not message or "nothing was changed" in message, message
    # never deleted: every record committed before is still there (a moved one, at either date)
    assert "goals/lead.md" in committed and before == {"goals/lead.md", "log/2026/2026-11-24-first.md"}
    assert committed & {"log/2026/2026-11-24-first.md", "log/2026/2026-11-20-first.md"}
    # git and the index agree with the files
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    assert on_disk_records(root) == committed
    assert after.index.disagreements() == []
    assert listed == {"lead", "first", *(["second"] if "log/2026/2026-11-24-second.md" in committed else [])}
    assert not (root / ".mpl" / change_module.CHANGE_MARKER).exists()
    assert commits(root)[-1].startswith("init:")


def _places(message: str) -> list[str]:
    """The folders a message says a change's text is kept in."""
    places = []
    for marker in ("kept in ", "stays in place ("):
        if marker in message:
            rest = message.split(marker, 1)[1]
            places += [part.strip(" )") for part in rest.split(")")[0].split(";")[0].split(",")]
    return [place for place in places if place]


def test_a_full_disk_at_the_commit_keeps_the_text_and_says_where(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    shutil.copytree(template, root, symlinks=True)
    portfolio = open_portfolio(root, [])
    inject(monkeypatch, "ref", "ENOSPC")
    with pytest.raises(MplError) as raised:
        make_change(portfolio, "add", "My reflection, typed once.")
    hint = describe(raised.value)[1]
    assert hint is not None and hint.startswith("nothing was saved: the files are as they were before; ")
    kept = hint.split("kept in ")[1]
    assert (root / kept / "log/2026/2026-11-24-second.md").read_text().count(
        "My reflection, typed once."
    ) == 1
    assert not (root / "log/2026/2026-11-24-second.md").exists()


FULL_DISK_SCRIPT = r"""
import json, os, shutil, subprocess, sys
disk, bin_folder = sys.argv[1], sys.argv[2]
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", disk], check=True)
root, filler = os.path.join(disk, "p"), os.path.join(disk, "filler")
fill = f"dd if=/dev/zero of={filler} bs=4096 2>/dev/null"
# git that fills the disk to the last byte just before it runs the step named in MPL_FILL_AT
with open(os.path.join(bin_folder, "git"), "w") as script:
    script.write(f'#!/bin/sh\ncase "$1" in "$MPL_FILL_AT") {fill} ;; esac\nexec {shutil.which("git")} "$@"\n')
os.chmod(os.path.join(bin_folder, "git"), 0o755)
env = {**os.environ, "MPL_PORTFOLIO": root, "PATH": bin_folder + os.pathsep + os.environ["PATH"]}

def mpl(*args, fill_at=""):
    run_env = {**env, "MPL_FILL_AT": fill_at}
    done = subprocess.run([sys.executable, "-m", "mpl", *args], env=run_env, capture_output=True, text=True)
    return {"args": args, "code": done.returncode, "stdout": done.stdout, "stderr": done.stderr}

def git(*args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True).stdout

results = [mpl("init", root, "--name", "Sam Patel"), mpl("goal", "add", "Lead a debrief")]
cases = [("log", step) for step in ("before", "update-index", "write-tree", "commit-tree", "update-ref")]
cases += [("progress", step) for step in ("update-index", "commit-tree", "update-ref")]
for number, (kind, step) in enumerate(cases):
    text = f"TEXT-{kind}-{step}"
    if step == "before":
        subprocess.run(fill, shell=True)
    args = ("log", text, "--what", text) if kind == "log" else ("goal", "progress", "lead", text)
    changed = mpl(*args, fill_at=step)
    if os.path.exists(filler):
        os.unlink(filler)
    held = []
    for folder, _, names in os.walk(root):
        if ".git" not in folder.split(os.sep):
            for name in names:
                with open(os.path.join(folder, name), "rb") as handle:
                    if text.encode() in handle.read():
                        held.append(os.path.relpath(os.path.join(folder, name), root))
    results.append({
        "text": text,
        "changed": changed,
        "held": held,
        "next": f"Next {number}",
        "after": mpl("log", f"Next {number}"),
        "committed": bool(git("grep", "-l", text, "HEAD").strip()),
        "status": git("status", "--porcelain", "--untracked-files=all"),
        "listed": mpl("list", "--all", "--json"),
        "goal": mpl("goal", "show", "lead", "--json"),
        "doctor": mpl("doctor"),
    })
print(json.dumps(results))
"""


def test_a_really_full_disk_loses_nothing(tmp_path: Path) -> None:
    """On a small tmpfs filled to the last byte, before mpl starts or just before git writes
    its objects, its index, the commit or the branch: a change fails with one line saying
    where its text is, and the next command leaves git, the index and the files agreeing."""
    import json
    import sys

    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("needs unshare and mount (Linux) to make a small tmpfs")
    disk, bin_folder = tmp_path / "disk", tmp_path / "bin"
    disk.mkdir()
    bin_folder.mkdir()
    probe = subprocess.run(
        ["unshare", "-rm", "mount", "-t", "tmpfs", "tmpfs", str(disk)], capture_output=True
    )
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {probe.stderr.decode().strip()}")
    done = subprocess.run(
        ["unshare", "-rm", sys.executable, "-c", FULL_DISK_SCRIPT, str(disk), str(bin_folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    init, goal, *cases = json.loads(done.stdout)
    assert init["code"] == 0 and goal["code"] == 0, (init, goal)
    for case in cases:
        changed, text = case["changed"], case["text"]
        assert changed["code"] in (1, 5), case  # refused, in one line, never an internal error
        assert changed["stderr"].startswith("mpl: error: ") and changed["stderr"].count("\n") == 1, case
        if "nothing was changed" not in changed["stderr"]:  # it had written: the text is kept, and named
            assert any(_named(place, changed["stderr"]) for place in case["held"]), case
        left_in_place = "stays in place" in changed["stderr"]  # could not be put back on a full disk:
        assert case["committed"] == left_in_place, case  # the next command commits it, as recovered
        assert ("recovered after an interrupted change" in case["after"]["stderr"]) == left_in_place, case
        assert case["after"]["code"] == 0 and case["doctor"]["code"] == 0, case
        assert case["status"] == "", case
        titles = [moment["title"] for moment in json.loads(case["listed"]["stdout"])]
        assert (
            case["next"] in titles and (text in titles or text in case["goal"]["stdout"]) == left_in_place
        ), case


def _named(place: str, message: str) -> bool:
    """Does `message` say where `place` is: the file itself, or the recovered folder holding it?"""
    parts = place.split("/")
    return place in message or (parts[:2] == [".mpl", "recovered"] and "/".join(parts[:3]) + "/" in message)
