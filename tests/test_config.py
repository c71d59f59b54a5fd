"""Configuration files: discovery, validation errors, and their effect on a run."""

import json

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.errors import ConfigError
from tonecheck.run.config import ConfigFinder, find_config_file, load_config

from .conftest import DATA, ROOT

DRAFT = "Hi Sam,\n\nPer my last email, the file is attached. I am STILL waiting.\n\nBest,\nAna\n"


def test_nearest_configuration_wins(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.tonecheck]\nselect = ["accusatory"]\n')
    inner = tmp_path / "templates" / "rejections"
    inner.mkdir(parents=True)
    (tmp_path / "templates" / ".tonecheck.yaml").write_text("ignore: [missing-thanks]\n")
    assert find_config_file(inner) == tmp_path / "templates" / ".tonecheck.yaml"
    assert find_config_file(tmp_path) == tmp_path / "pyproject.toml"
    finder = ConfigFinder()
    assert finder.for_folder(inner).model.ignore == ["missing-thanks"]
    assert ConfigFinder(isolated=True).for_folder(inner).path is None
    explicit = ConfigFinder(tmp_path / "pyproject.toml")
    assert explicit.for_folder(inner).model.select == ["accusatory"]


def test_pyproject_without_a_section_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_config_file(tmp_path) is None


def test_unknown_key_names_file_line_and_allowed_keys(tmp_path):
    path = tmp_path / ".tonecheck.yaml"
    path.write_text("select: [accusatory]\ncolour: red\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:2: unknown key 'colour' (allowed: select, ignore, per-file-ignores,")


def test_a_near_miss_key_gets_a_did_you_mean(tmp_path):
    # Issue 17, item 18.
    path = tmp_path / ".tonecheck.yaml"
    path.write_text("select: [accusatory]\nfail_on: error\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}:2: unknown key 'fail_on'; did you mean 'fail-on'?"


def test_bad_value_in_toml_names_the_line(tmp_path):
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "x"\n\n[tool.tonecheck]\nselect = ["accusatory"]\nfail-on = "fatal"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}:6: fail-on: Input should be 'error', 'warning' or 'info'"


def test_dangerous_placeholder_regex_is_refused(tmp_path):
    path = tmp_path / ".tonecheck.yaml"
    path.write_text('extra-placeholders: ["<<(\\\\w+\\\\s?)*>>"]\n')
    with pytest.raises(ConfigError, match="nested repetition"):
        load_config(path)


def test_unknown_placeholder_syntax(tmp_path):
    path = tmp_path / ".tonecheck.yaml"
    path.write_text("placeholders: [square, mustache]\n")
    with pytest.raises(ConfigError, match="unknown placeholder syntax 'mustache' \\(allowed: double-curly"):
        load_config(path)


def test_config_command_prints_effective_settings(tmp_path):
    (tmp_path / ".tonecheck.yaml").write_text("check-in-wait: 7\n")
    result = CliRunner().invoke(app, ["config", str(tmp_path)])
    data = json.loads(result.stdout)
    assert data["source"] == str((tmp_path / ".tonecheck.yaml").resolve())
    assert data["settings"]["check-in-wait"] == 7


def test_config_command_shows_the_check_in_wait_the_rules_give(tmp_path):
    # The default is read from the timing rules, not written down twice: a centre's own rule that waits
    # seven business days shows beside the built-in five.
    shown = json.loads(CliRunner().invoke(app, ["config", str(tmp_path)]).stdout)
    assert shown["settings"]["check-in-wait"] == 5
    built_in = ROOT / "rules" / "premature-contact" / "check-in-too-soon.yaml"
    house = tmp_path / "center-rules" / "house-style"
    house.mkdir(parents=True)
    (house / "slow-sector.yaml").write_text(built_in.read_text().replace("  wait: 5\n", "  wait: 7\n"))
    (tmp_path / ".tonecheck.yaml").write_text("rule-dirs: [center-rules]\n")
    shown = json.loads(CliRunner().invoke(app, ["config", str(tmp_path)]).stdout)
    assert shown["settings"]["check-in-wait"] == [5, 7]


