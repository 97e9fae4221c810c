"""Opening the person's own editor, and keeping their text when it is not valid yet."""

from __future__ import annotations

import shlex
import subprocess
from collections.abc import Callable
from typing import TypeVar

from mpl.env import Env
from mpl.errors import BadFile, ExitStatus, MplError
from mpl.storage.portfolio import Portfolio

T = TypeVar("T")


def run_editor(env: Env, path: str) -> None:
    command = [*shlex.split(env.editor), path]
    try:
        result = subprocess.run(command, check=False)
    except OSError as error:
        raise MplError(
            f"cannot start the editor {env.editor!r}: {error.strerror}",
            hint="set $EDITOR to an editor that is installed",
        ) from error
    if result.returncode != 0:
        raise MplError(f"the editor {env.editor!r} exited with status {result.returncode}")


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
    error says where; `again` is the command that resumes.
    """
    env = portfolio.env
    saved = portfolio.read_draft(draft)
    if saved is not None:
        env.warn(f"note: carrying on with your unsaved edit in {portfolio.draft_path(draft)}")
    path = portfolio.save_draft(draft, saved if saved is not None else text)
    while True:
        try:
            run_editor(env, str(path))
        except MplError:
            if portfolio.read_draft(draft) == text:
                portfolio.drop_draft(draft)
            raise
        edited = portfolio.read_draft(draft) or ""
        if edited == text:
            portfolio.drop_draft(draft)
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
            failure = MplError(
                f"not saved: {error.message}",
                hint=f"your text is kept in {path}; run `{again}` to carry on",
            )
            failure.status = ExitStatus.BAD_FILE
            raise failure from error
        portfolio.drop_draft(draft)
        return edited, result
