"""`mpl.toml`: reading it, writing a new one, and changing its roles in place."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mpl.domain.model import Config, Role
from mpl.errors import BadFile
from mpl.storage.frontmatter import FrontMatterError, load_toml

_TABLE_HEADER = re.compile(r"^\s*\[")


def parse(shown: Path, text: str) -> Config:
    try:
        data = load_toml(text, first_line=1)
    except FrontMatterError as error:
        raise BadFile(shown, error.problem, error.line, settings=True) from error
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise bad_file(shown, text, error, first_line=1, settings=True) from error


def bad_file(
    path: Path, front_text: str, error: ValidationError, first_line: int = 2, settings: bool = False
) -> BadFile:
    """The first problem pydantic found, named with its key and, where found, its line
    (`front_text` starts on file line `first_line`: 2 in a record, after its `+++`)."""
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "front matter"
    problem = f"{key}: {said(first)}"
    if error.error_count() > 1:
        problem += f" (and {error.error_count() - 1} more problem{'s' if error.error_count() > 2 else ''})"
    line = line_of(front_text, first["loc"]) if first["loc"] else None
    return BadFile(path, problem, line + first_line if line is not None else None, settings=settings)


def said(problem: Any) -> str:
    """What pydantic found wrong, in the words of the check that found it (a rule of
    mpl's own says its reason without pydantic's "Value error, ")."""
    if problem["type"] == "value_error" and "error" in problem.get("ctx", {}):
        return str(problem["ctx"]["error"])
    return str(problem["msg"])


def line_of(text: str, loc: tuple[int | str, ...]) -> int | None:
    """The line (from 0) setting the key at pydantic's `loc`: a top-level key, or a key in
    the n-th table of an array of tables, like `evidence.0.sha256` (its header line when
    the key is missing)."""
    lines = text.split("\n")
    headers = [number for number, line in enumerate(lines) if _TABLE_HEADER.match(line)]
    if len(loc) < 3 or not isinstance(loc[1], int):
        return _key_line(lines, str(loc[0]), 0, headers[0] if headers else len(lines))
    array = re.compile(rf"^\s*\[\[\s*{re.escape(str(loc[0]))}\s*\]\]")
    tables = [number for number in headers if array.match(lines[number])]
    if loc[1] >= len(tables):
        return None
    header = tables[loc[1]]
    end = next((number for number in headers if number > header), len(lines))
    found = _key_line(lines, str(loc[2]), header + 1, end)
    return header if found is None else found


def _key_line(lines: list[str], key: str, start: int, end: int) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    return next((number for number in range(start, end) if pattern.match(lines[number])), None)


def new_text(config: Config) -> str:
    """A new `mpl.toml`, with a comment on every setting."""
    import tomlkit

    document = tomlkit.document()
    document.add(tomlkit.comment("mpl portfolio settings. Format: see docs/FORMAT.md in mpl."))
    document["format"] = config.format
    document["name"] = config.name
    if config.email:
        document["email"] = config.email
    document["reflection_model"] = config.reflection_model
    document["reflection_model"].comment("driscoll, gibbs, kolb, nmc, free, or your own")
    document["cpd_year_start"] = config.cpd_year_start
    document["cpd_year_start"].comment("MM-DD: the day your CPD year starts")
    if config.hours_target is not None:
        document["hours_target"] = config.hours_target
        document["hours_target"].comment("CPD hours you aim for in a CPD year")
    if config.roles:
        document.add(tomlkit.nl())
        document["roles"] = tomlkit.aot()
        for role in config.roles:
            document["roles"].append(_table(role))
    return tomlkit.dumps(document)


def with_new_role(text: str, current: Role | None, role: Role) -> str:
    """`text` with the current role ended the day before `role` starts and `role`
    appended; everything else kept as it was."""
    import tomlkit
    from tomlkit.items import AoT

    document = tomlkit.parse(text)
    roles = document.get("roles")
    if not isinstance(roles, AoT):  # none yet (or `roles = []`): the first table starts it
        document.pop("roles", None)
        document.add(tomlkit.nl())
        document["roles"] = roles = tomlkit.aot()
    if current is not None:
        for table in roles:
            if table.get("end") is None and table.get("title") == current.title:
                table["end"] = role.start - dt.timedelta(days=1)
    if len(roles):
        roles[-1].add(tomlkit.nl())  # a blank line between one role and the next
    roles.append(_table(role))
    return tomlkit.dumps(document)


def with_csv_columns(text: str, columns: dict[str, str]) -> str:
    """`text` with `[csv_columns]` holding `columns` (field -> column heading); every
    other line kept as it was."""
    import tomlkit

    document = tomlkit.parse(text)
    table = document.get("csv_columns")
    if table is None:
        table = tomlkit.table()
        table.comment("`mpl import csv`: the column each field comes from")
        document.add(tomlkit.nl())
        document["csv_columns"] = table
    for field_name, column in columns.items():
        table[field_name] = column
    return tomlkit.dumps(document)


def _table(role: Role) -> Any:
    import tomlkit

    table = tomlkit.table()
    for key, value in role.model_dump(exclude_none=True).items():
        table[key] = value
    return table


def with_rule_pack(text: str, name: str, values: dict[str, Any]) -> str:
    """`text` with `name` in `rule_packs` and `values` set under `[packs.NAME]`; everything
    else kept as it was."""
    import tomlkit

    document = tomlkit.parse(text)
    chosen = document.get("rule_packs")
    if chosen is None:
        document["rule_packs"] = [name]
    elif name not in chosen:
        chosen.append(name)
    if values:
        packs = document.get("packs")
        if packs is None:
            document.add(tomlkit.nl())
            document["packs"] = packs = tomlkit.table(is_super_table=True)
        table = packs.get(name)
        if table is None:
            table = tomlkit.table()
            for key, value in values.items():
                table[key] = value
            table.add(tomlkit.nl())  # a blank line before whatever table comes next
            packs[name] = table
        else:
            for key, value in values.items():
                table[key] = value
    return tomlkit.dumps(document)
