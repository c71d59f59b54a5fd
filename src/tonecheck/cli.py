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


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


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
        SeverityName | None,
        typer.Option(help="Exit 1 when a finding is at least this severe (default: warning)."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy pipeline to load (default: en_core_web_sm if installed, else the pinned copy)."
        ),
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="Use this configuration file for every draft.")
    ] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")] = False,
    fix: Annotated[bool, typer.Option("--fix", help="Apply safe fixes to the files.")] = False,
    unsafe_fixes: Annotated[
        bool, typer.Option("--unsafe-fixes", help="With --fix or --diff, apply unsafe fixes too.")
    ] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Print the fixes as a unified diff; write nothing.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option("--statistics", help="Count findings per rule instead of listing them.")
    ] = False,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when there are findings.")
    ] = False,
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

    from pathlib import Path

    from tonecheck.cache import find_cache_folder
    from tonecheck.context import make_context
    from tonecheck.runner import Checker, CheckOptions

    values = {
        "kind": kind.value if kind else None,
        "interview-date": interview_date,
        "reply-by": reply_by,
        "send-date": send_date,
    }
    options = CheckOptions(
        context=make_context(values, "command line"),
        select=tuple(_split(select)),
        ignore=tuple(_split(ignore)),
        model=model,
        fail_on=fail_on.value if fail_on else None,
        config_path=Path(config) if config else None,
        isolated=isolated,
        stdin_filename=stdin_filename,
        jobs=jobs,
        cache_folder=None if no_cache else find_cache_folder(),
    )
    checker = Checker(options)
    run = checker.run(paths)
    if diff or fix:
        code = _apply_fixes(checker, run, paths, write=fix, unsafe=unsafe_fixes)
        if diff:
            raise typer.Exit(ExitCode.OK if exit_zero else code)
        run = checker.run(paths)

    from tonecheck.report import LazyRules, ReportOptions, get_reporter

    for notice in run.notices:
        sys.stderr.write(f"tonecheck: note: {notice}\n")
    use_color = color if color is not None else _stdout_is_terminal()
    report_options = ReportOptions(color=use_color, quiet=quiet)
    folder_config = checker.configs.for_folder(Path.cwd())
    ruleset = LazyRules(lambda: checker.ruleset_for(folder_config))
    if statistics:
        from tonecheck.report.text import report_statistics

        report_statistics(run.reports, ruleset, sys.stdout, report_options)
    else:
        get_reporter(output_format.value)(run.reports, ruleset, sys.stdout, report_options)
    raise typer.Exit(ExitCode.FINDINGS if run.failed and not exit_zero else ExitCode.OK)


def _apply_fixes(checker: Any, run: Any, paths: list[str], write: bool, unsafe: bool) -> int:
    """Print diffs (write=False) or write fixed files; the exit code is 1 when a diff is not empty."""
    from pathlib import Path

    from tonecheck.fixes import plan, unified_diff, write_atomically
    from tonecheck.reading import read_file

    changed = False
    for report in run.reports:
        is_stdin = report.path in ("-", checker.options.stdin_filename or "-")
        if is_stdin and "-" in paths:
            continue
        fix_plan = plan(report.path, report.text, report.findings, unsafe)
        if not fix_plan.changed:
            continue
        changed = True
        if not write:
            sys.stdout.write(unified_diff(fix_plan))
            continue
        source = read_file(Path(report.path))
        if source.text != report.text or source.data is None:
            raise TonecheckError(
                "changed on disk after it was read; not fixed (run tonecheck again)", report.path
            )
        write_atomically(Path(report.path), fix_plan.fixed, source.encoding, source.data)
        sys.stderr.write(f"tonecheck: fixed {len(fix_plan.applied)} problem(s) in {report.path}\n")
    return ExitCode.FINDINGS if changed else ExitCode.OK


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


@app.command("config")
def show_config(
    path: Annotated[str, typer.Argument(help="A draft or folder (default: the current folder).")] = ".",
    config: Annotated[str | None, typer.Option("--config", help="Use this configuration file.")] = None,
    isolated: Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")] = False,
) -> None:
    """Print the effective settings for a path and the file they come from."""
    import json
    from pathlib import Path

    from tonecheck.config import ConfigFinder, describe

    finder = ConfigFinder(Path(config) if config else None, isolated)
    target = Path(path)
    effective = finder.for_folder(target) if target.is_dir() else finder.for_file(target)
    typer.echo(json.dumps(describe(effective), indent=2))


def main() -> None:
    from tonecheck import collector

    collector.while_loading()  # until the engine is built: see tonecheck.collector
    app()


def run_and_exit() -> None:
    """The `tonecheck` command: ``main``, then leave without tearing the interpreter down.

    Freeing the pipeline's objects one by one at exit took about 0.3 s, a sixth of a cold start, and
    nothing is left to do by then: every file tonecheck writes (fixes, cache entries) is complete and
    renamed into place before the report is printed. So once the output is flushed, the process ends
    at once. ``main`` itself raises SystemExit as usual, for callers in Python.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        sys.stderr.write(f"{code}\n")  # what SystemExit prints for a message
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):
        pass  # the reader went away (`| head`) or a stream was closed: nothing more can be shown
    os._exit(code or 0)