def test_config_command_shows_defaults_and_what_applies_to_a_file(tmp_path):
    # Issue 17, item 16: no null for a built-in default; per-file-ignores for the path; a missing path.
    (tmp_path / ".tonecheck.yaml").write_text("per-file-ignores: {'templates/*.md': [missing-thanks]}\n")
    template = tmp_path / "templates" / "t.md"
    template.parent.mkdir()
    template.write_text("Hi\n")
    result = CliRunner().invoke(app, ["config", str(template)])
    data = json.loads(result.stdout)
    assert None not in data["settings"].values()
    assert data["settings"]["fail-on"] == "warning" and data["settings"]["extensions"] == [
        ".txt",
        ".md",
        ".eml",
    ]
    assert data["file"]["ignored"] == ["missing-thanks"]
    other = json.loads(CliRunner().invoke(app, ["config", str(tmp_path / ".tonecheck.yaml")]).stdout)
    assert other["file"]["ignored"] == []
    missing = CliRunner().invoke(app, ["config", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert missing.stderr == f"tonecheck: error: {tmp_path / 'nope.txt'}: no such file or directory\n"


def test_bad_config_is_exit_2_with_one_line(tmp_path):
    (tmp_path / ".tonecheck.yaml").write_text("severity: {accusatory: loud}\n")
    (tmp_path / "d.txt").write_text(DRAFT)
    result = CliRunner().invoke(app, [str(tmp_path / "d.txt")])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(
        f"tonecheck: error: {(tmp_path / '.tonecheck.yaml').resolve()}:1: severity.accusatory:"
    )


@pytest.mark.model
class TestEffects:
    def _rules(self, tmp_path, config: str, *args: str) -> list[str]:
        (tmp_path / ".tonecheck.yaml").write_text(config)
        draft = tmp_path / "templates" / "d.txt"
        draft.parent.mkdir(exist_ok=True)
        draft.write_text(DRAFT)
        result = CliRunner().invoke(app, [str(draft), "-f", "json", *args])
        assert result.exit_code in (0, 1), result.stderr
        return sorted(
            f"{f['rule']}:{f['severity']}" for f in json.loads(result.stdout)["files"][0]["findings"]
        )

    def test_select_ignore_and_severity(self, tmp_path):
        everything = self._rules(tmp_path, "{}\n")
        assert "accusatory/per-my-last-email:warning" in everything and any(
            r.startswith("missing-thanks") for r in everything
        )
        # Which missing-thanks rule reports it depends on the kind read; the selection is what is tested.
        selected = self._rules(tmp_path, "select: [missing-thanks]\n")
        assert len(selected) == 1
        assert selected[0].startswith("missing-thanks/") and selected[0].endswith(":warning")
        assert not any(r.startswith("accusatory") for r in self._rules(tmp_path, "ignore: [accusatory]\n"))
        raised = self._rules(
            tmp_path, "severity: {accusatory/per-my-last-email: error, missing-thanks: info}\n"
        )
        assert "accusatory/per-my-last-email:error" in raised
        raised_thanks = [r for r in raised if r.startswith("missing-thanks/")]
        assert raised_thanks == [selected[0].replace(":warning", ":info")]
        # The command line's --select replaces the configuration's.
        assert self._rules(
            tmp_path, "select: [missing-thanks]\n", "--select", "accusatory/shouting-capitals"
        ) == ["accusatory/shouting-capitals:warning"]
        assert self._rules(tmp_path, "select: [missing-thanks]\n", "--isolated") == everything

    def test_per_file_ignores(self, tmp_path):
        assert not any(
            r.startswith("accusatory")
            for r in self._rules(tmp_path, "per-file-ignores: {'templates/*.txt': [accusatory]}\n")
        )
        assert any(
            r.startswith("accusatory")
            for r in self._rules(tmp_path, "per-file-ignores: {'other/*.txt': [accusatory]}\n")
        )

    def test_per_file_ignores_apply_to_standard_input_by_its_filename(self, tmp_path):
        # Issue 17, item 10.
        (tmp_path / ".tonecheck.yaml").write_text("per-file-ignores: {'templates/*.txt': [accusatory]}\n")
        name = str(tmp_path / "templates" / "d.txt")
        result = CliRunner().invoke(app, ["-", "--stdin-filename", name, "-f", "json"], input=DRAFT)
        rules = [f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]]
        assert rules and not any(rule.startswith("accusatory") for rule in rules)

    def test_fail_on_from_the_configuration(self, tmp_path):
        (tmp_path / ".tonecheck.yaml").write_text("fail-on: error\n")
        draft = tmp_path / "d.txt"
        draft.write_text(DRAFT)
        assert CliRunner().invoke(app, [str(draft)]).exit_code == 0
        assert CliRunner().invoke(app, [str(draft), "--fail-on", "warning"]).exit_code == 1

    def test_check_in_wait_and_thank_you_window(self, tmp_path):
        draft = (
            "---\ninterview-date: 2026-03-02\nsend-date: 2026-03-10\n---\nHi Jo,\n"
            "\nThank you for the interview. I remain very interested; any update on the role?\n\nBest,\nSam\n"
        )
        (tmp_path / "d.txt").write_text(draft)
        run = lambda: json.loads(CliRunner().invoke(app, [str(tmp_path / "d.txt"), "-f", "json"]).stdout)  # noqa: E731
        (tmp_path / ".tonecheck.yaml").write_text("check-in-wait: 5\n")
        assert run()["files"][0]["findings"] == []
        (tmp_path / ".tonecheck.yaml").write_text("check-in-wait: 10\n")
        assert [f["category"] for f in run()["files"][0]["findings"]] == ["premature-contact"]

    def test_extra_rule_folder_and_placeholders(self, tmp_path):
        rules = tmp_path / "center-rules" / "house-style"
        rules.mkdir(parents=True)
        (rules / "no-cheers.yaml").write_text((DATA / "house-rule.yaml").read_text())
        (tmp_path / ".tonecheck.yaml").write_text(
            "rule-dirs: [center-rules]\nextra-placeholders: ['<<[A-Z_]{1,40}>>']\n"
        )
        (tmp_path / "d.txt").write_text(
            "Hi <<NAME>>,\n\nThank you for the interview. PLEASE <<NAME>> reply.\n\nCheers,\nSam\n"
        )
        found = json.loads(CliRunner().invoke(app, [str(tmp_path / "d.txt"), "-f", "json"]).stdout)["files"][
            0
        ]["findings"]
        rules_found = {f["rule"] for f in found}
        assert "house-style/no-cheers" in rules_found
        assert all("<<NAME>>" not in f["text"] for f in found)
        tested = CliRunner().invoke(app, ["rules", "test", str(tmp_path / "center-rules")])
        assert tested.exit_code == 0 and tested.stdout.rstrip().endswith("in 1 rule.")  # not "1 rules"
