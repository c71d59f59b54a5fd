"""The template test bed: every labelled template is found and linted, nothing outside one is flagged,
and one file that cannot be read never stops the run (tests/data/templates/labels.yaml)."""

import json
import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.inputs.messages import file_regions, messages_for

from .conftest import DATA

BED = DATA / "templates"
LABELS = yaml.safe_load((BED / "labels.yaml").read_text())
FILES = sorted(p.name for p in BED.iterdir() if p.suffix in (".md", ".txt"))


def _lines(text: str, start: int, end: int) -> list[int]:
    first = text.count("\n", 0, start) + 1
    return [first, first + text[start:end].rstrip("\r\n").count("\n")]


def _found_messages(name: str) -> list[list[int]]:
    text = (BED / name).read_text()
    return [_lines(text, r.start, r.end) for r in file_regions(name, text) if r.message]


def test_the_bed_is_labelled_and_large_enough():
    assert len(FILES) >= 30
    assert sorted(LABELS) == FILES
    assert sum(len(entry["messages"]) for entry in LABELS.values()) >= 40


@pytest.mark.parametrize("name", FILES)
def test_every_labelled_template_is_found_and_nothing_else(name):
    expected = [message["lines"] for message in LABELS[name]["messages"]]
    assert _found_messages(name) == expected
    # And each one becomes a message to lint.
    text = (BED / name).read_text()
    assert len(messages_for(name, text)) == len(expected)


@pytest.mark.model
def test_the_folder_is_linted_as_a_ci_job_would_and_only_messages_are_flagged():
    result = CliRunner().invoke(app, [str(BED), "-f", "json", "--isolated", "--no-cache"])
    assert result.exit_code in (0, 1), result.stderr  # never aborted
    document = json.loads(result.stdout)
    assert document["errors"] == []
    reported = {Path(entry["path"]).name: entry for entry in document["files"]}
    assert sorted(reported) == FILES  # every file reported
    outside = []
    for name in FILES:
        entry = reported[name]
        labelled = LABELS[name]["messages"]
        linted = entry.get("messages") or [{"name": None}]
        assert len(linted) == max(len(labelled), 1), name
        found = {f"{f['category']}@{f['line']}" for f in entry["findings"]}
        expected = {finding for message in labelled for finding in message.get("findings", [])}
        assert found == expected, name
        for finding in entry["findings"]:
            if not any(first <= finding["line"] <= last for first, last in (m["lines"] for m in labelled)):
                outside.append((name, finding["line"], finding["rule"]))
    assert outside == []


def test_show_messages_prints_each_part_and_whether_it_is_linted():
    path = BED / "obsidian-post-interview.md"
    result = CliRunner().invoke(app, ["check", "--show-messages", "--isolated", str(path)])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"{path}: 2 messages"
    assert "  1-7       skipped: front matter (not tonecheck's)" in lines
    assert "  44-55     message (fenced block) 'Thank-You Email Template'" in lines
    assert "  74-80     skipped: diagram" in lines
    assert sum("skipped: list" in line for line in lines) == 4


def test_show_messages_follows_the_configured_layout(tmp_path):
    shutil.copy(BED / "kit-heading-per-template.md", tmp_path / "kit.md")
    (tmp_path / ".tonecheck.yaml").write_text('template-layouts: {"*.md": file}\n')
    result = CliRunner().invoke(app, ["check", "--show-messages", str(tmp_path / "kit.md")])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].strip() == "1-39      message (whole file)"


# --- one file that cannot be read never hides the others -----------------------------------------

BROKEN = "---\nkind: check-in\nreply-by: [2026-03-06\n---\nHi Sam,\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("check-in-accusatory.txt", "obsidian-post-interview.md"):
        shutil.copy(BED / name, folder / name)
    (folder / "broken.md").write_text(BROKEN)
    return folder


