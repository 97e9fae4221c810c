"""Evidence: kept once by content, checked by hash, never written outside the portfolio."""

from __future__ import annotations

import hashlib
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from mpl.domain.ids import clean_file_name
from mpl.storage.evidence import store

from badges import ob2_png, ob3_png, ob3_svg, plain_png, signed_ob2_png
from conftest import Run, commits, git


@pytest.fixture
def moment(mpl: Run, started: Path) -> Path:
    mpl("log", "Sepsis study day", "--kind", "course", "--hours", "6")
    mpl("goal", "add", "Become a sepsis champion")
    return started


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    path = tmp_path / "Certificate (final).PDF"
    path.write_bytes(b"%PDF-1.4 certificate of attendance\n")
    return path


def evidence_of(mpl: Run, ref: str) -> list[dict]:
    return json.loads(mpl("show", ref, "--json").stdout)["evidence"]


def test_a_file_is_kept_by_its_hash_and_listed_in_the_record(
    mpl: Run, moment: Path, certificate: Path
) -> None:
    result = mpl("evidence", "add", str(certificate), "--to", "sepsis-study", "--note", "attendance")
    [item] = evidence_of(mpl, "sepsis-study")
    assert item["path"].startswith("evidence/2026/") and item["path"].endswith("-certificate-final.pdf")
    assert item["path"].split("/")[-1][:12] == item["sha256"][:12]
    assert (item["name"], item["size"], item["media_type"]) == (
        "Certificate (final).PDF",
        certificate.stat().st_size,
        "application/pdf",
    )
    assert (item["added"], item["note"]) == ("2026-11-24", "attendance")
    assert (moment / item["path"]).read_bytes() == certificate.read_bytes()
    assert f"Added Certificate (final).PDF to sepsis-study-day ({item['path']})" in result.stdout
    assert commits(moment)[0] == "evidence: Certificate (final).PDF for Sepsis study day"
    assert git(moment, "status", "--porcelain") == ""
    assert "[[evidence]]" in (moment / "log/2026/2026-11-24-sepsis-study-day.md").read_text()


