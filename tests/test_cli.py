"""The command line: exit codes, formats, errors as one line. Tests marked `model` lint for real."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tonecheck import __version__
from tonecheck.cli import app

from .conftest import DATA, MINIMAL_RULES

DRAFTS = DATA / "drafts"
ACCUSATORY = str(DRAFTS / "accusatory.txt")
WARM = str(DRAFTS / "warm-thank-you.txt")


@pytest.fixture
def runner():
    return CliRunner()


def _one_error_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def test_version(runner):
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"tonecheck {__version__}"


def test_help_lists_the_commands(runner):
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("check", "rules", "explain", "eval"):
        assert command in result.stdout


def test_help_and_version_do_not_import_spacy():
    code = (
        "import sys\n"
        "from tonecheck.cli import main\n"
        "for args in (['--help'], ['--version'], ['check', '--help']):\n"
        "    sys.argv = ['tonecheck', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print('LOADED', 'spacy' in sys.modules, 'tonecheck.engine.lint' in sys.modules)\n"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip().splitlines()[-1] == "LOADED False False"


def test_missing_file_is_exit_2_with_one_line(runner):
    result = runner.invoke(app, ["no-such-draft.txt"])
    assert result.exit_code == 2
    assert _one_error_line(result) == "tonecheck: error: no-such-draft.txt: no such file or directory"


def test_bad_date_option_is_exit_2(runner):
    result = runner.invoke(app, [WARM, "--reply-by", "next friday"])
    assert result.exit_code == 2
    assert (
        _one_error_line(result)
        == "tonecheck: error: command line: reply-by: expected a date as YYYY-MM-DD, got 'next friday'"
    )


def test_bad_choice_is_a_one_line_usage_error(runner):
    result = runner.invoke(app, [WARM, "--kind", "love-letter"])
    assert result.exit_code == 2
    line = _one_error_line(result)
    assert line.startswith("tonecheck: error: Invalid value for '--kind'") and "thank-you" in line


def test_unknown_option(runner):
    result = runner.invoke(app, [WARM, "--colour"])
    assert result.exit_code == 2
    assert "No such option" in _one_error_line(result)


def test_malformed_rule_file_is_exit_2(runner, tmp_path):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(MINIMAL_RULES, rules)
    bad = rules / "tone" / "broken.yaml"
    bad.write_text("severity: [unclosed\n")
    result = runner.invoke(app, ["rules", "test", str(rules)])
    assert result.exit_code == 2
    assert (
        _one_error_line(result)
        == f"tonecheck: error: {bad}:1: invalid YAML: did not find expected ',' or ']'"
    )


def test_rules_list(runner):
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if "/" in line]
    assert len(rows) >= 20
    assert {row.split()[1] for row in rows} == {
        "accusatory",
        "premature-contact",
        "missing-thanks",
        "bridge-burning",
    }
    listed = json.loads(runner.invoke(app, ["rules", "list", "--format", "json"]).stdout)
    assert {"id", "category", "severity", "kinds"} <= set(listed[0])


def test_explain(runner):
    result = runner.invoke(app, ["explain", "accusatory/you-said-you-would"])
    assert result.exit_code == 0
    assert "Why:" in result.stdout and "Flagged:" in result.stdout and "Applies to:" in result.stdout
    missing = runner.invoke(app, ["explain", "accusatory/nope"])
    assert missing.exit_code == 2 and "no rule 'accusatory/nope'" in _one_error_line(missing)


def test_a_folder_with_nothing_to_lint(runner, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    result = runner.invoke(app, [str(tmp_path)])
    assert result.exit_code == 2 and "no drafts to lint here" in _one_error_line(result)


@pytest.mark.model
class TestLinting:
    def test_accusatory_draft_fails_with_findings_and_rewrites(self, runner):
        result = runner.invoke(app, [ACCUSATORY])
        assert result.exit_code == 1
        assert "[accusatory/you-said-you-would]" in result.stdout
        assert "[accusatory/why-havent-you]" in result.stdout
        assert "try: I understand the team hoped to reach a decision around Friday" in result.stdout
        assert "why:" in result.stdout

    def test_warm_thank_you_passes(self, runner):
        result = runner.invoke(app, [WARM])
        assert result.exit_code == 0
        assert result.stdout.strip() == "No problems found in 1 file."

    def test_json_shape(self, runner):
        result = runner.invoke(app, [ACCUSATORY, "--format", "json"])
        assert result.exit_code == 1
        data = json.loads(result.stdout)
        assert data["version"] == 1
        assert data["summary"] == {"files": 1, "findings": len(data["files"][0]["findings"])}
        entry = data["files"][0]
        assert entry["path"] == ACCUSATORY and entry["kind"] == "check-in"
        finding = entry["findings"][0]
        for key in (
            "rule",
            "category",
            "severity",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
            "start",
            "end",
            "text",
            "suggestions",
        ):
            assert key in finding
        source = Path(ACCUSATORY).read_text()
        for item in entry["findings"]:
            assert source[item["start"] : item["end"]] == item["text"]
            assert item["suggestions"]
        assert finding["text"] == "You said you'd get back to me by Friday."
        assert (finding["line"], finding["column"], finding["end_column"]) == (3, 1, 41)

    def test_fail_on(self, runner):
        assert (
            runner.invoke(app, [ACCUSATORY, "--select", "missing-thanks", "--fail-on", "error"]).exit_code
            == 0
        )
        assert (
            runner.invoke(app, [ACCUSATORY, "--select", "missing-thanks", "--fail-on", "warning"]).exit_code
            == 1
        )

    def test_select_and_ignore(self, runner):
        only = json.loads(
            runner.invoke(app, [ACCUSATORY, "-f", "json", "--select", "accusatory/why-havent-you"]).stdout
        )
        assert [f["rule"] for f in only["files"][0]["findings"]] == ["accusatory/why-havent-you"]
        rest = json.loads(
            runner.invoke(app, [ACCUSATORY, "-f", "json", "--ignore", "accusatory,missing-thanks"]).stdout
        )
        assert rest["files"][0]["findings"] == []
        bad = runner.invoke(app, [ACCUSATORY, "--select", "politeness"])
        assert bad.exit_code == 2 and "unknown rule or category 'politeness'" in _one_error_line(bad)

    def test_standard_input(self, runner):
        text = Path(ACCUSATORY).read_text()
        result = runner.invoke(app, ["-", "--stdin-filename", "draft.txt", "-f", "json"], input=text)
        assert result.exit_code == 1
        assert json.loads(result.stdout)["files"][0]["path"] == "draft.txt"

    def test_kind_and_dates_on_the_command_line(self, runner, tmp_path):
        draft = tmp_path / "checkin.txt"
        draft.write_text(
            "Hi Jo,\n\nThank you again for the interview. Is there any update on the role?\n\nBest,\nSam\n"
        )
        early = ["--interview-date", "2026-03-02", "--send-date", "2026-03-04", "-f", "json"]
        result = json.loads(runner.invoke(app, [str(draft), "--kind", "check-in", *early]).stdout)
        assert [f["category"] for f in result["files"][0]["findings"]] == ["premature-contact"]
        later = ["--interview-date", "2026-03-02", "--send-date", "2026-03-10", "-f", "json"]
        assert json.loads(runner.invoke(app, [str(draft), *later]).stdout)["files"][0]["findings"] == []

    def test_a_folder_is_searched(self, runner):
        result = runner.invoke(app, [str(DRAFTS), "-f", "json"])
        paths = sorted(Path(entry["path"]).name for entry in json.loads(result.stdout)["files"])
        assert paths == ["accusatory.txt", "warm-thank-you.txt"]

    def test_rules_test_passes(self, runner):
        result = runner.invoke(app, ["rules", "test"])
        assert result.exit_code == 0
        assert result.stdout.strip().splitlines()[-1].endswith("rules.")
