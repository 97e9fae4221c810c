"""Finding, starting and copying portfolios."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from mpl.domain.dates import record_date
from mpl.domain.reflection import BUILT_IN
from mpl.env import Env
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio, wanted_root

if TYPE_CHECKING:
    from pydantic import ValidationError

    from mpl.storage.notices import Notice


def open_portfolio(env: Env, progress: Callable[[int, int], None] | None = None) -> Portfolio:
    """The portfolio a command works on (see `Portfolio.locate`), telling the person what
    the storage does, skips or finds along the way, and `progress` (done, total) how
    reading the record files goes when the index has many to read."""
    return Portfolio.locate(env, _teller(env), progress)


def new_portfolio(env: Env, path: Path | None, config_values: Mapping[str, object]) -> Portfolio:
    """A new portfolio at `path` (else where one is wanted) made from the settings given
    (as `mpl.toml` names them), with its first commit."""
    from pydantic import ValidationError

    from mpl.domain.model import Config

    model = config_values.get("reflection_model")
    if model not in BUILT_IN:
        raise MplError(f"unknown reflection model {model!r}", hint=f"use one of: {', '.join(BUILT_IN)}")
    try:
        config = Config.model_validate(config_values)
    except ValidationError as error:
        raise MplError(_option_problem(error)) from None
    for role in config.roles:
        record_date(role.start, "the first day of a role")
    return Portfolio.create(wanted_root(env, path).absolute(), env, config, _teller(env))


def copy_portfolio(env: Env, url: str, path: Path | None) -> Portfolio:
    """The portfolio at `url` (any git URL, or a folder on this machine, relative to the
    current one) copied to `path` (else where one is wanted), with `url` as the remote
    `mpl sync` uses."""
    if not url.strip() or "::" in url.split("/")[0] or not url.isprintable():
        # nothing, a transport helper's `name::address` (fd::, ext::: programs, not places),
        # or a line break: no address of a portfolio
        raise MplError(f"{url!r} is not the address of a portfolio", hint=_FROM_HINT)
    if "://" not in url and ":" not in url.split("/")[0]:  # a folder, not scp-like host:path
        local = (env.cwd / Path(url).expanduser()).absolute()
        url = str(local) if local.exists() else url
    return Portfolio.copy_of(url, wanted_root(env, path).absolute(), env, _teller(env))


_FROM_HINT = "give a git URL (https://…, ssh://…, host:path) or a folder on this machine"


def found_from(env: Env, root: Path) -> bool:
    """Will mpl, run where the person is now, find the portfolio at `root` by itself?"""
    return env.cwd.resolve().is_relative_to(root) or root == env.default_portfolio


def _teller(env: Env) -> Callable[[Notice], None]:
    def tell(notice: Notice) -> None:
        from mpl.usecases.messages import notice_line  # its words: imported when there is a notice

        env.warn(notice_line(notice))

    return tell


def _option_problem(error: ValidationError) -> str:
    """The first setting pydantic refused, named as the option that gave it."""
    from mpl.storage.settings import said

    problem = error.errors()[0]
    field = str(problem["loc"][0])
    why = said(problem)
    return f"--{field.replace('_', '-')} {problem.get('input')!r}: {why}"
