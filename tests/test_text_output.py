"""What the reporters print, from findings made by hand: no pipeline needed (issue 17)."""

import io
import xml.etree.ElementTree as ElementTree

from tonecheck.engine.results import CachedMessage, Result
from tonecheck.findings import Finding, Fix, Severity
from tonecheck.report import ReportOptions
from tonecheck.report.junit import report_junit
from tonecheck.report.text import report_text
from tonecheck.run.checker import FileReport

WHY = "Why it matters, in a paragraph the reader needs to see once, not under every finding."


def _finding(text: str, start: int, end: int, rule: str = "accusatory/x", severity=Severity.ERROR, **extra):
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    end_column = end - (text.rfind("\n", 0, end) + 1) + 1
    values = dict(
        rule=rule,
        category=rule.split("/")[0],
        severity=severity,
        message="A message.",
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=text.count("\n", 0, end) + 1,
        end_column=end_column,
        text=text[start:end],
        suggestions=("I wanted to follow-up on my application to the operations analyst role.",),
        why=WHY,
    )
    values.update(extra)
    return Finding(**values)


def _report(text: str, findings, kinds=(("check-in", None),), guessed=None, path="d.txt") -> FileReport:
    results = tuple(Result(CachedMessage(path, name), kind, ()) for kind, name in kinds)
    if guessed is None:  # every kind guessed: the default
        return FileReport(path, text, results, (), tuple(findings))
    return FileReport(path, text, results, (), tuple(findings), guessed=guessed)


def _text(reports, **options) -> str:
    out = io.StringIO()
    report_text(reports, None, out, ReportOptions(**options))
    return out.getvalue()


def test_the_why_is_printed_once_per_rule_per_run():
    text = "Why?? Why?? Really??\n"
    findings = [_finding(text, 0, 5), _finding(text, 6, 11), _finding(text, 12, 20, rule="accusatory/y")]
    output = _text([_report(text, findings), _report(text, findings[:1], path="e.txt")])
    assert output.count("why: Why it matters") == 2  # accusatory/x once, accusatory/y once
    assert _text([_report(text, findings)], show_why=True).count("why: Why it matters") == 3
    assert "why:" not in _text([_report(text, findings)], quiet=True)


def test_a_long_line_is_cut_around_the_span():
    text = "word " * 140 + "Why haven't you replied?" + " more" * 70 + "\n"
    start = text.index("Why")
    output = _text([_report(text, [_finding(text, start, start + 24)])])
    assert max(len(line) for line in output.splitlines()) <= 110
    frame, marker = [line for line in output.splitlines() if " | " in line][:2]
    column = frame.index("Why haven't you replied?")
    assert marker[column : column + 24] == "^" * 24 and marker[column + 24 :].strip() == ""


def test_wrapping_never_splits_a_hyphenated_word():
    text = "Any news?\n"
    for width in range(50, 100):  # wherever the line happens to end, "follow-up" stays whole
        suggestion = "x" * width + " I wanted to follow-up on my application."
        output = _text([_report(text, [_finding(text, 0, 9, suggestions=(suggestion,))])])
        assert "follow-\n" not in output


def test_the_kind_note_names_guessed_templates_only():
    text = "Why??\n"
    kinds = (("thank-you", "Thank-you note"), ("check-in", "Check-in"), ("materials", "Materials"))
    report = _report(text, [_finding(text, 0, 5)], kinds=kinds, guessed=(True, False, True), path="t.md")
    output = _text([report])
    assert 't.md: "Thank-you note" read as a thank-you note (set --kind' in output
    assert 't.md: "Materials" read as an email sending materials (set --kind' in output
    assert "Check-in" not in output and "read as a materials" not in output
    assert "read as" not in _text([_report(text, [_finding(text, 0, 5)], guessed=(False,))])


def test_the_summary_counts_read_as_english():
    text = "Why?? Why??\n"
    findings = [_finding(text, 0, 5, severity=Severity.INFO), _finding(text, 6, 11, severity=Severity.INFO)]
    assert "Found 2 problems (2 info) in 1 of 1 file." in _text([_report(text, findings)])


def test_junit_counts_clean_files_and_quotes_text_plainly():
    text = "Why haven't you replied?\n"
    flagged = _report(text, [_finding(text, 0, 24)], path="a.txt")
    clean = _report("Thank you!\n", [], path="b.txt")
    out = io.StringIO()
    report_junit([flagged, clean], None, out, ReportOptions())
    root = ElementTree.fromstring(out.getvalue())
    assert root.get("tests") == "2" and root.get("failures") == "1"
    assert root.find("testsuite/testcase/failure").text.startswith('a.txt:1:1: "Why haven\'t you replied?"')


def test_statistics_summarise_each_rule_with_counts_and_fixes(builtin_ruleset):
    import json

    from tonecheck.report.statistics import report_statistics

    text = "Per my last email, why?\n"
    rule = "premature-contact/check-in-too-soon"
    dated = "This check-in goes out on Friday 2026-12-04, only days after the interview on Monday."
    findings = [
        _finding(text, 0, 18, rule=rule, message=dated, fix=Fix(0, 18, "To recap,", True)),
        _finding(text, 19, 23, rule=rule, message=dated, fix=Fix(19, 23, "Any news?", False)),
    ]
    out = io.StringIO()
    report_statistics([_report(text, findings)], builtin_ruleset, out, ReportOptions(), as_json=True)
    figures = json.loads(out.getvalue())
    assert figures["total"] == 2 and figures["fixable"] == 1 and figures["unsafe_fixable"] == 1
    (row,) = figures["rules"]
    assert "2026-12-04" not in row["message"] and "{" not in row["message"]  # the rule's, not one finding's
    table = io.StringIO()
    report_statistics([_report(text, findings)], builtin_ruleset, table, ReportOptions())
    assert "Found 2 problems; 1 fixable with --fix (1 more with --unsafe-fixes)." in table.getvalue()


def test_sarif_and_the_reference_show_no_template_syntax(builtin_ruleset):
    from tonecheck.report.sarif import sarif_document
    from tonecheck.rulefiles.reference import reference_markdown

    for rule in sarif_document([], builtin_ruleset)["runs"][0]["tool"]["driver"]["rules"]:
        shown = rule["shortDescription"]["text"] + rule["help"].get("markdown", rule["help"]["text"])
        assert "{" not in shown and "[[" not in shown, rule["id"]
    reference = reference_markdown(builtin_ruleset)
    for section in reference.split("\n### ")[1:]:
        described = section.split("\nFlagged:", 1)[0]  # the examples are drafts, quoted as written
        assert "{" not in described and "[[" not in described, section[:60]


def test_a_second_finding_on_the_same_words_shows_neither_the_line_nor_the_rewrite_again():
    text = "Hi Kai,\n\nYour loss, frankly.\n\nAlex\n"
    start = text.index("Your")
    end = text.index("\n\nAlex")
    first = _finding(text, start, end, rule="accusatory/x")
    findings = [
        first,
        _finding(
            text, start, end, rule="bridge-burning/y", suggestions=(*first.suggestions, "I wish you well.")
        ),
        _finding(text, start, end - 9, rule="accusatory/z"),  # other words: shown in full
    ]
    output = _text([_report(text, findings)])
    assert output.count("    3 | Your loss, frankly.") == 2  # for accusatory/x and accusatory/z
    assert "(the same words as [accusatory/x] above)" in output
    assert output.count("try: I wanted to follow-up") == 2  # not repeated for bridge-burning/y
    assert "try: I wish you well." in output
    assert "Found 3 problems" in output
