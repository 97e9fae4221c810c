"""`mpl doctor`: check the whole portfolio; `--fix` makes only fixes that lose nothing."""

from typing import Annotated

import typer

from mpl.commands.common import Json, portfolio_of
from mpl.errors import ProblemsFound
from mpl.ui.render import emit_json, progress_bar, say
from mpl.usecases.doctor import examine, repair
from mpl.usecases.evidence import evidence_bytes


def doctor(
    ctx: typer.Context,
    fix: Annotated[
        bool,
        typer.Option(
            "--fix",
            help="Finish interrupted changes, remove git's stale lock files, set partial writes "
            "aside, commit edits made outside mpl, keep .mpl/ and exports/ out of git, make the "
            "index again if it disagrees with the files. "
            "Nothing of yours is deleted.",
        ),
    ] = False,
    json: Json = False,
) -> None:
    """Check every record, id, goal reference, evidence file and the git repository."""
    portfolio = portfolio_of(ctx)
    if fix:
        for line in repair(portfolio):  # with --json, stdout is only the findings
            (portfolio.env.warn if json else say)(f"fixed: {line}")
    portfolio.env.warn = lambda message: None  # skipped files are findings here
    with progress_bar(evidence_bytes(portfolio), "Checking evidence") as progress:
        findings = examine(portfolio, progress)
    if json:
        emit_json([vars(finding) for finding in findings])
    else:
        for finding in findings:
            say(finding.line())
        count = len(findings)
        say(f"{count} problem{'s' if count != 1 else ''} found." if findings else "No problems found.")
    if findings:
        raise ProblemsFound(len(findings))
