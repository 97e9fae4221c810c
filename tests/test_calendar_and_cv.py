"""`mpl export --format ics` (parsed back with `icalendar`) and `--format jsonresume`
(validated with `jsonschema` against the JSON Resume schema, vendored in tests/schemas/)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from icalendar import Calendar

from conftest import Run

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "jsonresume-1.2.1.schema.json").read_text())
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def calendar(mpl: Run, *args: str) -> Calendar:
    text = mpl("export", "--format", "ics", *args).stdout
    return Calendar.from_ical(text)


def entries(cal: Calendar, name: str) -> dict[str, object]:
    return {str(entry["summary"]): entry for entry in cal.walk(name)}


def test_goals_as_tasks(mpl: Run, example: Path) -> None:
    todos = entries(calendar(mpl), "VTODO")
    mentor = todos["Goal due: Mentor a student nurse through a placement"]
    assert mentor.decoded("due") == dt.date(2026, 10, 31)
    assert str(mentor["status"]) == "IN-PROCESS"
    assert int(mentor["percent-complete"]) == 60
    (alarm,) = mentor.walk("VALARM")
    assert alarm.decoded("trigger") == dt.timedelta(days=-7)
    assert str(alarm["action"]) == "DISPLAY"
    assert "Success looks like:" in str(mentor["description"])
    review = todos["Review goal: Mentor a student nurse through a placement"]
    assert review.decoded("due") == dt.date(2026, 9, 30)
    done = todos["Goal due: Complete IV therapy competency"]
    assert (str(done["status"]), int(done["percent-complete"])) == ("COMPLETED", 100)
    assert done.walk("VALARM") == []  # an achieved goal's date reminds no one
    assert "Review goal: Complete IV therapy competency" not in todos  # closed goals need no review
    uids = [str(todo["uid"]) for todo in todos.values()]
    assert len(set(uids)) == len(uids)
    assert uids == [str(todo["uid"]) for todo in entries(calendar(mpl), "VTODO").values()]  # stable


def test_goals_as_all_day_events(mpl: Run, example: Path) -> None:
    cal = calendar(mpl, "--as-events")
    assert cal.walk("VTODO") == []
    events = entries(cal, "VEVENT")
    debrief = next(event for summary, event in events.items() if summary.startswith("Goal due: Lead a team"))
    start, end = debrief.decoded("dtstart"), debrief.decoded("dtend")
    assert isinstance(start, dt.date) and not isinstance(start, dt.datetime)
    assert end - start == dt.timedelta(days=1)
    assert len(debrief.walk("VALARM")) == 1
    tasks = {str(todo["uid"]) for todo in calendar(mpl).walk("VTODO")}
    assert {str(event["uid"]) for event in events.values()} == tasks  # the same entries either way


def test_private_goals_stay_out_of_the_calendar(mpl: Run, started: Path) -> None:
    mpl("goal", "add", "Open goal", "--by", "2027-03-31")
    mpl("goal", "add", "Secret goal", "--by", "2027-03-31", "--private")
    summaries = set(entries(calendar(mpl), "VTODO"))
    assert summaries == {"Goal due: Open goal"}
    assert "Goal due: Secret goal" in set(entries(calendar(mpl, "--include-private"), "VTODO"))


def test_an_empty_calendar_is_said_to_be_empty(mpl: Run, started: Path) -> None:
    """A calendar with no task is no use to import (and RFC 5545 asks for one at least)."""
    said = mpl("export", "--format", "ics")
    assert Calendar.from_ical(said.stdout).subcomponents == []
    assert "the calendar is empty: no goal in the pack has a target or review date" in said.stderr
    mpl("goal", "add", "Open goal", "--by", "2027-03-31")
    assert "calendar is empty" not in mpl("export", "--format", "ics").stderr


def test_a_cv_in_json_resume(mpl: Run, example: Path) -> None:
    resume = json.loads(mpl("export", "--format", "jsonresume").stdout)
    VALIDATOR.validate(resume)
    assert resume["basics"] == {"name": "Sam Patel", "label": "Staff Nurse", "email": "sam.patel@example.org"}
    assert resume["work"] == [
        {"position": "Staff Nurse", "startDate": "2024-01-08", "name": "St Elsewhere NHS Trust"},
        {
            "position": "Newly Qualified Nurse",
            "startDate": "2021-09-06",
            "name": "Northgate Hospitals NHS Foundation Trust",
            "endDate": "2024-01-07",
        },
    ]
    assert resume["certificates"] == [
        {"name": "Signed off as competent in IV therapy", "date": "2026-06-10"},
        {"name": "Complete IV therapy competency", "date": "2026-06-10"},
    ]
    assert (
        json.loads(mpl("export", "--format", "jsonresume", "--period", "2025").stdout)["certificates"] == []
    )


def test_the_schema_check_can_fail() -> None:
    bad = {"certificates": [{"name": "First aid", "date": "31/01/2026"}], "basics": {"email": "not an email"}}
    errors = list(VALIDATOR.iter_errors(bad))
    assert len(errors) == 2


@pytest.mark.parametrize("issuer", ["Resuscitation Council UK", None])
def test_credentials_with_and_without_an_issuer(mpl: Run, started: Path, issuer: str | None) -> None:
    mpl("log", "Immediate Life Support", "--kind", "credential", "--date", "2026-02-02")
    if issuer:
        path = next((started / "log").rglob("*immediate-life-support.md"))
        path.write_text(
            path.read_text().replace('kind = "credential"', f'kind = "credential"\nissuer = "{issuer}"')
        )
    resume = json.loads(mpl("export", "--format", "jsonresume").stdout)
    VALIDATOR.validate(resume)
    expected = {"name": "Immediate Life Support", "date": "2026-02-02"} | (
        {"issuer": issuer} if issuer else {}
    )
    assert resume["certificates"] == [expected]


def test_the_next_review_meeting_is_a_task_with_a_reminder(mpl: Run, started: Path) -> None:
    mpl("review", "add", "--with", "Ward manager", "--agreed", "Lead a debrief", "--next", "2027-01-12")
    todos = entries(calendar(mpl), "VTODO")
    meeting = todos["Review meeting with Ward manager"]
    assert meeting.decoded("due") == dt.date(2027, 1, 12)
    assert "- Lead a debrief" in str(meeting["description"])
    (alarm,) = meeting.walk("VALARM")
    assert alarm.decoded("trigger") == dt.timedelta(days=-7)
    events = entries(calendar(mpl, "--as-events"), "VEVENT")
    assert events["Review meeting with Ward manager"].decoded("dtstart") == dt.date(2027, 1, 12)
    assert str(events["Review meeting with Ward manager"]["uid"]) == str(meeting["uid"])
    mpl("review", "add", "--with", "Ward manager", "--private", "--next", "2027-02-01")
    assert entries(calendar(mpl), "VTODO")["Review meeting with Ward manager"].decoded("due") == dt.date(
        2027, 1, 12
    )  # a private review's date stays out, like the review
