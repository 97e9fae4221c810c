"""A second machine: a working copy of a portfolio kept in a git remote."""

from __future__ import annotations

from pathlib import Path

from mpl.env import Env
from mpl.storage.portfolio import Portfolio


def copy_portfolio(env: Env, url: str, root: Path) -> Portfolio:
    """The portfolio at `url` (any git URL, or a folder on this machine, relative to the
    current one) copied to `root`, with `url` as the remote `mpl sync` uses."""
    if "://" not in url and ":" not in url.split("/")[0]:  # a folder, not scp-like host:path
        local = (env.cwd / Path(url).expanduser()).absolute()
        url = str(local) if local.exists() else url
    return Portfolio.copy_of(url, root, env)
