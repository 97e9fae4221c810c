"""`mpl cpd check`: every shipped pack just met, and missed by the smallest step."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run
from rulecases import CASES, Case, Miss
from mpl.storage.rulepacks import pack_files


def check(mpl: Run, *args: str, code: int = 0) -> dict:
    return json.loads(mpl("cpd", "check", "--json", *args, code=code).stdout)


def test_every_shipped_pack_has_its_cases() -> None:
    assert sorted(case.pack for case in CASES) == sorted(pack_files(Path("/nowhere")))


@pytest.mark.parametrize("case", CASES, ids=[case.pack for case in CASES])
def test_a_record_that_just_meets_the_pack(mpl: Run, portfolio_dir: Path, case: Case) -> None:
    case.write(portfolio_dir)
    result = check(mpl)
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
    result = check(mpl, code=7)
    (pack,) = result["packs"]
    outcome = next(r for r in pack["requirements"] if r["id"] == miss.requirement)
    assert not result["met"] and not outcome["met"]
    assert outcome["short"] == miss.short, outcome
