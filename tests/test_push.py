"""`mpl push` against a real learning record store (Ralph) on 127.0.0.1, started once
for this module: all, then nothing, then only what is new; resuming after the server
stops half-way."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lrs import PASSWORD, USER, Lrs
from mpl.storage import lrs as lrs_client

from conftest import Run


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lrs]:
    store = Lrs(tmp_path_factory.mktemp("lrs"))
    store.start()
    yield store
    store.stop()


@pytest.fixture
def person(example: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> str:
    """The example portfolio with an email of its own, so each test's statements are apart in the LRS."""
    email = f"sam.{request.node.name.replace('_', '.')[:40].strip('.')}@example.org"
    settings = example / "mpl.toml"
    settings.write_text(settings.read_text().replace("sam.patel@example.org", email))
    monkeypatch.setenv("MPL_LRS_PASSWORD", PASSWORD)
    return f"mailto:{email}"


def held(server: Lrs, mbox: str) -> list[dict]:
    return [s for s in server.statements() if s["actor"].get("mbox") == mbox]


def stored(server: Lrs, mbox: str) -> list[str]:
    """The ids of every statement written to the LRS's file for `mbox`, duplicates and all."""
    return [s["id"] for s in server.stored_lines() if s["actor"].get("mbox") == mbox]


def exported_ids(mpl: Run) -> set[str]:
    return {s["id"] for s in json.loads(mpl("export", "--format", "xapi", "--since", "1900-01-01").stdout)}


def test_sends_all_then_nothing_then_only_what_is_new(mpl: Run, server: Lrs, person: str) -> None:
    first = mpl("push", "--lrs", server.url, "--user", USER, "--batch", "7")
    total = len(exported_ids(mpl))
    assert first.stdout == f"Sent {total} statements to {server.url}statements; 0 there already\n"
    assert {s["id"] for s in held(server, person)} == exported_ids(mpl)

    again = mpl("push")  # the LRS and user are remembered
    assert again.stdout == f"0 to send to {server.url}statements, {total} there already\n"
    assert len(stored(server, person)) == total

    mpl("log", "Read the new NEWS2 chart", "--kind", "reading", "--hours", "0.5", "--what", "x")
    assert mpl("push", "--dry-run").stdout == (
        "would send moment:read-the-new-news2-chart: Read the new NEWS2 chart\n"
        f"1 to send to {server.url}statements, {total} there already (dry run)\n"
    )
    assert mpl("push").stdout.startswith(f"Sent 1 statement to {server.url}statements; {total} there already")
    mpl("log", "A private worry", "--private")
    assert mpl("push").stdout.startswith("0 to send")
    assert len(stored(server, person)) == total + 1


def test_a_changed_record_goes_again_as_a_new_statement(mpl: Run, server: Lrs, person: str, editor) -> None:
    mpl("push", "--lrs", server.url, "--user", USER)
    before = {s["id"] for s in held(server, person)}
    editor("text = text.replace('hours = 7.0', 'hours = 7.5')")
    mpl("edit", "iv-therapy-and-drug")
    assert mpl("push").stdout.startswith("Sent 1 statement")
    now = held(server, person)
    (new,) = [s for s in now if s["id"] not in before]
    assert new["result"]["duration"] == "PT7H30M"
    assert len(now) == len(before) + 1  # the old statement stays: nothing is overwritten


def test_resumes_after_the_server_stops_half_way(
    mpl: Run, server: Lrs, person: str, monkeypatch: pytest.MonkeyPatch, example: Path
) -> None:
    real_post, calls = lrs_client.post, []

    def post_then_stop(*args, **kwargs):
        calls.append(len(args[3]))
        real_post(*args, **kwargs)
        if len(calls) == 2:
            server.stop()  # the LRS goes away after the second batch

    monkeypatch.setattr(lrs_client, "post", post_then_stop)
    try:
        result = mpl("push", "--lrs", server.url, "--user", USER, "--batch", "5", code=1)
    finally:
        monkeypatch.setattr(lrs_client, "post", real_post)
        server.start()
    total = len(exported_ids(mpl))
    assert calls == [5, 5, 5]  # the third batch found no server
    assert result.stderr == (
        f"mpl: error: could not reach the LRS at {server.url}statements: connection refused; "
        f"sent 10 of {total} statements, {total - 10} not sent "
        "(run `mpl push` again to send the rest: what was sent is remembered)\n"
    )
    assert len(stored(server, person)) == 10
    assert mpl("push").stdout.startswith(f"Sent {total - 10} statements to {server.url}statements; 10 there")
    ids = stored(server, person)
    assert len(ids) == len(set(ids)) == total
    assert set(ids) == exported_ids(mpl)

    shutil.rmtree(example / ".mpl" / "lrs")  # what was sent forgotten: all again, kept once
    assert mpl("push", "--lrs", server.url, "--user", USER).stdout.startswith(f"Sent {total} statements")
    assert len(stored(server, person)) == total


