"""The one place that talks to a learning record store (LRS): xAPI over HTTP, with the
standard library's urllib (one POST per batch needs nothing more), and the note in
`.mpl/` of what was sent where.

Imported only by `mpl push`.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mpl.errors import MplError
from mpl.storage.files import atomic_write

if TYPE_CHECKING:
    import urllib.error  # noqa: TC004 (imported again where it is used)

XAPI_VERSION = "1.0.3"
TIMEOUT = 30.0  # seconds for one batch to be answered
SENT_DIR = "lrs"  # under .mpl/
_SHOWN = 200  # characters of an LRS's error answer worth showing


class LrsFailed(MplError):
    """The LRS could not be reached, or refused what was sent."""


class NotAnLrs(MplError):
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        super().__init__(f"{endpoint!r} is not the address of a learning record store")


def statements_url(endpoint: str) -> str:
    """The Statements resource of an LRS whose xAPI endpoint is `endpoint` (given with or
    without its `/statements`)."""
    try:
        parsed = urllib.parse.urlsplit(endpoint.strip())
        parsed.port  # noqa: B018 (read to check it: a port that is no number raises)
    except ValueError:  # an IPv6 address left open, a port that is no number
        raise NotAnLrs(endpoint) from None
    if parsed.scheme not in ("http", "https") or not parsed.netloc or not endpoint.strip().isprintable():
        raise NotAnLrs(endpoint)
    if any(character.isspace() for character in parsed.netloc + parsed.path):
        raise NotAnLrs(endpoint)
    path = parsed.path.rstrip("/")
    if not path.endswith("/statements"):
        path += "/statements"
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, path, "", ""))


def post(
    url: str, user: str, password: str, statements: list[dict[str, Any]], timeout: float = TIMEOUT
) -> None:
    """POST one batch of statements; an LrsFailed saying what failed unless the LRS stored
    them all (200) or had them all already (204)."""
    import urllib.error  # only sending needs them (the module is imported for its errors' words)
    import urllib.request

    body = json.dumps(statements, ensure_ascii=False).encode()
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    request = urllib.request.Request(
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-Experience-API-Version": XAPI_VERSION,
            "Authorization": f"Basic {token}",
        },
    )
    where = _shown(url)

    # A redirect is never followed: urllib would send the statements on as a GET (which an
    # LRS answers with a query's result) and the password to wherever it points.
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None  # urllib then raises the 3xx as an HTTPError

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=timeout) as answer:  # http(s) only: statements_url checked
            status, said = answer.status, answer.read(_MOST_ANSWER)
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            to = _inert(_shown(error.headers.get("Location", "") or "?"))
            raise LrsFailed(
                f"the LRS at {where} answered with a redirect (HTTP {error.code}) to {to}:"
                " nothing was sent; give the address it names with --lrs"
            ) from None
        raise LrsFailed(f"the LRS at {where} refused the statements: {_http_problem(error)}") from None
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as error:
        why = getattr(error, "reason", error)
        if isinstance(why, OSError) and why.strerror:
            why = why.strerror.lower()
        elif isinstance(why, TimeoutError):
            why = f"no answer within {timeout:g} seconds"
        raise LrsFailed(f"could not reach the LRS at {where}: {_inert(str(why))}") from None
    if status != 204 and not _stored_ids(said):
        raise LrsFailed(
            f"{where} answered HTTP {status} without the stored statements' ids, as an LRS would:"
            " it is not the LRS's xAPI endpoint (nothing is counted as sent)"
        )


_MOST_ANSWER = 16 * 1024 * 1024  # an LRS answers a batch with its ids: far less


def _stored_ids(answer: bytes) -> bool:
    """Is `answer` what xAPI says an LRS answers a POST of statements with: a JSON list of
    the stored statements' ids?"""
    try:
        ids = json.loads(answer)
    except (ValueError, RecursionError):  # not JSON, or nested past any list of ids
        return False
    return isinstance(ids, list) and all(isinstance(value, str) for value in ids)


def _http_problem(error: urllib.error.HTTPError) -> str:
    code = f"HTTP {error.code} {error.reason}"
    if error.code in (401, 403):
        return f"{code} (check --user and the password)"
    try:
        detail = error.read().decode("utf-8", errors="replace")
    except OSError:
        detail = ""
    with contextlib.suppress(
        ValueError, AttributeError, RecursionError
    ):  # Ralph and others: {"detail": "..."}
        detail = str(json.loads(detail).get("detail", detail))
    detail = " ".join(detail.split())[:_SHOWN]
    return f"{code}: {_inert(detail)}" if detail else code


def _shown(url: str) -> str:
    """The URL without any user name or password in it."""
    parsed = urllib.parse.urlsplit(url)
    host = parsed.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((parsed.scheme, host, parsed.path, "", ""))


def _inert(text: str) -> str:
    """What a server said, with nothing a terminal would act on."""
    return "".join(c if c.isprintable() else "?" for c in text)


# -- what was sent where: .mpl/lrs/<key>.json ----------------------------------------


@dataclass
class Sent:
    """The statements an LRS has from this portfolio: record ("moment:<id>", "goal:<id>")
    -> the id of the statement last sent for it."""

    path: Path
    endpoint: str
    user: str
    records: dict[str, str] = field(default_factory=dict)
    learned: bool = False  # did the last push put the answers to 'what did I learn?' in?

    def save(self) -> None:
        data = {
            "endpoint": self.endpoint,
            "user": self.user,
            "learned": self.learned,
            "sent": dict(sorted(self.records.items())),
        }
        atomic_write(self.path, json.dumps(data, indent=1) + "\n")


def sent_to(cache: Path, endpoint: str, user: str) -> Sent:
    """What this portfolio has sent to `endpoint` as `user` (nothing, the first time)."""
    key = hashlib.sha256(f"{endpoint}\0{user}".encode()).hexdigest()[:16]
    path = cache / SENT_DIR / f"{key}.json"
    sent = Sent(path, endpoint, user)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sent.records = {str(k): str(v) for k, v in dict(data.get("sent", {})).items()}
        sent.learned = data.get("learned") is True
    except FileNotFoundError:
        pass
    except (
        OSError,
        ValueError,
        TypeError,
        AttributeError,
        RecursionError,
    ):  # damaged: the LRS ignores what it has
        pass
    return sent


def known_stores(cache: Path) -> list[tuple[str, str]]:
    """(endpoint, user) of every LRS this portfolio has pushed to."""
    found = []
    for path in sorted((cache / SENT_DIR).glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found.append((str(data["endpoint"]), str(data["user"])))
        except (OSError, ValueError, KeyError, TypeError, RecursionError):
            continue
    return found
