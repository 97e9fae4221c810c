"""A corpus of malformed records (tests/corpus/): each gives a clear message naming its
file and line, is never rewritten, and never stops the rest of the portfolio working.

One case, the record with a 10 MB body (`generated = true` in the manifest), is made by
`place` when a test runs rather than kept as a file: 10 MB of text would weigh on every
clone of mpl's repository for a case that a few lines of code make exactly.
"""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import pytest

from conftest import Run, git

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = tomllib.loads((CORPUS / "manifest.toml").read_text())
MALFORMED = sorted(name for name, case in MANIFEST.items() if case["expect"])
VALID = sorted(name for name, case in MANIFEST.items() if not case["expect"])


def place(portfolio: Path, name: str) -> Path:
    """Put a corpus file where a person's hand edit would have put it."""
    case = MANIFEST[name]
    folder = portfolio / case["folder"]
    target = folder / f"{name}.md" if case["folder"] == "goals" else folder / "2026" / f"2026-03-10-{name}.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    if case.get("generated"):
        front = '+++\nid = "huge-body"\ntitle = "Huge"\ndate = 2026-03-10\n+++\n\n'
        target.write_text(front + ("A very long reflection. " * 64 + "\n") * 7000)
    else:
        shutil.copyfile(CORPUS / f"{name}.md", target)
    return target


def test_the_corpus_is_large_enough() -> None:
    assert len(MALFORMED) >= 30


@pytest.mark.parametrize("name", MALFORMED)
def test_a_malformed_record(mpl: Run, started: Path, name: str) -> None:
    mpl("log", "A good record", "--hours", "1")
    path = place(started, name)
    before = path.read_bytes()
    shown = path.relative_to(started).as_posix()
    where = f"{shown}:{MANIFEST[name]['line']}" if "line" in MANIFEST[name] else shown

    result = mpl("show", name, code=4)
    assert result.stderr.startswith(f"mpl: error: {where}: "), result.stderr
    assert MANIFEST[name]["expect"] in result.stderr
    assert result.stderr.count("\n") == 1

    listed = mpl("list", "--json")
    assert [m["id"] for m in json.loads(listed.stdout)] == ["a-good-record"]
    goals = mpl("goal", "list", "--json")
    reader = listed if MANIFEST[name]["folder"] == "log" else goals
    assert reader.stderr.startswith(f"mpl: warning: skipped {where}: ")
    mpl("log", "Another good record")
    assert path.read_bytes() == before, "a malformed file must never be rewritten"
    doctor = mpl("doctor", code=6)
    assert f"{where}: " in doctor.stdout, "doctor names the place as the warning does"


@pytest.mark.parametrize("name", VALID)
def test_odd_but_valid_records_are_read(mpl: Run, started: Path, name: str) -> None:
    place(started, name)
    listed = mpl("list", "--json")
    assert listed.stderr == ""
    assert name in [
        m["path"].rsplit("-", 0)[0].split("2026-03-10-")[-1][:-3] for m in json.loads(listed.stdout)
    ]


def test_the_whole_corpus_at_once_leaves_list_working(mpl: Run, started: Path) -> None:
    mpl("log", "A good record", "--hours", "1")
    for name in MANIFEST:
        place(started, name)
    git(started, "add", "-A")
    git(started, "commit", "-qm", "the corpus by hand")
    listed = mpl("list", "--json")
    ids = sorted(m["id"] for m in json.loads(listed.stdout))
    assert ids == sorted(
        ["a-good-record", "twin", "twin", *[n for n in VALID if not n.startswith("ok-duplicate")]]
    )
    malformed_moments = [name for name in MALFORMED if MANIFEST[name]["folder"] == "log"]
    assert len(listed.stderr.splitlines()) == len(malformed_moments)
    assert len(mpl("goal", "list").stderr.splitlines()) == len(MALFORMED) - len(malformed_moments)
    assert "is the id of 2 files" in mpl("show", "twin", code=1).stderr
    assert git(started, "status", "--porcelain") == ""


def test_doctor_names_every_malformed_file_and_nothing_is_rewritten(mpl: Run, started: Path) -> None:
    placed = {name: place(started, name) for name in MANIFEST}
    before = {name: path.read_bytes() for name, path in placed.items()}
    git(started, "add", "-A")
    git(started, "commit", "-qm", "the corpus by hand")
    mpl("list")
    doctor = mpl("doctor", code=6).stdout.splitlines()
    for name in MALFORMED:
        shown = placed[name].relative_to(started).as_posix()
        where = f"{shown}:{MANIFEST[name]['line']}" if "line" in MANIFEST[name] else shown
        assert any(line.startswith(f"{where}: ") for line in doctor), f"doctor does not name {where}"
    mpl("doctor", "--fix", code=6)
    assert {name: path.read_bytes() for name, path in placed.items()} == before
    assert git(started, "status", "--porcelain") == ""
