"""`mpl import jrnl` and `mpl import csv`: previewed, all or nothing, and never twice."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from mpl.domain.imports import parse_day, parse_hours
from mpl.errors import MplError
from mpl.storage import change as change_module

from conftest import Run, commits, git

SAMPLE = Path(__file__).parent / "data" / "jrnl-export.json"  # a real `jrnl --format json` export


@pytest.fixture
def jrnl_file(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLE, tmp_path / "journal.json"))


def moments(mpl: Run) -> dict[str, dict]:
    return {m["title"]: m for m in json.loads(mpl("list", "--all", "--json").stdout)}


def test_the_jrnl_sample_every_field(mpl: Run, started: Path, jrnl_file: Path) -> None:
    before = commits(started)
    result = mpl("import", "jrnl", str(jrnl_file))
    assert (
        result.stdout
        == "Imported 3 learning moments from journal.json (none imported before) in one commit\n"
    )
    assert commits(started) == ["import: 3 learning moments from journal.json", *before]
    found = moments(mpl)
    assert list(found) == [
        "Paired with a senior engineer on a flaky test.",
        "Gave a lightning talk on property-based testing.",
        "Retrospective facilitation.",
    ]
    paired, talk, retro = found.values()
    assert (paired["date"], paired["time"], paired["tags"]) == (
        "2026-02-10",
        "10:00",
        ["debugging", "pairing"],
    )
    assert (talk["date"], talk["time"], talk["tags"]) == ("2026-03-01", "09:00", ["speaking", "testing"])
    assert (retro["date"], retro["time"], retro["tags"]) == ("2026-03-20", "18:00", ["facilitation"])
    assert [m["highlight"] for m in found.values()] == [False, True, False]
    assert paired["reflection"] == {"Reflection": "Learned to bisect with git. @debugging @pairing"}
    assert retro["reflection"] == {
        "Reflection": "I ran the team retro for the first time.\n\n"
        "Next time: timebox the venting section. @facilitation"
    }
    for moment in found.values():
        assert (moment["kind"], moment["model"], moment["hours"], moment["role"]) == (
            "other",
            "free",
            0,
            "Staff Nurse",
        )
        assert moment["import_key"].startswith("jrnl:")
    text = (
        started / "log" / "2026" / "2026-03-01-gave-a-lightning-talk-on-property-based-testing.md"
    ).read_text()
    assert 'time = "09:00"\nhighlight = true\nimport_key = "jrnl:' in text
    assert (
        "highlight" not in (started / "log" / "2026" / "2026-03-20-retrospective-facilitation.md").read_text()
    )

    again = mpl("import", "jrnl", str(jrnl_file))
    assert again.stdout == "Nothing new to import from journal.json (3 imported before)\n"
    assert len(commits(started)) == len(before) + 1
    assert len(moments(mpl)) == 3


def test_jrnl_kind_for_all_and_a_preview_that_changes_nothing(
    mpl: Run, started: Path, jrnl_file: Path
) -> None:
    before = commits(started)
    preview = mpl("import", "jrnl", str(jrnl_file), "--kind", "reflection", "--dry-run")
    assert preview.stdout.splitlines() == [
        "would import 2026-02-10 10:00  Paired with a senior engineer on a flaky test. "
        "(reflection; 0 h; tags: debugging, pairing)",
        "would import 2026-03-01 09:00  Gave a lightning talk on property-based testing. "
        "(reflection; 0 h; tags: speaking, testing; highlight)",
        "would import 2026-03-20 18:00  Retrospective facilitation. (reflection; 0 h; tags: facilitation)",
        "3 to import, none imported before (dry run: nothing changed)",
    ]
    assert commits(started) == before and not (started / "log").exists()
    mpl("import", "jrnl", str(jrnl_file), "--kind", "reflection")
    assert {m["kind"] for m in moments(mpl).values()} == {"reflection"}


def test_a_time_of_day_reaches_xapi(mpl: Run, started: Path, jrnl_file: Path) -> None:
    settings = started / "mpl.toml"
    settings.write_text(
        settings.read_text().replace('name = "Sam Patel"', 'name = "Sam Patel"\nemail = "s@example.org"')
    )
    mpl("import", "jrnl", str(jrnl_file))
    stamps = [
        s["timestamp"] for s in json.loads(mpl("export", "--format", "xapi", "--period", "2026").stdout)
    ]
    assert stamps == ["2026-02-10T10:00:00+00:00", "2026-03-01T09:00:00+00:00", "2026-03-20T18:00:00+00:00"]


def test_hostile_jrnl_text_is_made_inert(mpl: Run, started: Path, tmp_path: Path) -> None:
    journal = tmp_path / "hostile.json"
    entry = {
        "title": "Bold\x1b[1m move\x07 \u202eevil\u202c",
        "body": "line one\x00\r\nline two \x1b]8;;http://x\x07link\x1b]8;;\x07",
        "date": "2026-04-01",
        "time": "07:05",
        "tags": ["@ok", "#\x1b[31mred"],
        "starred": False,
    }
    journal.write_text(json.dumps({"tags": {}, "entries": [entry]}))
    mpl("import", "jrnl", str(journal))
    (moment,) = moments(mpl).values()
    assert moment["title"] == "Bold[1m move evil"
    assert moment["reflection"] == {"Reflection": "line one\nline two ]8;;http://xlink]8;;"}
    assert moment["tags"] == ["ok", "[31mred"]
    shown = mpl("show", moment["id"]).stdout
    assert "\x1b" not in shown and "\x07" not in shown


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        ([{"title": "ok", "date": "2026-01-01"}, {"title": "bad", "date": "01/02/2026"}], "entry 2: date"),
        ([{"title": "ok", "date": "2026-01-01", "time": "25:99"}], "entry 1: time '25:99' is not HH:MM"),
        ([{"date": "2026-01-01", "body": ""}], "entry 1: has neither a title nor a body"),
        ([{"title": "ok", "date": "2026-01-01", "starred": "yes"}], "entry 1: starred must be true or false"),
    ],
)
def test_a_bad_jrnl_entry_is_named_and_nothing_imported(
    mpl: Run, started: Path, tmp_path: Path, entries: list, message: str
) -> None:
    journal = tmp_path / "bad.json"
    journal.write_text(json.dumps({"entries": entries}))
    before = commits(started)
    result = mpl("import", "jrnl", str(journal), code=1)
    assert result.stderr.startswith(f"mpl: error: {message}")
    assert "nothing was imported" in result.stderr
    assert commits(started) == before and not (started / "log").exists()


def test_not_a_jrnl_export(mpl: Run, started: Path, tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("{not json")
    assert "line 1: not JSON" in mpl("import", "jrnl", str(tmp_path / "x.json"), code=1).stderr
    (tmp_path / "y.json").write_text("[1, 2]")
    assert "is not jrnl's JSON export" in mpl("import", "jrnl", str(tmp_path / "y.json"), code=1).stderr


PORTAL = (
    "Date,Activity,Duration,Type,Notes,Tags\r\n"
    '31/01/2026,Sepsis study day,7:30,Study day,"Learned qSOFA, and ""lactate"" matters",sepsis; acute\r\n'
    '2026-02-03,"=HYPERLINK(""http://evil.example/x"",""click"")",1.5,E-learning,,\r\n'
    "14 Feb 2026,Read NICE NG51,90 min,book,,#sepsis #guidelines\r\n"
    ",,,,,\r\n"
    '"March 2, 2026",Feedback from my ward manager,0.25,feedback,,\r\n'
)
MAPS = (
    "--map",
    "title=Activity",
    "--map",
    "hours=Duration",
    "--map",
    "kind=Type",
    "--map",
    "reflection=Notes",
)


def test_a_portal_csv_mapped_and_the_mapping_saved(mpl: Run, started: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "cpd.csv"
    sheet.write_text(PORTAL, encoding="utf-8-sig")
    assert "row 2: " not in mpl("import", "csv", str(sheet), *MAPS, "--dry-run").stdout
    result = mpl("import", "csv", str(sheet), *MAPS)
    assert result.stdout.splitlines() == [
        "Imported 4 learning moments from cpd.csv (none imported before) in one commit",
        "Saved the column mapping in mpl.toml: title=Activity, hours=Duration, kind=Type, reflection=Notes",
    ]
    assert git(started, "show", "--stat", "--format=%s", "HEAD").count("|") == 5  # 4 moments and mpl.toml
    found = moments(mpl)
    study = found["Sepsis study day"]
    assert (study["date"], study["hours"], study["kind"], study["tags"]) == (
        "2026-01-31",
        7.5,
        "course",
        ["sepsis", "acute"],
    )
    assert study["reflection"] == {"Reflection": 'Learned qSOFA, and "lactate" matters'}
    assert found["Read NICE NG51"]["hours"] == 1.5 and found["Read NICE NG51"]["kind"] == "reading"
    assert found["Read NICE NG51"]["tags"] == ["sepsis", "guidelines"]  # hashtags, space apart
    assert found["Feedback from my ward manager"]["date"] == "2026-03-02"
    formula = found['=HYPERLINK("http://evil.example/x","click")']  # kept as written, as text
    assert formula["kind"] == "online"
    exported = mpl("export", "--format", "csv", "--period", "2026").stdout
    assert "\"'=HYPERLINK(" in exported  # and inert in a spreadsheet
    assert "[csv_columns]" in (started / "mpl.toml").read_text()

    sheet.write_text(PORTAL + "2026-03-09,Safeguarding level 3,3,course,,\r\n")
    again = mpl("import", "csv", str(sheet))  # the saved mapping serves again
    assert again.stdout == "Imported 1 learning moment from cpd.csv (4 imported before) in one commit\n"


def test_one_bad_row_names_the_row_and_imports_nothing(mpl: Run, started: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "cpd.csv"
    sheet.write_text(
        "date,title,hours\n2026-01-05,Good one,1\n2026-01-06,Bad hours,lots\n2026-01-07,Another,2\n"
    )
    settings = (started / "mpl.toml").read_text()
    before = commits(started)
    result = mpl("import", "csv", str(sheet), "--map", "hours=hours", code=1)
    assert result.stderr == (
        "mpl: error: row 3: cannot read the hours 'lots' (write them like 1.5, 1:30 or 90 min)\n"
    )
    assert commits(started) == before
    assert not (started / "log").exists()
    assert (started / "mpl.toml").read_text() == settings  # the mapping is saved only with an import


def test_ambiguous_dates_need_an_order(mpl: Run, started: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "cpd.csv"
    sheet.write_text("Date,Title\n03/04/2026,Fire safety\n")
    refused = mpl("import", "csv", str(sheet), code=1)
    assert refused.stderr.startswith(
        "mpl: error: row 2: the date '03/04/2026' could be day/month or month/day"
    )
    assert "--dayfirst" in refused.stderr
    mpl("import", "csv", str(sheet), "--monthfirst")
    assert moments(mpl)["Fire safety"]["date"] == "2026-03-04"


def test_a_failed_write_leaves_nothing(
    mpl: Run, started: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = tmp_path / "cpd.csv"
    sheet.write_text("date,title\n2026-01-05,One\n2026-01-06,Two\n2026-01-07,Three\n")
    real, written = change_module.atomic_write, []

    def fail_on_the_third(path: Path, text: str | bytes) -> None:
        if path.suffix == ".md":
            written.append(path)
            if len(written) == 3:
                raise MplError(f"cannot write {path}: No space left on device")
        real(path, text)

    monkeypatch.setattr(change_module, "atomic_write", fail_on_the_third)
    before = commits(started)
    assert "No space left on device" in mpl("import", "csv", str(sheet), code=1).stderr
    assert commits(started) == before
    assert not list((started / "log").rglob("*.md"))
    assert git(started, "status", "--porcelain") == ""


@pytest.mark.parametrize(
    ("text", "order", "day"),
    [
        ("2026-01-31", None, dt.date(2026, 1, 31)),
        ("2026/1/31", None, dt.date(2026, 1, 31)),
        ("31/01/2026", None, dt.date(2026, 1, 31)),
        ("01/31/2026", None, dt.date(2026, 1, 31)),
        ("31.01.2026", None, dt.date(2026, 1, 31)),
        ("31-01-26", None, dt.date(2026, 1, 31)),
        ("05/05/2026", None, dt.date(2026, 5, 5)),
        ("03/04/2026", "dayfirst", dt.date(2026, 4, 3)),
        ("03/04/2026", "monthfirst", dt.date(2026, 3, 4)),
        ("31 Jan 2026", None, dt.date(2026, 1, 31)),
        ("31st January 2026", None, dt.date(2026, 1, 31)),
        ("Jan 31, 2026", None, dt.date(2026, 1, 31)),
        ("Sept 3 2026", None, dt.date(2026, 9, 3)),
        ("2026-01-31 00:00:00", None, dt.date(2026, 1, 31)),  # Excel
        ("2026-01-31T09:30", None, dt.date(2026, 1, 31)),
        ("2026-01-31T09:30:00.000+01:00", None, dt.date(2026, 1, 31)),
        ("31/01/2026 09:30", None, dt.date(2026, 1, 31)),
        ("31-Jan-26", None, dt.date(2026, 1, 31)),
        ("31-Jan-2026", None, dt.date(2026, 1, 31)),
        ("Saturday, 31 January 2026", None, dt.date(2026, 1, 31)),
        ("Sat 31 Jan 2026", None, dt.date(2026, 1, 31)),
        ("20260131", None, dt.date(2026, 1, 31)),
    ],
)
def test_date_spellings(text: str, order: str | None, day: dt.date) -> None:
    assert parse_day(text, order) == day


@pytest.mark.parametrize(
    "text",
    [
        "03/04/2026",
        "03/04/2026 00:00",
        "31/31/2026",
        "30 Febtober 2026",
        "yesterday",
        "2026-02-30",
        "31012026",
    ],
)
def test_dates_refused(text: str) -> None:
    with pytest.raises(MplError):
        parse_day(text)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("1.5", 1.5),
        ("1,5", 1.5),
        ("1:30", 1.5),
        ("90 min", 1.5),
        ("1h 30m", 1.5),
        ("2 hours", 2),
        ("45 minutes", 0.75),
    ],
)
def test_hour_spellings(text: str, hours: float) -> None:
    assert parse_hours(text) == hours


@pytest.mark.parametrize(
    ("rest", "said"),
    [
        ("", "the quote opened on line 3 is never closed: it runs to the end of the file"),
        (
            '2026-03-06,"Quoted",1\n',
            "the quote opened on line 3 runs on to line 5, where the CSV breaks: ',' expected after '\"'",
        ),
    ],
)
def test_a_quote_never_closed_is_refused_not_read_as_one_row(
    mpl: Run, started: Path, tmp_path: Path, rest: str, said: str
) -> None:
    sheet = tmp_path / "cpd.csv"
    sheet.write_text(
        'date,title,hours\n2026-03-01,Fine,1\n2026-03-02,"unterminated,1\n2026-03-05,Last,1\n' + rest
    )
    before = commits(started)
    result = mpl("import", "csv", str(sheet), code=1)
    assert result.stderr == (
        f'mpl: error: row 3: {said} (close the quote; write a quote inside a quoted cell as two: "")\n'
    )
    assert commits(started) == before
    sheet.write_text(
        'date,title,hours\n2026-03-01,"Fine,\nand ""more""",1\n'
    )  # a line break in a quoted cell is fine
    mpl("import", "csv", str(sheet))
    assert list(moments(mpl)) == ['Fine, and "more"']


def test_every_bad_row_is_named_in_one_error(mpl: Run, started: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "cpd.csv"
    sheet.write_text(
        "date,title,hours\n2026-01-05,Good,1\n2026-01-06,Bad hours,lots\n2026-01-07,,2\n03/04/2026,X,1\n"
    )
    before = commits(started)
    assert mpl("import", "csv", str(sheet), code=1).stderr == (
        "mpl: error: 3 rows cannot be imported: row 3: cannot read the hours 'lots'; row 4: has no title; "
        "row 5: the date '03/04/2026' could be day/month or month/day (write them like 1.5, 1:30 or 90 min; "
        "say which with --dayfirst for 31/01/2026 or --monthfirst for 01/31/2026)\n"
    )
    sheet.write_text("date,title\n" + "".join(f"2026-01-{day:02d},\n" for day in range(1, 14)))
    said = mpl("import", "csv", str(sheet), code=1).stderr
    assert said.startswith(
        "mpl: error: 13 rows cannot be imported: row 2: has no title; row 3: has no title;"
    )
    assert said.endswith(
        "; row 11: has no title; and 3 more rows (nothing was imported; fix them and import again)\n"
    )
    assert commits(started) == before
