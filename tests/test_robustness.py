"""Never crash, never lose a word: generated drafts, broken rule and config files, odd files, safe writes,
no network. `pytest --long` runs many more generated examples."""

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.engine.fixes import apply_fixes, choose_fixes
from tonecheck.errors import ConfigError, InputError, RuleError
from tonecheck.inputs.decoding import decode
from tonecheck.inputs.messages import ReadOptions, messages_for
from tonecheck.inputs.textmap import LineIndex
from tonecheck.rulefiles.load import load_ruleset
from tonecheck.run.config import load_config

from .conftest import MINIMAL_RULES, one_error_line

SHORT, LONG = 60, 2000

FRAGMENTS = [
    "Hi [Name],",
    "Dear {{ first_name }},",
    "Thanks,",
    "Best,\nSam",
    "Per my last email, ",
    "You said you'd call.",
    "I am STILL waiting??",
    "Why haven't you replied?",
    "Thank you for your time.",
    "Your loss.",
    "> quoted line",
    "On Mon, Ana wrote:",
    "-- ",
    "```\ncode\n```",
    "`x`",
    "https://example.com/a?b",
    "%NAME%",
    "${x",
    "{{ unclosed",
    "[unbalanced",
    "<Interviewer",
    "}}",
    "---\nkind: check-in\n---",
    "# Heading",
    "**bold**",
    "<!-- tonecheck-disable -->",
    "\u200b",
    "\u200d",
    "\ufeff",
    "e\u0301",
    "👍🏽",
    "😡",
    "שלום",
    "مرحبا",
    "ß",
    "İ",
    "\t",
    "\r\n",
    "\n\n",
    " ",
]
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=25).map("".join)


# Generated inputs tried per test in this session, reported by the tests (run with -s to see them).
TRIED: dict[str, int] = {}


def _tried(name: str) -> None:
    TRIED[name] = TRIED.get(name, 0) + 1


def _report(name: str, budget: int) -> None:
    print(f"\n{name}: {TRIED.get(name, 0)} generated inputs tried, none failed")
    # A run that stops far short of its budget would claim more than it showed.
    assert TRIED.get(name, 0) >= budget // 2


def _budget(long_run: bool) -> int:
    return LONG if long_run else SHORT


def _check_invariants(text: str, result) -> None:
    lines = LineIndex(text)
    for finding in result.findings:
        assert 0 <= finding.start <= finding.end <= len(text)
        assert finding.text == text[finding.start : finding.end]
        assert (finding.line, finding.column) == lines.position(finding.start)
        assert (finding.end_line, finding.end_column) == lines.position(finding.end)
        assert finding.suggestions


@pytest.mark.model
def test_generated_drafts_never_crash_and_findings_are_exact(engine, long_run):
    @settings(max_examples=_budget(long_run), deadline=None, suppress_health_check=list(HealthCheck))
    @given(TEXT, st.sampled_from([".txt", ".md"]))
    # Found by a CI run: a control character in front matter gave a two-line YAML error.
    @example("---\nkind: check-in\n---\x1f---\nkind: check-in\n---", ".txt")
    def check(text, suffix):
        _tried("test_generated_drafts_never_crash_and_findings_are_exact")
        try:
            messages = messages_for(f"draft{suffix}", text)
        except InputError as exc:  # broken front matter: a one-line error for the user, not a crash
            assert str(exc).startswith(f"draft{suffix}:") and "\n" not in str(exc)
            return
        for result in engine.lint(messages):
            _check_invariants(text, result)

    check()
    _report("test_generated_drafts_never_crash_and_findings_are_exact", _budget(long_run))


