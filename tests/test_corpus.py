"""Detection quality on the labelled corpus, and properties of every finding the corpus produces."""

import json

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.engine.resolve import Resolver
from tonecheck.inputs.placeholders import find_placeholders
from tonecheck.run.checker import Checker, CheckOptions

from .conftest import ROOT

pytestmark = pytest.mark.model

CORPUS = ROOT / "corpus"
MIN_PRECISION = 0.95
MIN_RECALL = 0.90


@pytest.fixture(scope="module")
def corpus_run():
    paths = sorted(str(path) for path in (CORPUS / "cases").glob("*.txt"))
    return Checker(CheckOptions(isolated=True)).run(paths)


def test_corpus_meets_precision_and_recall_targets():
    args = [
        "eval",
        str(CORPUS),
        "--format",
        "json",
        "--min-precision",
        str(MIN_PRECISION),
        "--min-recall",
        str(MIN_RECALL),
    ]
    result = CliRunner().invoke(app, args)
    figures = json.loads(result.stdout)
    report = {name: (c["precision"], c["recall"]) for name, c in figures["categories"].items()}
    assert result.exit_code == 0, report
    assert set(report) == {
        "accusatory",
        "premature-contact",
        "missing-thanks",
        "bridge-burning",
        "late-contact",
        "missing-interest",
        "missing-attachment",
        "missing-keep-in-touch",
    }
    assert figures["documents"] >= 300


def test_corpus_labels_are_well_formed():
    labels = [json.loads(line) for line in (CORPUS / "labels.jsonl").read_text().splitlines() if line.strip()]
    assert len(labels) >= 300
    clean = sum(1 for label in labels if not label["expect"])
    assert clean / len(labels) >= 0.40
    assert {label["kind"] for label in labels} >= {"thank-you", "check-in", "materials", "rejection-reply"}
    stems = {path.stem for path in (CORPUS / "cases").glob("*.txt")}
    assert {label["id"] for label in labels} == stems


def test_every_finding_is_a_slice_of_its_file(corpus_run):
    checked = 0
    for report in corpus_run.reports:
        for finding in report.findings:
            assert report.text[finding.start : finding.end] == finding.text
            assert finding.suggestions, finding.rule
            checked += 1
    assert checked > 200


def test_rewrites_keep_placeholders_dates_and_names(corpus_run, engine):
    """A replacement for a sentence carries its placeholders verbatim, the role it names, and (outside
    rejection replies) at least one of its dates: a sentence that names a deadline and the day it
    complains about keeps the deadline."""
    slot_finders = engine.ruleset.messages.slots
    problems = []
    checked = 0
    for report, result in ((r, res) for r in corpus_run.reports for res in r.results):
        doc = engine.nlp(result.message.text)
        resolver = Resolver(
            doc,
            engine.matchers.run(doc),
            engine.layouts.find(doc.text),
            engine.matchers,
            engine.ruleset.elements,
        )
        mapped = result.message.mapped
        anchors = {
            name: [mapped.original_span(*resolver.char_span(span)) for span in resolver.hits(finders)]
            for name, finders in slot_finders.items()
        }
        for finding in result.findings:
            if finding.fix is None or finding.start == finding.end:
                continue
            checked += 1
            kept = finding.suggestions[0].lower()
            for name, spans in anchors.items():
                if name == "person" or (name == "date" and finding.category == "bridge-burning"):
                    # Names are guessed from capitals alone; in a rejection reply the date is part of
                    # the grievance the gracious rewrite leaves behind.
                    continue
                inside = [report.text[s:e] for s, e in spans if finding.start <= s and e <= finding.end]
                if inside and not any(value.lower() in kept for value in inside):
                    problems.append(
                        f"{report.path}: [{finding.rule}] {finding.text!r} -> {kept!r} drops {name} {inside}"
                    )
            for placeholder in find_placeholders(report.text, finding.start, finding.end):
                value = report.text[placeholder.start : placeholder.end]
                if value.lower() not in kept:
                    problems.append(
                        f"{report.path}: [{finding.rule}] {finding.text!r} -> {kept!r} drops {value!r}"
                    )
    assert checked > 50
    assert problems == [], "\n".join(problems)
