"""The layers of docs/ARCHITECTURE.md hold: each module imports only what its layer may."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

SOURCE = Path(__file__).parent.parent / "src" / "mpl"
LAYERS = {"domain", "storage", "exporters", "usecases", "ui", "commands"}
# What each layer may import besides itself; `mpl` alone is the package's version and format.
MAY_IMPORT = {
    "domain": {"errors"},
    "storage": {"domain", "errors", "env"},
    "exporters": {"domain", "errors"},
    "usecases": {"storage", "exporters", "domain", "errors", "env"},
    "ui": {"usecases", "domain", "errors", "env"},
    "commands": {"ui", "usecases", "domain", "errors", "env"},
    "cli": {"commands", "usecases", "errors", "env"},
    "errors": set(),
    "env": {"errors"},
    "__main__": {"cli"},
}


def modules() -> list[tuple[str, Path]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        parts = path.relative_to(SOURCE).with_suffix("").parts
        name = ".".join(("mpl", *parts)).removesuffix(".__init__")
        found.append((name, path))
    return found


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "mpl"


def imports(path: Path) -> list[str]:
    """The mpl modules `path` imports when it runs (imports only for type hints left out)."""
    tree = ast.parse(path.read_text())
    hints_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in hints_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "mpl":
            names = [f"{node.module}.{alias.name}" for alias in node.names] if node.module == "mpl" else []
            found += [name for name in names if name.removeprefix("mpl.") in MAY_IMPORT] or [node.module]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] == "mpl"]
    return found


def breaches() -> list[str]:
    found = []
    for module, path in modules():
        own = layer(module)
        for imported in imports(path):
            target = layer(imported)
            if own == "mpl" or target == "mpl":
                continue
            if target != own and target not in MAY_IMPORT[own]:
                found.append(f"{module} ({own}) imports {imported} ({target})")
            elif own == target == "commands" and "mpl.commands.common" not in (module, imported):
                found.append(f"{module} imports another command, {imported}")
    return found


def test_every_module_is_in_a_known_layer() -> None:
    known = LAYERS | set(MAY_IMPORT) | {"mpl"}
    assert sorted({layer(module) for module, _ in modules()} - known) == []


def test_no_layer_imports_what_it_may_not() -> None:
    assert breaches() == []


@pytest.mark.parametrize("rule", ["ui imports storage", "a command imports a command"])
def test_the_rules_are_checked(rule: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself finds a breach (so that the test above can fail)."""
    source = tmp_path / "mpl"
    for folder in ("ui", "commands", "storage"):
        (source / folder).mkdir(parents=True)
    if rule == "ui imports storage":
        (source / "ui" / "render.py").write_text("from mpl.storage.index import Query\n")
    else:
        (source / "commands" / "goal.py").write_text("from mpl.commands.records import show\n")
    monkeypatch.setattr(sys.modules[__name__], "SOURCE", source)
    assert len(breaches()) == 1
