"""The result cache and the parsed-rules cache: where they live, what they key on, and that a broken
cache never breaks a run. Only the test marked `model` needs the trained pipeline."""

import json
import marshal
from pathlib import Path

import pytest

from tonecheck.engine.results import Result
from tonecheck.errors import RuleError
from tonecheck.findings import Finding, Severity
from tonecheck.inputs.messages import plain_message
from tonecheck.rulefiles.load import load_ruleset
from tonecheck.rulefiles.locate import rules_digest
from tonecheck.rulefiles.parsedcache import FILE_NAME as PARSED_RULES
from tonecheck.rulefiles.parsedcache import ParsedRules
from tonecheck.run.cache import (
    CACHE_FOLDER,
    ResultCache,
    cache_key_base,
    clean_cache,
    find_cache_folder,
    settings_fingerprint,
)

from .conftest import MINIMAL_RULES

FINDING = Finding(
    rule="tone/per-my-last",
    category="tone",
    severity=Severity.WARNING,
    message="Passive-aggressive.",
    start=0,
    end=20,
    line=1,
    column=1,
    end_line=1,
    end_column=21,
    text="Per my last email, hi",
    suggestions=("As I mentioned,",),
)


def _results(text: str = "Per my last email, hi") -> tuple[Result, ...]:
    return (Result(plain_message("d.txt", text), "other", (FINDING,)),)


def _cache(folder: Path, settings: dict | None = None) -> ResultCache:
    key = cache_key_base(settings_fingerprint(settings or {"select": []}), "rules-digest", "en_core_web_sm")
    return ResultCache(folder, key)


