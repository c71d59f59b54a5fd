"""The Typer application: the command group, its options' value types and the one-line error handling.

Only the `cli` package knows about Typer. Heavy imports (spaCy, the engine) happen inside the commands, so
`--help` and `--version` stay fast.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

try:  # Typer 0.2x carries its own copy of Click
    from typer._click.exceptions import UsageError
except ImportError:  # pragma: no cover - older Typer uses Click itself
    from click.exceptions import UsageError  # type: ignore[no-redef,assignment]

from tonecheck.errors import ExitCode, TonecheckError
from tonecheck.version import __version__


class OutputFormat(str, Enum):
    text = "text"
    concise = "concise"
    json = "json"
    sarif = "sarif"
    github = "github"
    junit = "junit"


class KindName(str, Enum):
    thank_you = "thank-you"
    check_in = "check-in"
    materials = "materials"
    rejection_reply = "rejection-reply"
    other = "other"


class SeverityName(str, Enum):
    error = "error"
    warning = "warning"
    info = "info"


class SplitName(str, Enum):
    all = "all"
    dev = "dev"
    test = "test"


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


# Options several commands share, declared once.
ModelOption = Annotated[
    str | None,
    typer.Option(help="spaCy pipeline to load (default: en_core_web_sm if installed, else the pinned copy)."),
]
IsolatedOption = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]


class DefaultToCheck(TyperGroup):
    """Run `check` when the first argument is not a subcommand, so `tonecheck draft.txt` works."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if not any(arg in ("--help", "-h", "--version") for arg in args[:1]):
            first = next((arg for arg in args if not arg.startswith("-") or arg == "-"), None)
            if args and (first is None or first not in self.commands):
                args = ["check", *args]
        return super().parse_args(ctx, args)

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Errors become one line on stderr and exit code 2, never a traceback."""
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except typer.Exit as exc:  # pragma: no cover - Click returns these in non-standalone mode
            code = exc.exit_code
        except UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # `tonecheck` alone: show the help
                sys.stdout.write(exc.format_message() + "\n")
            else:
                hint = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx is not None else ""
                message = exc.format_message().replace("Value error, ", "")
                # Click starts its messages with a capital ("No such option"); tonecheck's own do not.
                message = message[:1].lower() + message[1:]
                _error(f"{message}{hint}")
            code = ExitCode.ERROR
        except typer.Abort:
            _error("aborted")
            code = 130
        except TonecheckError as exc:
            _error(str(exc))
            code = ExitCode.ERROR
        except KeyboardInterrupt:
            _error("interrupted")
            code = 130
        except BrokenPipeError:
            code = 0
        except Exception as exc:  # a bug: say so in one line; TONECHECK_DEBUG shows the traceback
            if os.environ.get("TONECHECK_DEBUG"):
                raise
            _error(f"internal error: {type(exc).__name__}: {exc} (set TONECHECK_DEBUG=1 for details)")
            code = ExitCode.ERROR
        if not isinstance(code, int):
            code = 0
        if standalone_mode:
            sys.exit(code)
        return code


def _error(message: str) -> None:
    sys.stderr.write(f"tonecheck: error: {message}\n")


app = typer.Typer(
    cls=DefaultToCheck,
    name="tonecheck",
    help=(
        "Lint follow-up emails to employers for accusatory tone, premature contact, missing thanks "
        "and bridge-burning replies.\n\nUsage: tonecheck DRAFT... (see `tonecheck check --help`)."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
rules_app = typer.Typer(help="List and test rules.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(rules_app, name="rules")
cache_app = typer.Typer(help="Manage the result cache.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(cache_app, name="cache")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tonecheck {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", callback=_version, is_eager=True)
    ] = False,
) -> None:
    """Lint follow-up emails to employers."""


def _split(values: list[str] | None) -> list[str]:
    """Repeatable options also accept comma-separated lists (`--select accusatory,missing-thanks`)."""
    items: list[str] = []
    for value in values or []:
        items.extend(part.strip() for part in value.split(",") if part.strip())
    return items


def _stdout_is_terminal() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()
