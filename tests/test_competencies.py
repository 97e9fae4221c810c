"""Competency frameworks: codes checked where records name them, and the coverage matrix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mpl.storage.frameworks import example_text

from conftest import Run

FRAMEWORK = """\
format = 1
title = "Ward competencies"

[[competencies]]
code = "A1"
title = "Assessment"
group = "Care"

[[competencies]]
code = "A2"
title = "Escalation"
group = "Care"

[[competencies]]
code = "L1"
title = "Leading a shift"
group = "Leadership"
"""


@pytest.fixture
def framed(mpl: Run, started: Path) -> Path:
    (started / "frameworks").mkdir()
    (started / "frameworks" / "ward.toml").write_text(FRAMEWORK)
    return started


def test_codes_are_checked_against_the_frameworks_and_spelled_as_they_are(mpl: Run, framed: Path) -> None:
    mpl(
        "log", "Sepsis day", "--date", "2026-03-01", "--competency", "a2", "--competency", "A1", "--what", "x"
    )
    moment = json.loads(mpl("show", "sepsis", "--json").stdout)
    assert moment["competencies"] == ["A2", "A1"]
    error = mpl("log", "Other", "--competency", "Z9", code=1).stderr
    assert error == (
        "mpl: error: no competency 'Z9' in your frameworks (frameworks/)"
        " (`mpl competencies` lists the codes)\n"
    )
    assert "no competency 'Z9'" in mpl("goal", "add", "Lead", "--competency", "Z9", code=1).stderr
    mpl("goal", "add", "Lead a shift", "--competency", "l1")
    assert json.loads(mpl("show", "lead-a-shift", "--json").stdout)["competencies"] == ["L1"]


def test_without_frameworks_any_code_goes(mpl: Run, started: Path) -> None:
    mpl("log", "Sepsis day", "--competency", "anything at all", "--what", "x")
    assert "no competency frameworks in frameworks/ yet" in mpl("competencies", code=1).stderr


def test_the_coverage_matrix_counts_records_evidence_and_the_last_day(
    mpl: Run, framed: Path, tmp_path: Path
) -> None:
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(b"%PDF-1.4 certificate")
    mpl(
        "log",
        "Sepsis day",
        "--date",
        "2026-03-01",
        "--competency",
        "A1",
        "--competency",
        "A2",
        "--evidence",
        str(certificate),
        "--what",
        "x",
    )
    mpl(
        "log",
        "Rapid response",
        "--date",
        "2026-06-01",
        "--competency",
        "A2",
        "--evidence",
        str(certificate),
        "--what",
        "x",
    )
    mpl("log", "Old assessment course", "--date", "2024-01-10", "--competency", "a1", "--what", "x")
    mpl("goal", "add", "Lead a shift", "--competency", "L1")
    (framed / "log" / "2026" / "2026-06-01-rapid-response.md").write_text(
        (framed / "log" / "2026" / "2026-06-01-rapid-response.md").read_text().replace('"A2"', '"A2", "X7"')
    )
    found = json.loads(mpl("competencies", "--json").stdout)
    rows = {row["code"]: row for row in found["competencies"]}
    assert [code for code in rows] == ["A1", "A2", "L1"]
    assert (rows["A1"]["records"], rows["A1"]["evidence"], rows["A1"]["last"]) == (2, 1, "2026-03-01")
    assert rows["A1"]["moments"] == ["old-assessment-course", "sepsis-day"]
    assert (rows["A2"]["records"], rows["A2"]["evidence"], rows["A2"]["last"]) == (2, 1, "2026-06-01")
    assert (rows["L1"]["records"], rows["L1"]["goals"], rows["L1"]["last"]) == (1, ["lead-a-shift"], None)
    assert found["uncovered"] == [] and found["unknown"] == {"X7": ["rapid-response"]}
    since = json.loads(mpl("competencies", "--json", "--since", "2025-01-01").stdout)
    assert since["competencies"][0]["moments"] == ["sepsis-day"]

    shown = mpl("competencies").stdout
    assert "3 of 3 competencies shown in the record." in shown
    assert "a goal only" in shown and "Not in any framework: X7 (named by rapid-response)" in shown


def test_codes_with_nothing_yet_are_named(mpl: Run, framed: Path) -> None:
    mpl("log", "Sepsis day", "--competency", "A2", "--what", "x")
    found = json.loads(mpl("competencies", "--json").stdout)
    assert found["uncovered"] == ["A1", "L1"]
    shown = mpl("competencies").stdout
    assert "1 of 3 competencies shown in the record.\nNothing yet for: A1, L1\n" in shown
    assert shown.count("nothing yet") == 2


def test_a_malformed_framework_is_one_clear_line(mpl: Run, framed: Path) -> None:
    (framed / "frameworks" / "other.toml").write_text(FRAMEWORK.replace('code = "A1"', 'code = "Q1"'))
    error = mpl("competencies", code=4).stderr
    assert error == (
        "mpl: error: frameworks/ward.toml:10: the code 'A2' is already in frameworks/other.toml:"
        " codes must be unique (the file was left as it is: fix it in any editor)\n"
    )
    (framed / "frameworks" / "other.toml").write_text(FRAMEWORK.replace('title = "Escalation"\n', ""))
    error = mpl("log", "x", "--competency", "A1", code=4).stderr
    assert error.startswith("mpl: error: frameworks/other.toml:9: competencies.1.title: Field required")
    assert error.count("\n") == 1


def test_the_example_framework_is_shipped_and_valid(mpl: Run, started: Path) -> None:
    text = mpl("competencies", "--example").stdout
    assert text == example_text() and "written for mpl" in text
    (started / "frameworks").mkdir()
    (started / "frameworks" / "example.toml").write_text(text)
    found = json.loads(mpl("competencies", "--json").stdout)
    assert len(found["competencies"]) == 12 and len(found["uncovered"]) == 12
