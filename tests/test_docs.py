"""The docs stay honest: every command is in README, every kind and model in FORMAT.md."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import typer
from typer.core import TyperGroup

from mpl.cli import app
from mpl.domain.model import Kind
from mpl.domain.reflection import BUILT_IN

ROOT = Path(__file__).parent.parent


def command_paths(group: TyperGroup, prefix: str = "mpl") -> list[str]:
    paths = []
    context = typer.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        paths.append(f"{prefix} {name}")
        if isinstance(command, TyperGroup):
            paths += command_paths(command, f"{prefix} {name}")
    return paths


def test_every_command_is_in_the_readme_reference() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [path for path in command_paths(typer.main.get_command(app)) if f"| `{path}" not in readme]
    assert not missing, f"README's command table lacks {missing}"


def test_every_kind_and_model_is_in_the_format_doc() -> None:
    doc = (ROOT / "docs" / "FORMAT.md").read_text()
    assert all(f"`{kind.value}`" in doc for kind in Kind)
    assert all(f"`{name}`" in doc for name in BUILT_IN)
    for model in BUILT_IN.values():
        assert all(f"`{section.heading}`" in doc for section in model.sections)


def test_python_dash_m_mpl_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mpl", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.startswith("mpl ")


def test_every_change_kind_is_in_the_format_doc_and_no_other() -> None:
    """The `Mpl-Change` trailer's values are part of the public format."""
    from mpl.domain.vocab import ChangeKind

    doc = (ROOT / "docs" / "FORMAT.md").read_text()
    listed = doc.split("`Mpl-Change` is one of ")[1].split("Each mpl commit")[0]
    named = set(re.findall(r"`([a-z-]+)`", listed))
    assert named == {kind.value for kind in ChangeKind}


def test_every_record_key_counts_as_value_and_shipped_pack_is_in_the_format_doc() -> None:
    from mpl.domain.model import LearningMoment
    from mpl.domain.rules import FIGURES, RECORD_FIELDS
    from mpl.domain.vocab import COUNTS_AS
    from mpl.storage.rulepacks import pack_files

    doc = (ROOT / "docs" / "FORMAT.md").read_text()
    keys = [name for name in LearningMoment.model_fields if name not in ("path", "body")]
    assert [key for key in keys if f"`{key}`" not in doc] == []
    assert [value for value in COUNTS_AS if f"`{value}`" not in doc] == []
    assert [name for name in (*FIGURES, *RECORD_FIELDS) if f"`{name}" not in doc] == []
    assert [name for name in pack_files(Path("/nowhere")) if f"`{name}`" not in doc] == []
