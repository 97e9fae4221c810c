"""Output habits: colour only where wanted, tables that show whole ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import Run


@pytest.fixture
def overdue(mpl: Run, started: Path) -> Path:
    mpl("goal", "add", "Finish the IV therapy competency", "--by", "2026-10-31")
    return started


def test_colour_is_used_when_forced(mpl: Run, overdue: Path, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[" in mpl("goal", "list").stdout


def test_no_color_turns_colour_off(mpl: Run, overdue: Path, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    output = mpl("goal", "list").stdout
    assert "24 days overdue" in output
    assert "\x1b[3" not in output  # no foreground colour codes


def test_a_narrow_terminal_still_shows_whole_ids(mpl: Run, overdue: Path, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    output = mpl("goal", "list").stdout
    assert "…" not in "".join(line.split("│")[1] for line in output.splitlines() if "│" in line)
