"""The hostile corpus (tests/hostile/manifest.toml): what an attacker, a shared folder or
pasted text could give mpl, each case with the one clear line or the inert result it must
give, and every step of every case held to the same rules: never an internal error,
nothing a terminal would obey, nothing read from outside the portfolio, no program a
folder's git config names run. Then every export format, opened by its real reader, with
the corpus's text inside."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import zipfile
import zlib
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from markdown_it import MarkdownIt

from test_environment import read_only  # noqa: F401  (the fixture: a truly read-only folder)

from conftest import TODAY, Result, Run, commits, git

CORPUS = tomllib.loads((Path(__file__).parent / "hostile" / "manifest.toml").read_text())
SECRET = "SECRET-KEY-MATERIAL-3f9a1c"
# What must never reach a terminal from data: escape, bell, other C0 and C1 controls,
# direction overrides and isolates (line breaks, tabs and carriage returns are rich's own).
OBEYED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
MAKERS: dict[str, Callable[[Path, Path, Path, Run], Path | None]] = {}
CHECKS: dict[str, Callable[[Path, Path], None]] = {}


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_hostile_case(
    name: str, mpl: Run, started: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CORPUS[name]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"{SECRET}\n")
    pwned = tmp_path / "PWNED"
    made = MAKERS[case["make"]](started, outside, tmp_path, mpl) if "make" in case else None
    names = {
        "{root}": str(started),
        "{outside}": str(outside),
        "{made}": str(made),
        "{pwned}": str(pwned),
        "{deep}": "[" * 300 + "]" * 300,
        "{undecodable}": "\udc9b",  # a byte that is not UTF-8, as Python gives it (TOML cannot)
    }

    def filled(text: str) -> str:
        for key, value in names.items():
            text = text.replace(key, value)
        return text.replace("LONG", "a" * 300)

    for relative, content in case.get("files", {}).items():
        (started / relative).parent.mkdir(parents=True, exist_ok=True)
        (started / relative).write_text(filled(content).replace("DEEP", names["{deep}"]))
    for relative, target in case.get("links", {}).items():
        (started / relative).parent.mkdir(parents=True, exist_ok=True)
        if (started / relative).is_dir() and not (started / relative).is_symlink():
            shutil.rmtree(started / relative)
        (started / relative).unlink(missing_ok=True)
        (started / relative).symlink_to(filled(target))
    for key, value in case.get("git", []):
        git(started, "config", key, filled(value))
    if case.get("commit"):
        git(started, "add", "-A")
        git(started, "commit", "-qm", "hand edits")

    for step in case["steps"]:
        if step.get("cwd") == "root":
            monkeypatch.chdir(started)
        for key, value in step.get("env", {}).items():
            monkeypatch.setenv(key, value)
        if "editor" in step:
            EDITORS[step["editor"]](tmp_path, monkeypatch)
        code = step.get("code", 0)
        result = mpl(*[filled(arg) for arg in step["args"]], input=step.get("stdin"), code=code)
        _held_to_the_rules(result, step, pwned, filled)
        monkeypatch.chdir(tmp_path)
    if "check" in case:
        CHECKS[case["check"]](started, outside)
    _nothing_outside_was_copied_in(started, outside)


def _held_to_the_rules(result: Result, step: dict, pwned: Path, filled: Callable[[str], str]) -> None:
    said = result.stdout + result.stderr
    assert result.exit_code != 70 and "internal error" not in said and "Traceback" not in said
    assert not OBEYED.findall(said), f"a terminal would obey {OBEYED.findall(said)!r} in: {said!r}"
    assert SECRET not in said, "something outside the portfolio was read"
    assert not pwned.exists(), "a program the folder's git config names has run"
    errors = [line for line in result.stderr.splitlines() if line.startswith("mpl: error: ")]
    if result.exit_code not in (0, 6):
        assert len(errors) == 1, f"not one clear line: {result.stderr!r}"
        assert filled(step.get("error", "")) in errors[0], errors[0]
    else:
        assert errors == [], result.stderr
    for text in step.get("out", []):
        assert filled(text) in result.stdout, f"{filled(text)!r} not in:\n{result.stdout}"
    for text in step.get("lacks", []):
        assert filled(text) not in said, f"{filled(text)!r} in:\n{said}"


def _nothing_outside_was_copied_in(root: Path, outside: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink() and path.suffix != ".sqlite":
                assert SECRET.encode() not in path.read_bytes(), f"{path} holds what lies outside"
    for bundle in outside.glob("*.zip"):
        with zipfile.ZipFile(bundle) as opened:
            for member in opened.namelist():
                assert SECRET.encode() not in opened.read(member), f"{bundle}:{member}"


# -- inputs made for a case ----------------------------------------------------------------


def maker(name: str) -> Callable[[Callable[..., Path | None]], Callable[..., Path | None]]:
    def register(function: Callable[..., Path | None]) -> Callable[..., Path | None]:
        MAKERS[name] = function
        return function

    return register


@maker("odd-named-file")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    path = tmp / "[i]cert\u001b[1m.pdf"
    path.write_bytes(b"%PDF-1.4 a certificate")
    return path


@maker("jrnl-hostile")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    entry = {
        "date": "2026-03-01",
        "time": "19:30",
        "title": "Night \u001b[31mshift",
        "body": "Bo\u202edy\u0007.",
    }
    path = tmp / "journal.json"
    path.write_text(json.dumps({"tags": {}, "entries": [entry]}))
    return path


@maker("jrnl-nested-deep")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    path = tmp / "deep.json"
    path.write_text('{"entries": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return path


@maker("csv-formula")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    path = tmp / "portal.csv"
    path.write_text('date,title,hours\n2026-03-01,"=HYPERLINK(""https://evil.example"",""x"")",1\n')
    return path


def _course_with_evidence(tmp: Path, mpl: Run) -> None:
    (tmp / "cert.txt").write_text("a certificate of attendance\n")
    mpl("log", "Course", "--date", "2026-03-01")
    mpl("evidence", "add", str(tmp / "cert.txt"), "--to", "course")


def _stored(root: Path) -> Path:
    return next((root / "evidence").rglob("*cert.txt"))


@maker("evidence-then-link")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    _course_with_evidence(tmp, mpl)
    stored = _stored(root)
    stored.unlink()
    stored.symlink_to(outside / "secret.txt")


@maker("evidence-then-link-folder-to-root")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    _course_with_evidence(tmp, mpl)
    shutil.rmtree(root / "evidence")
    (root / "evidence").symlink_to("/")


@maker("evidence-folder-outside")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    secret = (outside / "secret.txt").read_bytes()
    import hashlib

    digest = hashlib.sha256(secret).hexdigest()
    (outside / "ev" / "2026").mkdir(parents=True)
    (outside / "ev" / "2026" / f"{digest[:12]}-key.txt").write_bytes(secret)
    (outside / "new.txt").write_text("new evidence\n")
    (root / "evidence").symlink_to(outside / "ev")
    (root / "log" / "2026").mkdir(parents=True)
    (root / "log" / "2026" / "2026-03-01-course.md").write_text(
        '+++\nid = "course"\ntitle = "Course"\ndate = 2026-03-01\n\n[[evidence]]\n'
        f'path = "evidence/2026/{digest[:12]}-key.txt"\nsha256 = "{digest}"\nsize = {len(secret)}\n'
        'name = "key.txt"\nadded = 2026-03-01\n+++\n'
    )


@maker("evidence-then-tamper")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    _course_with_evidence(tmp, mpl)
    _stored(root).write_text("not the certificate that was added\n")


def _outside_record(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text)


@maker("outside-goal")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    _outside_record(
        outside / "goals", "stolen.md", f'+++\nid = "stolen"\ntitle = "{SECRET}"\ncreated = 2026-01-01\n+++\n'
    )


@maker("outside-moment")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    text = f'+++\nid = "stolen"\ntitle = "Stolen"\ndate = 2026-01-01\n+++\n\n## What?\n\n{SECRET} secret\n'
    _outside_record(outside / "log2026", "2026-01-01-stolen.md", text)


@maker("outside-cache")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    shutil.rmtree(root / ".mpl", ignore_errors=True)
    (outside / "cache").mkdir()


@maker("outside-rules-and-frameworks")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    """A rule pack and a framework outside, each well formed, naming what lies outside."""
    shipped = Path(__file__).parents[1] / "src" / "mpl" / "data"
    (outside / "rules").mkdir()
    pack = (shipped / "rules" / "cipd.toml").read_text()
    (outside / "rules" / "mine.toml").write_text(pack.replace('title = "', f'title = "{SECRET} ', 1))
    (outside / "frameworks").mkdir()
    framework = (shipped / "frameworks" / "example-practice.toml").read_text()
    (outside / "frameworks" / "mine.toml").write_text(framework.replace('"PR1"', f'"{SECRET}"', 1))


@maker("outside-exports")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    (outside / "exports").mkdir()


def _hook(path: Path, pwned: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\ntouch {pwned}\n")
    path.chmod(0o755)


@maker("hooks")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    for name in ("pre-commit", "post-commit", "reference-transaction", "post-checkout", "post-merge"):
        _hook(root / ".git" / "hooks" / name, tmp / "PWNED")


@maker("hooks-path")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    for name in ("post-commit", "reference-transaction"):
        _hook(root / "my-hooks" / name, tmp / "PWNED")


@maker("included-config")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    (outside / "evil.gitconfig").write_text(f'[filter "evil"]\n\tclean = touch {tmp / "PWNED"}; cat\n')


@maker("git-elsewhere")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    other = outside / "real"
    git(outside, "init", "-q", str(other))
    (other / "note.txt").write_text("someone's real work\n")
    git(other, "add", "-A")
    git(other, "commit", "-qm", "their work")
    shutil.rmtree(root / ".git")
    (root / ".git").write_text(f"gitdir: {other / '.git'}\n")


def _png(*chunks: tuple[bytes, bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return b"\x89PNG\r\n\x1a\n" + b"".join(chunk(kind, data) for kind, data in chunks) + chunk(b"IEND", b"")


def zlib_bomb(gigabytes: int = 3, block: int = 16 * 1024 * 1024) -> tuple[bytes, int]:
    """A valid zlib stream of `gigabytes` GB of spaces, about 3 MB long, made in a moment:
    once deflate is steady, one more identical block of input gives the same bytes out, so
    those bytes are repeated; the checksum of so many spaces is worked out, not computed."""
    data = b" " * block
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    head, steady = packer.compress(data), packer.compress(data)
    assert packer.compress(data) == steady
    tail = packer.flush()

    def unpacked(stream: bytes) -> int:
        unpacker, total, rest = zlib.decompressobj(-15), 0, stream
        while rest:
            total += len(unpacker.decompress(rest, 1 << 26))
            rest = unpacker.unconsumed_tail
        return total + len(unpacker.flush())

    three = unpacked(head + steady * 2 + tail)
    each = unpacked(head + steady * 3 + tail) - three
    extra = (gigabytes * 2**30 - three) // each
    total = three + extra * each
    c, mod = ord(" "), 65521
    a, b = (1 + total * c) % mod, (total + c * (total * (total + 1) // 2)) % mod
    return b"\x78\x9c" + head + steady * (2 + extra) + tail + struct.pack(">I", (b << 16) | a), total


@maker("png-bomb")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    bomb, total = zlib_bomb()
    assert total > 2.9 * 2**30 and len(bomb) < 4_000_000
    path = tmp / "badge.png"
    path.write_bytes(_png((b"IHDR", b"\0" * 13), (b"iTXt", b"openbadges\0\x01\0\0\0" + bomb)))
    return path


@maker("svg-many")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    path = tmp / "badge.svg"
    path.write_text("<svg>" + "<openbadges:assertion>" * 100_000 + "</svg>")
    return path


def _assertion(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "issuedOn": "2026-03-01",
        "badge": {"type": "BadgeClass", "name": "Safe Moving", "issuer": {"name": "NHS Learning"}},
    }
    data.update(changes)
    return data


def _json_badge(tmp: Path, data: object, raw: str | None = None) -> Path:
    path = tmp / "badge.json"
    path.write_text(raw if raw is not None else json.dumps(data))
    return path


@maker("badge-1e20")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    return _json_badge(tmp, None, json.dumps(_assertion()).replace('"2026-03-01"', "1e20"))


@maker("badge-nan")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    return _json_badge(tmp, None, json.dumps(_assertion()).replace('"2026-03-01"', "NaN"))


@maker("badge-hostile")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    badge = {
        "type": "BadgeClass",
        "name": "Safe \u001b[31mBadge\nMpl-Undoes: x",
        "issuer": {"name": "Evil \u202eIssuer"},
    }
    path = tmp / "badge.png"
    payload = json.dumps(_assertion(badge=badge)).encode()
    path.write_bytes(
        _png((b"IHDR", b"\0" * 13), (b"iTXt", b"openbadges\0\x01\0\0\0" + zlib.compress(payload)))
    )
    return path


@maker("badge-deep")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    return _json_badge(tmp, None, '{"type": "Assertion", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")


@maker("badge-type-a-number")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    return _json_badge(tmp, {"type": 5})


@maker("badge-type-null")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    return _json_badge(tmp, {"type": None})


@maker("badge-achievement-a-string")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    return _json_badge(tmp, {"type": ["OpenBadgeCredential"], "credentialSubject": {"achievement": "x"}})


@maker("badge-jws-type-a-number")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    def part(data: object) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    token = part({"alg": "none"}) + b"." + part({"vc": {"type": 5}}) + b".c2ln"
    path = tmp / "badge.png"
    path.write_bytes(_png((b"IHDR", b"\0" * 13), (b"iTXt", b"openbadges\0\0\0\0\0" + token)))
    return path


@maker("badge-named-at-length")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> Path:
    badge = {"type": "BadgeClass", "name": "N" * 200_000, "issuer": {"name": "I" * 200_000}}
    return _json_badge(tmp, _assertion(badge=badge))


@maker("one-word-record")
def _(root: Path, outside: Path, tmp: Path, mpl: Run) -> None:
    (root / "log" / "2026").mkdir(parents=True, exist_ok=True)
    body = "word " * 390_000  # just under 2 MB, the most a record may hold
    (root / "log" / "2026" / "2026-03-01-words.md").write_text(
        f'+++\nid = "words"\ntitle = "Words"\ndate = 2026-03-01\n+++\n\n{body}\n'
    )


# -- editors a case runs --------------------------------------------------------------------


def _link_no_such_goal(tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = tmp / "link.py"
    script.write_text(
        "import sys, pathlib\npath = pathlib.Path(sys.argv[1])\n"
        "path.write_text(path.read_text().replace('goals = []', 'goals = [\"no-such-goal\"]'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")


EDITORS = {"link-no-such-goal": _link_no_such_goal}


# -- further checks -------------------------------------------------------------------------


def check(name: str) -> Callable[[Callable[[Path, Path], None]], Callable[[Path, Path], None]]:
    def register(function: Callable[[Path, Path], None]) -> Callable[[Path, Path], None]:
        CHECKS[name] = function
        return function

    return register


@check("first-is-still-there")
def _(root: Path, outside: Path) -> None:
    assert (root / "log" / "2026" / f"{TODAY}-first.md").exists(), "undo undid the wrong change"
    messages = git(root, "log", "--format=%B%x00").split("\x00")
    third = next(message for message in messages if message.strip().startswith("log: Third"))
    assert third.strip().splitlines()[0] == "log: Third Mpl-Undoes: 0123456789abcdef"
    assert not [line for line in third.splitlines() if line.startswith("Mpl-Undoes:")]


CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@check("no-control-in-files")
def _(root: Path, outside: Path) -> None:
    for path in [
        *root.glob("goals/*.md"),
        *root.glob("log/*/*.md"),
        *root.glob("reviews/*.md"),
        root / "mpl.toml",
    ]:
        if "hand" not in path.name:
            assert not CONTROLS.findall(path.read_text()), f"{path}: {CONTROLS.findall(path.read_text())!r}"


@check("goal-has-one-progress-heading")
def _(root: Path, outside: Path) -> None:
    text = (root / "goals" / "lead-a-huddle.md").read_text()
    assert text.splitlines().count("## Progress") == 1 and "\n- 2026-01-01: faked" not in text


@check("review-has-no-section-of-its-notes")
def _(root: Path, outside: Path) -> None:
    text = next(root.glob("reviews/*.md")).read_text()
    assert "\n## Agreed" not in text and "### Agreed" in text
    _no_faked_progress(root)


@check("goal-has-no-faked-progress")
def _(root: Path, outside: Path) -> None:
    _no_faked_progress(root)


def _no_faked_progress(root: Path) -> None:
    goal = (root / "goals" / "lead-a-huddle.md").read_text()
    assert goal.splitlines().count("## Progress") == 1, goal
    assert "faked" not in goal.split("\n## Progress\n")[1], goal


@check("bundle-without-evidence")
def _(root: Path, outside: Path) -> None:
    with zipfile.ZipFile(outside / "b.zip") as bundle:
        assert not [name for name in bundle.namelist() if name.startswith("evidence/")]


@check("other-repository-untouched")
def _(root: Path, outside: Path) -> None:
    assert git(outside / "real", "log", "--format=%s") == "their work\n"


@check("outside-cache-untouched")
def _(root: Path, outside: Path) -> None:
    assert list((outside / "cache").iterdir()) == []


@check("nothing-made-outside")
def _(root: Path, outside: Path) -> None:
    assert sorted(path.name for path in outside.iterdir()) == ["secret.txt"]
    assert not (root / ".mpl" / "lock").is_symlink()


@check("badge-name-cut")
def _(root: Path, outside: Path) -> None:
    assert all(len(subject) <= 200 for subject in commits(root))
    record = git(root, "show", "HEAD~1", "--", "log")  # the badge's record, before the undo
    assert "N" * 300 in record and "N" * 301 not in record and "I" * 301 not in record


@check("outside-exports-empty")
def _(root: Path, outside: Path) -> None:
    assert list((outside / "exports").iterdir()) == []


def test_every_case_has_what_it_needs() -> None:
    for name, case in CORPUS.items():
        assert case.get("about") and case.get("steps"), name
        assert case.get("make", "odd-named-file") in MAKERS, name
        assert case.get("check", "bundle-without-evidence") in CHECKS, name


# -- what a folder's git may run, once the person trusts it -----------------------------------


def test_a_portfolio_the_person_trusts_runs_its_own_git_settings(
    mpl: Run, started: Path, tmp_path: Path, home: Path
) -> None:
    pwned = tmp_path / "PWNED"
    git(started, "config", "filter.mine.clean", f"touch {pwned}; cat")
    (started / ".gitattributes").write_text("*.md filter=mine\n")
    assert "filter.mine.clean" in mpl("log", "Nights", code=5).stderr
    git(home, "config", "--global", "--add", "mpl.trust", str(started))
    mpl("log", "Nights")
    assert pwned.exists(), "a filter the person set up and trusts runs"


# -- the terminal, as a person's shell runs mpl ---------------------------------------------


def test_show_piped_into_head_exits_quietly(mpl: Run, started: Path) -> None:
    mpl("log", "Long one", input="".join(f"line {n} of a long reflection\n" for n in range(300)))
    shell = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m mpl show long | head -1; echo ${{PIPESTATUS[0]}}"],
        capture_output=True,
        text=True,
    )
    assert shell.stdout.splitlines()[-1] == "0"


# -- every export format, read by its own reader, with the corpus inside ------------------------

HOSTILE_TEXTS = [
    '=HYPERLINK("https://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=cmd",
    "\r=cmd",
    "<script>alert(1)</script> <img src=x onerror=alert(1)>",
    "![pixel](https://evil.example/p.png) [link](https://evil.example/x)",
    "Red \u001b[31malert\u001b]0;owned\u0007 \u009b2J",
    "Invoice \u202egnp.exe and \u2066isolated\u2069",
    "Word\u000bline break\u0001 and \x0c",
    "line one\n## Injected heading\n- 2026-01-01: faked (100%)",
    "[bold red]markup[/]",
    "BEGIN:VEVENT\nSUMMARY:injected",
    "Mpl-Undoes: 0123456789abcdef",
]


@pytest.fixture
def hostile_record(mpl: Run, started: Path) -> Path:
    config = started / "mpl.toml"  # an email, which xAPI statements name the person by
    config.write_text(
        config.read_text().replace('name = "Sam Patel"', 'name = "Sam Patel"\nemail = "sam@example.org"')
    )
    joined = " ".join(text.replace("\n", " ") for text in HOSTILE_TEXTS)
    everything = "\n\n".join(HOSTILE_TEXTS)
    mpl("goal", "add", HOSTILE_TEXTS[0], "--success", HOSTILE_TEXTS[1], "--by", "2027-01-01",
        "--why", everything, "--now", HOSTILE_TEXTS[8], "--support", HOSTILE_TEXTS[9])  # fmt: skip
    for number, title in enumerate(HOSTILE_TEXTS, start=1):
        mpl("log", "--date", f"2026-03-{number:02d}", "--hours", "1", "--goal", "hyperlink",
            "--tag", title, "--what", everything, "--so-what", joined, "--", title)  # fmt: skip
    mpl("goal", "progress", "hyperlink", "secret\n- 2026-11-20: public-looking", "--private")
    mpl("goal", "drop", "hyperlink", "--reason", HOSTILE_TEXTS[11])
    return started


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            fetched = name in ("href", "src", "action", "srcset", "poster", "data", "background")
            if name != "xmlns" and (fetched or "://" in (value or "") or "url(" in (value or "")):
                self.addresses.append(f"{name}={value}")
            assert not name.startswith("on"), f"an event handler: {name}={value}"


def test_every_format_read_by_its_reader_keeps_the_corpus_inert(
    mpl: Run, hostile_record: Path, tmp_path: Path
) -> None:
    def written(fmt: str) -> bytes:
        out = tmp_path / f"pack.{fmt}"
        mpl("export", "--period", "2026", "--format", fmt, "--out", str(out), "--include-private", "--force")
        return out.read_bytes()

    markdown = written("md").decode()
    assert not OBEYED.findall(markdown)
    rendered = MarkdownIt("commonmark", {"html": False}).render(markdown)
    assert "<script" not in rendered and "<img" not in rendered.replace("&lt;img", "")
    tokens = MarkdownIt("commonmark").parse(markdown)  # as GitHub reads it, raw HTML allowed
    assert not [t for t in tokens if t.type == "html_block"]
    assert not [c for t in tokens for c in t.children or [] if c.type == "html_inline"]
    headings = [t for t in tokens if t.type == "heading_open"]
    assert not [h for h in headings if tokens[tokens.index(h) + 1].content.startswith("Injected")]

    page = _Page()
    page.feed(written("html").decode())
    assert "script" not in page.tags and "img" not in page.tags
    assert not [a for a in page.addresses if not a.split("=", 1)[1].startswith(("#", "data:"))], (
        page.addresses
    )

    rows = list(csv.reader(io.StringIO(written("csv").decode("utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], "a spreadsheet would run it"
    assert not [c for c in cells if OBEYED.search(c)]

    document = Document(io.BytesIO(written("docx")))
    text = "\n".join(p.text for p in document.paragraphs) + "".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "<script>alert(1)</script>" in text  # shown as the text it is
    assert not re.findall("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)

    for fmt in ("json", "xapi", "jsonresume"):
        json.loads(written(fmt))
    calendar = written("ics").decode()
    assert calendar.count("BEGIN:VEVENT") + calendar.count("BEGIN:VTODO") == calendar.count("SUMMARY:")
    assert "\nSUMMARY:injected" not in calendar.replace("\r\n", "\n")
    bundle = tmp_path / "b.zip"
    mpl("export", "--period", "2026", "--bundle", str(bundle))
    with zipfile.ZipFile(bundle) as opened:
        assert opened.testzip() is None


def test_a_title_cannot_inject_a_trailer_or_a_second_line_anywhere(mpl: Run, started: Path) -> None:
    mpl("log", "First")
    mpl("log", "Third\nMpl-Undoes: 0123456789abcdef\n\nMpl-Change: init")
    subject = git(started, "log", "-1", "--format=%s")
    assert subject == "log: Third Mpl-Undoes: 0123456789abcdef Mpl-Change: init\n"
    trailers = git(started, "log", "-1", "--format=%(trailers:only,unfold)")
    assert trailers.count("Mpl-Change: log") == 1 and "Mpl-Undoes" not in trailers
    assert json.loads(mpl("history", "--json").stdout)[0]["action"] == "log"


# -- exports: a read-only portfolio, bundles cut short, bundles of any size ------------------


def test_a_word_pack_with_no_out_on_a_read_only_portfolio_is_one_line(
    started: Path,
    read_only: Callable[..., subprocess.CompletedProcess],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(started)  # a Word pack with no --out goes to exports/, which cannot be made
    result = read_only("export", "--format", "docx")
    errors = [line for line in result.stderr.splitlines() if line.startswith("mpl: error:")]
    assert result.returncode == 1 and len(errors) == 1, result.stderr
    assert errors[0].startswith(f"mpl: error: cannot write in {started / 'exports'}: ")
    assert "--out FILE" in errors[0]


def test_a_bundle_a_killed_mpl_left_is_removed_by_the_next_one(
    mpl: Run, started: Path, tmp_path: Path
) -> None:
    import fcntl

    folder = tmp_path / "out"
    folder.mkdir()
    left = folder / ".mpl-partial-killed.tmp"
    left.write_bytes(b"PK half a bundle")
    writing = folder / ".mpl-partial-another.tmp"  # another mpl, still writing it
    held = os.open(writing, os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        mpl("export", "--bundle", str(folder / "pack.zip"))
        assert sorted(path.name for path in folder.iterdir()) == [".mpl-partial-another.tmp", "pack.zip"]
    finally:
        os.close(held)


def test_a_bundle_is_written_a_chunk_at_a_time(tmp_path: Path) -> None:
    import tracemalloc

    from mpl.storage.files import write_bundle

    megabyte = bytes(1024 * 1024)
    chunks = (megabyte for _ in range(96))  # 96 MB of evidence, never all in memory
    tracemalloc.start()
    write_bundle(tmp_path / "b.zip", [("pack.md", b"# pack", 6), ("evidence/big.bin", chunks, 96 * 2**20)])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 16 * 2**20, f"{peak / 2**20:.0f} MB held at once"
    with zipfile.ZipFile(tmp_path / "b.zip") as bundle:
        assert bundle.getinfo("evidence/big.bin").file_size == 96 * 2**20
