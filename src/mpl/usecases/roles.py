"""Roles over a career: starting a new one when the person changes jobs."""

from __future__ import annotations

import datetime as dt

from mpl.domain.dates import record_date
from mpl.domain.ids import title_of
from mpl.domain.model import Role
from mpl.errors import MplError
from mpl.storage.portfolio import Portfolio


def start_role(portfolio: Portfolio, title: str, organisation: str, day: dt.date) -> tuple[Role | None, Role]:
    """End the current role the day before `day` and start a new one: the role ended (if
    any) and the one started."""
    role = Role(
        title=title_of(title, "role"),
        organisation=organisation,
        start=record_date(day, "the first day of a role"),
    )
    current = portfolio.config.current_role
    if current is not None and role.start <= current.start:
        raise MplError(
            f"the new role must start after {current.title} ({current.start}) did",
            hint="give a later date with --on",
        )
    ended = portfolio.start_role(role)
    return (portfolio.config.roles[-2] if ended else None), portfolio.config.roles[-1]


def roles(portfolio: Portfolio) -> list[Role]:
    """The career so far, oldest role first."""
    return portfolio.config.roles
