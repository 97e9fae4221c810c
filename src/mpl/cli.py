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
from typing import Annotated, Any, NoReturn, get_args

import typer
from typer.core import TyperGroup

from mpl import __version__
from mpl.commands.common import env_of
from mpl.env import report
from mpl.errors import ExitStatus, MplError

REPORT_URL = "https://github.com/mpl-cpd/mpl/issues"

# name: (module in mpl.commands, its command function or Typer group, the line `mpl --help`
# shows), in help order. The line is kept here so that help need not import every command;
# tests/test_startup.py keeps it the same as the first paragraph of the command's own help.
COMMANDS = {
    "init": ("init", "init", "Start a learning record: a folder with mpl.toml, under git."),
    "log": ("log", "log", "Record a learning moment, with a reflection."),
    "status": (
        "status",
        "status",
        "Your goals, hours this CPD year, recent learning, and nudges to keep going.",
    ),
    "list": ("records", "list_moments", "List learning moments, oldest first."),
    "show": (
        "records",
        "show",
        "Show a learning moment with its reflection (or a goal, or a review meeting).",
    ),
    "edit": (
        "records",
        "edit",
        "Edit a record in $EDITOR; an invalid result is not saved, and nothing is lost.",
    ),
    "search": ("search", "search", "Search titles, reflections, tags and goals; best matches first."),
    "goal": ("goal", "app", "Set goals and record progress towards them."),
    "review": (
        "review",
        "app",
        "Review meetings (one-to-ones, appraisals): what was agreed, and when the next one is.",
    ),
    "evidence": ("evidence", "app", "Evidence behind your records: certificates, feedback, slides, badges."),
    "role": ("role", "app", "Your roles over time; start a new one when you change jobs."),
    "history": ("history", "history", "List the latest changes to the record, newest first."),
    "undo": ("history", "undo", "Undo the last mpl change with a new commit (nothing is destroyed)."),
    "export": ("export", "export", "Write the appraisal pack for a period."),
    "import": ("imports", "app", "Bring in learning you recorded elsewhere: jrnl, spreadsheets."),
    "push": ("push", "push", "Send your learning to a learning record store (xAPI); each record once."),
    "cpd": ("cpd", "app", "Check your record against your professional body's rules, before renewal does."),
    "competencies": (
        "competencies",
        "competencies",
        "Show which competencies your records cover, and which have nothing yet.",
    ),
    "sync": (
        "sync",
        "sync",
        "Pull changes from your remote (rebasing yours on top) and push yours; never forces.",
    ),
    "doctor": (
        "doctor",
        "doctor",
        "Check every record, id, goal reference, evidence file and the git repository.",
    ),
    "reindex": ("search", "reindex", "Rebuild the index (a cache of the files, in .mpl/) from scratch."),
}


class MplGroup(TyperGroup):
    """Finds commands lazily, and turns every MplError into one line on stderr
    and its exit status."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The command list of `mpl --help`, without importing a single command."""
        with formatter.section("Commands"):
            formatter.write_dl([(name, line) for name, (_, _, line) in COMMANDS.items()])

    def get_command(self, ctx: Any, name: str) -> Any:
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        found = getattr(import_module(f"mpl.commands.{module}"), attribute)
        if not isinstance(found, typer.Typer):
            single = typer.Typer(add_completion=False)
            single.command(name)(found)
            found = single
        command = typer.main.get_command(found)
        command.name = name
        return _plain(command)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as error:  # a bad option or argument of `mpl` itself
            _usage(error)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except MplError as error:
            if error.message:  # else a check has listed what it found already
                from mpl.usecases.messages import line

                report(f"error: {line(error)}")
            raise typer.Exit(int(error.status)) from None
        except BrokenPipeError:  # the reader went away (`mpl list | head`): nothing more to say
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            report("interrupted; no file was left half-written (the next change finishes what was under way)")
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort):
            raise
        except typer.TyperException as error:  # a bad option or argument of a command
            _usage(error)
        except Exception as error:
            if os.environ.get("MPL_DEBUG"):
                raise
            report(
                f"internal error: {type(error).__name__}: {error} "
                f"(a bug in mpl: please report it at {REPORT_URL}; MPL_DEBUG=1 shows the traceback)"
            )
            raise typer.Exit(int(ExitStatus.INTERNAL)) from None


def _plain(command: Any) -> Any:
    """`command` and its subcommands with plain help and errors: quick to show (typer's
    rich help imports rich's Markdown and more) and easy to read anywhere."""
    command.rich_markup_mode = None
    for param in getattr(command, "params", []):
        _placeholder(param)
    for sub in getattr(command, "commands", {}).values():
        _plain(sub)
    return command


def _placeholder(param: Any) -> None:
    """Help names what an option takes in words (TEXT, DATE, N, FILE), not as a Python
    type (`<str>`, `<list[str]>`); an argument by its name alone."""
    if getattr(param, "metavar", None) is not None or getattr(param, "is_flag", False):
        return
    described = getattr(param, "type_descriptor", None)
    if described is None or described.is_choice:
        return  # choices are listed as they are
    if param.param_type_name == "argument":
        param.metavar = param.name.upper()
        param.display_type_rich = lambda ctx: None  # the name says it
        return
    help_text = param.help or ""
    kind = described.annotation
    if described.is_list:  # a repeatable option: what each one takes
        kind = (get_args(kind) or (str,))[0]
    if described.is_path or kind is Path:
        param.metavar = "FILE"
    elif kind in (int, float) or described.is_ranged:
        param.metavar = "N" if kind is int else "NUMBER"
    elif "YYYY-MM-DD" in help_text or param.name in ("since", "until"):
        param.metavar = "DATE"
    elif "(id " in help_text:
        param.metavar = "ID"
    elif param.name == "period":
        param.metavar = "PERIOD"
    else:
        param.metavar = "TEXT"


def _usage(error: Any) -> NoReturn:
    """A usage mistake as one line, naming where help is, and click's exit status (2)."""
    where = getattr(error, "ctx", None)
    hint = f" (see `{where.command_path} --help`)" if where is not None else ""
    from mpl.usecases.messages import usage_line

    report(f"error: {usage_line(error.format_message())}{hint}")
    raise typer.Exit(getattr(error, "exit_code", int(ExitStatus.USAGE)))


app = typer.Typer(
    cls=MplGroup,
    rich_markup_mode=None,
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


def run() -> None:
    """mpl, as `python -m mpl` and tests run it: the interpreter ends as usual."""
    app(prog_name="mpl")


def main() -> NoReturn:
    """The `mpl` program (its console script): mpl, then out at once. Once the output is
    flushed and the atexit handlers have run, there is nothing left to do that a person
    would miss, so the interpreter's teardown (freeing every module and object, a tenth
    of a short command's time) is skipped."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # mpl uses none; finding them is slow
    try:
        app(prog_name="mpl")
        status = 0
    except SystemExit as exit:
        status = exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 1
        if isinstance(exit.code, str):
            print(exit.code, file=sys.stderr)
    os._exit(_finish(status))


def _finish(status: int) -> int:
    """Flush what is written and run the atexit handlers, as the interpreter would; the
    exit status to leave with (a reader gone away loses nothing but output)."""
    import atexit

    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, ValueError):  # the reader went away, or the stream is closed
            pass
        except OSError:
            status = status or 1
    return status
