"""`mpl export --format xapi`: statements a learning record store takes, checked with
Ralph's strict xAPI model (a real LRS's own validator)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ralph.models.xapi.base.statements import BaseXapiStatement

from mpl.exporters.xapi import duration

from conftest import Run

ADL = "http://adlnet.gov/expapi"


def exported(mpl: Run, *args: str) -> list[dict]:
    statements = json.loads(mpl("export", "--format", "xapi", *args).stdout)
    for statement in statements:
        BaseXapiStatement.model_validate(statement)  # strict: no extra, empty or null values
    return statements


def by_name(statements: list[dict]) -> dict[str, dict]:
    return {s["object"]["definition"]["name"]["en"]: s for s in statements}


def test_every_statement_of_a_year_is_valid_xapi(mpl: Run, example: Path) -> None:
    statements = exported(mpl, "--period", "2026")
    moments = json.loads(mpl("list", "--since", "2026-01-01", "--until", "2026-12-31", "--json").stdout)
    public = [m for m in moments if not m["private"]]
    assert len(statements) == len(public) + 1  # and the one goal achieved in 2026
    assert len({s["id"] for s in statements}) == len(statements)
    named = by_name(statements)

    course = named["IV therapy and drug calculations study day"]
    assert course["verb"] == {"id": f"{ADL}/verbs/completed", "display": {"en": "completed"}}
    assert course["object"]["definition"]["type"] == f"{ADL}/activities/course"
    assert course["actor"] == {
        "objectType": "Agent",
        "name": "Sam Patel",
        "mbox": "mailto:sam.patel@example.org",
    }
    assert course["result"] == {"duration": "PT7H"}  # no reflection without --with-learned
    assert course["timestamp"] == "2026-01-27T12:00:00+00:00"
    assert course["version"] == "1.0.3"
    parent = course["context"]["contextActivities"]["parent"]
    assert [p["definition"] for p in parent] == [
        {"type": f"{ADL}/activities/objective", "name": {"en": "Complete IV therapy competency"}}
    ]
    achieved = named["Complete IV therapy competency"]
    assert achieved["object"]["id"] == parent[0]["id"]  # the goal is one activity throughout
    assert achieved["result"] == {"success": True, "completion": True}
    assert achieved["timestamp"].startswith("2026-06-10T")
    assert named["Read the sepsis guideline"]["verb"]["id"] == "http://activitystrea.ms/schema/1.0/read"


def test_ids_are_stable_and_follow_the_content(mpl: Run, example: Path, editor) -> None:
    first = exported(mpl, "--period", "2026")
    assert exported(mpl, "--period", "2026") == first
    editor("text = text.replace('hours = 7.0', 'hours = 7.5')")
    mpl("edit", "iv-therapy-and-drug")
    again = by_name(exported(mpl, "--period", "2026"))
    before = by_name(first)
    changed = "IV therapy and drug calculations study day"
    assert again[changed]["id"] != before[changed]["id"]  # sent again as a new statement
    assert again[changed]["object"]["id"] == before[changed]["object"]["id"]  # about the same activity
    assert again[changed]["result"]["duration"] == "PT7H30M"
    assert {k: v["id"] for k, v in again.items() if k != changed} == {
        k: v["id"] for k, v in before.items() if k != changed
    }


def test_what_i_learned_only_when_asked(mpl: Run, started: Path) -> None:
    (started / "mpl.toml").write_text(
        (started / "mpl.toml")
        .read_text()
        .replace('name = "Sam Patel"', 'name = "Sam Patel"\nemail = "sam@example.org"')
    )
    mpl("log", "Sepsis update", "--kind", "course", "--what", "A study day", "--so-what", "Lactate matters")
    mpl("log", "A Gibbs one", "--model", "gibbs", "-s", "description=x", "-s", "conclusion=Ask sooner")
    mpl("log", "Secret", "--private", "--so-what", "mine alone")
    plain = exported(mpl)
    assert all("result" not in s for s in plain) and len(plain) == 2
    learned = by_name(exported(mpl, "--with-learned"))
    assert learned["Sepsis update"]["result"] == {"response": "Lactate matters"}
    assert learned["A Gibbs one"]["result"] == {"response": "Ask sooner"}
    assert "Secret" not in learned
    assert len(exported(mpl, "--include-private")) == 3


def test_an_account_instead_of_an_email_and_a_zone(mpl: Run, started: Path) -> None:
    settings = started / "mpl.toml"
    text = settings.read_text().replace(
        'cpd_year_start = "01-01"', 'cpd_year_start = "01-01"\ntimezone = "Europe/London"'
    )
    settings.write_text(text + '\n[xapi]\nhomepage = "https://lms.example.org"\naccount = "spatel"\n')
    mpl("log", "Summer reading", "--date", "2026-07-01", "--kind", "reading", "--hours", "0.25")
    (statement,) = exported(mpl)
    assert statement["actor"] == {
        "objectType": "Agent",
        "name": "Sam Patel",
        "account": {"homePage": "https://lms.example.org", "name": "spatel"},
    }
    assert statement["timestamp"] == "2026-07-01T12:00:00+01:00"
    assert statement["result"] == {"duration": "PT15M"}


def test_no_email_and_no_account_says_what_to_add(mpl: Run, started: Path) -> None:
    mpl("log", "Something")
    result = mpl("export", "--format", "xapi", code=1)
    assert "xAPI statements name you by your email or an account, and mpl.toml has no email" in result.stderr


def test_options_of_another_format_are_refused(mpl: Run, example: Path) -> None:
    assert "--with-learned is for --format xapi, not md" in mpl("export", "--with-learned", code=1).stderr


@pytest.mark.parametrize(
    ("hours", "text"), [(1.5, "PT1H30M"), (0.25, "PT15M"), (7, "PT7H"), (0.001, "PT4S"), (100, "PT100H")]
)
def test_durations(hours: float, text: str) -> None:
    assert duration(hours) == text
