"""What mpl shows is what the files say, whatever happened to them (issue #9).

A hypothesis state machine works two clones of one portfolio that share a bare
remote. It interleaves mpl's own changes (log, goal add/progress/done, edit through
$EDITOR, evidence add, undo, sync) with git used by hand (a committed or uncommitted
hand edit, git rm, revert, reset --hard, checkout of an older file, stash and stash
pop, a detour on a branch, a rebase, a pull from the other clone) and with folder
copies (cp -a of a whole portfolio, .mpl/ and all; another portfolio's index copied
over this one's). After every step, `mpl list --all --json` and `mpl goal list --all
--json` of each clone it touched must be exactly what the files on disk say, read
without mpl's index (tests/oracle.py).

Size: --truth-examples and --truth-steps (or MPL_TRUTH_EXAMPLES, MPL_TRUTH_STEPS);
the defaults keep `make test` quick, `make soak` runs it long. Runs are the same every
time unless MPL_TRUTH_RANDOM=1 (as under `make soak`). A failure is shown as the steps
that led to it, each with what mpl and git said; it is shrunk to fewer steps only with
MPL_TRUTH_SHRINK=1 or MPL_TRUTH_RANDOM=1 (shrinking can take minutes).
"""

from __future__ import annotations

import gc
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

import oracle

MACHINES = st.sampled_from(["a", "b"])
DAYS = ["2026-11-24", "2026-03-02", "2025-12-31"]  # today, earlier this year, last year
PORTFOLIO = ("--name", "Sam Patel", "--role", "Staff Nurse", "--org", "St Elsewhere NHS Trust")


def rewrite(text: str, changes: dict[str, str]) -> str:
    """`text` with each `key = value` line of its front matter set to `changes[key]` (TOML
    already); a key it lacks goes after `id`. What a person does to a record by hand."""
    end = text.index("\n+++", 3)
    front = text[:end]
    for key, value in changes.items():
        line = f"{key} = {value}"
        front, found = re.subn(rf"(?m)^{key} = .*$", lambda _, line=line: line, front, count=1)
        if not found:
            front = re.sub(r"(?m)^(id = .*)$", lambda match, line=line: f"{match[1]}\n{line}", front, count=1)
    return front + text[end:]


EDITOR = f"""\
import json, os, re, sys

{inspect.getsource(rewrite)}

path = sys.argv[1]
with open(path, encoding="utf-8", newline="") as file:
    text = file.read()
with open(path, "w", encoding="utf-8", newline="") as file:
    file.write(rewrite(text, json.loads(os.environ["TRUTH_EDIT"])))
"""


def sh(folder: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
    """git in `folder`; when `ok`, it must succeed."""
    result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, check=False)
    if ok:
        assert result.returncode == 0, f"git {' '.join(args)} in {folder.name}: {result.stderr.strip()}"
    return result


def mpl_ok(folder: Path, *args: str) -> str:
    code, out, err = oracle.run(folder, *args)
    assert code == 0, f"mpl {' '.join(args)} exited {code}: {err.strip()}"
    return out


def make_template(where: Path) -> Path:
    """Clone a (which made the portfolio and pushed it), clone b (cloned from the remote),
    the bare remote, and another person's portfolio whose records have the same paths as
    the ones the machine will make first."""
    where.mkdir()
    remote = where / "remote.git"
    sh(where, "init", "-q", "--bare", str(remote))
    a = where / "a"
    mpl_ok(a, "init", *PORTFOLIO, "--since", "2024-01-08")
    mpl_ok(a, "sync", "--remote", str(remote))
    sh(where, "clone", "-q", str(remote), str(where / "b"))
    foreign = where / "foreign"
    mpl_ok(foreign, "init", "--name", "Someone Else", "--since", "2020-01-06")
    for number in range(1, 5):
        mpl_ok(foreign, "goal", "add", f"Goal {number}")
        mpl_ok(foreign, "log", f"Moment {number}", "--hours", "7")
    mpl_ok(foreign, "list")
    (where / "editor.py").write_text(EDITOR)
    return where