@pytest.mark.model
def test_fixing_is_idempotent_and_local(engine, long_run):
    @settings(max_examples=_budget(long_run) // 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(TEXT)
    def check(text):
        _tried("test_fixing_is_idempotent_and_local")
        try:
            messages = messages_for("d.txt", text, options=ReadOptions(layout="file"))
        except InputError:
            return
        findings = [f for r in engine.lint(messages) for f in r.findings]
        fixes = choose_fixes(text, findings, unsafe=True)
        fixed = apply_fixes(text, fixes)
        # Nothing outside the fixed spans changes: walk the text between fixes.
        position_in_fixed = 0
        position = 0
        for fix in sorted(fixes, key=lambda f: f.start):
            gap = text[position : fix.start]
            assert fixed[position_in_fixed : position_in_fixed + len(gap)] == gap
            position_in_fixed += len(gap) + len(fix.replacement)
            position = fix.end
        assert fixed[position_in_fixed:] == text[position:]

    check()
    _report("test_fixing_is_idempotent_and_local", _budget(long_run) // 2)


@pytest.mark.model
def test_safe_fixes_are_idempotent(engine, long_run):
    @settings(max_examples=_budget(long_run) // 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(TEXT)
    # Found by a CI run: hidden markup ended the text mid-line, and the inserted thanks fused with "code".
    @example("I am STILL waiting??```\ncode\n```")
    def check(text):
        _tried("test_safe_fixes_are_idempotent")

        def safe_fixed(source: str) -> str:
            try:
                messages = messages_for("d.txt", source, options=ReadOptions(layout="file"))
            except InputError:
                return source
            findings = [f for r in engine.lint(messages) for f in r.findings]
            return apply_fixes(source, choose_fixes(source, findings, unsafe=False))

        once = safe_fixed(text)
        assert safe_fixed(once) == once

    check()
    _report("test_safe_fixes_are_idempotent", _budget(long_run) // 2)


@given(st.binary(max_size=300))
@settings(max_examples=200, deadline=None)
def test_arbitrary_bytes_decode_or_fail_cleanly(data):
    try:
        text, _notices, _encoding = decode(data, "d.txt")
    except InputError as exc:
        assert str(exc).startswith("d.txt: ")
        return
    messages_for("d.txt", text)
    messages_for("d.md", text)
    try:
        messages_for("d.eml", text, data=data)
    except InputError as exc:
        assert str(exc).startswith("d.eml: ") and "\n" not in str(exc)


def test_lone_surrogates_in_bytes_fall_back_cleanly():
    data = b"Hi \xed\xa0\x80 there, thank you."  # an encoded lone surrogate is not valid UTF-8
    text, notices, encoding = decode(data, "d.txt")
    assert encoding == "cp1252" and notices
    assert "thank you" in text


# --- rule and configuration files -------------------------------------------------------------

GOOD_RULE = (MINIMAL_RULES / "tone" / "by-day.yaml").read_text()


def _mutations():
    text = st.just(GOOD_RULE)
    position = st.integers(min_value=0, max_value=len(GOOD_RULE))
    junk = st.sampled_from(
        [
            "",
            ":",
            "- ",
            "{",
            "}",
            "[",
            "]",
            "\n",
            "  ",
            "!!python/object:os.system ",
            "&a ",
            "*a",
            "\t",
            "'",
            '"',
            "severity: x\n",
            "? ",
            "%",
            "@",
        ]
    )
    return st.tuples(text, position, position, junk).map(
        lambda t: t[0][: min(t[1], t[2])] + t[3] + t[0][max(t[1], t[2]) :]
    )


def test_mutated_rule_files_load_or_fail_with_one_line(tmp_path_factory, blank_nlp, long_run):
    from tonecheck.engine.lint import Engine

    @settings(max_examples=_budget(long_run) * 2, deadline=None, suppress_health_check=list(HealthCheck))
    @given(_mutations())
    def check(rule_text):
        _tried("test_mutated_rule_files_load_or_fail_with_one_line")
        folder = tmp_path_factory.mktemp("rules")
        for name in ("messages.yaml",):
            (folder / name).write_text((MINIMAL_RULES / name).read_text())
        (folder / "elements").mkdir()
        (folder / "elements" / "update-ask.yaml").write_text(
            (MINIMAL_RULES / "elements" / "update-ask.yaml").read_text()
        )
        (folder / "tone").mkdir()
        path = folder / "tone" / "mutant.yaml"
        path.write_text(rule_text)
        try:
            Engine(load_ruleset([folder], include_builtin=False), blank_nlp)
        except RuleError as exc:
            message = str(exc)
            assert message.startswith(str(folder)) and "\n" not in message
            assert "Traceback" not in message

    check()
    _report("test_mutated_rule_files_load_or_fail_with_one_line", _budget(long_run) * 2)


def test_wrong_types_unknown_keys_bad_patterns_and_duplicates(tmp_path, blank_nlp):
    import yaml

    from tonecheck.engine.lint import Engine

    base = yaml.safe_load(GOOD_RULE)
    cases = [
        ({"severity": ["error"]}, "severity"),
        ({"kinds": "check-in"}, "kinds"),
        ({"examples": 3}, "examples"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"match": {"patterns": [[{"LOWER": {"FUZZY": 2}}]]}}, "invalid token pattern"),
        ({"match": {"dependency": [[{"LEFT_ID": "a"}]]}}, "invalid dependency pattern"),
        ({"match": {"patterns": [[{"TEXT": {"REGEX": "(a|aa)*b"}}]]}}, "alternatives of different lengths"),
    ]
    for number, (change, expected) in enumerate(cases):
        folder = tmp_path / f"case{number}"
        (folder / "tone").mkdir(parents=True)
        (folder / "messages.yaml").write_text((MINIMAL_RULES / "messages.yaml").read_text())
        (folder / "tone" / "r.yaml").write_text(yaml.safe_dump({**base, **change}))
        with pytest.raises(RuleError) as caught:
            Engine(load_ruleset([folder], include_builtin=False), blank_nlp)
        assert expected in str(caught.value), (change, str(caught.value))
        assert str(caught.value).startswith(str(folder / "tone" / "r.yaml"))
    duplicate = tmp_path / "duplicate"
    for copy in ("one", "two"):
        (duplicate / copy / "tone").mkdir(parents=True)
        (duplicate / copy / "messages.yaml").write_text((MINIMAL_RULES / "messages.yaml").read_text())
        (duplicate / copy / "tone" / "r.yaml").write_text(GOOD_RULE)
    with pytest.raises(RuleError, match="duplicate rule id 'tone/r'"):
        load_ruleset([duplicate / "one", duplicate / "two"], include_builtin=False)


def test_huge_rule_file(tmp_path):
    (tmp_path / "tone").mkdir()
    (tmp_path / "messages.yaml").write_text((MINIMAL_RULES / "messages.yaml").read_text())
    (tmp_path / "tone" / "huge.yaml").write_text("why: " + "very " * 200_000 + "\n")
    with pytest.raises(RuleError, match="larger than 512 KB"):
        load_ruleset([tmp_path], include_builtin=False)


def test_mutated_config_files_load_or_fail_with_one_line(tmp_path_factory, long_run):
    base = (
        "select: [accusatory]\nseverity: {missing-thanks: info}\n"
        "per-file-ignores: {'a/*.md': [bridge-burning]}\ncheck-in-wait: 5\n"
    )
    junk = st.sampled_from(
        ["", ":", "{", "]", "\n", "- ", "x: [", "check-in-wait: -1\n", "fail-on: 3\n", "!!binary x"]
    )

    @settings(max_examples=_budget(long_run), deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.integers(0, len(base)), junk)
    def check(position, addition):
        _tried("test_mutated_config_files_load_or_fail_with_one_line")
        folder = tmp_path_factory.mktemp("config")
        path = folder / ".tonecheck.yaml"
        path.write_text(base[:position] + addition + base[position:])
        try:
            load_config(path)
        except ConfigError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)

    check()
    _report("test_mutated_config_files_load_or_fail_with_one_line", _budget(long_run))


# --- files ------------------------------------------------------------------------------------


def test_special_paths(tmp_path):
    runner = CliRunner()
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = runner.invoke(app, [str(fifo)])
    assert result.exit_code == 2 and one_error_line(result) == f"tonecheck: error: {fifo}: not a regular file"
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = runner.invoke(app, [str(loop)])
    assert result.exit_code == 2 and one_error_line(result).startswith(f"tonecheck: error: {loop}: ")
    empty_folder = tmp_path / "nothing"
    empty_folder.mkdir()
    result = runner.invoke(app, [str(empty_folder)])
    assert result.exit_code == 2 and "no drafts to lint here" in one_error_line(result)


def test_big_draft_gets_a_clear_message(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"Thank you for the interview. " * (5 * 1024 * 1024 // 29 + 1))
    result = CliRunner().invoke(app, [str(big)])
    assert result.exit_code == 2
    assert one_error_line(result) == f"tonecheck: error: {big}: larger than the size limit (1,048,576 bytes)"


@pytest.mark.model
def test_folder_with_special_files_is_linted_with_notices(tmp_path, monkeypatch):
    folder = tmp_path / "drafts"
    folder.mkdir()
    (folder / "good.txt").write_text("Thank you for the interview today.\n")
    os.mkfifo(folder / "pipe.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    from tonecheck.run import checker

    real_walk = checker.walk

    def walk_then_delete(*args, **kwargs):
        found, notices = real_walk(*args, **kwargs)
        vanished = folder / "vanished.txt"
        return [*found, vanished], notices  # listed, then gone before it is read

    monkeypatch.setattr("tonecheck.run.checker.walk", walk_then_delete)
    result = CliRunner().invoke(app, [str(folder), "--isolated"])
    assert result.exit_code == 0, result.stderr
    assert "pipe.txt: not a regular file" in result.stderr and "vanished.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.model
def test_ten_thousand_small_files(tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for index in range(10_000):
        (folder / f"t{index:05}.txt").write_text(
            "Thank you!\n" if index % 2 else "Per my last email, see below.\n"
        )
    result = CliRunner().invoke(
        app, [str(folder), "--isolated", "--format", "concise", "--select", "accusatory/per-my-last-email"]
    )
    assert result.exit_code == 1
    assert result.stdout.strip().splitlines()[-1] == "5000 problems in 10000 files."


# --- writes -----------------------------------------------------------------------------------


def test_a_killed_write_leaves_the_old_or_the_new_file(tmp_path):
    target = tmp_path / "draft.txt"
    old = "old " * 2_000_000
    new = "new " * 2_000_000
    target.write_text(old)
    script = textwrap.dedent(
        f"""
        from pathlib import Path
        from tonecheck.engine.fixes import write_atomically
        path = Path({str(target)!r})
        old, new = {old[:4]!r} * 2_000_000, {new[:4]!r} * 2_000_000
        while True:
            write_atomically(path, new, "utf-8", old.encode())
            write_atomically(path, old, "utf-8", new.encode())
        """
    )
    for delay in (0.05, 0.2, 0.35, 0.5, 0.8):
        process = subprocess.Popen([sys.executable, "-c", script])
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        content = target.read_text()
        assert content in (old, new)


# --- no network, no execution ------------------------------------------------------------------


@pytest.mark.model
def test_runs_with_networking_blocked_and_executes_nothing(tmp_path):
    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import socket\n"
        "def _refuse(*args, **kwargs):\n"
        "    raise OSError('network access attempted')\n"
        "socket.socket.connect = _refuse\n"
        "socket.create_connection = _refuse\n"
        "socket.getaddrinfo = _refuse\n"
    )
    marker = tmp_path / "executed"
    draft = tmp_path / "d.md"
    draft.write_text(
        "---\nkind: !!python/object/apply:os.system ['touch " + str(marker) + "']\n---\n"
        "Hi {{ __import__('os').system('touch " + str(marker) + "') }},\n\nThank you for the interview.\n"
    )
    safe = tmp_path / "ok.txt"
    safe.write_text(
        "Hi Sam,\n\n${__import__('os').system('touch " + str(marker) + "')} Thank you for the interview.\n"
    )
    env = {**os.environ, "PYTHONPATH": str(blocker)}
    tonecheck = [sys.executable, "-m", "tonecheck"]
    result = subprocess.run([*tonecheck, str(safe)], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    refused = subprocess.run([*tonecheck, str(draft)], env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and f"{draft}:2: YAML tag" in refused.stderr
    assert not marker.exists()
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.create_connection(('example.com', 80))"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert "network access attempted" in probe.stderr  # the blocker really blocks
    assert socket  # keep the import honest for linters
