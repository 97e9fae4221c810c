"""`mpl cpd check`: every shipped pack just met, and missed by the smallest step."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from mpl.storage.rulepacks import pack_files

from conftest import Run
from rulecases import CASES, NMC, RICS, Case, D, Miss, both, change, drop, moment, write_portfolio


def check(mpl: Run, *args: str, code: int = 0) -> dict:
    return json.loads(mpl("cpd", "check", "--json", *args, code=code).stdout)


def test_every_shipped_pack_has_its_cases() -> None:
    assert sorted(case.pack for case in CASES) == sorted(pack_files(Path("/nowhere")))


@pytest.mark.parametrize("case", CASES, ids=[case.pack for case in CASES])
def test_a_record_that_just_meets_the_pack(mpl: Run, portfolio_dir: Path, case: Case) -> None:
    case.write(portfolio_dir)
    result = check(mpl, *case.args)
    (pack,) = result["packs"]
    assert result["met"] and pack["met"], [r for r in pack["requirements"] if not r["met"]]
    for requirement in pack["requirements"]:
        if requirement["figure"] in ("hours", "records", "kinds", "goals"):  # just: not a whit over
            assert requirement["have"] == requirement["need"], requirement


MISSES = [(case, miss) for case in CASES for miss in case.misses]


@pytest.mark.parametrize(("case", "miss"), MISSES, ids=[f"{case.pack}-{miss.name}" for case, miss in MISSES])
def test_a_record_missing_a_requirement_by_the_smallest_step(
    mpl: Run, portfolio_dir: Path, case: Case, miss: Miss
) -> None:
    case.write(portfolio_dir, miss.mutate)
    result = check(mpl, *case.args, code=7)
    (pack,) = result["packs"]
    outcome = next(r for r in pack["requirements"] if r["id"] == miss.requirement)
    assert not result["met"] and not outcome["met"]
    assert outcome["short"] == miss.short, outcome


# -- carrying forward (ACCA) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_year", "started", "carried", "met"),
    [
        (42.0, "2020-01-01", 21, True),  # 21 over last year's 21: all carried
        (50.0, "2020-01-01", 21, True),  # at most 21
        (41.0, "2020-01-01", 20, False),  # one short of enough
        (42.0, "2025-01-01", 0, False),  # nothing from the first CPD year
        (42.0, "2024-12-31", 21, True),  # last year was the second
        (42.0, None, 0, False),  # last year may have been the first: nothing until it is said
    ],
)
def test_acca_carries_verifiable_units_forward(
    mpl: Run, portfolio_dir: Path, last_year: float, started: str | None, carried: float, met: bool
) -> None:
    records = [
        moment("mba", D(2025, 6, 1), hours=last_year, verifiable=True),
        moment("reading", D(2026, 3, 1), hours=19.0),
    ]
    settings = f"[packs.acca]\nstarted = {started}" if started else ""
    write_portfolio(portfolio_dir, f'rule_packs = ["acca"]\n{settings}', records)
    result = check(mpl, code=0 if met else 7)
    units, verifiable = result["packs"][0]["requirements"]
    assert (units["carried"], verifiable["carried"]) == (carried, carried)
    assert (units["have"], verifiable["have"]) == (19 + carried, carried)
    assert "carried forward" in verifiable["summary"] or not carried
    assert (verifiable["note"] is None) == (started is not None) and units["note"] is None


def test_acca_says_how_to_set_the_date_carrying_forward_needs(mpl: Run, portfolio_dir: Path) -> None:
    records = [moment("mba", D(2025, 6, 1), hours=42.0, verifiable=True)]
    write_portfolio(portfolio_dir, 'rule_packs = ["acca"]', records)
    out = mpl("cpd", "check", code=7).stdout
    assert "0 of 21 units " in out
    assert (
        "At least 21 of them verifiable: nothing carried forward, as the cycle before may have been"
        " your first: set your started date with `mpl cpd use acca --date started=YYYY-MM-DD`."
        in " ".join(out.split())
    )


# -- cycles --------------------------------------------------------------------------------


def test_a_passed_renewal_date_counts_to_the_next_one(mpl: Run, portfolio_dir: Path) -> None:
    write_portfolio(portfolio_dir, 'rule_packs = ["nmc"]\n[packs.nmc]\nrenewal = 2023-11-24', [])
    cycle = check(mpl, code=7)["packs"][0]["cycle"]
    assert cycle == {"start": "2023-11-25", "end": "2026-11-24", "days_left": 0, "rolled_from": "2023-11-24"}
    cycle = check(mpl, "--on", "2026-11-25", code=7)["packs"][0]["cycle"]
    assert (cycle["start"], cycle["end"], cycle["days_left"]) == ("2026-11-25", "2029-11-24", 1095)
    assert (
        "(your renewal date 24 Nov 2023 has passed: counted to the next)"
        in mpl("cpd", "check", code=7).stdout
    )


def test_a_day_before_the_renewal_cycle_checks_the_cycle_holding_it(mpl: Run, portfolio_dir: Path) -> None:
    write_portfolio(portfolio_dir, 'rule_packs = ["nmc"]\n[packs.nmc]\nrenewal = 2027-03-31', [])
    for on in ("2024-03-31", "2021-04-01", "2023-06-01"):
        cycle = check(mpl, "--on", on, code=7)["packs"][0]["cycle"]
        assert (cycle["start"], cycle["end"], cycle["rolled_from"]) == ("2021-04-01", "2024-03-31", None)
    assert check(mpl, "--on", "2024-04-01", code=7)["packs"][0]["cycle"]["start"] == "2024-04-01"
    assert (
        "1 Apr 2021 to 31 Mar 2024: 0 days left" in mpl("cpd", "check", "--on", "2024-03-31", code=7).stdout
    )


def test_a_cpd_year_from_the_portfolio_start_day(mpl: Run, portfolio_dir: Path, tmp_path: Path) -> None:
    own = portfolio_dir / "rules" / "my-trust.toml"
    own.parent.mkdir(parents=True)
    own.write_text(MINIMAL.replace('kind = "calendar-year"', 'kind = "cpd-year"'))
    for start, first, last in (("04-01", "2026-04-01", "2027-03-31"), ("11-25", "2025-11-25", "2026-11-24")):
        (portfolio_dir / "mpl.toml").write_text(f'name = "Sam"\ncpd_year_start = "{start}"\n')
        cycle = check(mpl, "--pack", "my-trust", code=7)["packs"][0]["cycle"]
        assert (cycle["start"], cycle["end"]) == (first, last)


def test_a_pack_counting_back_from_a_date_not_set_says_where_to_set_it(mpl: Run, portfolio_dir: Path) -> None:
    write_portfolio(portfolio_dir, "", [])
    error = mpl("cpd", "check", "--pack", "nmc", code=1).stderr
    assert error == (
        "mpl: error: the NMC revalidation pack counts from your renewal date, which mpl.toml does not give"
        " (add `renewal = YYYY-MM-DD` under [packs.nmc] in mpl.toml: the date your registration is due for"
        " renewal (when you apply to revalidate))\n"
    )
    assert "no rule packs to check" in mpl("cpd", "check", code=1).stderr


def test_a_pack_that_cannot_be_checked_leaves_the_others_checked(mpl: Run, portfolio_dir: Path) -> None:
    write_portfolio(portfolio_dir, 'rule_packs = ["nmc", "gphc"]\n[packs.nmc]\nrenewal = 2027-03-31', [])
    out = " ".join(mpl("cpd", "check", code=7).stdout.split())  # NMC is short
    assert "NMC revalidation" in out and "Not met: 5 of 5 requirements short." in out
    assert (
        "GPhC revalidation: cannot check: the GPhC revalidation pack counts from your renewal date,"
        " which mpl.toml does not give (add `renewal = YYYY-MM-DD` under [packs.gphc] in mpl.toml:" in out
    )
    result = check(mpl, code=7)
    assert not result["met"] and [pack["pack"] for pack in result["packs"]] == ["nmc"]
    (unchecked,) = result["unchecked"]
    assert (unchecked["pack"], unchecked["title"]) == ("gphc", "GPhC revalidation")
    assert "renewal = YYYY-MM-DD" in unchecked["hint"]
    RICS.write(portfolio_dir)  # met on its last day
    result = check(mpl, "--pack", "rics", "--pack", "gphc", *RICS.args, code=1)  # 1: gphc unchecked
    assert [(pack["pack"], pack["met"]) for pack in result["packs"]] == [("rics", True)]
    assert [item["pack"] for item in result["unchecked"]] == ["gphc"] and not result["met"]
    assert (
        "GPhC revalidation: cannot check:"
        in mpl("cpd", "check", "-p", "rics", "-p", "gphc", *RICS.args, code=1).stdout
    )


# -- a person's own packs -------------------------------------------------------------------

MINIMAL = """\
format = 1
title = "My trust's mandatory training"
body = "St Elsewhere NHS Trust"
source = "https://intranet.example.org/training"
checked = 2026-09-01

