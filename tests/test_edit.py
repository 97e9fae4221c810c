"""`mpl edit` and `mpl log --edit`: the person's own editor, and nothing lost on mistakes."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run, commits


def test_edit_saves_a_valid_change_as_one_commit(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club", "--hours", "1")
    editor("text = text.replace('## So what?\\n', '## So what?\\n\\nRead more trials.\\n')")
    result = mpl("edit", "journal")
    assert result.stdout == "Saved log/2026/2026-11-24-journal-club.md\n"
    shown = json.loads(mpl("show", "journal", "--json").stdout)
    assert shown["reflection"]["So what?"] == "Read more trials."
    assert commits(started)[0] == "edit: Journal club"


def test_an_unchanged_edit_commits_nothing(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club")
    editor("pass")
    assert mpl("edit", "journal").stdout == "No changes.\n"
    assert commits(started)[0] == "log: Journal club"


def test_an_invalid_edit_is_not_saved_but_kept(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club", "--hours", "1")
    path = started / "log/2026/2026-11-24-journal-club.md"
    before = path.read_text()
    editor(
        "text = text.replace('hours = 1.0', 'hours = -2')"
        ".replace('## What?\\n', '## What?\\n\\nMy words.\\n')"
    )
    result = mpl("edit", "journal", code=4)
    draft = started / ".mpl/drafts/journal-club.md"
    assert result.stderr == (
        "mpl: error: not saved: log/2026/2026-11-24-journal-club.md:6: hours: Input should be "
        f"greater than or equal to 0 (your text is kept in {draft}; run `mpl edit journal-club` "
        "to carry on)\n"
    )
    assert path.read_text() == before
    assert "My words." in draft.read_text()

    editor("text = text.replace('hours = -2', 'hours = 2')")
    result = mpl("edit", "journal")
    assert "carrying on with your unsaved edit" in result.stderr
    assert "My words." in path.read_text()
    assert "hours = 2" in path.read_text()
    assert not draft.exists()


def test_a_malformed_file_can_be_mended_with_edit(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club")
    path = started / "log/2026/2026-11-24-journal-club.md"
    path.write_text(path.read_text().replace('title = "Journal club"', 'title = "Journal club'))
    editor("text = text.replace('title = \"Journal club', 'title = \"Journal club\"')")
    mpl("edit", "journal")
    assert json.loads(mpl("show", "journal", "--json").stdout)["title"] == "Journal club"


def test_the_id_cannot_change(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club")
    editor("text = text.replace('id = \"journal-club\"', 'id = \"other\"')")
    assert "the id must stay 'journal-club'" in mpl("edit", "journal", code=4).stderr


def test_a_new_date_moves_the_file(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club")
    editor("text = text.replace('date = 2026-11-24', 'date = 2025-12-01')")
    mpl("edit", "journal")
    assert not (started / "log/2026/2026-11-24-journal-club.md").exists()
    assert (started / "log/2025/2025-12-01-journal-club.md").is_file()
    assert "2026-11-24" not in __import__("conftest").git(started, "ls-files")


def test_log_edit_opens_the_filled_in_template(mpl: Run, started: Path, editor) -> None:
    editor(
        "assert '## So what?' in text and 'kind = \"course\"' in text\n"
        "text = text.replace('## So what?\\n', '## So what?\\n\\nLearned a lot.\\n')"
    )
    mpl("log", "Sepsis course", "--kind", "course", "--edit")
    text = (started / "log/2026/2026-11-24-sepsis-course.md").read_text()
    assert "## So what?\n\nLearned a lot.\n" in text


def test_log_edit_without_a_title_takes_the_title_written(mpl: Run, started: Path, editor) -> None:
    editor("text = text.replace('title = \"\"', 'title = \"Mentoring a student\"')")
    result = mpl("log", "--edit")
    assert result.stdout == "Logged mentoring-a-student (log/2026/2026-11-24-mentoring-a-student.md)\n"


def test_log_edit_with_an_empty_title_is_not_saved(mpl: Run, started: Path, editor) -> None:
    editor("text = text + 'Some thoughts\\n'")
    result = mpl("log", "--edit", code=4)
    assert "title: String should have at least 1 character" in result.stderr
    assert not (started / "log").exists()


def test_the_carry_on_hint_of_a_malformed_file_names_its_id(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club")
    path = started / "log/2026/2026-11-24-journal-club.md"
    path.write_text(path.read_text().replace('title = "Journal club"', 'title = "Journal club'))
    editor("text += 'More words.\\n'")  # a change, but the file is still broken
    result = mpl("edit", "journal", code=4)
    assert "run `mpl edit journal-club` to carry on" in result.stderr
    editor("text = text.replace('title = \"Journal club', 'title = \"Journal club\"')")
    assert "carrying on with your unsaved edit" in mpl("edit", "journal-club").stderr


def test_the_carry_on_hint_of_log_edit_names_the_title(mpl: Run, started: Path, editor) -> None:
    editor("text = text.replace('hours = 0.0', 'hours = -1')")
    result = mpl("log", "Bad edit", "--edit", code=4)
    assert "run `mpl log 'Bad edit' --edit` to carry on" in result.stderr
    editor("text = text.replace('hours = -1', 'hours = 1')")
    assert "carrying on with your unsaved edit" in mpl("log", "Bad edit", "--edit").stderr


CONCURRENT_PROGRESS = (
    "import subprocess\n"
    "subprocess.run([sys.executable, '-m', 'mpl', 'goal', 'progress', 'lead', 'Shadowed Priya',"
    " '--percent', '30'], check=True, capture_output=True)\n"
)


def test_a_change_made_while_the_editor_is_open_is_merged_not_reverted(
    mpl: Run, started: Path, editor
) -> None:
    mpl("goal", "add", "Lead a debrief", "--why", "Debriefs help the team.")
    editor(CONCURRENT_PROGRESS + "text = text.replace('Debriefs help the team.', 'Debriefs help us all.')")
    result = mpl("edit", "lead")
    assert "your edit was merged with that change" in result.stdout
    text = (started / "goals/lead-a-debrief.md").read_text()
    assert "Debriefs help us all." in text  # the edit
    assert "Shadowed Priya (30%)" in text and "progress = 30" in text  # what happened meanwhile
    assert commits(started)[:2] == ["edit: Lead a debrief", "goal progress: Lead a debrief (30%)"]


def test_an_edit_of_the_same_lines_as_a_change_made_meanwhile_is_kept_to_settle(
    mpl: Run, started: Path, editor
) -> None:
    mpl("goal", "add", "Lead a debrief")
    mpl("goal", "progress", "lead", "Read the guide", "--percent", "10")
    path = started / "goals/lead-a-debrief.md"
    editor(CONCURRENT_PROGRESS + "text = text.replace('progress = 10', 'progress = 50')")
    result = mpl("edit", "lead", code=1)
    draft = started / ".mpl/drafts/lead-a-debrief.md"
    assert "goals/lead-a-debrief.md changed while you were editing it, on lines you changed too" in (
        result.stderr
    )
    assert "progress = 30" in path.read_text()  # what happened meanwhile stays
    assert commits(started)[0] == "goal progress: Lead a debrief (30%)"
    marked = draft.read_text()
    assert "<<<<<<< your edit\nprogress = 50\n=======\nprogress = 30\n>>>>>>> changed meanwhile\n" in marked

    editor(
        "text = text.replace('<<<<<<< your edit\\nprogress = 50\\n=======\\n', '')"
        ".replace('>>>>>>> changed meanwhile\\n', '')"
    )
    result = mpl("edit", "lead")
    assert "carrying on with your unsaved edit" in result.stderr
    assert "progress = 30" in path.read_text() and "Shadowed Priya" in path.read_text()
    assert not draft.exists()


def test_conflict_markers_left_in_an_edit_are_refused(mpl: Run, started: Path, editor) -> None:
    mpl("log", "Journal club")
    editor(
        "text = text.replace('## What?\\n', '## What?\\n<<<<<<< mine\\nA\\n=======\\nB\\n>>>>>>> theirs\\n')"
    )
    result = mpl("edit", "journal", code=4)
    assert "it still holds conflict markers" in result.stderr


def test_an_edit_that_cannot_be_saved_keeps_the_draft(mpl: Run, started: Path, editor, monkeypatch) -> None:
    from mpl.storage import git as storage_git

    mpl("log", "Journal club")
    editor("text = text.replace('## What?\\n', '## What?\\n\\nWords I typed.\\n')")

    def refuse(*args, **kwargs):
        from mpl.errors import GitFailed

        raise GitFailed("git could not commit (edit: Journal club): fatal: No space left on device")

    monkeypatch.setattr(storage_git.Repository, "commit", refuse)
    mpl("edit", "journal", code=5)
    assert "Words I typed." in (started / ".mpl/drafts/journal-club.md").read_text()