def test_the_same_file_twice_is_stored_once(
    mpl: Run, moment: Path, certificate: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(certificate.read_bytes())
    mpl("evidence", "add", str(certificate), "--to", "sepsis-study")
    mpl("evidence", "add", str(copy), "--to", "become")
    again = mpl("evidence", "add", str(certificate), "--to", "sepsis-study")
    assert "1 of the files was already evidence of sepsis-study-day." in again.stdout
    assert len(list((moment / "evidence").rglob("*.pdf"))) == 1
    assert evidence_of(mpl, "sepsis")[0]["path"] == evidence_of(mpl, "become")[0]["path"]
    assert len(evidence_of(mpl, "sepsis")) == 1


def test_log_can_keep_evidence_in_the_same_commit(mpl: Run, started: Path, certificate: Path) -> None:
    mpl("log", "Resus update", "--kind", "course", "--evidence", str(certificate))
    [item] = evidence_of(mpl, "resus")
    assert (started / item["path"]).is_file()
    assert commits(started) == ["log: Resus update", "init: learning record of Sam Patel"]
    assert git(started, "status", "--porcelain") == ""
    mpl("undo")  # the moment and its evidence go together: no orphan is left
    assert not (started / item["path"]).exists()
    assert mpl("evidence", "verify").stdout == "All evidence is as it was added.\n"


def test_evidence_add_is_one_commit(mpl: Run, moment: Path, certificate: Path) -> None:
    mpl("evidence", "add", str(certificate), "--to", "sepsis-study")
    assert commits(moment) == [
        "evidence: Certificate (final).PDF for Sepsis study day",
        "goal: Become a sepsis champion",
        "log: Sepsis study day",
        "init: learning record of Sam Patel",
    ]


def test_the_same_content_twice_in_one_command_is_listed_once(
    mpl: Run, moment: Path, certificate: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.pdf"
    copy.write_bytes(certificate.read_bytes())
    result = mpl("evidence", "add", str(certificate), str(copy), "--to", "sepsis-study")
    assert [item["name"] for item in evidence_of(mpl, "sepsis-study")] == ["Certificate (final).PDF"]
    assert "1 of the files was already evidence of sepsis-study-day." in result.stdout
    mpl("log", "Resus update", "--evidence", str(certificate), "--evidence", str(copy))
    assert [item["name"] for item in evidence_of(mpl, "resus")] == ["Certificate (final).PDF"]


def test_readding_a_deleted_file_under_a_new_name_restores_it(
    mpl: Run, moment: Path, certificate: Path, tmp_path: Path
) -> None:
    mpl("evidence", "add", str(certificate), "--to", "sepsis-study")
    [item] = evidence_of(mpl, "sepsis-study")
    (moment / item["path"]).unlink()
    renamed = tmp_path / "renamed.pdf"
    renamed.write_bytes(certificate.read_bytes())
    result = mpl("evidence", "add", str(renamed), "--to", "sepsis-study")
    assert result.stdout == f"Restored {item['path']}, the missing evidence of sepsis-study-day\n"
    assert evidence_of(mpl, "sepsis-study") == [item]
    assert [p.relative_to(moment).as_posix() for p in (moment / "evidence").rglob("*.*")] == [item["path"]]
    assert commits(moment)[0] == "evidence: Certificate (final).PDF (restored) for Sepsis study day"
    assert git(moment, "status", "--porcelain") == ""
    (moment / item["path"]).unlink()  # as evidence of another record, it goes back where it was too
    mpl("evidence", "add", str(renamed), "--to", "become")
    assert evidence_of(mpl, "become")[0]["path"] == item["path"]
    assert mpl("evidence", "verify").stdout == "All evidence is as it was added.\n"


def test_show_lists_the_evidence(mpl: Run, moment: Path, certificate: Path) -> None:
    mpl("evidence", "add", str(certificate), "--to", "sepsis-study", "--note", "attendance")
    shown = mpl("show", "sepsis-study").stdout
    assert "Evidence (1)" in shown
    assert "1. Certificate (final).PDF (35 B, added 2026-11-24)" in shown


def test_verify_catches_tampered_deleted_and_orphaned_files(
    mpl: Run, moment: Path, certificate: Path, tmp_path: Path
) -> None:
    other = tmp_path / "feedback.txt"
    other.write_text("Great job with the huddle.\n")
    mpl("evidence", "add", str(certificate), str(other), "--to", "sepsis-study")
    assert mpl("evidence", "verify").stdout == "All evidence is as it was added.\n"
    pdf, txt = (item["path"] for item in evidence_of(mpl, "sepsis-study"))
    (moment / pdf).write_bytes(b"%PDF-1.4 forged\n")
    (moment / txt).unlink()
    (moment / "evidence/2026/stray.txt").write_text("left behind\n")

    result = mpl("evidence", "verify", code=6)
    assert result.stdout.splitlines() == [
        f"{pdf}: changed: the file is not the one that was added (its hash differs) "
        "(evidence of sepsis-study-day)",
        f"{txt}: missing: the file is not there (evidence of sepsis-study-day)",
        "evidence/2026/stray.txt: orphaned: no record refers to it",
        "3 problems found.",
    ]
    problems = json.loads(mpl("evidence", "verify", "--json", code=6).stdout)
    assert [p["kind"] for p in problems] == ["changed", "missing", "orphaned"]
    listed = json.loads(mpl("evidence", "list", "--missing", "--json", code=6).stdout)
    assert [(row["record"], row["path"]) for row in listed] == [("sepsis-study-day", txt)]
    assert txt in mpl("evidence", "list", "--missing", code=6).stdout


def test_evidence_list_missing_exits_0_when_nothing_is_missing(
    mpl: Run, moment: Path, certificate: Path
) -> None:
    mpl("evidence", "add", str(certificate), "--to", "sepsis-study")
    assert json.loads(mpl("evidence", "list", "--missing", "--json").stdout) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\evil.png", "evil.png"),
        ("CON", "con-file"),
        ("con.txt", "con-file.txt"),
        ("nul", "nul-file"),
        ("a" * 300 + ".pdf", "a" * 68 + ".pdf"),
        ("bad\nname\x00.pdf", "bad-name.pdf"),
        ("..", "file"),
        ("", "file"),
        ("résumé.DOCX", "resume.docx"),
    ],
)
def test_hostile_names_are_made_safe(name: str, expected: str) -> None:
    cleaned = clean_file_name(name)
    assert cleaned == expected
    assert "/" not in cleaned and "\\" not in cleaned and len(cleaned) <= 80


