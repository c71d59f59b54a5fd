"""The `tonecheck` command. `tonecheck draft.txt` lints; subcommands manage rules and evaluation.

Only this module knows about Typer. Heavy imports (spaCy, the engine) happen inside the commands, so
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

from tonecheck import __version__
from tonecheck.errors import ExitCode, TonecheckError


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


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


class TableFormat(str, Enum):
    table = "table"
    json = "json"


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


@app.command()
def check(
    paths: Annotated[list[str], typer.Argument(help="Draft files or folders; '-' reads standard input.")],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    kind: Annotated[
        KindName | None, typer.Option(help="The kind of message (default: guessed from the text).")
    ] = None,
    interview_date: Annotated[str | None, typer.Option(help="Date of the interview, YYYY-MM-DD.")] = None,
    reply_by: Annotated[
        str | None, typer.Option(help="Date the employer said they would reply by, YYYY-MM-DD.")
    ] = None,
    send_date: Annotated[
        str | None, typer.Option(help="Date the draft will be sent, YYYY-MM-DD (default: today).")
    ] = None,
    select: Annotated[
        list[str] | None, typer.Option(help="Only these rule ids or categories (repeatable).")
    ] = None,
    ignore: Annotated[
        list[str] | None, typer.Option(help="Skip these rule ids or categories (repeatable).")
    ] = None,
    fail_on: Annotated[
        SeverityName, typer.Option(help="Exit 1 when a finding is at least this severe.")
    ] = SeverityName.warning,
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy pipeline to load (default: en_core_web_sm if installed, else the pinned copy)."
        ),
    ] = None,
    stdin_filename: Annotated[
        str | None, typer.Option(help="Path to show for a draft read from standard input.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the findings.")] = False,
    color: Annotated[
        bool | None, typer.Option("--color/--no-color", help="Colour the output (default: on a terminal).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs", "-j", min=1, help="Worker processes (default: one per core for more than 8 drafts)."
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write the result cache.")
    ] = False,
) -> None:
    """Lint drafts: `tonecheck draft.txt`."""
    from tonecheck.backend import prefer_single_thread_blas

    prefer_single_thread_blas()  # before anything loads numpy: see tonecheck.backend

    from tonecheck.batch import lint_all
    from tonecheck.cache import find_cache_folder
    from tonecheck.context import make_context
    from tonecheck.findings import Severity
    from tonecheck.parallel import EngineRecipe
    from tonecheck.reading import expand_paths
    from tonecheck.runner import read_sources

    values = {
        "kind": kind.value if kind else None,
        "interview-date": interview_date,
        "reply-by": reply_by,
        "send-date": send_date,
    }
    context = make_context(values, "command line")
    names = expand_paths(paths)
    sources = list(read_sources(names, stdin_filename))
    cache_folder = None if no_cache else find_cache_folder()
    recipe = EngineRecipe(tuple(_split(select)), tuple(_split(ignore)), model, rules_cache=cache_folder)
    settings = {**values, "select": _split(select), "ignore": _split(ignore)}
    cache = _result_cache(cache_folder, settings, model) if cache_folder is not None else None
    run = lint_all(sources, context, recipe, cache, jobs)
    ruleset = recipe.ruleset  # for the reports (loaded by now if anything was linted)

    from tonecheck.report import ReportOptions, get_reporter  # imports the rule schema: after spaCy

    for notice in run.notices:
        sys.stderr.write(f"tonecheck: note: {notice}\n")
    use_color = color if color is not None else _stdout_is_terminal()
    reporter = get_reporter(output_format.value)
    reporter(run.reports, ruleset, sys.stdout, ReportOptions(color=use_color, quiet=quiet))
    threshold = Severity.parse(fail_on.value)
    failed = any(f.severity >= threshold for report in run.reports for f in report.findings)
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def _result_cache(folder: Any, settings: dict[str, Any], model: str | None) -> Any:
    """The result cache for this run (see tonecheck.cache): every option that can change a finding is
    part of ``settings``; the date is too, as drafts without a send date are judged as sent today."""
    import datetime as dt

    from tonecheck.cache import ResultCache, cache_key_base, settings_fingerprint
    from tonecheck.nlp import default_model
    from tonecheck.rulefiles import rules_digest

    model_name = model or default_model()
    fingerprint = settings_fingerprint(
        {**settings, "today": dt.date.today().isoformat(), "model": model_name}
    )
    return ResultCache(folder, cache_key_base(fingerprint, rules_digest(), model_name))


def _stdout_is_terminal() -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


@rules_app.command("list")
def rules_list(
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TableFormat.table,
    rule_dirs: Annotated[list[str] | None, typer.Argument(help="Extra rules folders.")] = None,
) -> None:
    """Show every rule: id, category, severity and the kinds of message it applies to."""
    from pathlib import Path

    from tonecheck.rulebook import print_rule_table
    from tonecheck.ruleset import load_ruleset

    ruleset = load_ruleset([Path(d) for d in rule_dirs or []])
    print_rule_table(ruleset, output_format.value, sys.stdout)


@rules_app.command("test")
def rules_test(
    rule_dirs: Annotated[
        list[str] | None, typer.Argument(help="Rules folders to test (default: the built-in rules).")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every example.")] = False,
) -> None:
    """Run every rule's own examples: `flag` must be flagged, `pass` must not, `known_misses` must still
    miss."""
    from pathlib import Path

    from tonecheck.examples import run_examples

    dirs = [Path(d) for d in rule_dirs or []]
    outcome = run_examples(dirs, model=model, only_extra=bool(dirs))
    for line in outcome.lines(verbose):
        typer.echo(line)
    raise typer.Exit(ExitCode.OK if outcome.ok else ExitCode.FINDINGS)


@cache_app.command("clean")
def cache_clean() -> None:
    """Empty the result cache of this project (.tonecheck_cache/)."""
    from tonecheck.cache import clean_cache, find_cache_folder

    folder = find_cache_folder()
    count = clean_cache(folder)
    typer.echo(f"Removed {count} cached {'entry' if count == 1 else 'entries'} from {folder}.")


@app.command()
def explain(
    rule_id: Annotated[
        str, typer.Argument(metavar="RULE", help="A rule id, e.g. accusatory/you-said-you-would.")
    ],
) -> None:
    """Explain a rule: what it flags, why, where it applies, its examples and rewrites."""
    from tonecheck.rulebook import explain_rule
    from tonecheck.ruleset import load_ruleset

    explain_rule(load_ruleset(), rule_id, sys.stdout)


@app.command("eval")
def evaluate(
    directory: Annotated[
        str,
        typer.Argument(metavar="DIR", help="Folder with labels.jsonl and the drafts (in it or in cases/)."),
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.text,
    min_precision: Annotated[
        float | None, typer.Option(help="Exit 1 if any category's precision is lower.")
    ] = None,
    min_recall: Annotated[
        float | None, typer.Option(help="Exit 1 if any category's recall is lower.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="spaCy pipeline to load.")] = None,
) -> None:
    """Score tonecheck against labelled drafts: precision, recall and F1 per category."""
    from pathlib import Path

    from tonecheck.evalreport import run_evaluation

    evaluation = run_evaluation(Path(directory), model, output_format.value, sys.stdout)
    raise typer.Exit(ExitCode.OK if evaluation.meets(min_precision, min_recall) else ExitCode.FINDINGS)


def main() -> None:
    app()
