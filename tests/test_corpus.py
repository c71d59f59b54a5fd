"""Detection quality on the labelled corpus, and properties of every finding the corpus produces."""

import json

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.context import Context
from tonecheck.placeholders import find_placeholders
from tonecheck.reading import read_file
from tonecheck.resolve import Resolver
from tonecheck.runner import lint_sources

from .conftest import ROOT

pytestmark = pytest.mark.model

CORPUS = ROOT / "corpus"
MIN_PRECISION = 0.95
MIN_RECALL = 0.90


@pytest.fixture(scope="module")
def corpus_run(engine):
    paths = sorted((CORPUS / "cases").glob("*.txt"))
    sources = [read_file(path) for path in paths]
    return lint_sources(engine, sources, Context())


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
    assert set(report) == {"accusatory", "premature-contact", "missing-thanks", "bridge-burning"}
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
    """A replacement for a sentence keeps the placeholders, dates and names that the sentence had."""
    slot_finders = engine.ruleset.messages.slots
    problems = []
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
        anchors = []
        for finders in slot_finders.values():
            for span in resolver.hits(finders):
                start, end = mapped.original_span(*resolver.char_span(span))
                anchors.append((start, end))
        for finding in result.findings:
            if finding.fix is None or finding.start == finding.end:
                continue
            kept = finding.suggestions[0]
            inside = [report.text[s:e] for s, e in anchors if finding.start <= s and e <= finding.end]
            inside += [
                report.text[p.start : p.end]
                for p in find_placeholders(report.text, finding.start, finding.end)
            ]
            for anchor in inside:
                if anchor.lower() not in kept.lower():
                    problems.append(
                        f"{report.path}: [{finding.rule}] {finding.text!r} -> {kept!r} drops {anchor!r}"
                    )
    assert problems == []