@pytest.mark.model
def test_a_broken_file_is_an_error_in_text_and_the_others_are_reported(tmp_path):
    folder = _folder(tmp_path)
    result = CliRunner().invoke(app, [str(folder), "--isolated", "--no-cache"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"tonecheck: error: {folder / 'broken.md'}:3: invalid YAML: did not find expected ',' or ']'"
    ]
    assert "check-in-accusatory.txt:3:1: error [accusatory/you-said-you-would]" in result.stdout
    assert "obsidian-post-interview.md:68" in result.stdout  # a file after the broken one, too


@pytest.mark.model
@pytest.mark.parametrize("output_format", ["json", "sarif", "github", "junit"])
def test_a_broken_file_is_an_error_in_every_format(tmp_path, output_format):
    folder = _folder(tmp_path)
    broken = str(folder / "broken.md")
    result = CliRunner().invoke(app, [str(folder), "-f", output_format, "--isolated", "--no-cache"])
    assert result.exit_code == 2
    out = result.stdout
    if output_format == "json":
        document = json.loads(out)
        assert document["errors"] == [
            {"path": broken, "line": 3, "message": "invalid YAML: did not find expected ',' or ']'"}
        ]
        assert {Path(f["path"]).name for f in document["files"]} == {
            "check-in-accusatory.txt",
            "obsidian-post-interview.md",
        }
        assert document["summary"] == {
            "files": 2,
            "findings": len(document["files"][0]["findings"]) + len(document["files"][1]["findings"]),
        }
    elif output_format == "sarif":
        import jsonschema

        document = json.loads(out)
        jsonschema.validate(document, json.loads((DATA / "sarif-schema-2.1.0.json").read_text()))
        (invocation,) = document["runs"][0]["invocations"]
        assert invocation["executionSuccessful"] is False
        (notice,) = invocation["toolExecutionNotifications"]
        assert notice["level"] == "error" and "invalid YAML" in notice["message"]["text"]
        location = notice["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("broken.md")
        assert location["region"] == {"startLine": 3}
        assert len(document["runs"][0]["results"]) >= 3
    elif output_format == "github":
        errors = [line for line in out.splitlines() if "broken.md" in line]
        assert len(errors) == 1 and re.match(r"::error file=[^,]*broken\.md,line=3,", errors[0])
        assert "invalid YAML" in errors[0]
        assert any("check-in-accusatory.txt" in line for line in out.splitlines())
    else:
        root = ElementTree.fromstring(out.split("\n", 1)[1])
        assert root.get("errors") == "1"
        suites = {Path(s.get("name")).name: s for s in root.iter("testsuite")}
        error = suites["broken.md"].find("testcase/error")
        assert error is not None and "invalid YAML" in error.get("message")
        assert suites["check-in-accusatory.txt"].find("testcase/failure") is not None


@pytest.mark.model
def test_a_missing_named_file_does_not_stop_the_others(tmp_path):
    result = CliRunner().invoke(
        app, [str(tmp_path / "nope.md"), str(BED / "check-in-no-thanks.txt"), "--isolated", "--no-cache"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == f"tonecheck: error: {tmp_path / 'nope.md'}: no such file or directory"
    assert "check-in-no-thanks.txt:5" in result.stdout


# --- --diff and --fix say when nothing safe would change ----------------------------------------


@pytest.mark.model
def test_diff_says_how_many_findings_have_no_safe_fix(tmp_path):
    draft = tmp_path / "reply.txt"
    shutil.copy(BED / "check-in-accusatory.txt", draft)
    before = draft.read_text()
    result = CliRunner().invoke(app, [str(draft), "--diff", "--isolated", "--no-cache"])
    # Two accusatory sentences and the missing line of interest; the missing thanks is the safe fix.
    assert "tonecheck: 3 findings have no safe fix (3 more would be fixed with --unsafe-fixes)" in (
        result.stderr
    )
    unsafe = CliRunner().invoke(app, [str(draft), "--diff", "--unsafe-fixes", "--isolated", "--no-cache"])
    assert "no safe fix" not in unsafe.stderr and "no fix" not in unsafe.stderr
    fixed = CliRunner().invoke(app, [str(draft), "--fix", "--isolated", "--no-cache"])
    assert "3 findings have no safe fix" in fixed.stderr
    assert draft.read_text() != before  # the safe fix (the missing thanks) was applied
