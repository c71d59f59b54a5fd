"""The command line: exit codes, formats, errors as one line. Tests marked `model` lint for real."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tonecheck import __version__
from tonecheck.cli import app

from .conftest import DATA, MINIMAL_RULES, ROOT, one_error_line

DRAFTS = DATA / "drafts"
ACCUSATORY = str(DRAFTS / "accusatory.txt")
WARM = str(DRAFTS / "warm-thank-you.txt")


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
    assert one_error_line(result) == "tonecheck: error: no-such-draft.txt: no such file or directory"


def test_bad_date_option_is_exit_2(runner):
    result = runner.invoke(app, [WARM, "--reply-by", "next friday"])
    assert result.exit_code == 2
    assert (
        one_error_line(result)
        == "tonecheck: error: command line: --reply-by: expected a date as YYYY-MM-DD, got 'next friday'"
    )


def test_bad_choice_is_a_one_line_usage_error(runner):
    result = runner.invoke(app, [WARM, "--kind", "love-letter"])
    assert result.exit_code == 2
    line = one_error_line(result)
    # Typer's messages start in lower case, as tonecheck's own do (issue 17, item 18).
    assert line.startswith("tonecheck: error: invalid value for '--kind'") and "thank-you" in line


def test_unknown_option(runner):
    result = runner.invoke(app, [WARM, "--colour"])
    assert result.exit_code == 2
    assert "tonecheck: error: no such option" in one_error_line(result)


def test_malformed_rule_file_is_exit_2(runner, tmp_path):
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(MINIMAL_RULES, rules)
    bad = rules / "tone" / "broken.yaml"
    bad.write_text("severity: [unclosed\n")
    result = runner.invoke(app, ["rules", "test", str(rules)])
    assert result.exit_code == 2
    assert (
        one_error_line(result) == f"tonecheck: error: {bad}:1: invalid YAML: did not find expected ',' or ']'"
    )


def test_rules_list(runner):
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 0
    rows = [line for line in result.stdout.splitlines() if "/" in line]
    assert len(rows) >= 20
    # Every category is listed: the four tone categories and the four of issue 16.
    assert {row.split()[1] for row in rows} == {
        "accusatory",
        "premature-contact",
        "missing-thanks",
        "bridge-burning",
        "late-contact",
        "missing-interest",
        "missing-attachment",
        "missing-keep-in-touch",
    }
    listed = json.loads(runner.invoke(app, ["rules", "list", "--format", "json"]).stdout)
    assert {"id", "category", "severity", "kinds"} <= set(listed[0])


def test_explain(runner):
    result = runner.invoke(app, ["explain", "accusatory/you-said-you-would"])
    assert result.exit_code == 0
    assert "Why:" in result.stdout and "Flagged:" in result.stdout and "Applies to:" in result.stdout
    missing = runner.invoke(app, ["explain", "accusatory/nope"])
    assert missing.exit_code == 2 and "no rule 'accusatory/nope'" in one_error_line(missing)


def test_a_folder_with_nothing_to_lint(runner, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    result = runner.invoke(app, [str(tmp_path)])
    assert result.exit_code == 2 and "no drafts to lint here" in one_error_line(result)


def test_explain_shows_no_template_syntax(runner):
    # Issue 17, item 13: slots are filled with neutral example values.
    for rule in (
        "accusatory/you-said-you-would",
        "accusatory/per-my-last-email",
        "premature-contact/check-in-too-soon",
    ):
        result = runner.invoke(app, ["explain", rule])
        assert result.exit_code == 0
        head = result.stdout.split("\nFlagged:", 1)[0]  # the examples are drafts, quoted as written
        assert "[[" not in head and "{" not in head, head


def test_explain_finds_configured_rules_categories_and_near_misses(runner, tmp_path, monkeypatch):
    # Issue 17, item 14.
    rules = tmp_path / "center-rules" / "house-style"
    rules.mkdir(parents=True)
    (rules / "no-cheers.yaml").write_text((DATA / "house-rule.yaml").read_text())
    (tmp_path / ".tonecheck.yaml").write_text("rule-dirs: [center-rules]\n")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["explain", "house-style/no-cheers"]).exit_code == 0
    assert "house-style/no-cheers" in runner.invoke(app, ["rules", "list"]).stdout
    unused = runner.invoke(app, ["explain", "tonecheck/unused-suppression"])
    assert unused.exit_code == 0 and "A suppression that silences nothing." in unused.stdout
    category = runner.invoke(app, ["explain", "accusatory"])
    assert category.exit_code == 0 and "accusatory/per-my-last-email" in category.stdout
    near = runner.invoke(app, ["explain", "accusatory/sarcasam"])
    assert near.exit_code == 2 and "did you mean 'accusatory/sarcasm'?" in one_error_line(near)
    bare = runner.invoke(app, ["explain", "sarcasm"])
    assert "did you mean 'accusatory/sarcasm'?" in one_error_line(bare)


def test_statistics_refuses_a_format_it_cannot_print(runner):
    # Issue 17, item 15: --statistics used to print its text table whatever --format said.
    result = runner.invoke(app, [WARM, "--statistics", "--format", "sarif", "--isolated"])
    assert result.exit_code == 2
    assert "--statistics prints text or JSON" in one_error_line(result)


def test_force_exclude_skips_excluded_files_named_on_the_command_line(runner, tmp_path):
    # Issue 17, item 6: the pre-commit hook names files; `exclude` must apply to them.
    (tmp_path / ".tonecheck.yaml").write_text("exclude: ['archive/*']\n")
    draft = tmp_path / "archive" / "old.txt"
    draft.parent.mkdir()
    draft.write_text("Why haven't you replied?\n")
    result = runner.invoke(app, [str(draft), "--force-exclude"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "No problems found in 0 files."
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "entry: tonecheck check --force-exclude" in hooks


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
            runner.invoke(
                app, [ACCUSATORY, "-f", "json", "--ignore", "accusatory,missing-thanks,missing-interest"]
            ).stdout
        )
        assert rest["files"][0]["findings"] == []
        bad = runner.invoke(app, [ACCUSATORY, "--select", "politeness"])
        assert bad.exit_code == 2 and "unknown rule or category 'politeness'" in one_error_line(bad)

    def test_standard_input(self, runner):
        text = Path(ACCUSATORY).read_text()
        result = runner.invoke(app, ["-", "--stdin-filename", "draft.txt", "-f", "json"], input=text)
        assert result.exit_code == 1
        assert json.loads(result.stdout)["files"][0]["path"] == "draft.txt"

    def test_kind_and_dates_on_the_command_line(self, runner, tmp_path):
        draft = tmp_path / "checkin.txt"
        draft.write_text(
            "Hi Jo,\n\nThank you again for the interview. Still keen: any update on the role?\n\nBest,\nSam\n"
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

    def test_fix_on_standard_input_writes_the_fixed_text_and_still_reports(self, runner):
        # Issue 17, item 1: `--fix -` used to lint an empty second read and say "No problems found".
        text = "Hi Jo,\n\nPer my last email, I am still keen on the role. Why haven't you replied?\n"
        result = runner.invoke(app, ["--fix", "-", "--isolated", "--select", "accusatory"], input=text)
        assert result.exit_code == 1
        assert result.stdout == text.replace("Per my last email,", "To recap,")
        assert "[accusatory/why-havent-you]" in result.stderr
        assert "tonecheck: fixed 1 problem in -" in result.stderr  # issue 17, item 18: no "problem(s)"
        diff = runner.invoke(app, ["--diff", "-", "--isolated"], input=text)
        assert diff.exit_code == 1 and "+To recap, I am still keen" in diff.stdout

    def test_standard_input_named_twice_is_read_once(self, runner):
        # Issue 17, item 18: `- -` linted the text and then an empty second read.
        text = Path(ACCUSATORY).read_text()
        result = runner.invoke(app, ["-", "-", "-f", "json", "--isolated"], input=text)
        files = json.loads(result.stdout)["files"]
        assert len(files) == 1 and files[0]["findings"]

    def test_the_why_is_shown_once_per_rule(self, runner, tmp_path):
        # Issue 17, item 11.
        second = tmp_path / "again.txt"
        second.write_text(Path(ACCUSATORY).read_text())
        result = runner.invoke(app, [ACCUSATORY, str(second), "--isolated"])
        assert result.stdout.count("[accusatory/why-havent-you]") == 2
        assert result.stdout.count("why: Questions such as") == 1
        every = runner.invoke(app, [ACCUSATORY, str(second), "--isolated", "--show-why"])
        assert every.stdout.count("why: Questions such as") == 2
        quiet = runner.invoke(app, [ACCUSATORY, "--isolated", "-q"])
        assert "why:" not in quiet.stdout

    def test_the_kind_is_mentioned_only_when_guessed(self, runner, tmp_path):
        # Issue 17, item 12.
        guessed = runner.invoke(app, [ACCUSATORY, "--isolated"])
        assert "read as a check-in (set --kind" in guessed.stdout
        told = runner.invoke(app, [ACCUSATORY, "--isolated", "--kind", "check-in"])
        assert told.exit_code == 1 and "(set --kind" not in told.stdout
        draft = tmp_path / "d.txt"
        draft.write_text("---\nkind: check-in\n---\n" + Path(ACCUSATORY).read_text())
        assert "(set --kind" not in runner.invoke(app, [str(draft), "--isolated"]).stdout

    def test_statistics_as_json_with_totals_and_fixable_counts(self, runner):
        # Issue 17, item 15.
        result = runner.invoke(app, [ACCUSATORY, "--statistics", "--format", "json", "--isolated"])
        data = json.loads(result.stdout)
        assert data["total"] == sum(row["count"] for row in data["rules"]) >= 3
        assert data["fixable"] >= 1  # the missing thank-you sentence is a safe fix
        rows = {row["rule"]: row for row in data["rules"]}
        assert rows["missing-thanks/check-in"]["fixable"] == 1
        text = runner.invoke(app, [ACCUSATORY, "--statistics", "--isolated"]).stdout
        assert f"Found {data['total']} problems; {data['fixable']} fixable with --fix" in text


@pytest.mark.model
def test_a_blank_line_ends_a_sentence_the_parser_would_run_on(runner, tmp_path):
    # The trained parser joins "P" and the question below it into one sentence; read that way, the
    # question is not a short one and its "??" goes unflagged.
    draft = tmp_path / "ping.txt"
    draft.write_text("P\n\nboss, yesterday's interview result??\n", encoding="utf-8")
    result = runner.invoke(app, [str(draft), "--format", "concise", "--kind", "check-in"])
    assert "3:35: warning [accusatory/repeated-punctuation]" in result.stdout
