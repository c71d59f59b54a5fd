"""The other subcommands: `rules list|test`, `cache clean`, `explain`, `eval` and `config`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tonecheck.cli.app import OutputFormat, SplitName, TableFormat, app, cache_app, rules_app
from tonecheck.errors import ExitCode

if TYPE_CHECKING:
    from pathlib import Path


@rules_app.command("list")
def rules_list(
    output_format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="Output format.")
    ] = TableFormat.table,
    rule_dirs: Annotated[list[str] | None, typer.Argument(help="Extra rules folders.")] = None,
) -> None:
    """Show every rule: id, category, severity and the kinds of message it applies to."""
    from pathlib import Path

    from tonecheck.rulefiles.load import load_ruleset
    from tonecheck.rulefiles.reference import print_rule_table

    ruleset = load_ruleset([*_configured_rule_dirs(), *(Path(d) for d in rule_dirs or [])])
    print_rule_table(ruleset, output_format.value, sys.stdout)


def _configured_rule_dirs() -> list[Path]:
    """The `rule-dirs` of the configuration for the current folder: its rules are the project's too."""
    from pathlib import Path

    from tonecheck.run.config import ConfigFinder

    dirs: list[Path] = ConfigFinder().for_folder(Path.cwd()).rule_dirs()
    return dirs


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

    from tonecheck.evaluation.examples import run_examples

    dirs = [Path(d) for d in rule_dirs or []]
    outcome = run_examples(dirs, model=model, only_extra=bool(dirs))
    for line in outcome.lines(verbose):
        typer.echo(line)
    raise typer.Exit(ExitCode.OK if outcome.ok else ExitCode.FINDINGS)


@cache_app.command("clean")
def cache_clean() -> None:
    """Empty the result cache of this project (.tonecheck_cache/)."""
    from tonecheck.run.cache import clean_cache, find_cache_folder

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
    from tonecheck.rulefiles.load import load_ruleset
    from tonecheck.rulefiles.reference import explain_rule

    explain_rule(load_ruleset(_configured_rule_dirs()), rule_id, sys.stdout)


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
    split: Annotated[
        SplitName, typer.Option(help="Score only the dev or the held-out test drafts (fixed by id).")
    ] = SplitName.all,
    details: Annotated[
        bool, typer.Option("--details/--summary", help="List each miss and false alarm, or only the figures.")
    ] = True,
) -> None:
    """Score tonecheck against labelled drafts: precision, recall and F1 per category."""
    from pathlib import Path

    from tonecheck.evaluation.corpus import run_evaluation

    evaluation = run_evaluation(Path(directory), model, output_format.value, sys.stdout, split.value, details)
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

    from tonecheck.errors import InputError
    from tonecheck.run.config import ConfigFinder, describe

    target = Path(path)
    if not target.exists():
        raise InputError("no such file or directory", path)
    finder = ConfigFinder(Path(config) if config else None, isolated)
    if target.is_dir():
        described = describe(finder.for_folder(target))
    else:
        described = describe(finder.for_file(target), target)
    typer.echo(json.dumps(described, indent=2))
