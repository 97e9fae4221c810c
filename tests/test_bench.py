"""The benchmark harness runs end to end at a small size, so it cannot rot unnoticed.
(No timing is asserted: speed is measured by `make bench`, not tested.)"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).parent.parent / "bench" / "run.py"


def test_the_bench_prints_its_table_at_a_small_size(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(BENCH), "--sizes", "40", "--runs", "1"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    lines = result.stdout.splitlines()
    assert lines[0] == "| command | size | median | floor | floor median | ratio | target at 10,000 |"
    commands = [line.split(" | ")[0].lstrip("| ") for line in lines[2:] if line.startswith("|")]
    assert commands == [
        "first read with no index (cold build)",
        "`mpl log` with flags (write + commit)",
        "`mpl search sepsis`",
        "`mpl list --since <a month ago>` on a terminal",
        "`mpl list --since <a month ago>` piped",
        "`mpl show ID`",
        "`mpl goal list`",
        "`mpl --help`",
        "`mpl status`",
        "`mpl export` of one year, Markdown",
    ]
    rows = lines[2:12]
    assert all(" | 40 | " in line for line in rows)
    assert all(line.split(" | ")[4].endswith(" ms") for line in rows)  # every row has its floor
    assert "| <= 150 ms |" in rows[3] and "| <= 200 ms and <= 4x |" in rows[2]
    assert lines[-1].startswith("first read with no index at 40 on a terminal: ")
    assert "generated 40 moments" in result.stderr