def test_the_cache_lives_at_the_project_root(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("")
    nested = tmp_path / "drafts" / "2026"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    assert find_cache_folder() == tmp_path.resolve() / CACHE_FOLDER
    (tmp_path / "drafts" / ".git").mkdir()
    assert find_cache_folder() == (tmp_path / "drafts").resolve() / CACHE_FOLDER


@pytest.mark.model
def test_a_draft_in_another_repository_is_cached_in_that_repository(tmp_path, monkeypatch):
    # Issue 17, item 18: the cache went to the current folder, whatever project the draft was in.
    from typer.testing import CliRunner

    from tonecheck.cli import app

    repository, elsewhere = tmp_path / "templates-repo", tmp_path / "elsewhere"
    (repository / ".git").mkdir(parents=True)
    (elsewhere / ".git").mkdir(parents=True)
    (repository / "d.txt").write_text("Hi Jo,\n\nThank you for your time today.\n\nBest,\nSam\n")
    monkeypatch.chdir(elsewhere)
    assert CliRunner().invoke(app, [str(repository / "d.txt"), "--isolated"]).exit_code == 0
    assert (repository / CACHE_FOLDER).is_dir() and not (elsewhere / CACHE_FOLDER).exists()


def test_without_a_project_the_cache_is_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(Path, "exists", lambda self: False)  # no marker anywhere up to the root
    assert find_cache_folder(tmp_path) == tmp_path.resolve() / CACHE_FOLDER


def test_round_trip_and_self_ignoring_folder(tmp_path):
    folder = tmp_path / CACHE_FOLDER
    cache = _cache(folder)
    assert cache.get("d.txt", "Per my last email, hi") is None
    cache.put("Per my last email, hi", _results())
    (result,) = cache.get("other-name.txt", "Per my last email, hi")
    assert result.findings == (FINDING,) and result.kind == "other"
    assert result.message.path == "other-name.txt"
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not list(folder.rglob(".tmp-*")), "a temporary file was left behind"


def test_any_change_in_text_or_settings_misses(tmp_path):
    folder = tmp_path / CACHE_FOLDER
    _cache(folder).put("Per my last email, hi", _results())
    assert _cache(folder).get("d.txt", "Per my last email, hi!") is None
    assert _cache(folder, {"select": ["accusatory"]}).get("d.txt", "Per my last email, hi") is None


def test_the_settings_fingerprint_ignores_key_order():
    first = settings_fingerprint({"select": ["a"], "kind": None, "send-date": "2026-03-02"})
    second = settings_fingerprint({"send-date": "2026-03-02", "kind": None, "select": ["a"]})
    assert (
        first
        == second
        != settings_fingerprint({"select": ["a"], "kind": "check-in", "send-date": "2026-03-02"})
    )


def test_a_corrupt_entry_is_a_miss_and_gets_replaced(tmp_path):
    folder = tmp_path / CACHE_FOLDER
    cache = _cache(folder)
    cache.put("text", _results("text"))
    (entry,) = folder.glob("*/*.json")
    for broken in ("{not json", json.dumps({"format": 1, "key": "wrong"}), json.dumps([1, 2]), ""):
        entry.write_text(broken)
        assert cache.get("d.txt", "text") is None
    entry.write_text(json.dumps({"format": 1, "key": cache.key("text"), "results": [{"name": None}]}))
    assert cache.get("d.txt", "text") is None
    cache.put("text", _results("text"))
    assert cache.get("d.txt", "text") is not None


def test_an_unwritable_cache_is_skipped(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = _cache(blocker / CACHE_FOLDER)
    cache.put("text", _results("text"))  # no error
    assert cache.get("d.txt", "text") is None


def test_clean_empties_the_folder(tmp_path):
    folder = tmp_path / CACHE_FOLDER
    cache = _cache(folder)
    cache.put("one", _results("one"))
    cache.put("two", _results("two"))
    assert clean_cache(folder) == 2
    assert not folder.exists()
    assert clean_cache(folder) == 0


def test_the_rules_digest_needs_no_pydantic_and_matches_the_rule_set():
    import subprocess
    import sys

    code = "import sys\nfrom tonecheck.rulefiles.locate import rules_digest\n"
    code += "rules_digest()\nprint('pydantic' in sys.modules)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert output.strip() == "False"
    assert rules_digest() == load_ruleset().digest
    assert rules_digest([MINIMAL_RULES], include_builtin=False) == load_ruleset([MINIMAL_RULES], False).digest


def test_parsed_rules_load_exactly_as_parsing_them(tmp_path):
    plain = load_ruleset()
    first = load_ruleset(parsed=ParsedRules(tmp_path))
    second = load_ruleset(parsed=ParsedRules(tmp_path))
    assert (tmp_path / PARSED_RULES).exists()
    for loaded in (first, second):
        assert loaded.rules == plain.rules and loaded.elements == plain.elements
        assert loaded.messages == plain.messages and loaded.digest == plain.digest
        for rule_id, rule in plain.rules.items():
            assert loaded.rules[rule_id].lines.data == rule.lines.data
            assert loaded.rules[rule_id].lines.lines == rule.lines.lines


def _read(path):
    return marshal.loads(path.read_bytes())


def _write(path, document):
    path.write_bytes(marshal.dumps(document))


def test_a_broken_parsed_rules_file_is_parsed_again(tmp_path):
    (tmp_path / PARSED_RULES).write_bytes(marshal.dumps({"format": 3, "files": {}})[:-3])
    assert load_ruleset(parsed=ParsedRules(tmp_path)).rules == load_ruleset().rules
    data = _read(tmp_path / PARSED_RULES)
    key = next(iter(data["files"]))
    data["files"][key]["data"] = ("?", 1)  # an unknown tag
    data["files"][key]["plain"] = False
    _write(tmp_path / PARSED_RULES, data)
    assert load_ruleset(parsed=ParsedRules(tmp_path)).rules == load_ruleset().rules


def test_dates_in_a_rule_file_read_back_as_dates(tmp_path):
    import datetime as dt

    text = "a: 2026-03-02\nb: [2026-03-02T10:00:00, x]\n"
    for _ in range(2):  # parsed and kept, then read back
        parsed = ParsedRules(tmp_path)
        loaded = parsed.load(text, "rules/x.yaml", RuleError, key="x")
        parsed.save()
        assert loaded.data == {
            "a": dt.date(2026, 3, 2),
            "b": [dt.datetime(2026, 3, 2, 10), "x"],
        }
    assert next(iter(_read(tmp_path / PARSED_RULES)["files"].values()))["plain"] is False
    # A date as a key has no place in the line table: such a file is parsed every time, never lost.
    parsed = ParsedRules(tmp_path)
    assert parsed.load("{2026-01-01: 1}\n", "rules/y.yaml", RuleError, key="y").data == {
        dt.date(2026, 1, 1): 1
    }


def test_a_broken_line_table_costs_the_line_of_an_error_not_the_rules(tmp_path):
    load_ruleset(parsed=ParsedRules(tmp_path))
    data = _read(tmp_path / PARSED_RULES)
    for entry in data["files"].values():
        assert isinstance(entry["lines"], str)  # kept undecoded until a line is asked for
        entry["lines"] = "[[0, "
    _write(tmp_path / PARSED_RULES, data)
    loaded = load_ruleset(parsed=ParsedRules(tmp_path))
    assert loaded.rules == load_ruleset().rules
    rule = next(iter(loaded.rules.values()))
    assert rule.lines.line_of(("message",)) is None


def _compiled_state(matchers):
    return [(single.key, single.pattern) for single in matchers.token_patterns]


def test_compiled_patterns_are_kept_and_a_broken_or_foreign_file_is_rebuilt(
    tmp_path, minimal_ruleset, blank_nlp
):
    from tonecheck.engine.matchers import CompiledMatchers
    from tonecheck.engine.patterncache import FILE_NAME

    plain = _compiled_state(CompiledMatchers(minimal_ruleset, blank_nlp))
    first = CompiledMatchers(minimal_ruleset, blank_nlp, cache_folder=tmp_path)
    kept = _read(tmp_path / FILE_NAME)
    assert _compiled_state(first) == plain and kept["keys"] and kept["snapshots"]
    restored = CompiledMatchers(minimal_ruleset, blank_nlp, cache_folder=tmp_path)
    assert _compiled_state(restored) == plain
    assert restored.anchor_index.state() == first.anchor_index.state()
    # Another fingerprint (other rules, pipeline or code), a broken file, a malformed entry: rebuilt.
    snapshots = kept["snapshots"].items()
    damaged = [
        marshal.dumps({**kept, "fingerprint": "written for other rules"}),
        marshal.dumps(kept)[:-5],
        b"not marshal at all",
        marshal.dumps({**kept, "keys": {key: [[["not a pattern", []]]] for key in kept["keys"]}}),
        # a snapshot of the anchor index that does not fit: no ids for the keys, a broken index
        marshal.dumps({**kept, "snapshots": {d: {**v, "singles": {}} for d, v in snapshots}}),
        marshal.dumps({**kept, "snapshots": {d: {**v, "index": {"attrs": 1}} for d, v in snapshots}}),
        # phrase pieces and a lexicon that are not what they should be
        marshal.dumps({**kept, "pieces": {"follow up": [1, 2]}}),
        marshal.dumps({**kept, "lexicon": {"stamp": kept["lexicon"]["stamp"], "table": {"rude": "very"}}}),
        marshal.dumps({**kept, "lexicon": {"stamp": "another file", "table": {"rude": 4.0}}}),
    ]
    for data in damaged:
        (tmp_path / FILE_NAME).write_bytes(data)
        again = CompiledMatchers(minimal_ruleset, blank_nlp, cache_folder=tmp_path)
        assert _compiled_state(again) == plain
        assert _read(tmp_path / FILE_NAME) == kept


def test_a_broken_pipeline_checks_file_means_checking_again(tmp_path):
    from tonecheck.pipeline.checks import FILE_NAME, KeptChecks

    for text in ("{not json", json.dumps({"format": 1, "outcomes": {"k": {"backend": 1}}}), "[]"):
        (tmp_path / FILE_NAME).write_text(text)
        assert KeptChecks(tmp_path).get("k") is None
    kept = KeptChecks(tmp_path)
    kept.put("k", "numpy", ("lemmatizer",))
    assert KeptChecks(tmp_path).get("k") == {"backend": "numpy", "remembering": ["lemmatizer"]}


def test_the_pipeline_checks_file_keeps_only_the_most_recently_used_outcomes(tmp_path):
    """A career center switching settings back and forth must not grow the file without bound, and
    the outcome it uses again must be the last to go."""
    from tonecheck.pipeline.checks import KEPT, KeptChecks

    kept = KeptChecks(tmp_path)
    for number in range(KEPT):
        kept.put(f"k{number}", "numpy", ())
    kept.put("k0", "numpy", ("lemmatizer",))  # used again: now the newest
    kept.put("new", "numpy", ())
    again = KeptChecks(tmp_path)
    assert again.get("k1") is None  # the oldest went
    assert again.get("k0") == {"backend": "numpy", "remembering": ["lemmatizer"]}
    assert again.get("new") is not None
    assert sum(again.get(f"k{number}") is not None for number in range(KEPT)) == KEPT - 1


def test_a_rule_file_changed_in_a_running_process_changes_the_digest(tmp_path):
    """A long-running server (the language server, `tonecheck serve`) lints, a rule file changes, it
    lints again: the result cache's key and the reloaded rule set must both see the change, although
    each file's part of the digest is remembered between the two (``locate.file_digest``)."""
    import os
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(MINIMAL_RULES, rules)
    first = rules_digest([rules], include_builtin=False)
    assert load_ruleset([rules], False).digest == first
    changed = next(path for path in sorted(rules.rglob("*.yaml")) if path.name != "messages.yaml")
    status = changed.stat()
    changed.write_text(changed.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    os.utime(changed, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000))
    reloaded = load_ruleset([rules], False).digest  # before the next rules_digest, as after it
    assert reloaded != first
    assert rules_digest([rules], include_builtin=False) == reloaded
