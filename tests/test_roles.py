"""Changing jobs: the roles history, and records stamped with the role they were written in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run, commits


def test_a_new_role_closes_the_old_and_stamps_later_records(mpl: Run, started: Path) -> None:
    mpl("log", "Before the move", "--date", "2026-11-20")
    result = mpl("role", "start", "Charge Nurse", "--org", "Another Trust", "--on", "2026-11-23")
    assert result.stdout == (
        "Ended Staff Nurse, St Elsewhere NHS Trust on 2026-11-22.\n"
        "Started Charge Nurse, Another Trust on 2026-11-23; learning from that day on is stamped with it.\n"
    )
    mpl("log", "After the move")
    mpl("log", "Backdated to the old job", "--date", "2026-11-01")

    def stamp(ref: str) -> tuple[str, str]:
        shown = json.loads(mpl("show", ref, "--json").stdout)
        return shown["role"], shown["organisation"]

    assert stamp("before") == ("Staff Nurse", "St Elsewhere NHS Trust")
    assert stamp("after") == ("Charge Nurse", "Another Trust")
    assert stamp("backdated") == ("Staff Nurse", "St Elsewhere NHS Trust")
    by_org = json.loads(mpl("list", "--json", "--org", "another trust").stdout)
    assert [m["id"] for m in by_org] == ["after-the-move"]
    table = mpl("role", "list").stdout
    assert "Charge Nurse" in table and "2026-11-22" in table and "now" in table


def test_a_role_cannot_start_before_the_current_one(mpl: Run, started: Path) -> None:
    result = mpl("role", "start", "Earlier", "--on", "2023-01-01", code=1)
    assert "must start after Staff Nurse (2024-01-08)" in result.stderr


def test_role_start_keeps_the_persons_comments_in_mpl_toml(mpl: Run, started: Path) -> None:
    config = started / "mpl.toml"
    config.write_text("# my settings\n" + config.read_text())
    mpl("role", "start", "Charge Nurse", "--on", "2027-01-06")
    text = config.read_text()
    assert text.startswith("# my settings\n")
    assert "end = 2027-01-05" in text


def test_a_portfolio_started_without_a_role_can_start_one(mpl: Run, portfolio_dir: Path) -> None:
    mpl("init", "--name", "Sam Patel")
    assert "roles" not in (portfolio_dir / "mpl.toml").read_text()
    mpl("role", "start", "First Job", "--org", "Org", "--on", "2026-01-01")
    mpl("role", "start", "Second", "--org", "Org 2", "--on", "2026-06-01")
    text = (portfolio_dir / "mpl.toml").read_text()
    assert text.endswith(
        '\n[[roles]]\ntitle = "First Job"\norganisation = "Org"\nstart = 2026-01-01\nend = 2026-05-31\n'
        '\n[[roles]]\ntitle = "Second"\norganisation = "Org 2"\nstart = 2026-06-01\n'
    )
    assert commits(portfolio_dir)[:2] == ["role: started Second at Org 2", "role: started First Job at Org"]


def test_status_names_the_role_held_today_as_days_pass(
    mpl: Run, started: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role started for the future is not today's; once its day comes it is, though
    mpl.toml has not changed since the index noted what it says."""
    mpl("role", "start", "Charge Nurse", "--org", "Another Trust", "--on", "2026-12-01")
    assert "Staff Nurse" in mpl("status").stdout
    monkeypatch.setenv("MPL_TODAY", "2026-12-02")
    shown = mpl("status").stdout
    assert "Charge Nurse, Another Trust" in shown and "Staff Nurse" not in shown
