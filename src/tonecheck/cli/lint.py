"""`tonecheck check` (the default command): lint drafts, report findings, apply or show fixes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tonecheck.cli.app import (
    IsolatedOption,
    KindName,
    ModelOption,
    OutputFormat,
    SeverityName,
    _split,
    _stdout_is_terminal,
    app,
)
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
    model: ModelOption = None,
    config: Annotated[
        str | None, typer.Option("--config", help="Use this configuration file for every draft.")
    ] = None,
    isolated: IsolatedOption = False,
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
    show_why: Annotated[
        bool,
        typer.Option("--show-why", help="Explain why under every finding (default: once per rule)."),
    ] = False,
    force_exclude: Annotated[
        bool,
        typer.Option("--force-exclude", help="Apply `exclude` to files named on the command line too."),
    ] = False,
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
    show_messages: Annotated[
        bool,
        typer.Option(
            "--show-messages", help="Print what each file holds (lines and kind) and which parts are linted."
        ),
    ] = False,
) -> None:
    """Lint drafts: `tonecheck draft.txt`."""
    from tonecheck.pipeline.backend import prefer_single_thread_blas

    prefer_single_thread_blas()  # before anything loads numpy: see tonecheck.pipeline.backend

    from tonecheck.inputs.context import make_context
    from tonecheck.run.checker import Checker, CheckOptions

    values = {
        "kind": kind.value if kind else None,
        "interview-date": interview_date,
        "reply-by": reply_by,
        "send-date": send_date,
    }
    if statistics and output_format.value not in ("text", "concise", "json"):
        raise TonecheckError("--statistics prints text or JSON (--format text or json)")
    options = CheckOptions(
        context=make_context(values, "command line", option_prefix="--"),
        select=tuple(_split(select)),
        ignore=tuple(_split(ignore)),
        model=model,
        fail_on=fail_on.value if fail_on else None,
        config_path=Path(config) if config else None,
        isolated=isolated,
        stdin_filename=stdin_filename,
        jobs=jobs,
        cache_folder=None if no_cache else _cache_folder(paths),
        force_exclude=force_exclude,
    )
    checker = Checker(options)
    if show_messages:
        raise typer.Exit(_show_messages(checker, paths))
    run = checker.run(paths)
    out = sys.stdout
    if diff or fix:
        code = _apply_fixes(checker, run, paths, write=fix, unsafe=unsafe_fixes)
        if diff:
            raise typer.Exit(_report_errors(run) or (ExitCode.OK if exit_zero else code))
        if "-" in paths:
            out = sys.stderr  # standard output carries the fixed text, as a formatter's does
        run = checker.run(paths)

    from tonecheck.report import LazyRules, ReportOptions, get_reporter

    for notice in run.notices:
        sys.stderr.write(f"tonecheck: note: {notice}\n")
    use_color = color if color is not None else _stdout_is_terminal()
    report_options = ReportOptions(color=use_color and out is sys.stdout, quiet=quiet, show_why=show_why)
    folder_config = checker.configs.for_folder(Path.cwd())
    ruleset = LazyRules(lambda: checker.ruleset_for(folder_config))
    if statistics:
        from tonecheck.report.statistics import report_statistics

        report_statistics(run.reports, ruleset, out, report_options, output_format.value == "json")
    else:
        get_reporter(output_format.value)(run.reports, ruleset, out, report_options)
    raise typer.Exit(
        _report_errors(run) or (ExitCode.FINDINGS if run.failed and not exit_zero else ExitCode.OK)
    )


def _report_errors(run: Any) -> int:
    """One line on standard error for each file that could not be read; exit code 2 if there was one.

    The output format reports them too; the other files were linted and reported (as Ruff does).
    """
    for report in run.errors:
        where = report.path if report.error_line is None else f"{report.path}:{report.error_line}"
        sys.stderr.write(f"tonecheck: error: {where}: {report.error}\n")
    return ExitCode.ERROR if run.errors else ExitCode.OK


def _show_messages(checker: Any, paths: list[str]) -> int:
    """`--show-messages`: each part of each file, its lines and what it is; only messages are linted."""
    code = ExitCode.OK
    for path, text, regions, error in checker.file_regions(paths):
        if error is not None:
            sys.stderr.write(f"tonecheck: error: {error}\n")
            code = ExitCode.ERROR
            continue
        count = sum(1 for region in regions if region.message)
        sys.stdout.write(f"{path}: {_plural(count, 'message')}\n")
        for region in regions:
            first = text.count("\n", 0, region.start) + 1
            last = first + text[region.start : region.end].rstrip("\r\n").count("\n")
            lines = f"{first}" if first == last else f"{first}-{last}"
            if region.message:
                name = f" {region.name!r}" if region.name else ""
                sys.stdout.write(f"  {lines:<9} message ({region.kind}){name}\n")
            else:
                sys.stdout.write(f"  {lines:<9} skipped: {region.kind}\n")
    return code


def _cache_folder(paths: list[str]) -> Path:
    """The cache of the project the first named draft is in (it may be another repository than the
    current folder's); the current folder's when that draft is in no project (standard input, or a
    folder with no .git, pyproject.toml or configuration above it, which the cache must not litter)."""
    from tonecheck.run.cache import ROOT_MARKERS, find_cache_folder

    for name in paths:
        if name != "-":
            path = Path(name)
            folder = find_cache_folder(path if path.is_dir() else path.parent)
            if any((folder.parent / marker).exists() for marker in ROOT_MARKERS):
                return folder
            break
    return find_cache_folder()


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _apply_fixes(checker: Any, run: Any, paths: list[str], write: bool, unsafe: bool) -> int:
    """Print diffs (write=False) or write fixed files; the exit code is 1 when a diff is not empty.

    Standard input is never written back: with --fix its fixed text goes to standard output.
    """
    from tonecheck.engine.fixes import choose_fixes, plan, unified_diff, write_atomically
    from tonecheck.inputs.decoding import read_file

    changed = False
    not_fixed = hidden = 0
    for report in run.reports:
        if report.error is not None:
            continue
        is_stdin = "-" in paths and report.path == (checker.options.stdin_filename or "-")
        fix_plan = plan(report.path, report.text, report.findings, unsafe)
        not_fixed += len(report.findings) - len(fix_plan.applied)
        if not unsafe:
            hidden += len(choose_fixes(report.text, report.findings, True)) - len(fix_plan.applied)
        # Words an email stores encoded (base64, HTML, split by quoted-printable breaks) carry no fix.
        encoded = [f for f in report.findings if f.offsets != "original" and f.suggestions]
        if encoded:
            rewrites = "1 rewrite" if len(encoded) == 1 else f"{len(encoded)} rewrites"
            sys.stderr.write(
                f"tonecheck: note: {report.path}: {rewrites} not applied: the words are encoded in the "
                "email (base64, HTML or quoted-printable); edit them in your mail program\n"
            )
        # An email that also holds its body as HTML had its body fixes withheld (run/polish).
        html = report.body_as_html and any(f.suggestions and f.offsets == "original" for f in report.findings)
        if not is_stdin and html:
            sys.stderr.write(
                f"tonecheck: note: {report.path}: the email also holds its text as HTML, which mail "
                "programs show instead of the plain text; its body is not rewritten: edit it in your "
                "mail program\n"
            )
        if is_stdin and write:
            sys.stdout.write(fix_plan.fixed)
            checker.replace_stdin(fix_plan.fixed)
        if not fix_plan.changed:
            continue
        changed = True
        if not write:
            sys.stdout.write(unified_diff(fix_plan))
            continue
        fixed = _plural(len(fix_plan.applied), "problem")
        if is_stdin:
            sys.stderr.write(f"tonecheck: fixed {fixed} in {report.path}\n")
            continue
        source = read_file(Path(report.path))
        if source.text != report.text or source.data is None:
            raise TonecheckError(
                "changed on disk after it was read; not fixed (run tonecheck again)", report.path
            )
        write_atomically(Path(report.path), fix_plan.fixed, source.encoding, source.data)
        sys.stderr.write(f"tonecheck: fixed {fixed} in {report.path}\n")
    if not_fixed:  # say so, rather than print nothing and exit 0 (as Ruff does)
        safe = "" if unsafe else " safe"
        more = f" ({hidden} more would be fixed with --unsafe-fixes)" if hidden else ""
        have = "has" if not_fixed == 1 else "have"
        sys.stderr.write(f"tonecheck: {_plural(not_fixed, 'finding')} {have} no{safe} fix{more}\n")
    return ExitCode.FINDINGS if changed else ExitCode.OK