def test_a_wrong_password_marks_nothing_sent(
    mpl: Run, server: Lrs, person: str, monkeypatch: pytest.MonkeyPatch, example: Path
) -> None:
    monkeypatch.setenv("MPL_LRS_PASSWORD", "wrong")
    result = mpl("push", "--lrs", server.url, "--user", USER, code=1)
    assert result.stderr.startswith(
        f"mpl: error: the LRS at {server.url}statements refused the statements: "
        "HTTP 401 Unauthorized (check --user and the password); sent 0 of"
    )
    assert held(server, person) == []
    assert not list((example / ".mpl" / "lrs").glob("*.json"))


def test_no_password_and_no_terminal(
    mpl: Run, server: Lrs, person: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MPL_LRS_PASSWORD")
    result = mpl("push", "--lrs", server.url, "--user", USER, code=1)
    assert "set MPL_LRS_PASSWORD, or run mpl push on a terminal to be asked" in result.stderr


def test_which_store_when_none_was_given(mpl: Run, example: Path) -> None:
    assert "which learning record store? none pushed to yet" in mpl("push", code=1).stderr
    assert (
        "is not the address of a learning record store"
        in mpl("push", "--lrs", "lrs.example.org", code=1).stderr
    )


class _Fake:
    """A web server on 127.0.0.1 that is no LRS, answering every request as `answer` says,
    and noting the Authorization header of each request it gets."""

    def __init__(self, answer: Callable[[str], tuple[int, dict[str, str], bytes]]) -> None:
        import http.server
        import threading

        seen = self.seen = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def _answer(self) -> None:
                seen.append((self.command, self.path, self.headers.get("Authorization")))
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                code, headers, body = answer(self.path)
                self.send_response(code)
                for key, value in {**headers, "Content-Length": str(len(body))}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/xapi/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_redirect_is_not_followed_and_the_password_goes_nowhere_else(
    mpl: Run, person: str, example: Path
) -> None:
    elsewhere = _Fake(lambda path: (200, {"Content-Type": "text/html"}, b"<html>log in</html>"))
    redirecting = _Fake(lambda path: (302, {"Location": f"{elsewhere.url}login"}, b""))
    try:
        result = mpl("push", "--lrs", redirecting.url, "--user", USER, code=1)
    finally:
        redirecting.close()
        elsewhere.close()
    assert "answered with a redirect (HTTP 302) to http://127.0.0.1:" in result.stderr
    assert elsewhere.seen == []  # neither the statements nor the password went on
    assert not list((example / ".mpl" / "lrs").glob("*.json"))  # nothing counted as sent


@pytest.mark.parametrize(
    "answer",
    [
        (200, {"Content-Type": "text/html"}, b"<html>Welcome to the learning portal</html>"),
        (200, {"Content-Type": "application/json"}, b'{"statements": [], "more": ""}'),  # a query's answer
        (200, {"Content-Type": "application/json"}, b"[" * 100_000 + b"]" * 100_000),  # nested past reading
    ],
    ids=["a-web-page", "a-query-result", "json-nested-deep"],
)
def test_an_answer_that_is_not_an_lrss_marks_nothing_sent(
    mpl: Run, person: str, example: Path, answer: tuple[int, dict[str, str], bytes]
) -> None:
    fake = _Fake(lambda path: answer)
    try:
        result = mpl("push", "--lrs", fake.url, "--user", USER, code=1)
    finally:
        fake.close()
    assert "without the stored statements' ids" in result.stderr and "sent 0 of" in result.stderr
    assert not list((example / ".mpl" / "lrs").glob("*.json"))


@pytest.mark.parametrize("address", ["http://[::1", "http://a\x1b[31m/", "https://a b/", "http://a:xx/"])
def test_an_address_that_is_no_url_is_one_line(mpl: Run, person: str, address: str) -> None:
    result = mpl("push", "--lrs", address, "--user", USER, code=1)
    assert "is not the address of a learning record store" in result.stderr
    assert "\x1b" not in result.stderr


def test_what_was_learned_stays_in_or_out_as_the_last_push_chose(mpl: Run, server: Lrs, person: str) -> None:
    """A plain push after `--with-learned` sent every moment again without the answers (and
    the LRS held two statements for each): the choice is remembered with the store."""
    mpl("push", "--lrs", server.url, "--user", USER, "--with-learned")
    total = len(stored(server, person))
    assert mpl("push", "--dry-run").stdout.endswith(
        f"0 to send to {server.url}statements, {total} there already (dry run)\n"
    )
    assert any("response" in s.get("result", {}) for s in held(server, person))
    out = mpl("push", "--without-learned", "--dry-run").stdout  # said: every moment again
    assert not out.startswith("0 to send")
