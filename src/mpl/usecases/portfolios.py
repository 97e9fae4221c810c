"""Finding, starting and copying portfolios."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from mpl.domain.dates import record_date
from mpl.domain.model import Config
from mpl.domain.reflection import BUILT_IN
from mpl.env import Env
from mpl.errors import MplError
from mpl.storage.notices import Notice
from mpl.storage.portfolio import Portfolio, wanted_root
from mpl.storage.settings import said
from mpl.usecases.messages import notice_line


def open_portfolio(env: Env) -> Portfolio:
    """The portfolio a command works on (see `Portfolio.locate`), telling the person what
    the storage does, skips or finds along the way."""
    return Portfolio.locate(env, _teller(env))


def new_portfolio(env: Env, path: Path | None, config_values: dict[str, object]) -> Portfolio:
    """A new portfolio at `path` (else where one is wanted) made from the settings given
    (as `mpl.toml` names them), with its first commit."""
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
    if "://" not in url and ":" not in url.split("/")[0]:  # a folder, not scp-like host:path
        local = (env.cwd / Path(url).expanduser()).absolute()
        url = str(local) if local.exists() else url
    return Portfolio.copy_of(url, wanted_root(env, path).absolute(), env, _teller(env))


def found_from(env: Env, root: Path) -> bool:
    """Will mpl, run where the person is now, find the portfolio at `root` by itself?"""
    return env.cwd.resolve().is_relative_to(root) or root == env.default_portfolio


def _teller(env: Env) -> Callable[[Notice], None]:
    def tell(notice: Notice) -> None:
        env.warn(notice_line(notice))

    return tell


def _option_problem(error: ValidationError) -> str:
    """The first setting pydantic refused, named as the option that gave it."""
    problem = error.errors()[0]
    field = str(problem["loc"][0])
    why = said(problem)
    return f"--{field.replace('_', '-')} {problem.get('input')!r}: {why}"
