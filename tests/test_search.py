"""`mpl search` and the index under every read: a cache that is always true to the files."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
from pathlib import Path

import pytest

from mpl.storage.fulltext import fts_query
from mpl.storage.index import SCHEMA

from conftest import Run


@pytest.fixture
def record(mpl: Run, started: Path) -> Path:
    mpl("goal", "add", "Recognise sepsis early", "--success", "Escalate within the hour")
    mpl(
        "log",
        "Sepsis study day",
        "--kind",
        "course",
        "--hours",
        "6",
        "--tag",
        "sepsis",
        "--date",
        "2026-03-02",
        "--what",
        "Lactate and the qSOFA score",
        "--so-what",
        "Early antibiotics save lives",
    )
    mpl(
        "log",
        "Chaired the safety huddle",
        "--kind",
        "on-the-job",
        "--date",
        "2026-10-05",
        "--what",
        "Kept the huddle to ten minutes",
        "--now-what",
        "Ask the quieter staff first",
    )
    mpl(
        "log",
        "Difficult conversation",
        "--private",
        "--date",
        "2026-10-20",
        "--what",
        "A relative asked about sepsis treatment",
    )
    return started


def ids(result) -> list[str]:
    return [hit["id"] for hit in json.loads(result.stdout)]


def test_search_ranks_and_highlights(mpl: Run, record: Path) -> None:
    result = mpl("search", "sepsis")
    assert result.stdout.splitlines()[-1] == "3 matches"
    hits = json.loads(mpl("search", "sepsis", "--json").stdout)
    assert [h["id"] for h in hits][-1] == "difficult-conversation"  # matched only in the body: last
    assert {h["id"] for h in hits} == {"sepsis-study-day", "recognise-sepsis-early", "difficult-conversation"}
    assert all("**sepsis**" in h["snippet"].lower() for h in hits)


def test_phrases_prefixes_and_operators(mpl: Run, record: Path) -> None:
    assert ids(mpl("search", '"safety huddle"', "--json")) == ["chaired-the-safety-huddle"]
    assert ids(mpl("search", '"huddle safety"', "--json")) == []
    assert ids(mpl("search", "antibiot*", "--json")) == ["sepsis-study-day"]
    assert set(ids(mpl("search", "huddle", "OR", "lactate", "--json"))) == {
        "chaired-the-safety-huddle",
        "sepsis-study-day",
    }
    assert ids(mpl("search", "sepsis", "AND", "lactate", "--json")) == ["sepsis-study-day"]
    assert set(ids(mpl("search", "sepsis", "NOT", "relative", "--json"))) == {
        "sepsis-study-day",
        "recognise-sepsis-early",
    }
    assert ids(mpl("search", "escalate", "--json")) == ["recognise-sepsis-early"]  # goal success text


def test_search_takes_the_list_filters(mpl: Run, record: Path) -> None:
    assert ids(mpl("search", "sepsis", "--since", "2026-10-01", "--json")) == ["difficult-conversation"]
    assert ids(mpl("search", "sepsis", "--no-private", "--kind", "course", "--json")) == ["sepsis-study-day"]
    assert ids(mpl("search", "sepsis", "--tag", "sepsis", "--json")) == ["sepsis-study-day"]
    assert ids(mpl("search", "sepsis", "--no-private", "--json")).count("difficult-conversation") == 0


@pytest.mark.parametrize(
    ("words", "line"),
    [
        ("(sepsis", "the brackets do not pair up (close each ( with a ))"),
        ("NOT sepsis", "NOT needs a word before it (NOT leaves out: `mpl search sepsis NOT lactate`;"),
        ("sepsis OR", "OR needs a word after it (like `mpl search sepsis OR lactate`)"),
        ("AND", "give at least one word to search for"),
        ("*", "give at least one word to search for"),
    ],
)
def test_a_broken_query_is_one_clear_line(mpl: Run, record: Path, words: str, line: str) -> None:
    result = mpl("search", words, code=1)
    assert result.stderr.startswith(f"mpl: error: {line}")
    assert result.stderr.count("\n") == 1


def test_the_query_translation_quotes_words_and_joins_them() -> None:
    assert fts_query('on-the-job "safety huddle" lead* AND NOT x') == (
        '"on-the-job" AND "safety huddle" AND "lead"* NOT "x"'
    )
    assert fts_query("sepsis (course OR reading)") == '"sepsis" AND ( "course" OR "reading" )'


def test_and_not_and_brackets_next_to_words_work(mpl: Run, record: Path) -> None:
    assert "sepsis-study-day" not in ids(mpl("search", "sepsis AND NOT study", "--json"))
    assert ids(mpl("search", "sepsis (study OR nothing)", "--json")) == ["sepsis-study-day"]


def test_hand_edits_are_seen_at_once(mpl: Run, record: Path) -> None:
    path = record / "log/2026/2026-10-05-chaired-the-safety-huddle.md"
    path.write_text(path.read_text().replace("ten minutes", "eight minutes, a record"))
    os.utime(path, ns=(1, 1))  # even with an old modification time: the size changed
    assert ids(mpl("search", "record", "--json")) == ["chaired-the-safety-huddle"]
    path.unlink()
    assert ids(mpl("search", "huddle", "--json")) == []
    assert "chaired" not in mpl("list").stdout


def test_a_missing_or_corrupt_index_is_rebuilt_without_a_word(mpl: Run, record: Path) -> None:
    index = record / ".mpl/index.sqlite"
    assert index.exists()
    index.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    listed = mpl("list", "--json")
    assert listed.stderr == "" and len(json.loads(listed.stdout)) == 3
    index.write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        Path(f"{index}{suffix}").unlink(missing_ok=True)
    searched = mpl("search", "sepsis", "--json")
    assert searched.stderr == "" and len(json.loads(searched.stdout)) == 3


def test_an_index_of_another_schema_is_rebuilt(mpl: Run, record: Path) -> None:
    index = record / ".mpl/index.sqlite"
    with sqlite3.connect(index) as db:
        db.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
        db.execute("DELETE FROM records")
    db.close()
    assert len(json.loads(mpl("list", "--json").stdout)) == 3


def test_reindex_rebuilds_from_the_files(mpl: Run, record: Path) -> None:
    assert mpl("reindex").stdout == "Indexed 4 records.\n"


def test_the_index_is_never_committed(mpl: Run, record: Path) -> None:
    from conftest import git

    assert ".mpl" not in git(record, "ls-files")


def test_an_index_damaged_inside_is_rebuilt_without_a_word(mpl: Run, record: Path) -> None:
    index = record / ".mpl/index.sqlite"
    gc.collect()  # closes the connections of the commands run so far, in this process
    with sqlite3.connect(index) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
        page = db.execute("PRAGMA page_size").fetchone()[0]
        roots = [row[0] for row in db.execute("SELECT rootpage FROM sqlite_master WHERE name = 'records'")]
    db.close()
    data = bytearray(index.read_bytes())
    for root in roots:  # the records table's own page: its cells point nowhere now; meta is whole
        start = (root - 1) * page
        data[start + 8 : start + 64] = b"\xff" * 56
    index.write_bytes(bytes(data))
    for args in (("list", "--json"), ("search", "sepsis", "--json"), ("goal", "list", "--json")):
        result = mpl(*args)
        assert result.stderr == "", args
    assert len(json.loads(mpl("list", "--json").stdout)) == 3


def test_an_index_made_by_another_mpl_is_rebuilt(mpl: Run, record: Path) -> None:
    index = record / ".mpl/index.sqlite"
    with sqlite3.connect(index) as db:  # same tables, but another mpl read the files
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (f"{SCHEMA}/0.0.1",))
        db.execute("UPDATE records SET data = NULL, error = 'stale verdict'")
    db.close()
    assert len(json.loads(mpl("list", "--json").stdout)) == 3


def test_list_shows_the_latest_and_counts_them_all(mpl: Run, record: Path, terminal: None) -> None:
    listed = mpl("list", "-n", "2").stdout
    assert (
        listed.splitlines()[-1] == "3 learning moments, 6 hours (the latest 2 shown: --all shows every one)"
    )
    assert "sepsis-study-day" not in listed  # the oldest
    assert mpl("list", "--all").stdout.splitlines()[-1] == "3 learning moments, 6 hours"
    assert len(json.loads(mpl("list", "--json").stdout)) == 3
    assert len(json.loads(mpl("list", "--json", "-n", "1").stdout)) == 1


def test_search_says_how_many_matched_beyond_the_limit(mpl: Run, record: Path) -> None:
    assert mpl("search", "sepsis", "-n", "1").stdout.splitlines()[-1] == (
        "3 matches (the best 1 shown: --limit N shows more)"
    )
    assert mpl("search", "sepsis").stdout.splitlines()[-1] == "3 matches"


def titles(mpl: Run) -> list[str]:
    return [moment["title"] for moment in json.loads(mpl("list", "--json").stdout)]


def test_changes_made_with_git_alone_are_seen(mpl: Run, record: Path) -> None:
    from conftest import git

    path = record / "log/2026/2026-10-05-chaired-the-safety-huddle.md"
    committed = path.read_text()
    path.write_text(committed.replace("Chaired the safety huddle", "Chaired it, edited"))
    assert "Chaired it, edited" in titles(mpl)  # a hand edit, not committed
    git(record, "checkout", "--", str(path))
    assert "Chaired the safety huddle" in titles(mpl)  # put back by git: seen again
    path.write_text(committed.replace("Chaired the safety huddle", "Chaired, committed by hand"))
    git(record, "commit", "-qam", "by hand")
    assert "Chaired, committed by hand" in titles(mpl)
    git(record, "reset", "-q", "--hard", "HEAD~2")  # back before the difficult conversation
    assert titles(mpl) == ["Sepsis study day", "Chaired the safety huddle"]
    git(record, "reset", "-q", "--hard", "HEAD@{1}")
    assert titles(mpl) == ["Sepsis study day", "Chaired, committed by hand", "Difficult conversation"]


def test_the_index_looks_at_every_file_when_git_cannot_say(mpl: Run, record: Path) -> None:
    from conftest import git

    titles(mpl)  # the index has seen the last commit
    index = record / ".mpl/index.sqlite"
    with sqlite3.connect(index) as db:  # ...but that commit no longer exists (a sync rewrote it)
        gone = json.dumps({"head": "0" * 40, "changed": []})
        db.execute("INSERT OR REPLACE INTO meta VALUES ('tree', ?)", (gone,))
    db.close()
    path = record / "log/2026/2026-03-02-sepsis-study-day.md"
    path.write_text(path.read_text().replace("Sepsis study day", "Sepsis day, renamed"))
    git(record, "commit", "-qam", "renamed by hand")  # clean again: only a full look finds it
    assert "Sepsis day, renamed" in titles(mpl)


def test_equally_good_matches_come_in_one_order_whatever_the_index_went_through(
    mpl: Run, started: Path
) -> None:
    for title, word in (("Aaa", "one"), ("Bbb", "two"), ("Ccc", "six")):
        mpl("log", title, "--what", f"kiwi {word}")
    first = json.loads(mpl("search", "kiwi", "--json").stdout)
    path = next((started / "log").rglob("*-aaa.md"))
    path.write_text(path.read_text().replace("kiwi one", "kiwi won"))  # same length: same rank
    again = json.loads(mpl("search", "kiwi", "--json").stdout)
    mpl("reindex")
    rebuilt = json.loads(mpl("search", "kiwi", "--json").stdout)
    order = [[hit["id"] for hit in hits] for hits in (first, again, rebuilt)]
    assert order == [["aaa", "bbb", "ccc"]] * 3
