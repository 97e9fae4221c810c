"""Running mpl as a real process, for tests of concurrency, kills and environments."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def mpl_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "mpl", *args]


def run_mpl(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        mpl_command(*args), cwd=cwd, env=env or dict(os.environ), capture_output=True, text=True, check=False
    )


def fake_git(folder: Path, when: str, then: str) -> str:
    """A PATH, starting with `folder`, whose `git` runs the shell code `then` when its
    arguments match the `case` pattern `when` and is the real git otherwise."""
    real = shutil.which("git")
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "git"
    script.write_text(f'#!/bin/sh\ncase "$*" in\n  {when}) {then} ;;\nesac\nexec "{real}" "$@"\n')
    script.chmod(0o755)
    return f"{folder}{os.pathsep}{os.environ['PATH']}"


FULL_DISK = 'echo "fatal: unable to write new index file: No space left on device" >&2; exit 128'
KILL_MPL = "kill -KILL $PPID; sleep 5; exit 1"  # $PPID: the mpl process that ran this git
