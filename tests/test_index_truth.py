"""What mpl shows is what the files say (issue #9): regressions named after the bugs
they pin. The index in .mpl/ is a cache; these change the files (with mpl, with git by
hand, by copying folders) or the cache itself, and hold `mpl list` and `mpl goal list`
to a reader of the files that knows nothing of the index (tests/oracle.py)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

import oracle
from conftest import Run, git


def ids(rows: oracle.Rows) -> list[str]:
    return [row["id"] for row in rows]


def assert_views_are_the_files(folder: Path) -> None:
    problem = oracle.disagreement(folder)
    assert problem is None, problem


def index_of(folder: Path) -> Path:
    return folder / ".mpl" / "index.sqlite"


def copy_index(source: Path, target: Path) -> None:
    """Put `source`'s index (with its WAL files, as they are) in place of `target`'s."""
    for suffix in ("", "-wal", "-shm"):
        (target / ".mpl" / f"index.sqlite{suffix}").unlink(missing_ok=True)
        from_file = source / ".mpl" / f"index.sqlite{suffix}"
        if from_file.exists():
            shutil.copy2(from_file, target / ".mpl" / from_file.name)


def change_index(folder: Path, sql: str, *values: object) -> None:
    """Tamper with the index as a person (or another program) might, with sqlite3."""
    db = sqlite3.connect(index_of(folder))
    try:
        with db:
            changed = db.execute(sql, values).rowcount
        assert changed, f"the tampering changed no rows: {sql}"
    finally:
        db.close()


def log_first_and_typo(mpl: Run, folder: Path, look_after: bool) -> None:
    """Two learning moments logged, the index used between them (as in the report) and,
    when `look_after`, after the second one too."""
    mpl("log", "First", "--hours", "1")
    assert ids(oracle.listed_moments(folder)) == ["first"]
    mpl("log", "Typo test", "--hours", "2")
    assert (folder / "log/2026/2026-11-24-typo-test.md").is_file()
    if look_after:
        assert ids(oracle.listed_moments(folder)) == ["first", "typo-test"]


@pytest.fixture(params=["index-behind", "index-current"])
def first_and_typo(request: pytest.FixtureRequest, mpl: Run, started: Path) -> Path:
    log_first_and_typo(mpl, started, look_after=request.param == "index-current")
    return started


@pytest.fixture
def logged(mpl: Run, started: Path) -> Path:
    log_first_and_typo(mpl, started, look_after=True)
    return started


# -- ghost records: gone from the files, still listed ---------------------------------


def test_ghost_record_an_undone_log_is_still_listed(mpl: Run, started: Path) -> None:
    mpl("log", "First", "--hours", "1")
    mpl("list")
    mpl("log", "Typo test", "--hours", "2")
    mpl("undo")
    assert not list(started.glob("log/*/*typo-test.md"))
    assert ids(oracle.listed_moments(started)) == ["first"]
    assert_views_are_the_files(started)


def test_ghost_record_an_undone_goal_is_still_listed(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Lead a debrief")
    mpl("goal", "list")
    mpl("goal", "add", "Typo goal")
    mpl("undo")
    assert not (started / "goals/typo-goal.md").exists()
    assert ids(oracle.listed_goals(started)) == ["lead-a-debrief"]
    assert_views_are_the_files(started)


def test_ghost_record_after_git_rm_and_commit_by_hand(first_and_typo: Path) -> None:
    folder = first_and_typo
    git(folder, "rm", "-q", "log/2026/2026-11-24-typo-test.md")
    git(folder, "commit", "-qm", "Remove the typo by hand")
    assert ids(oracle.listed_moments(folder)) == ["first"]
    assert_views_are_the_files(folder)


def test_ghost_record_after_git_reset_hard_by_hand(first_and_typo: Path) -> None:
    folder = first_and_typo
    git(folder, "reset", "-q", "--hard", "HEAD~1")
    assert ids(oracle.listed_moments(folder)) == ["first"]
    assert_views_are_the_files(folder)


def test_ghost_record_after_git_revert_by_hand(first_and_typo: Path) -> None:
    folder = first_and_typo
    git(folder, "revert", "--no-edit", "HEAD")
    assert ids(oracle.listed_moments(folder)) == ["first"]
    assert_views_are_the_files(folder)


def test_ghost_record_after_a_log_on_a_branch_and_switching_back(mpl: Run, started: Path) -> None:
    mpl("list")
    git(started, "switch", "-q", "-c", "detour")
    mpl("log", "On a branch", "--hours", "4")
    git(started, "switch", "-q", "main")
    assert not (started / "log").exists()
    assert oracle.listed_moments(started) == []
    assert_views_are_the_files(started)


def test_ghost_record_is_not_counted_in_a_goal(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Lead a debrief")
    mpl("log", "Shadowed a debrief", "--goal", "lead-a-debrief")
    mpl("goal", "list")
    mpl("log", "Ran a debrief", "--goal", "lead-a-debrief")
    mpl("undo")
    [goal] = oracle.listed_goals(started)
    assert goal["moments"] == 1
    assert_views_are_the_files(started)


# -- a copied index is believed -------------------------------------------------------


def test_a_copied_portfolio_shows_its_own_hand_changes(mpl: Run, started: Path, tmp_path: Path) -> None:
    mpl("goal", "add", "Lead a debrief")
    mpl("log", "First", "--hours", "1")
    mpl("log", "Second", "--hours", "2")
    assert_views_are_the_files(started)
    copy = tmp_path / "copy"
    shutil.copytree(started, copy, symlinks=True)  # cp -a: times kept, .mpl/index.sqlite too
    first = copy / "log/2026/2026-11-24-first.md"
    first.write_text(first.read_text().replace('title = "First"', 'title = "First, as corrected"'))
    git(copy, "rm", "-q", "log/2026/2026-11-24-second.md")
    git(copy, "commit", "-qam", "By hand in the copy")
    goal = copy / "goals/lead-a-debrief.md"
    goal.write_text(goal.read_text().replace("progress = 0", "progress = 40"))  # not committed
    assert ids(oracle.listed_moments(copy)) == ["first"]
    assert_views_are_the_files(copy)
    assert_views_are_the_files(started)


def test_copied_index_of_a_diverged_copy_is_believed(mpl: Run, started: Path, tmp_path: Path) -> None:
    mpl("log", "First", "--hours", "1")
    mpl("list")
    copy = tmp_path / "copy"
    shutil.copytree(started, copy, symlinks=True)
    code, _, err = oracle.run(copy, "log", "Only in the copy", "--hours", "5")
    assert code == 0, err
    assert (copy / "log/2026/2026-11-24-only-in-the-copy.md").is_file()
    copy_index(copy, started)  # the copy's index carried back over the original's
    assert ids(oracle.listed_moments(started)) == ["first"]
    assert_views_are_the_files(started)


def test_index_of_another_portfolio_is_believed_where_its_files_look_the_same(
    mpl: Run, started: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another portfolio's index, whose record files have the same names, sizes and times
    as this one's (as archives restore them), is still another portfolio's."""
    mpl("log", "First", "--hours", "1")
    other = tmp_path / "other"
    monkeypatch.setenv("MPL_PORTFOLIO", str(other))
    mpl("init", "--name", "Someone Else", "--role", "Staff Nurse", "--org", "St Elsewhere NHS Trust")
    mpl("log", "First", "--hours", "9")  # same id and path
    mine, theirs = (folder / "log/2026/2026-11-24-first.md" for folder in (started, other))
    theirs.write_text(theirs.read_text().replace('title = "First"', 'title = "Fakes"'))
    assert theirs.read_text() == mine.read_text().replace("First", "Fakes").replace("1.0", "9.0")
    assert theirs.stat().st_size == mine.stat().st_size
    stat = mine.stat()
    os.utime(theirs, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert oracle.listed_moments(other)[0]["title"] == "Fakes"
    copy_index(other, started)
    [moment] = oracle.listed_moments(started)
    assert (moment["title"], moment["hours"]) == ("First", 1.0)
    assert_views_are_the_files(started)


# -- a tampered index ----------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path, logged: Path) -> Path:
    """A file outside the portfolio, the same text as a record in it."""
    victim = tmp_path / "victim.md"
    shutil.copy2(logged / "log/2026/2026-11-24-first.md", victim)
    return victim


def files_outside(tmp_path: Path, portfolio: Path) -> dict[str, bytes]:
    """Every file under tmp_path except the portfolio and the test's home."""
    return {
        str(path): path.read_bytes()
        for path in sorted(tmp_path.rglob("*"))
        if path.is_file() and portfolio not in path.parents and (tmp_path / "home") not in path.parents
    }


@pytest.mark.parametrize("where", ["relative", "absolute"])
@pytest.mark.parametrize(
    "command",
    [
        ("evidence", "add", "{proof}", "--to", "first"),
        ("edit", "first"),
    ],
    ids=["evidence-add", "edit"],
)
def test_index_row_pointing_outside_the_portfolio_is_used_to_write(
    logged: Path,
    outside: Path,
    tmp_path: Path,
    editor,
    where: str,
    command: tuple[str, ...],
) -> None:
    folder = logged
    editor("text = text.replace('hours = 1.0', 'hours = 1.5')")
    proof = tmp_path / "proof.txt"
    proof.write_text("attended\n")
    path = "../victim.md" if where == "relative" else str(outside)
    change_index(folder, "UPDATE records SET path = ? WHERE id = 'first'", path)
    before = files_outside(tmp_path, folder)
    code, _, err = oracle.run(folder, *(part.format(proof=proof) for part in command))
    assert code != 70, err
    assert files_outside(tmp_path, folder) == before, "mpl changed a file outside the portfolio"
    assert_views_are_the_files(folder)


def test_index_row_with_invalid_json_crashes_list(logged: Path) -> None:
    folder = logged
    change_index(folder, "UPDATE records SET data = '{\"id\": \"first\", ' WHERE id = 'first'")
    code, _, err = oracle.run(folder, "list", "--all", "--json")
    assert code == 0, err
    assert_views_are_the_files(folder)


def test_index_row_with_json_of_the_wrong_shape_crashes_goal_list(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Lead a debrief")
    mpl("goal", "list")
    change_index(started, "UPDATE records SET data = json('[1, 2]') WHERE id = 'lead-a-debrief'")
    code, out, err = oracle.run(started, "goal", "list", "--all", "--json")
    assert code == 0, err
    assert [goal["id"] for goal in json.loads(out)] == ["lead-a-debrief"]
    assert_views_are_the_files(started)


def test_index_rows_swapped_in_place_never_send_a_write_to_the_other_record(
    logged: Path, tmp_path: Path
) -> None:
    """Two rows' paths swapped with sqlite3 (the files' stat data unchanged, so the index looks
    current): evidence added to one record goes to its own file, named by its own title."""
    folder = logged
    proof = tmp_path / "proof.txt"
    proof.write_text("attended\n")
    first, typo = "log/2026/2026-11-24-first.md", "log/2026/2026-11-24-typo-test.md"
    change_index(folder, "UPDATE records SET path = 'swapping' WHERE id = 'first'")
    change_index(folder, "UPDATE records SET path = ? WHERE id = 'typo-test'", first)
    change_index(
        folder,
        "UPDATE records SET path = ?, data = json_set(data, '$.title', 'FAKE') WHERE id = 'first'",
        typo,
    )
    code, _, err = oracle.run(folder, "evidence", "add", str(proof), "--to", "first")
    assert code == 0, err
    changed = git(folder, "show", "--name-only", "--format=%s", "HEAD").split()
    assert first in changed and typo not in changed
    assert "FAKE" not in git(folder, "log", "-1", "--format=%s")
    assert_views_are_the_files(folder)


def test_doctor_gives_no_renaming_advice_from_an_index_that_disagrees(logged: Path) -> None:
    folder = logged
    first, typo = "log/2026/2026-11-24-first.md", "log/2026/2026-11-24-typo-test.md"
    change_index(folder, "UPDATE records SET path = 'swapping' WHERE id = 'first'")
    change_index(folder, "UPDATE records SET path = ? WHERE id = 'typo-test'", first)
    change_index(folder, "UPDATE records SET path = ? WHERE id = 'first'", typo)
    code, out, err = oracle.run(folder, "doctor")
    said = out + err
    assert code == 6 and "the index disagrees with the files" in said
    assert "rename it" not in said  # both files are named right
    code, out, err = oracle.run(folder, "doctor", "--fix")
    assert "rename it" not in out + err
    assert oracle.run(folder, "doctor")[0] == 0


def test_an_id_the_index_hides_from_a_file_name_is_found_by_doctor(logged: Path) -> None:
    """The index's note of the id each file's name gives keeps new ids apart; tampered with,
    it is one more disagreement doctor finds and mends."""
    change_index(logged, "UPDATE records SET named = 'elsewhere' WHERE id = 'first'")
    code, out, err = oracle.run(logged, "doctor")
    assert code == 6 and "the index disagrees with the files" in out + err
    oracle.run(logged, "doctor", "--fix")
    assert oracle.run(logged, "doctor")[0] == 0


def test_a_record_file_git_ignores_is_no_part_of_the_record_whatever_happens(mpl: Run, started: Path) -> None:
    """Seen in an audit: an ignored file was listed or not as the index's history had it, and
    stayed listed once deleted. Now it is never taken in, and doctor names it."""
    mpl("log", "Kept", "--hours", "1")
    kept = started / "log/2026/2026-11-24-kept.md"
    draft = started / "log/2026/2026-11-23-draft.md"
    (started / ".gitignore").write_text((started / ".gitignore").read_text() + f"{draft.name}\n")
    git(started, "commit", "-qam", "ignore my draft")
    draft.write_text(kept.read_text().replace('"kept"', '"draft"').replace("2026-11-24", "2026-11-23"))

    def listed() -> list[str]:
        return [m["id"] for m in json.loads(mpl("list", "--json").stdout)]

    assert listed() == ["kept"]
    mpl("reindex")
    assert listed() == ["kept"]
    doctor = mpl("doctor", code=6).stdout
    assert f"log/2026/{draft.name}: git ignores it" in doctor
    draft.unlink()
    assert listed() == ["kept"]
    assert_views_are_the_files(started)
