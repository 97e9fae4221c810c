"""`mpl evidence ...`: the files behind records (certificates, feedback, badges)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mpl.commands.common import Json, env_of, portfolio_of
from mpl.errors import ProblemsFound
from mpl.ui.render import emit_json, evidence_table, progress_bar, say
from mpl.usecases.badges import add_evidence
from mpl.usecases.editor import open_file
from mpl.usecases.evidence import (
    Attached,
    Problem,
    evidence_bytes,
    evidence_file,
    evidence_rows,
    sources_size,
    verify,
)

if TYPE_CHECKING:
    from mpl.storage.portfolio import Portfolio

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
    with progress_bar(sources_size(portfolio, files), "Adding evidence") as progress:
        kept = add_evidence(portfolio, files, to, note, progress)
    if isinstance(kept, Attached):
        record = kept.record
        for item in kept.added:
            say(f"Added {item.name} to {record.id} ({item.path})")
        for item in kept.restored:
            say(f"Restored {item.path}, the missing evidence of {record.id}")
        if kept.already:
            were = "was" if kept.already == 1 else "were"
            say(f"{kept.already} of the files {were} already evidence of {record.id}.")
        return
    for badge in kept:
        if not badge.new:
            say(f"The badge “{badge.badge.name}” is already recorded as {badge.moment.id}; nothing changed.")
            continue
        issuer = f" from {badge.badge.issuer}" if badge.badge.issuer else ""
        say(
            f"Recorded the badge “{badge.badge.name}”{issuer} as {badge.moment.id}"
            " (not verified: that needs the network)"
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
    rows = evidence_rows(portfolio, missing)
    if json:
        emit_json([{"record": r, **item.model_dump(), "present": there == "ok"} for r, item, there in rows])
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


def check_evidence(portfolio: "Portfolio") -> list[Problem]:
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
    open_file(env_of(ctx), evidence_file(portfolio_of(ctx), ref, which))
