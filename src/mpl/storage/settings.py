"""`mpl.toml`: reading it, writing a new one, and changing its roles in place."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from mpl.errors import BadFile
from mpl.model import Config, Role
from mpl.storage import frontmatter


def parse(shown: Path, text: str) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise BadFile(shown, f"invalid TOML: {error}") from error
    try:
        return Config.model_validate(data)
    except ValidationError as error:
        raise bad_file(shown, text, error) from error


def bad_file(path: Path, front_text: str, error: ValidationError) -> BadFile:
    """The first problem pydantic found, named with its key and, where found, its line."""
    first = error.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or "front matter"
    top = str(first["loc"][0]) if first["loc"] else ""
    problem = f"{key}: {first['msg']}"
    if error.error_count() > 1:
        problem += f" (and {error.error_count() - 1} more problems)"
    return BadFile(path, problem, frontmatter.line_of_key(front_text, top) if top else None)


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
    roles = tomlkit.aot()
    for role in config.roles:
        roles.append(_table(role))
    document["roles"] = roles
    return tomlkit.dumps(document)


def with_new_role(text: str, current: Role | None, role: Role) -> str:
    """`text` with the current role ended the day before `role` starts and `role`
    appended; everything else kept as it was."""
    import tomlkit

    document = tomlkit.parse(text)
    roles = document.setdefault("roles", tomlkit.aot())
    if current is not None:
        for table in roles:
            if table.get("end") is None and table.get("title") == current.title:
                table["end"] = role.start - dt.timedelta(days=1)
    roles.append(_table(role))
    return tomlkit.dumps(document)


def _table(role: Role) -> Any:
    import tomlkit

    table = tomlkit.table()
    for key, value in role.model_dump(exclude_none=True).items():
        table[key] = value
    return table