class Portfolios(RuleBasedStateMachine):
    """Two clones of one portfolio, a and b, changed by mpl, by git and by copying."""

    template: Path
    work: Path

    def __init__(self) -> None:
        super().__init__()
        gc.unfreeze()  # mpl's commands are run in this process, and each leaves garbage (its
        gc.collect()  # index connections among it) that oracle.run collects; set aside what
        gc.freeze()  # lives now, so that each of those collections is quick
        self.base = Path(tempfile.mkdtemp(dir=self.work))
        for name in ("remote.git", "a", "b", "foreign", "editor.py"):
            source = self.template / name
            if source.is_dir():
                shutil.copytree(source, self.base / name, symlinks=True)
            else:
                shutil.copy2(source, self.base / name)
        self.machines = {name: self.base / name for name in ("a", "b")}
        for folder in self.machines.values():
            shutil.rmtree(folder / ".mpl", ignore_errors=True)
            sh(folder, "remote", "set-url", "origin", str(self.base / "remote.git"))
        self.count = 0
        self.touched = {"a", "b"}

    def teardown(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)

    # -- helpers --------------------------------------------------------------------------

    def title(self, what: str) -> str:
        self.count += 1
        return f"{what} {self.count}"

    def mpl(
        self, m: str, *args: str, codes: tuple[int, ...] = (0,), env: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """mpl on machine `m`: its exit code, which must be one of `codes` (never an internal
        error), and what it printed."""
        self.touched.add(m)
        code, out, err = oracle.run(self.machines[m], *args, env=env)
        note(f"{m}$ mpl {' '.join(args)} -> {code} {err.strip()}")
        assert code != 70, f"mpl {' '.join(args)} on {m} crashed: {err}"
        assert code in codes, f"mpl {' '.join(args)} on {m} exited {code}, not {codes}: {err.strip()}"
        return code, out + err

    def git(self, m: str, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        """git by hand on machine `m`: what it changes is looked at after the step."""
        self.touched.add(m)
        result = sh(self.machines[m], *args, ok=ok)
        note(f"{m}$ git {' '.join(args)} -> {result.returncode} {result.stderr.strip()[:200]}")
        return result

    def ask(self, m: str, *args: str) -> list[str]:
        """What git says on machine `m`, one item a line (a question: changes nothing)."""
        return sh(self.machines[m], *args).stdout.split("\n")[:-1]

    def records(self, m: str, kind: str = "any") -> list[dict[str, Any]]:
        """The records on disk on machine `m` (by the oracle), in a fixed order."""
        folder = self.machines[m]
        moments = oracle.moments(folder) if kind in ("any", "moment") else []
        goals = oracle.goals(folder) if kind in ("any", "goal") else []
        return [*moments, *goals]

    @staticmethod
    def choose(data: st.DataObject, among: list[Any], what: str) -> Any:
        """One of `among` (None if empty). One number is drawn whatever is on disk, so that
        hypothesis sees the same draws when mpl or git does what it did before a little
        differently (the order of commits made in the same second, say)."""
        number = data.draw(st.integers(0, 255), label=what)
        chosen = among[number % len(among)] if among else None
        note(f"{what}: {chosen}")
        return chosen

    def pick(self, data: st.DataObject, m: str, kind: str = "any") -> dict[str, Any] | None:
        return self.choose(data, self.records(m, kind), f"{kind} on {m}")

    def unique(self, m: str, record: dict[str, Any]) -> tuple[int, ...]:
        """The exit codes to expect of a change to `record`: refused when its id is on two files."""
        same = [other for other in self.records(m) if other["id"] == record["id"]]
        return (0,) if len(same) == 1 else (0, 1)

    def hand_edit(self, m: str, record: dict[str, Any]) -> None:
        path = self.machines[m] / record["path"]
        if "hours" in record:
            changes = {"title": json.dumps(self.title("Hand-edited")), "hours": "3.25"}
        else:
            changes = {"title": json.dumps(self.title("Hand-edited goal")), "progress": "55"}
        with path.open(encoding="utf-8", newline="") as file:
            text = file.read()
        with path.open("w", encoding="utf-8", newline="") as file:
            file.write(rewrite(text, changes))
        note(f"{m}: edited {record['path']} by hand: {changes}")
        self.touched.add(m)

    def dirty(self, m: str) -> bool:
        return bool(self.ask(m, "status", "--porcelain"))

    def commit_all(self, m: str, message: str) -> None:
        if self.dirty(m):
            self.git(m, "add", "-A")
            self.git(m, "commit", "-qm", message)

    def has_parent(self, m: str, commit: str = "HEAD~1") -> bool:
        return sh(self.machines[m], "rev-parse", "-q", "--verify", commit, ok=False).returncode == 0

    # -- mpl's own changes ----------------------------------------------------------------

    @rule(m=MACHINES, hours=st.sampled_from(["0", "0.5", "2.5"]), day=st.sampled_from(DAYS), data=st.data())
    def log(self, m: str, hours: str, day: str, data: st.DataObject) -> None:
        args = ["log", self.title("Moment"), "--hours", hours, "--date", day]
        goal = self.pick(data, m, "goal")
        goal = goal if data.draw(st.booleans(), label="for a goal") else None
        if goal:
            args += ["--goal", goal["id"]]
        self.mpl(m, *args, codes=self.unique(m, goal) if goal else (0,))

    @rule(m=MACHINES)
    def goal_add(self, m: str) -> None:
        self.mpl(m, "goal", "add", self.title("Goal"))

    @rule(m=MACHINES, percent=st.integers(0, 100), data=st.data())
    def goal_progress(self, m: str, percent: int, data: st.DataObject) -> None:
        goal = self.pick(data, m, "goal")
        if goal:
            note_text = self.title("Progress")
            codes = self.unique(m, goal)
            self.mpl(m, "goal", "progress", goal["id"], note_text, "--percent", str(percent), codes=codes)

    @rule(m=MACHINES, data=st.data())
    def goal_done(self, m: str, data: st.DataObject) -> None:
        goal = self.pick(data, m, "goal")
        if goal:
            codes = (1,) if goal["status"] == "achieved" else self.unique(m, goal)
            self.mpl(m, "goal", "done", goal["id"], codes=codes)

    @rule(m=MACHINES, day=st.sampled_from([None, *DAYS]), data=st.data())
    def edit(self, m: str, day: str | None, data: st.DataObject) -> None:
        record = self.pick(data, m)
        if not record:
            return
        changes = {"title": json.dumps(self.title("Edited"))}
        if "hours" in record:
            changes["hours"] = "1.75"
            if day:
                changes["date"] = day  # mpl moves the file to match
        env = {
            "EDITOR": f"{sys.executable} {self.base / 'editor.py'}",
            "TRUTH_EDIT": json.dumps(changes),
        }
        self.mpl(m, "edit", record["id"], codes=self.unique(m, record), env=env)

    @rule(m=MACHINES, data=st.data())
    def evidence_add(self, m: str, data: st.DataObject) -> None:
        record = self.pick(data, m)
        if record:
            proof = self.base / f"proof-{self.title('proof').split()[-1]}.txt"
            proof.write_text(f"{proof.name}: attended\n")
            self.mpl(m, "evidence", "add", str(proof), "--to", record["id"], codes=self.unique(m, record))

    @rule(m=MACHINES)
    def undo(self, m: str) -> None:
        # 1: nothing of mpl's to undo; 5: later changes touch the same lines, or (a poor
        # message, reported apart from issue #9) git's "nothing to commit" when the change
        # was already undone by hand
        self.mpl(m, "undo", codes=(0, 1, 5))

    @rule(m=MACHINES)
    def sync(self, m: str) -> None:
        self.mpl(m, "sync")

    # -- git by hand ----------------------------------------------------------------------

    @rule(m=MACHINES, commit=st.booleans(), data=st.data())
    def edit_by_hand(self, m: str, commit: bool, data: st.DataObject) -> None:
        record = self.pick(data, m)
        if record:
            self.hand_edit(m, record)
            if commit:  # with whatever else is staged, as a person's `git commit` would
                self.git(m, "add", "--", record["path"])
                self.git(m, "commit", "-qm", "Edited by hand")

    @rule(m=MACHINES, commit=st.booleans(), day=st.sampled_from(DAYS))
    def write_a_record_by_hand(self, m: str, commit: bool, day: str) -> None:
        title = self.title("Hand")
        record_id = title.lower().replace(" ", "-")
        path = self.machines[m] / "log" / day[:4] / f"{day}-{record_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'+++\nid = "{record_id}"\ntitle = "{title}"\ndate = {day}\nhours = 1\n+++\n\nWritten by hand.\n'
        )
        note(f"{m}: wrote {path.relative_to(self.machines[m])} by hand")
        self.touched.add(m)
        if commit:
            self.git(m, "add", str(path))
            self.git(m, "commit", "-qm", "Written by hand")

    @rule(m=MACHINES, data=st.data())
    def git_rm(self, m: str, data: st.DataObject) -> None:
        tracked = set(self.ask(m, "ls-files", "goals", "log"))
        records = [record for record in self.records(m) if record["path"] in tracked]
        record = self.choose(data, records, "removed")
        if record:
            self.git(m, "rm", "-qf", record["path"])
            self.git(m, "commit", "-qm", "Removed by hand")

    @rule(m=MACHINES)
    def git_revert(self, m: str) -> None:
        if not self.has_parent(m):
            return  # the first commit made the portfolio; reverting it unmakes it
        self.commit_all(m, "Pending by hand")
        merge = self.has_parent(m, "HEAD^2")
        result = self.git(m, "revert", "--no-edit", *(["-m", "1"] if merge else []), "HEAD", ok=False)
        if result.returncode:
            self.git(m, "revert", "--abort", ok=False)

    @rule(m=MACHINES)
    def git_reset_hard(self, m: str) -> None:
        if self.has_parent(m):
            self.git(m, "reset", "-q", "--hard", "HEAD~1")

    @rule(m=MACHINES, back=st.integers(1, 5), data=st.data())
    def git_checkout_an_older_file(self, m: str, back: int, data: st.DataObject) -> None:
        older = self.ask(m, "rev-list", "--first-parent", f"--max-count={back + 1}", "HEAD")[-1]
        names = self.ask(m, "ls-tree", "-r", "--name-only", older, "--", "goals", "log")
        names = [name for name in names if name.endswith(".md")]
        name = self.choose(data, sorted(names), "older file")
        if name:
            self.git(m, "checkout", older, "--", name)

    @rule(m=MACHINES, data=st.data())
    def git_stash(self, m: str, data: st.DataObject) -> None:
        record = self.pick(data, m)
        if record:
            self.hand_edit(m, record)
            self.git(m, "stash", "-q")

    @rule(m=MACHINES)
    def git_stash_pop(self, m: str) -> None:
        if not self.ask(m, "stash", "list"):
            return
        popped = self.git(m, "stash", "pop", "-q", ok=False).returncode == 0
        if not popped and self.ask(m, "diff", "--name-only", "--diff-filter=U"):
            self.git(m, "reset", "-q", "--hard")  # a conflict: as a person gives up on it
            self.git(m, "stash", "drop", "-q")

    @rule(m=MACHINES)
    def detour_on_a_branch(self, m: str) -> None:
        """Switch to a new branch, log there with mpl, and come back."""
        branch = f"detour-{self.title('branch').split()[-1]}"
        self.git(m, "switch", "-q", "-c", branch)
        self.mpl(m, "log", self.title("Moment on a branch"), "--hours", "4")
        self.views_are_the_files()
        self.touched.add(m)
        self.git(m, "switch", "-q", "main")

    @rule(m=MACHINES, data=st.data())
    def git_rebase(self, m: str, data: st.DataObject) -> None:
        branches = self.ask(m, "branch", "--list", "--format=%(refname:short)", "detour-*")
        branch = self.choose(data, sorted(branches), "onto")
        if branch and self.git(m, "rebase", "-q", "--autostash", branch, ok=False).returncode:
            self.git(m, "rebase", "--abort", ok=False)  # a conflict: as a person gives up on it

    @rule(m=MACHINES)
    def git_pull_from_the_other_clone(self, m: str) -> None:
        other = self.machines["b" if m == "a" else "a"]
        if self.git(m, "pull", "-q", "--no-rebase", "--no-edit", str(other), "main", ok=False).returncode:
            self.git(m, "merge", "--abort", ok=False)

    # -- folders copied -------------------------------------------------------------------

    @rule(m=MACHINES)
    def copy_the_portfolio(self, m: str) -> None:
        """cp -a the whole folder, .mpl/index.sqlite too, and carry on in the copy."""
        old = self.machines[m]
        new = self.base / f"{m}-copy-{self.title('copy').split()[-1]}"
        subprocess.run(["cp", "-a", str(old), str(new)], check=True)
        shutil.rmtree(old)
        self.machines[m] = new
        self.touched.add(m)
        note(f"{m}: cp -a {old.name} {new.name}")

    @rule(m=MACHINES, source=st.sampled_from(["other", "foreign"]))
    def copy_an_index_over(self, m: str, source: str) -> None:
        """Another portfolio's .mpl/index.sqlite (with its WAL) put over this one's."""
        other = self.base / "foreign" if source == "foreign" else self.machines["b" if m == "a" else "a"]
        target = self.machines[m] / ".mpl"
        target.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            (target / f"index.sqlite{suffix}").unlink(missing_ok=True)
            if (other / ".mpl" / f"index.sqlite{suffix}").exists():
                shutil.copy2(other / ".mpl" / f"index.sqlite{suffix}", target)
        self.touched.add(m)
        note(f"{m}: copied the index of {other.name}")

    # -- the property ---------------------------------------------------------------------

    @rule(m=MACHINES)
    def look(self, m: str) -> None:
        """The person looks: mpl brings its index up to date as it lists."""
        self.mpl(m, "list")
        self.mpl(m, "goal", "list")

    @invariant()
    def views_are_the_files(self) -> None:
        """Each clone a step touched lists what its files say. The test only peeks: the
        index is put back as it was, so the next step meets it as mpl left it."""
        for m in sorted(self.touched):
            folder = self.machines[m]
            index = {path: path.read_bytes() for path in (folder / ".mpl").glob("index.sqlite*")}
            try:
                problem = oracle.disagreement(folder)
            finally:
                for path in (folder / ".mpl").glob("index.sqlite*"):
                    path.unlink()
                for path, content in index.items():
                    path.write_bytes(content)
            assert problem is None, f"on {m} ({folder.name}): {problem}"
        self.touched.clear()


def test_what_mpl_shows_is_what_the_files_say(tmp_path: Path, truth_examples: int, truth_steps: int) -> None:
    Portfolios.template = make_template(tmp_path / "template")
    Portfolios.work = tmp_path
    random = os.environ.get("MPL_TRUTH_RANDOM") == "1"
    phases = [Phase.explicit, Phase.reuse, Phase.generate]
    if random or os.environ.get("MPL_TRUTH_SHRINK") == "1":
        phases.append(Phase.shrink)  # minutes on a failure: worth it in a soak, not in `make test`
    try:
        run_state_machine_as_test(
            Portfolios,
            settings=settings(
                max_examples=truth_examples,
                stateful_step_count=truth_steps,
                derandomize=not random,
                phases=phases,
                database=None,
                deadline=None,
                print_blob=True,
                suppress_health_check=[
                    HealthCheck.too_slow,
                    HealthCheck.filter_too_much,
                    HealthCheck.data_too_large,
                ],
            ),
        )
    finally:
        gc.unfreeze()
