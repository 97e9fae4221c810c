"""Opening the person's own editor, and keeping their text when it is not valid yet."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from mpl.env import Env
from mpl.errors import BadFile, MplError, NotSaved
from mpl.storage.portfolio import Portfolio

T = TypeVar("T")


def run_editor(env: Env, path: str) -> None:
    _run(env.editor, path, "the editor", "set $EDITOR to an editor that is installed")


def open_file(env: Env, path: Path) -> None:
    """Open a file with the system's default application (or MPL_OPENER)."""
    if env.opener:
        _run(env.opener, str(path), "the opener", "check MPL_OPENER")
        return
    import typer

    if typer.launch(str(path)) != 0:
        raise MplError(f"the system could not open {path}", hint="open it yourself from that path")


def _run(program: str, path: str, what: str, hint: str) -> None:
    try:
        result = subprocess.run([*shlex.split(program), path], check=False)
    except OSError as error:
        raise MplError(f"cannot start {what} {program!r}: {error.strerror}", hint=hint) from error
    if result.returncode != 0:
        raise MplError(f"{what} {program!r} exited with status {result.returncode}")


def edit_until_valid(
    portfolio: Portfolio,
    draft: str,
    text: str,
    check: Callable[[str], T],
    again: str,
) -> tuple[str, T] | None:
    """Let the person edit `text` until `check` accepts it.

    The text lives in a draft file while being edited; an earlier draft of the
    same name (left by an invalid edit) is picked up again. Returns the new text
    and what `check` made of it, or None when nothing changed. When the result
    is invalid and the person does not edit again, the draft is kept and the
    error says where; `again` is the command that resumes. A valid result's
    draft is kept too, until the caller has saved it (`drafts.drop`): nothing
    the person wrote is lost if saving fails.
    """
    env = portfolio.env
    saved = portfolio.drafts.read(draft)
    if saved is not None:
        env.warn(f"note: carrying on with your unsaved edit in {portfolio.drafts.path(draft)}")
        path = portfolio.drafts.path(draft)
    else:
        path = portfolio.drafts.save(draft, text, base=text)
    while True:
        try:
            run_editor(env, str(path))
        except MplError:
            if portfolio.drafts.read(draft) == text:
                portfolio.drafts.drop(draft)
            raise
        edited = portfolio.drafts.read(draft) or ""
        if edited == text:
            portfolio.drafts.drop(draft)
            return None
        try:
            result = check(edited)
        except (BadFile, MplError) as error:
            if env.interactive and env.ask(f"{error.message}\nEdit again? [Y/n] ").lower() in (
                "",
                "y",
                "yes",
            ):
                continue
            raise NotSaved(
                f"not saved: {error.message}",
                hint=f"your text is kept in {path}; run `{again}` to carry on",
            ) from error
        return edited, result
