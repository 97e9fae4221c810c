"""`mpl push`: the record's xAPI statements to a learning record store, each sent once.

What an LRS has is remembered in `.mpl/lrs/` (record -> the id of the statement sent for
it), so a push sends only records that are new or changed since; a statement's id
follows its content, so a changed record goes as a new statement. Each batch is
remembered as soon as the LRS has stored it: a push cut short by a network or server
failure marks nothing it did not send, and the next push sends the rest. Losing
`.mpl/` loses nothing: the next push sends everything again and the LRS, which has
those ids already, keeps one of each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mpl.domain.periods import between
from mpl.errors import MplError
from mpl.exporters.xapi import Statement, statements
from mpl.storage import lrs
from mpl.storage.index import Query
from mpl.storage.layout import CACHE_DIR
from mpl.storage.portfolio import Portfolio
from mpl.usecases.pack import build_pack

BATCH = 50  # statements per request
PASSWORD_VARIABLE = "MPL_LRS_PASSWORD"


@dataclass(frozen=True)
class Store:
    url: str  # the Statements resource
    user: str


@dataclass(frozen=True)
class Plan:
    store: Store
    to_send: list[Statement]
    already: int  # records the LRS has as they are now
    learned: bool  # the answers to 'what did I learn?' go in (remembered for the next push)


@dataclass(frozen=True)
class PushReport:
    store: Store
    sent: int
    already: int


def choose_store(portfolio: Portfolio, endpoint: str | None, user: str | None) -> Store:
    """The LRS to push to: `endpoint`, else the one pushed to before; the user given, else
    the one used with it before."""
    known = lrs.known_stores(portfolio.root / CACHE_DIR)
    if endpoint is None:
        urls = list(dict.fromkeys(url for url, _ in known))
        if len(urls) != 1:
            raise MplError(
                "which learning record store? "
                + ("none pushed to yet" if not urls else "several pushed to before"),
                hint="give its xAPI endpoint with --lrs URL (and your user name there with --user)",
            )
        url = urls[0]
    else:
        url = lrs.statements_url(endpoint)
    if user is None:
        users = list(dict.fromkeys(name for known_url, name in known if known_url == url))
        if len(users) != 1:
            raise MplError(f"which user at {url}?", hint="give your user name there with --user")
        user = users[0]
    return Store(url, user)


def plan_push(portfolio: Portfolio, store: Store, learned: bool | None = None) -> Plan:
    """The statements of every record not private, less those the LRS has as they are;
    with the answers to 'what did I learn?' if `learned`, or (None) as the last push to
    this store chose, so that a plain push does not send every moment again without them."""
    sent = lrs.sent_to(portfolio.root / CACHE_DIR, store.url, store.user)
    learned = sent.learned if learned is None else learned
    pack = build_pack(portfolio, between(None, None, portfolio.env.today), Query(), include_private=False)
    every = statements(pack, learned=learned)
    to_send = [statement for statement in every if sent.records.get(statement.record) != statement.id]
    return Plan(store, to_send, len(every) - len(to_send), learned)


def push(
    portfolio: Portfolio,
    plan: Plan,
    password: str,
    batch: int = BATCH,
    progress: Callable[[int], None] | None = None,
) -> PushReport:
    """Send `plan` in batches, remembering each batch once the LRS has stored it."""
    store = plan.store
    sent = lrs.sent_to(portfolio.root / CACHE_DIR, store.url, store.user)
    sent.learned = plan.learned
    done = 0
    for start in range(0, len(plan.to_send), batch):
        chunk = plan.to_send[start : start + batch]
        try:
            lrs.post(store.url, store.user, password, [statement.data for statement in chunk])
        except lrs.LrsFailed as error:
            left = len(plan.to_send) - done
            raise lrs.LrsFailed(
                f"{error.message}; sent {done} of {len(plan.to_send)} statements, {left} not sent",
                hint="run `mpl push` again to send the rest: what was sent is remembered",
            ) from None
        sent.records.update({statement.record: statement.id for statement in chunk})
        sent.save()
        done += len(chunk)
        if progress:
            progress(len(chunk))
    if not plan.to_send:
        sent.save()  # remembered as this portfolio's LRS even when it has everything already
    return PushReport(store, done, plan.already)
