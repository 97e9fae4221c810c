"""Running mpl as a real process, for tests of concurrency, kills and environments."""

from __future__ import annotations

import os
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
