"""NMC confidentiality: names from the person's own list, and NHS numbers, warned about."""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpl.domain.privacy import is_nhs_number, names_in, nhs_numbers

from conftest import Run, git
from rulecases import NMC, change

NAMES_FILE = ".mpl/confidential-names.txt"


def test_the_nhs_numbers_check_digit() -> None:
    assert is_nhs_number("9434765919")  # the NHS's own example
    assert not is_nhs_number("9434765918")  # one digit off
    assert not is_nhs_number("0000000000") and not is_nhs_number("123456789")
    assert nhs_numbers("seen as 943 476 5919, or 943-476-5919, or 9434765919; not 94347659190") == [
        "943 476 5919",
        "943-476-5919",
        "9434765919",
    ]
    assert nhs_numbers("ring 0161 496 0000 or 943 476 5918") == []


@given(st.lists(st.integers(0, 9), min_size=9, max_size=9))
def test_every_number_with_its_right_check_digit_is_found_and_no_other(digits: list[int]) -> None:
    total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    body = "".join(map(str, digits))
    valid = [str(check)] if check != 10 and len(set(body + str(check))) > 1 else []
    for last in "0123456789":
        assert is_nhs_number(body + last) == (last in valid)


def test_names_match_whole_words_whatever_their_case() -> None:
    text = "Talked it through with mrs  smith and Jo; Joanne was not there."
    assert names_in(text, ["Mrs Smith", "Jo", "Joan", "Priya"]) == ["Mrs Smith", "Jo"]


@pytest.fixture
def listed(portfolio_dir: Path) -> Path:
    names = portfolio_dir / NAMES_FILE
    names.parent.mkdir(parents=True)
    names.write_text("# patients and colleagues\nMrs Smith\n\nDr Okafor\n")
    return portfolio_dir


def test_check_warns_on_records_that_may_identify_someone(mpl: Run, portfolio_dir: Path) -> None:
    body = "## What?\n\nMrs Smith (NHS 943 476 5919) fell at night.\n"
    NMC.write(portfolio_dir, change("account-2", body=body, feedback_from="Dr Okafor"))
    names = portfolio_dir / NAMES_FILE
    names.parent.mkdir(parents=True, exist_ok=True)
    names.write_text("Mrs Smith\nDr Okafor\n")
    result = json.loads(mpl("cpd", "check", "--json", *NMC.args).stdout)  # warnings do not fail the check
    lines = [warning["line"] for warning in result["packs"][0]["warnings"]]
    record = "log/2026/2026-02-12-account-2.md"
    assert lines == [
        f"{record}: a name on your confidential list ('Mrs Smith') in its reflection",
        f"{record}: a number shaped like an NHS number (943 476 5919) in its reflection",
        f"{record}: a name on your confidential list ('Dr Okafor') in its feedback source",
    ]
    shown = mpl("cpd", "check", *NMC.args).stdout
    assert (
        "Privacy: log/2026/2026-02-12-account-2.md: a name on your confidential list ('Mrs Smith')" in shown
    )
    exported = mpl("export", "--form", "nmc", "--format", "json")
    assert "mpl: privacy: log/2026/2026-02-12-account-2.md: a name on your" in exported.stderr


def test_a_discussion_partners_own_details_are_not_a_breach(mpl: Run, portfolio_dir: Path) -> None:
    NMC.write(portfolio_dir)
    names = portfolio_dir / NAMES_FILE
    names.parent.mkdir(parents=True, exist_ok=True)
    names.write_text("Priya Shah\n")
    assert json.loads(mpl("cpd", "check", "--json", *NMC.args).stdout)["packs"][0]["warnings"] == []


def test_packs_whose_body_does_not_forbid_it_do_not_look(mpl: Run, portfolio_dir: Path) -> None:
    from rulecases import RICS

    RICS.write(portfolio_dir, change("formal", title="Course with Mrs Smith, 943 476 5919"))
    names = portfolio_dir / NAMES_FILE
    names.parent.mkdir(parents=True)
    names.write_text("Mrs Smith\n")
    assert json.loads(mpl("cpd", "check", "--json", *RICS.args).stdout)["packs"][0]["warnings"] == []


def test_the_names_list_is_edited_in_the_editor_and_never_committed(
    mpl: Run, started: Path, editor: Callable[[str], None]
) -> None:
    editor("text += 'Mrs Smith\\n'")
    said = mpl("cpd", "names").stdout
    assert said == "Your list is .mpl/confidential-names.txt: never committed, synced or exported.\n"
    path = started / NAMES_FILE
    assert path.read_text().endswith(
        "ignores: it is never committed, synced, exported or bundled, and stays on this machine.\nMrs Smith\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert git(started, "check-ignore", NAMES_FILE).strip() == NAMES_FILE
    mpl("log", "Anything", "--what", "x")
    assert NAMES_FILE not in git(started, "log", "--all", "--name-only", "--format=")
