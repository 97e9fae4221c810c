"""The root command: global options, the command groups, and the one place
where errors become a line of text and an exit code."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from mpl import __version__
from mpl.commands import doctor, evidence, goal, history, init, log, records, role, sync
from mpl.commands.common import env_of
from mpl.errors import ExitStatus, MplError

REPORT_URL = "https://github.com/mpl-cpd/mpl/issues"


class MplGroup(TyperGroup):
    """Turns every MplError into one line on stderr and its exit status."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MplError as error:
            _report(f"error: {error.message}" + (f" ({error.hint})" if error.hint else ""))
            raise typer.Exit(int(error.status)) from None
        except KeyboardInterrupt:
            _report("interrupted; nothing was saved half-way")
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as error:
            if os.environ.get("MPL_DEBUG"):
                raise
            _report(
                f"internal error: {type(error).__name__}: {error} "
                f"(a bug in mpl: please report it at {REPORT_URL}; MPL_DEBUG=1 shows the traceback)"
            )
            raise typer.Exit(int(ExitStatus.INTERNAL)) from None


def _report(line: str) -> None:
    print(f"mpl: {line}", file=sys.stderr)


app = typer.Typer(
    cls=MplGroup,
    name="mpl",
    help="Keep your learning record: goals, learning moments, reflections and evidence.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"mpl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    portfolio: Annotated[
        Path | None,
        typer.Option(
            "--portfolio",
            "-C",
            help="The portfolio folder (default: MPL_PORTFOLIO, the nearest folder upwards"
            " with mpl.toml, or ~/learning).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Keep your learning record: goals, learning moments, reflections and evidence."""
    env = env_of(ctx)
    if portfolio is not None:
        env.portfolio = portfolio.expanduser()


app.command("init")(init.init)
app.command("log")(log.log)
app.command("list")(records.list_moments)
app.command("show")(records.show)
app.command("edit")(records.edit)
app.command("history")(history.history)
app.command("undo")(history.undo)
app.command("doctor")(doctor.doctor)
app.command("sync")(sync.sync)
app.add_typer(goal.app, name="goal")
app.add_typer(role.app, name="role")
app.add_typer(evidence.app, name="evidence")


def main() -> None:
    app(prog_name="mpl")