def test_hostile_files_through_the_cli_stay_inside(mpl: Run, moment: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    (outside / "etc").mkdir(parents=True)
    (outside / "etc" / "passwd").write_text("root:x:0:0\n")
    (outside / "CON").write_text("reserved\n")
    (outside / ("n" * 240 + ".txt")).write_text("long\n")
    (outside / "two\nlines.txt").write_text("newline\n")
    sneaky = f"{outside}/etc/../etc/passwd"
    files = [
        sneaky,
        str(outside / "CON"),
        str(outside / ("n" * 240 + ".txt")),
        str(outside / "two\nlines.txt"),
    ]
    mpl("evidence", "add", *files, "--to", "sepsis-study")
    stored = sorted(path.name.split("-", 1)[1] for path in (moment / "evidence/2026").iterdir())
    assert stored == sorted(["passwd", "con-file", "n" * 68 + ".txt", "two-lines.txt"])
    for path in (moment / "evidence").rglob("*"):
        assert path.resolve().is_relative_to(moment.resolve())
    assert sorted(p.name for p in outside.rglob("*")) == sorted(
        ["etc", "passwd", "CON", "n" * 240 + ".txt", "two\nlines.txt"]
    )


def test_a_symlinked_file_is_copied_not_linked(mpl: Run, moment: Path, tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("the real content\n")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    mpl("evidence", "add", str(link), "--to", "sepsis-study")
    [item] = evidence_of(mpl, "sepsis-study")
    stored = moment / item["path"]
    assert not stored.is_symlink() and stored.read_text() == "the real content\n"


def test_an_evidence_folder_linking_outside_is_refused(
    mpl: Run, moment: Path, certificate: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (moment / "evidence").symlink_to(elsewhere)
    result = mpl("evidence", "add", str(certificate), "--to", "sepsis-study", code=1)
    assert "evidence is a link, which mpl does not follow" in result.stderr
    assert list(elsewhere.rglob("*")) == []


def test_folders_and_missing_files_are_refused(mpl: Run, moment: Path, tmp_path: Path) -> None:
    assert "is not a regular file" in mpl("evidence", "add", str(tmp_path), "--to", "sepsis", code=1).stderr
    assert (
        "cannot read" in mpl("evidence", "add", str(tmp_path / "nope.pdf"), "--to", "sepsis", code=1).stderr
    )


def test_files_over_the_limit_are_refused_with_advice(mpl: Run, moment: Path, tmp_path: Path) -> None:
    config = moment / "mpl.toml"
    config.write_text("evidence_max_mb = 1\n" + config.read_text())
    big = tmp_path / "lecture.mp4"
    with big.open("wb") as handle:
        handle.truncate(2_000_000)
    result = mpl("evidence", "add", str(big), "--to", "sepsis", code=1)
    assert "is 2 MB, more than the 1 MB limit" in result.stderr
    assert "raise evidence_max_mb in mpl.toml, or keep such files in Git LFS" in result.stderr
    assert "mpl's docs/EVIDENCE.md" in result.stderr
    assert not (moment / "evidence").exists()
    with big.open("wb") as handle:
        handle.truncate(1_000_001)
    result = mpl("evidence", "add", str(big), "--to", "sepsis", code=1)
    assert "is 1,000,001 bytes, more than the 1 MB limit (1,000,000 bytes)" in result.stderr


@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs Linux's /proc")
def test_the_limit_holds_while_copying_a_file_whose_size_is_not_known(mpl: Run, moment: Path) -> None:
    config = moment / "mpl.toml"
    config.write_text("evidence_max_mb = 0.001\n" + config.read_text())  # /proc files say they are empty
    result = mpl("evidence", "add", "/proc/self/maps", "--to", "sepsis", code=1)
    assert "/proc/self/maps turned out larger than the 0.001 MB limit while it was copied" in result.stderr
    assert list((moment / "evidence").rglob("*")) == [moment / "evidence/2026"]


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_an_unreadable_file_mid_batch_changes_nothing(mpl: Run, moment: Path, certificate: Path) -> None:
    before = commits(moment)
    result = mpl("evidence", "add", str(certificate), "/proc/self/mem", "--to", "sepsis", code=1)
    assert (
        result.stderr == "mpl: error: cannot read /proc/self/mem: Input/output error (nothing was changed)\n"
    )
    result = mpl(
        "log", "Resus update", "--evidence", str(certificate), "--evidence", "/proc/self/mem", code=1
    )
    assert "cannot read /proc/self/mem" in result.stderr
    assert [p for p in (moment / "evidence").rglob("*") if p.is_file()] == []
    mpl("goal", "add", "Teach the sepsis six")  # the next change commits only itself
    assert commits(moment) == ["goal: Teach the sepsis six", *before]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_that_cannot_be_read_is_refused_before_anything_is_copied(
    mpl: Run, moment: Path, certificate: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("no entry\n")
    secret.chmod(0)
    result = mpl("evidence", "add", str(certificate), str(secret), "--to", "sepsis", code=1)
    assert result.stderr == f"mpl: error: cannot read {secret}: Permission denied (nothing was changed)\n"
    assert not (moment / "evidence").exists()


def test_stored_evidence_gets_ordinary_permissions(mpl: Run, moment: Path, certificate: Path) -> None:
    old = os.umask(0o022)
    try:
        mpl("evidence", "add", str(certificate), "--to", "sepsis-study")
    finally:
        os.umask(old)
    [item] = evidence_of(mpl, "sepsis-study")
    assert (moment / item["path"]).stat().st_mode & 0o777 == 0o644


def test_a_large_file_is_hashed_in_bounded_memory(tmp_path: Path) -> None:
    root = tmp_path / "portfolio"
    root.mkdir()
    big = tmp_path / "big.bin"
    with big.open("wb") as handle:
        for _ in range(64):
            handle.write(os.urandom(1024 * 1024))
    seen = []
    tracemalloc.start()
    stored = store(root, big, "big.bin", 2026, progress=seen.append)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert stored.size == 64 * 1024 * 1024
    assert sum(seen) == stored.size and len(seen) == 64
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes"


def test_a_non_badge_without_to_is_refused(
    mpl: Run, started: Path, certificate: Path, tmp_path: Path
) -> None:
    result = mpl("evidence", "add", str(certificate), code=1)
    assert result.stderr == (
        f"mpl: error: {certificate} is not an Open Badge, so mpl needs to know what it evidences "
        "(name the learning moment or goal with --to ID)\n"
    )
    picture = tmp_path / "photo.png"
    picture.write_bytes(plain_png())
    assert "is not an Open Badge" in mpl("evidence", "add", str(picture), code=1).stderr


def test_the_refusal_without_to_suggests_the_newest_moment(mpl: Run, moment: Path, certificate: Path) -> None:
    mpl("log", "Chaired my first safety huddle", "--date", "yesterday")
    result = mpl("evidence", "add", str(certificate), code=1)
    assert result.stderr.endswith(
        "(name the learning moment or goal with --to ID, e.g. --to sepsis-study-day, "
        "your newest learning moment)\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "title", "issuer", "date", "version"),
    [
        ("sepsis.png", ob2_png(), "Sepsis Champion", "St Elsewhere Academy", "2026-06-15", "2.0"),
        (
            "assessor.png",
            ob3_png(),
            "Practice Assessor",
            "Royal College Example",
            "2026-09-01",
            "3.0",
        ),
        (
            "assessor.svg",
            ob3_svg().encode(),
            "Practice Assessor",
            "Royal College Example",
            "2026-09-01",
            "3.0",
        ),
    ],
)
def test_open_badges_become_credential_moments(
    mpl: Run,
    started: Path,
    tmp_path: Path,
    name: str,
    content: bytes,
    title: str,
    issuer: str,
    date: str,
    version: str,
) -> None:
    badge = tmp_path / name
    badge.write_bytes(content)
    result = mpl("evidence", "add", str(badge))
    assert f"Recorded the badge “{title}” from {issuer}" in result.stdout
    [moment] = json.loads(mpl("list", "--json", "--kind", "credential").stdout)
    assert (moment["title"], moment["issuer"], moment["date"], moment["verified"]) == (
        title,
        issuer,
        date,
        False,
    )
    image, assertion = moment["evidence"]
    assert (started / image["path"]).read_bytes() == content
    raw = json.loads((started / assertion["path"]).read_text())
    assert version == ("3.0" if "OpenBadgeCredential" in str(raw.get("type")) else "2.0")
    assert assertion["name"] == f"{badge.stem}.assertion.json"
    assert f"Earned the Open Badge {version}" in moment["reflection"]["What?"]
    assert commits(started)[0] == f"badge: {title}"
    assert git(started, "status", "--porcelain") == ""


def test_the_same_badge_again_names_the_record_it_is_in(mpl: Run, started: Path, tmp_path: Path) -> None:
    png, svg, copy = tmp_path / "assessor.png", tmp_path / "assessor.svg", tmp_path / "copy.png"
    png.write_bytes(ob3_png())
    svg.write_text(ob3_svg())  # the same credential, baked into another image
    copy.write_bytes(ob3_png())
    mpl("evidence", "add", str(png))
    before = commits(started)
    for again in (png, svg, copy):
        result = mpl("evidence", "add", str(again))
        assert result.stdout == (
            "The badge “Practice Assessor” is already recorded as practice-assessor; nothing changed.\n"
        )
    assert commits(started) == before
    assert len(json.loads(mpl("list", "--json", "--kind", "credential").stdout)) == 1


def test_a_badge_keeps_the_note(mpl: Run, started: Path, tmp_path: Path) -> None:
    badge = tmp_path / "sepsis.png"
    badge.write_bytes(ob2_png())
    mpl("evidence", "add", str(badge), "--note", "from the trust's academy")
    items = evidence_of(mpl, "sepsis-champion")
    assert [item["note"] for item in items] == ["from the trust's academy"] * 2


def test_a_signed_badge_keeps_its_token_as_jws(mpl: Run, started: Path, tmp_path: Path) -> None:
    badge = tmp_path / "sepsis.png"
    badge.write_bytes(signed_ob2_png())
    assert "Recorded the badge “Sepsis Champion”" in mpl("evidence", "add", str(badge)).stdout
    _image, token = evidence_of(mpl, "sepsis-champion")
    assert (token["name"], token["media_type"]) == ("sepsis.assertion.jws", "application/jose")
    assert token["path"].endswith("-sepsis-assertion.jws")
    assert (started / token["path"]).read_text().startswith("eyJ")


def test_a_badge_never_writes_through_a_linked_scratch_folder(
    mpl: Run, started: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (started / ".mpl").mkdir(exist_ok=True)
    (started / ".mpl" / "incoming").symlink_to(outside)
    badge = tmp_path / "sepsis.png"
    badge.write_bytes(ob2_png())
    assert "leads outside the portfolio" in mpl("evidence", "add", str(badge), code=1).stderr
    assert list(outside.iterdir()) == []


def test_a_badge_can_be_attached_to_a_record_instead(mpl: Run, moment: Path, tmp_path: Path) -> None:
    badge = tmp_path / "sepsis.png"
    badge.write_bytes(ob2_png())
    mpl("evidence", "add", str(badge), "--to", "become")
    assert [item["name"] for item in evidence_of(mpl, "become")] == ["sepsis.png"]
    assert json.loads(mpl("list", "--json", "--kind", "credential").stdout) == []


def test_evidence_open_uses_the_system_opener(
    mpl: Run, moment: Path, certificate: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "opened.txt"
    opener = tmp_path / "opener.sh"
    opener.write_text(f'#!/bin/sh\necho "$1" >> "{log}"\n')
    opener.chmod(0o755)
    monkeypatch.setenv("MPL_OPENER", str(opener))
    assert "has no evidence" in mpl("evidence", "open", "sepsis", code=1).stderr
    mpl("evidence", "add", str(certificate), "--to", "sepsis-study")
    mpl("evidence", "open", "sepsis")
    [item] = evidence_of(mpl, "sepsis")
    assert log.read_text() == f"{moment / item['path']}\n"


def test_citing_an_orphan_as_the_docs_advise(mpl: Run, moment: Path) -> None:
    folder = moment / "evidence/2026"
    folder.mkdir(parents=True)
    content = b"left behind\n"
    stored = folder / f"{hashlib.sha256(content).hexdigest()[:12]}-notes.txt"  # as mpl names them
    stored.write_bytes(content)
    mpl("evidence", "add", str(stored), "--to", "sepsis-study")
    assert [item["path"] for item in evidence_of(mpl, "sepsis-study")] == [
        stored.relative_to(moment).as_posix()
    ]
    assert sorted(folder.iterdir()) == [stored]
    stray = folder / "stray notes.txt"  # any other file is copied under such a name
    stray.write_text("put here by hand\n")
    mpl("evidence", "add", str(stray), "--to", "sepsis-study")
    copy = evidence_of(mpl, "sepsis-study")[1]["path"]
    assert copy.endswith("-stray-notes.txt") and (moment / copy).read_text() == "put here by hand\n"
    stray.unlink()
    assert mpl("evidence", "verify").stdout == "All evidence is as it was added.\n"
