"""`mpl evidence ...`: the files behind records (certificates, feedback, badges)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mpl.commands.common import Json, env_of, portfolio_of
from mpl.errors import MplError, ProblemsFound
from mpl.storage.portfolio import Portfolio
from mpl.ui.render import emit_json, evidence_lines, evidence_table, progress_bar, say
from mpl.usecases.editor import open_file
from mpl.usecases.evidence import attach, evidence_bytes, import_badge, recognise, recorded_badge, verify

app = typer.Typer(
    help="Evidence behind your records: certificates, feedback, slides, badges.",
    no_args_is_help=True,
    add_completion=False,
)

Files = Annotated[list[Path], typer.Argument(help="The files to keep.", show_default=False)]


@app.command("add")
def add(
    ctx: typer.Context,
    files: Files,
    to: Annotated[
        str | None,
        typer.Option("--to", help="The learning moment or goal it evidences (id or prefix)."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="What the files show.")] = None,
) -> None:
    """Keep files as evidence for a record; an Open Badge needs no --to: it becomes
    a learning moment of its own."""
    portfolio = portfolio_of(ctx, changing=True)  # locked first: what it copies is in its commit
    total = sum(portfolio.check_evidence_source(file) for file in files)
    if to is not None:
        record = portfolio.find(to)
        with progress_bar(total, "Adding evidence") as progress:
            added, restored = attach(portfolio, record, files, note, progress)
        for item in added:
            say(f"Added {item.name} to {record.id} ({item.path})")
        for item in restored:
            say(f"Restored {item.path}, the missing evidence of {record.id}")
        already = len(files) - len(added) - len(restored)
        if already:
            say(
                f"{already} of the files {'was' if already == 1 else 'were'} already evidence of {record.id}."
            )
        return
    badges = recognise(files)
    for file in files:
        if file not in badges:
            raise _needs_a_record(portfolio, file)
    for file, badge in badges.items():
        existing = recorded_badge(portfolio, badge)
        if existing is not None:
            say(f"The badge “{badge.name}” is already recorded as {existing.id}; nothing changed.")
            continue
        with progress_bar(total, "Adding badge") as progress:
            moment = import_badge(portfolio, file, badge, note, progress)
        issuer = f" from {badge.issuer}" if badge.issuer else ""
        say(
            f"Recorded the badge “{badge.name}”{issuer} as {moment.id} (not verified: that needs the network)"
        )


def _needs_a_record(portfolio: Portfolio, file: Path) -> MplError:
    """The refusal of a file that is not a badge and has no --to, suggesting the newest moment."""
    newest = portfolio.moments(newest=1)
    example = f", e.g. --to {newest[0].id}, your newest learning moment" if newest else ""
    return MplError(
        f"{file} is not an Open Badge, so mpl needs to know what it evidences",
        hint=f"name the learning moment or goal with --to ID{example}",
    )


@app.command("list")
def list_evidence(
    ctx: typer.Context,
    missing: Annotated[bool, typer.Option("--missing", help="Only files that are not there.")] = False,
    json: Json = False,
) -> None:
    """List every evidence file and the record it belongs to; with --missing, exits 6
    when any file is missing."""
    portfolio = portfolio_of(ctx)
    rows = [
        (record.id, item, (portfolio.root / item.path).is_file())
        for record in portfolio.records_with_evidence()
        for item in record.evidence
    ]
    if missing:
        rows = [row for row in rows if not row[2]]
    if json:
        emit_json([{"record": r, **item.model_dump(), "present": present} for r, item, present in rows])
    else:
        evidence_table(rows)
    if missing and rows:  # a check that found problems, as `verify`
        raise ProblemsFound(len(rows))


@app.command("verify")
def verify_evidence(ctx: typer.Context, json: Json = False) -> None:
    """Re-hash every evidence file: report missing, changed and orphaned files."""
    portfolio = portfolio_of(ctx)
    problems = check_evidence(portfolio)
    if json:
        emit_json([vars(problem) for problem in problems])
    else:
        for problem in problems:
            say(problem.line())
        say(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found."
            if problems
            else "All evidence is as it was added."
        )
    if problems:
        raise ProblemsFound(len(problems))


def check_evidence(portfolio: Portfolio) -> list:
    """`verify`, with a progress bar when there is much to read."""
    with progress_bar(evidence_bytes(portfolio), "Checking evidence") as progress:
        return verify(portfolio, progress)


@app.command("open")
def open_evidence(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="The record's id, or any unique start of it.")],
    which: Annotated[
        str | None,
        typer.Argument(help="Which file: its number in `mpl show`, or the start of its name."),
    ] = None,
) -> None:
    """Open a record's evidence file with the system's default application."""
    portfolio = portfolio_of(ctx)
    record = portfolio.find(ref)
    items = record.evidence
    if not items:
        raise MplError(
            f"{record.id} has no evidence",
            hint=f"add some with `mpl evidence add FILE --to {record.id}`",
        )
    if which is None and len(items) == 1:
        chosen = items[0]
    elif which is not None and which.isdigit() and 1 <= int(which) <= len(items):
        chosen = items[int(which) - 1]
    else:
        matches = [item for item in items if which and item.name.lower().startswith(which.lower())]
        if len(matches) != 1:
            listing = "; ".join(line.strip() for line in evidence_lines(items))
            raise MplError(f"{record.id} has {len(items)} files; say which: {listing}")
        chosen = matches[0]
    path = portfolio.root / chosen.path
    if not path.is_file():
        raise MplError(f"{chosen.path} is missing", hint="`mpl evidence verify` checks all evidence")
    open_file(env_of(ctx), path)
