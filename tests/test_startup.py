"""Start-up discipline: the everyday commands do not import what only others need."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mpl.cli import COMMANDS, app

from conftest import Run

HEAVY = [
    "git",
    "docx",
    "rich.markdown",
    "markdown_it",
    "pygments",
    "mpl.exporters",
    "mpl.usecases.pack",
    "mpl.domain.pack",
]
MODULES_AFTER = """
import json, runpy, sys
sys.argv = ["mpl", *sys.argv[1:]]
try:
    runpy.run_module("mpl", run_name="__main__")
except SystemExit:
    pass
with open({out!r}, "w") as handle:
    json.dump(sorted(sys.modules), handle)
"""


def modules_after(tmp_path: Path, *args: str) -> set[str]:
    out = tmp_path / "modules.json"
    code = MODULES_AFTER.format(out=str(out))
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)
    return set(json.loads(out.read_text()))


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(module.startswith(name + ".") for module in modules)


def test_help_imports_no_command_and_nothing_heavy(tmp_path: Path) -> None:
    modules = modules_after(tmp_path, "--help")
    assert [
        name for name in [*HEAVY, "mpl.commands.log", "pydantic", "sqlite3"] if loaded(modules, name)
    ] == []


@pytest.mark.parametrize(
    "args",
    [
        ("log", "Read the sepsis guideline", "--kind", "reading", "--hours", "1", "--what", "x"),
        ("list", "--since", "2026-01-01"),
        ("status",),
    ],
)
def test_everyday_commands_import_nothing_heavy(started: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    modules = modules_after(tmp_path, *args)
    assert "mpl.commands." + COMMANDS[args[0]][0] in modules  # it did run
    assert [name for name in HEAVY if loaded(modules, name)] == []


# What the everyday read paths do without, once the index has taken the files in (issue 13):
# the index's rows were checked when their files were read, so listing them needs no pydantic.
NOT_ON_READ_PATHS = ["pydantic", "mpl.domain.model", "mpl.storage.settings", "git", "docx", "filelock"]


@pytest.mark.parametrize(
    "args",
    [("list", "--since", "2026-01-01"), ("search", "sepsis"), ("status",), ("goal", "list")],
    ids=["list", "search", "status", "goal list"],
)
def test_read_paths_import_no_pydantic_gitpython_or_docx(
    mpl: Run, started: Path, tmp_path: Path, args: tuple[str, ...]
) -> None:
    mpl("goal", "add", "Recognise sepsis sooner", "--by", "2027-03-01")
    mpl("log", "Read the sepsis guideline", "--kind", "reading", "--hours", "1", "--what", "x")
    modules = modules_after(tmp_path, *args)
    assert "mpl.commands." + COMMANDS[args[0]][0] in modules  # it did run
    assert [name for name in [*HEAVY, *NOT_ON_READ_PATHS] if loaded(modules, name)] == []


def test_a_change_with_nothing_to_mend_imports_no_notices_or_health(started: Path, tmp_path: Path) -> None:
    """The notices (a score of dataclasses) and the health checks are for changes that find
    something to tell or mend; an everyday `mpl log` finds nothing."""
    modules = modules_after(tmp_path, "log", "Read the sepsis guideline", "--hours", "1", "--what", "x")
    assert "mpl.storage.change" in modules  # it did change the record
    assert [name for name in ("mpl.storage.notices", "mpl.storage.health") if name in modules] == []


def test_a_piped_list_imports_no_rich(mpl: Run, started: Path, tmp_path: Path) -> None:
    mpl("log", "Read the sepsis guideline", "--kind", "reading", "--hours", "1", "--what", "x")
    modules = modules_after(tmp_path, "list", "--since", "2026-01-01")  # its output is piped
    assert "mpl.commands.records" in modules
    assert not loaded(modules, "rich")


def test_the_help_list_says_what_each_command_says_of_itself() -> None:
    import typer

    group = typer.main.get_command(app)
    context = typer.Context(group)
    for name, (_, _, line) in COMMANDS.items():
        own = group.get_command(context, name).help.strip().split("\n\n")[0]
        assert " ".join(own.split()) == line, name
