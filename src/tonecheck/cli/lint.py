"""`tonecheck check` (the default command): lint drafts, report findings, apply or show fixes."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from tonecheck.cli.app import KindName, OutputFormat, SeverityName, _split, _stdout_is_terminal, app
from tonecheck.errors import ExitCode, TonecheckError


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
    from tonecheck.pipeline.backend import prefer_single_thread_blas

    prefer_single_thread_blas()  # before anything loads numpy: see tonecheck.pipeline.backend

    from pathlib import Path

    from tonecheck.inputs.context import make_context
    from tonecheck.run.cache import find_cache_folder
    from tonecheck.run.checker import Checker, CheckOptions

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

    from tonecheck.engine.fixes import plan, unified_diff, write_atomically
    from tonecheck.inputs.decoding import read_file

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
