"""Run an evaluation over a labelled folder and print it (the printing half of `tonecheck eval`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from tonecheck.errors import InputError
from tonecheck.evaluation.scoring import (
    CATEGORIES_FILE,
    Evaluation,
    categories_for,
    read_categories,
    read_labels,
    score,
)


def run_evaluation(
    directory: Path,
    model: str | None,
    output_format: str,
    out: TextIO,
    split: str = "all",
    details: bool = True,
) -> Evaluation:
    """Score the drafts of ``split`` and print the figures, with each miss and false alarm when
    ``details`` (leave them out to score a held-out split without reading it)."""
    from tonecheck.run.checker import Checker, CheckOptions

    labels = read_labels(directory, split)
    listed = read_categories(directory, labels)  # before the run: a bad file fails at once
    # The corpus is judged on the rules as they ship: no configuration file applies.
    checker = Checker(CheckOptions(model=model, isolated=True))
    run = checker.run([str(label.path) for label in labels])
    ruleset = checker.ruleset_for(checker.configs.for_folder(directory))
    flagged: dict[str, dict[str, str]] = {}
    kinds: dict[str, str] = {}
    for label, report in zip(labels, run.reports, strict=False):
        kinds[label.id] = report.kind
        found: dict[str, str] = {}
        for finding in report.findings:
            found.setdefault(
                finding.category, f"{finding.line}:{finding.column} [{finding.rule}] {finding.text!r}"
            )
        flagged[label.id] = found
    unknown = sorted(set(listed or ()) - set(ruleset.categories))
    if unknown:
        raise InputError(f"no rule has the category {unknown[0]!r}", str(directory / CATEGORIES_FILE))
    evaluation = score(labels, flagged, kinds, listed or categories_for(labels, ruleset.categories))
    if output_format == "json":
        document = evaluation.to_json()
        if not details:
            del document["mistakes"]
        json.dump(document, out, indent=2)
        out.write("\n")
    else:
        _print_text(evaluation, out, details)
    return evaluation


def _print_text(evaluation: Evaluation, out: TextIO, details: bool) -> None:
    out.write(f"{evaluation.documents} labelled drafts")
    if evaluation.kind_labelled:
        out.write(f"; message kind guessed right for {evaluation.kind_correct} of {evaluation.kind_labelled}")
    out.write(".\n\n")
    out.write(f"{'category':<20} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>7} {'F1':>6}\n")
    for name, s in evaluation.scores.items():
        out.write(
            f"{name:<20} {s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>10.3f} {s.recall:>7.3f} {s.f1:>6.3f}\n"
        )
    for what in ("miss", "false alarm") if details else ():
        items = [m for m in evaluation.mistakes if m.what == what]
        if not items:
            continue
        title = "Misses" if what == "miss" else "False alarms"
        out.write(f"\n{title} ({len(items)}):\n")
        for mistake in items:
            out.write(f"  {mistake.path}: {mistake.category}: {mistake.detail}\n")