[cycle]
kind = "calendar-year"

[[requirements]]
id = "hours"
title = "12 hours of mandatory training"
hours = 12
where = { tags = "mandatory" }
"""


def test_a_pack_of_ones_own_is_listed_and_checked(mpl: Run, portfolio_dir: Path) -> None:
    records = [moment("fire-safety", D(2026, 2, 1), hours=12.0, tags=["mandatory"])]
    write_portfolio(portfolio_dir, 'rule_packs = ["my-trust"]', records)
    (portfolio_dir / "rules").mkdir()
    (portfolio_dir / "rules" / "my-trust.toml").write_text(MINIMAL)
    assert check(mpl)["packs"][0]["requirements"][0]["summary"] == "12 of 12 hours"
    listed = {pack["name"]: pack for pack in json.loads(mpl("cpd", "packs", "--json").stdout)}
    assert listed["my-trust"]["own"] and listed["my-trust"]["chosen"]
    assert listed["my-trust"]["file"] == "rules/my-trust.toml" and not listed["nmc"]["own"]
    assert "my-trust (yours) *" in mpl("cpd", "packs").stdout


def test_a_pack_of_ones_own_replaces_a_shipped_one_of_the_same_name(mpl: Run, portfolio_dir: Path) -> None:
    write_portfolio(portfolio_dir, "", [moment("x", D(2026, 2, 1), hours=12.0, tags=["mandatory"])])
    (portfolio_dir / "rules").mkdir()
    (portfolio_dir / "rules" / "rics.toml").write_text(MINIMAL)
    assert check(mpl, "--pack", "rics")["packs"][0]["title"] == "My trust's mandatory training"


BROKEN = [
    ("toml", MINIMAL.replace("hours = 12\n", "hours = = 12\n"), "13", "invalid TOML: Invalid value"),
    (
        "two-figures",
        MINIMAL.replace("hours = 12\n", "hours = 12\nrecords = 2\n"),
        "10",
        "requirements.0: needs exactly one of hours, share, records, gap_months, kinds, goals"
        " (has hours, records)",
    ),
    (
        "unknown-key",
        MINIMAL.replace("hours = 12\n", "hours = 12\nhowers = 3\n"),
        "14",
        "requirements.0.howers: Extra inputs are not permitted",
    ),
    (
        "bad-cycle",
        MINIMAL.replace('"calendar-year"', '"fortnight"'),
        "8",
        "cycle.kind: Input should be 'calendar-year', 'cpd-year' or 'years-back'",
    ),
    (
        "bad-where",
        MINIMAL.replace('tags = "mandatory"', 'kind = "nap"'),
        "14",
        "requirements.0.where.kind: unknown kind 'nap' (kinds: course, reading,",
    ),
    (
        "no-date",
        MINIMAL.replace('kind = "calendar-year"', 'kind = "years-back"'),
        None,
        "the 'renewal' date a cycle counts back from is not in [dates]",
    ),
    (
        "bad-field",
        MINIMAL.replace('where = { tags = "mandatory" }', 'fields = ["colour"]'),
        "14",
        "requirements.0.fields: unknown field 'colour'",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "problem"), [case[1:] for case in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_a_malformed_pack_of_ones_own_is_one_clear_line(
    mpl: Run, portfolio_dir: Path, text: str, line: str | None, problem: str
) -> None:
    write_portfolio(portfolio_dir, 'rule_packs = ["my-trust"]', [])
    (portfolio_dir / "rules").mkdir()
    (portfolio_dir / "rules" / "my-trust.toml").write_text(text)
    for args in (("cpd", "check"), ("cpd", "packs")):
        result = mpl(*args, code=4)
        where = f"rules/my-trust.toml:{line}" if line else "rules/my-trust.toml"
        assert result.stderr.startswith(f"mpl: error: {where}: {problem}"), result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "cannot check: rules/my-trust.toml" in mpl("status").stdout  # the dashboard carries on


def test_a_pack_file_name_must_be_an_id(mpl: Run, portfolio_dir: Path) -> None:
    write_portfolio(portfolio_dir, "", [])
    (portfolio_dir / "rules").mkdir()
    (portfolio_dir / "rules" / "My Pack.toml").write_text(MINIMAL)
    assert (
        "rules/My Pack.toml: a rule pack's file name must be lowercase" in mpl("cpd", "packs", code=4).stderr
    )


# -- what the check says ----------------------------------------------------------------------


def test_verbose_lists_the_records_that_count_and_those_that_do_not(mpl: Run, portfolio_dir: Path) -> None:
    NMC.write(portfolio_dir, change("reading", standards=None))
    shown = mpl("cpd", "check", "--verbose", *NMC.args, code=7).stdout
    assert "  2024-04-01  first-day  15 h\n" in shown
    assert "not counted: 2025-06-01  reading  (no standards or a 'code' section: `mpl edit reading`)" in shown
    assert "  2026-11-01  discussion" in shown
    quiet = mpl("cpd", "check", *NMC.args, code=7).stdout
    assert "1 record not counted for want of a field: `mpl cpd check --verbose` says which." in quiet
    assert "first-day" not in quiet and "short by 15 hours" in quiet


def test_status_says_how_each_chosen_pack_stands(mpl: Run, portfolio_dir: Path) -> None:
    NMC.write(portfolio_dir, both(drop("account-5"), change("last-day", date=D(2026, 11, 24))))
    (portfolio_dir / "mpl.toml").write_text(
        (portfolio_dir / "mpl.toml").read_text().replace('["nmc"]', '["nmc", "hcpc"]')
    )
    board = json.loads(mpl("status", "--json").stdout)
    assert board["rule_packs"][0] == {
        "pack": "nmc",
        "title": "NMC revalidation",
        "met": False,
        "requirements": 5,
        "requirements_met": 4,
        "cycle_end": "2027-03-31",
        "days_left": 127,
    }
    assert board["rule_packs"][1]["problem"].startswith(
        "the HCPC standards of CPD pack counts from your renewal"
    )
    shown = mpl("status").stdout
    assert "NMC revalidation: 4 of 5 requirements met, 127 days left (to 31 Mar 2027)" in shown
    assert "HCPC standards of CPD: cannot check: the HCPC standards of CPD pack counts from" in shown


def test_status_nudges_when_renewal_is_near_and_a_pack_is_short(mpl: Run, portfolio_dir: Path) -> None:
    sooner = dataclasses.replace(NMC, settings="[packs.nmc]\nrenewal = 2027-01-31")
    sooner.write(portfolio_dir, both(drop("account-5"), change("last-day", date=D(2026, 11, 24))))
    nudge = "NMC revalidation: 1 requirement short with 68 days left: `mpl cpd check --pack nmc --verbose`"
    assert nudge in json.loads(mpl("status", "--json").stdout)["nudges"][-1]


# -- the record keys rules ask for ------------------------------------------------------------


def test_log_sets_the_keys_bodies_ask_for_and_only_those_said(mpl: Run, started: Path) -> None:
    mpl(
        "log",
        "Reflective discussion",
        "--kind",
        "conversation",
        "--counts-as",
        "reflective-discussion",
        "--partner",
        "Priya Shah",
        "--partner-registration",
        "12A3456E",
        "--partner-email",
        "p@example.org",
        "--partner-address",
        "Ward 7, AB1 2CD",
        "--standard",
        "Preserve safety",
        "--standard",
        "Prioritise people",
        "--verifiable",
        "--planned",
        "--formal",
        "--ethics",
        "--feedback-from",
        "a colleague",
        "--what",
        "x",
    )
    text = next((started / "log").rglob("*reflective-discussion.md")).read_text()
    front = text.split("+++")[1]
    assert front.split('model = "driscoll"\n')[1] == (
        "verifiable = true\nplanned = true\nformal = true\nethics = true\n"
        'standards = ["Preserve safety", "Prioritise people"]\ncounts_as = ["reflective-discussion"]\n'
        'feedback_from = "a colleague"\npartner = "Priya Shah"\npartner_registration = "12A3456E"\n'
        'partner_email = "p@example.org"\npartner_address = "Ward 7, AB1 2CD"\n'
    )
    shown = mpl("show", "reflective-discussion").stdout
    assert "verifiable · planned · formal · ethics\ncounts as: reflective-discussion\n" in shown
    assert "with: Priya Shah, 12A3456E, p@example.org, Ward 7, AB1 2CD\n" in shown
    mpl("log", "Plain", "--what", "x")
    plain = next((started / "log").rglob("*plain.md")).read_text()
    assert not any(key in plain for key in ("verifiable", "standards", "counts_as", "partner", "planned"))


def test_counts_as_takes_what_some_pack_counts(mpl: Run, started: Path) -> None:
    error = mpl("log", "x", "--counts-as", "supervision", code=1).stderr
    assert error.startswith(
        "mpl: error: --counts-as 'supervision' is not something any rule pack counts (use one"
    )
    (started / "rules").mkdir()
    (started / "rules" / "mine.toml").write_text(
        MINIMAL.replace('tags = "mandatory"', 'counts_as = "supervision"')
    )
    mpl("log", "Clinical supervision", "--counts-as", "supervision", "--what", "x")


def test_edit_checks_the_keys_like_any_other(mpl: Run, started: Path, editor) -> None:  # type: ignore[no-untyped-def]
    mpl("log", "Course", "--what", "x")
    editor("text = text.replace('private = false', 'private = false\\nverifiable = \"yes\"')")
    error = mpl("edit", "course", code=4).stderr
    assert "verifiable: Input should be a valid boolean" in error
    editor("text = text.replace('verifiable = \"yes\"', 'verifiable = true\\ncounts_as = [\"Bad Value\"]')")
    assert "counts_as.0: String should match pattern" in mpl("edit", "course", code=4).stderr


def test_use_says_at_once_which_dates_the_pack_still_needs(mpl: Run, started: Path) -> None:
    result = mpl("cpd", "use", "nmc")
    assert result.stdout == "`mpl cpd check` and `mpl status` now check NMC revalidation.\n"
    assert result.stderr == (
        "mpl: note: NMC revalidation needs your renewal date, not set yet (the date your registration is due"
        " for renewal (when you apply to revalidate)): set it with `mpl cpd use nmc --renewal YYYY-MM-DD`\n"
    )
    assert "--date started=YYYY-MM-DD`" in mpl("cpd", "use", "acca").stderr
    assert mpl("cpd", "use", "nmc", "--renewal", "2027-03-31").stderr == ""


def test_use_chooses_a_pack_and_keeps_its_dates_in_one_commit(mpl: Run, started: Path) -> None:
    from conftest import commits

    said = mpl("cpd", "use", "nmc", "--renewal", "2027-03-31", "--set", "registration=21B4567C").stdout
    assert said == "`mpl cpd check` and `mpl status` now check NMC revalidation.\n"
    mpl(
        "cpd",
        "use",
        "doctors-appraisal",
        "--date",
        "appraisal=2027-05-10",
        "--date",
        "revalidation=2029-05-10",
    )
    text = (started / "mpl.toml").read_text()
    assert 'rule_packs = ["nmc", "doctors-appraisal"]\n' in text.split("[[roles]]")[0]
    assert '[packs.nmc]\nrenewal = 2027-03-31\nregistration = "21B4567C"\n' in text
    assert "[packs.doctors-appraisal]\nappraisal = 2027-05-10\nrevalidation = 2029-05-10\n" in text
    assert commits(started)[:2] == [
        "settings: check Doctors' appraisal and revalidation",
        "settings: check NMC revalidation",
    ]
    assert [p["pack"] for p in check(mpl, code=7)["packs"]] == ["nmc", "doctors-appraisal"]
    error = mpl("cpd", "use", "gphc", "--date", "appraisal=2027-01-01", code=1).stderr
    assert error == "mpl: error: the GPhC revalidation pack keeps no 'appraisal' date (its dates: renewal)\n"
    assert "needs the form NAME=VALUE" in mpl("cpd", "use", "nmc", "--set", "registration", code=1).stderr
    assert commits(started)[0] == "settings: check Doctors' appraisal and revalidation"  # refused: no change


@pytest.mark.parametrize(("formal", "other", "met", "short"), [(10.0, 10.0, True, 0), (9.0, 11.0, False, 1)])
def test_a_share_of_the_hours(
    mpl: Run, portfolio_dir: Path, formal: float, other: float, met: bool, short: float
) -> None:
    own = MINIMAL.replace(
        'hours = 12\nwhere = { tags = "mandatory" }', "share = 0.5\nwhere = { formal = true }"
    )
    records = [
        moment("formal", D(2026, 1, 1), hours=formal, formal=True),
        moment("other", D(2026, 12, 31), hours=other),
    ]
    write_portfolio(portfolio_dir, 'rule_packs = ["half"]', records)
    (portfolio_dir / "rules").mkdir()
    (portfolio_dir / "rules" / "half.toml").write_text(own)
    (outcome,) = check(mpl, "--on", "2026-12-31", code=0 if met else 7)["packs"][0]["requirements"]
    assert (outcome["met"], outcome["short"], outcome["need"]) == (met, short, 10)
    assert outcome["summary"] == f"{formal:g} of 10 hours (50% of all hours)"


# -- words ---------------------------------------------------------------------------------


def test_one_hour_is_an_hour_and_units_are_units(mpl: Run, portfolio_dir: Path) -> None:
    icaew = next(case for case in CASES if case.pack == "icaew-3")
    icaew.write(portfolio_dir)
    said = mpl("cpd", "check", *icaew.args).stdout
    assert "1 of 1 hour " in said and "1 of 1 hours" not in said
    miss = next(miss for miss in icaew.misses if miss.name == "ethics-not-verifiable")
    icaew.write(portfolio_dir, miss.mutate)
    said = mpl("cpd", "check", *icaew.args, code=7).stdout
    assert "0 of 1 hour " in said and "short by 1 hour " in said and "1 hours" not in said
    records = [
        moment("course", D(2026, 1, 1), hours=21.0, verifiable=True),
        moment("one", D(2026, 2, 1), hours=1.0),
    ]
    write_portfolio(portfolio_dir, 'rule_packs = ["acca"]\n[packs.acca]\nstarted = 2020-01-01', records)
    said = mpl("cpd", "check", "--verbose", "--on", "2026-12-31", code=7).stdout
    assert "2026-01-01  course  21 units" in said and "2026-02-01  one  1 unit" in said
    assert not re.search(r"\d h\b", said)


def test_a_file_with_two_problems_says_one_more_problem(mpl: Run, portfolio_dir: Path) -> None:
    write_portfolio(portfolio_dir, "cpd_year_start = 5\nrule_packs = 3", [])
    assert "(and 1 more problem) " in mpl("cpd", "check", code=4).stderr
    write_portfolio(portfolio_dir, 'rule_packs = ["my-trust"]', [])
    own = portfolio_dir / "rules" / "my-trust.toml"
    own.parent.mkdir(parents=True)
    own.write_text(MINIMAL.replace("checked = 2026-09-01", "checked = 1\nunit = 2"))
    assert "(and 1 more problem)" in mpl("cpd", "check", code=4).stderr
