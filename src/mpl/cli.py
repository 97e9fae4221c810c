"""The root command: global options, the command groups, and the one place
where errors become a line of text and an exit code.

Command modules are imported only when their command runs (or help lists
them), so `mpl log` pays neither for building nor for importing the others.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from mpl import __version__
from mpl.commands.common import env_of
from mpl.errors import ExitStatus, MplError

REPORT_URL = "https://github.com/mpl-cpd/mpl/issues"

# name: (module in mpl.commands, its command function or Typer group), in help order
COMMANDS = {
    "init": ("init", "init"),
    "log": ("log", "log"),
    "status": ("status", "status"),
    "list": ("records", "list_moments"),
    "show": ("records", "show"),
    "edit": ("records", "edit"),
    "search": ("search", "search"),
    "goal": ("goal", "app"),
    "evidence": ("evidence", "app"),
    "role": ("role", "app"),
    "history": ("history", "history"),
    "undo": ("history", "undo"),
    "export": ("export", "export"),
    "sync": ("sync", "sync"),
    "doctor": ("doctor", "doctor"),
    "reindex": ("search", "reindex"),
}


class MplGroup(TyperGroup):
    """Finds commands lazily, and turns every MplError into one line on stderr
    and its exit status."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in COMMANDS:
            return None
        module, attribute = COMMANDS[name]
        found = getattr(import_module(f"mpl.commands.{module}"), attribute)
        if not isinstance(found, typer.Typer):
            single = typer.Typer(add_completion=False)
            single.command(name)(found)
            found = single
        command = typer.main.get_command(found)
        command.name = name
        return command

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MplError as error:
            _report(f"error: {error.message}" + (f" ({error.hint})" if error.hint else ""))
            raise typer.Exit(int(error.status)) from None
        except BrokenPipeError:  # the reader went away (`mpl list | head`): nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
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


def main() -> None:
    app(prog_name="mpl")
