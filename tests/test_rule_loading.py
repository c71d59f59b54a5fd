"""Rule files that cannot load give one line naming the file, the line and what was expected."""

import shutil
from pathlib import Path

import pytest

from tonecheck.errors import RuleError
from tonecheck.rulefiles.load import load_ruleset

from .conftest import MINIMAL_RULES

GOOD_RULE = (MINIMAL_RULES / "tone" / "per-my-last.yaml").read_text()
# the same rule with a token pattern spaCy rejects ("LOWERCASE" is no attribute) on line 9
BAD_PATTERN_RULE = GOOD_RULE.replace(
    "  phrases: [per my last email]", "  patterns:\n    - [{LOWER: per}, {LOWERCASE: my}]"
)


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(MINIMAL_RULES, target)
    return target


def _load_error(rules_dir: Path) -> str:
    with pytest.raises(RuleError) as caught:
        load_ruleset([rules_dir], include_builtin=False)
    return str(caught.value)


def _write(rules_dir: Path, relative: str, text: str) -> str:
    path = rules_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def test_the_minimal_rules_load(minimal_ruleset):
    assert sorted(minimal_ruleset.rules) == [
        "gratitude/no-thanks",
        "timing/too-soon",
        "tone/by-day",
        "tone/per-my-last",
    ]
    assert minimal_ruleset.rules["tone/by-day"].category == "tone"


def test_unknown_key_lists_the_allowed_keys(rules_dir):
    path = _write(
        rules_dir,
        "tone/bad.yaml",
        GOOD_RULE.replace("severity: warning", "severity: warning\nseverity_level: 3"),
    )
    message = _load_error(rules_dir)
    assert message.startswith(f"{path}:2: unknown key 'severity_level' (allowed: severity, kinds, message,")


def test_unknown_key_with_a_bracket_is_named(rules_dir):
    path = _write(
        rules_dir, "tone/bad.yaml", GOOD_RULE.replace("severity: warning", "severity: warning\ns[pan: x")
    )
    assert _load_error(rules_dir).startswith(f"{path}:2: unknown key 's[pan' (allowed: severity, kinds,")


def test_unknown_key_inside_a_finder(rules_dir):
    path = _write(
        rules_dir,
        "tone/bad.yaml",
        GOOD_RULE.replace(
            "  phrases: [per my last email]", "  phrases: [per my last email]\n  phrase: [oops]"
        ),
    )
    message = _load_error(rules_dir)
    assert message.startswith(f"{path}:")
    assert "unknown key 'phrase' (allowed: phrases, patterns, dependency, elements" in message


def test_bad_value_names_the_allowed_values(rules_dir):
    path = _write(rules_dir, "tone/bad.yaml", GOOD_RULE.replace("severity: warning", "severity: fatal"))
    message = _load_error(rules_dir)
    assert message == f"{path}:1: severity: Input should be 'error', 'warning' or 'info'"


def test_missing_key(rules_dir):
    text = "\n".join(line for line in GOOD_RULE.splitlines() if not line.startswith("why:"))
    path = _write(rules_dir, "tone/bad.yaml", text)
    assert _load_error(rules_dir).startswith(f"{path}:1: missing required key 'why'")


def test_invalid_spacy_pattern_names_the_line(rules_dir, blank_nlp):
    from tonecheck.engine.lint import Engine

    path = _write(rules_dir, "tone/bad.yaml", BAD_PATTERN_RULE)
    ruleset = load_ruleset([rules_dir], include_builtin=False)
    with pytest.raises(RuleError) as caught:
        Engine(ruleset, blank_nlp)
    assert str(caught.value).startswith(f"{path}:9: invalid token pattern:")
    assert "LOWERCASE" in str(caught.value)


def test_rules_read_from_the_parsed_cache_still_name_the_line(rules_dir, blank_nlp, tmp_path):
    # The cache keeps each file's line table: an error must name the same line whether the rule file
    # was parsed or read back from the cache.
    from tonecheck.engine.lint import Engine
    from tonecheck.rulefiles.parsedcache import ParsedRules

    path = _write(rules_dir, "tone/bad.yaml", BAD_PATTERN_RULE)
    cache = tmp_path / "cache"
    cache.mkdir()
    messages = []
    for _ in range(2):  # the first load parses and keeps the file; the second reads it back
        parsed = ParsedRules(cache)
        ruleset = load_ruleset([rules_dir], include_builtin=False, parsed=parsed)
        parsed.save()
        with pytest.raises(RuleError) as caught:
            Engine(ruleset, blank_nlp)
        messages.append(str(caught.value))
    assert any(cache.glob("parsed-rules-*.marshal"))
    assert messages[0].startswith(f"{path}:9: invalid token pattern:")
    assert messages[1] == messages[0]


def test_a_number_in_a_word_list_gets_a_hint(rules_dir, blank_nlp):
    from tonecheck.engine.lint import Engine

    text = GOOD_RULE.replace(
        "  phrases: [per my last email]", "  patterns:\n    - [{LOWER: {IN: [24, hours]}}]"
    )
    _write(rules_dir, "tone/bad.yaml", text)
    with pytest.raises(RuleError, match="put it in quotes"):
        Engine(load_ruleset([rules_dir], include_builtin=False), blank_nlp)


def test_a_regex_that_could_backtrack_for_ever_is_refused(rules_dir, blank_nlp):
    from tonecheck.engine.lint import Engine

    text = GOOD_RULE.replace(
        "  phrases: [per my last email]", '  patterns:\n    - [{TEXT: {REGEX: "^(a+)+$"}}]'
    )
    path = _write(rules_dir, "tone/bad.yaml", text)
    with pytest.raises(RuleError) as caught:
        Engine(load_ruleset([rules_dir], include_builtin=False), blank_nlp)
    assert str(caught.value).startswith(f"{path}:9: nested repetition")


def test_id_key_is_refused(rules_dir):
    path = _write(rules_dir, "tone/bad.yaml", "id: tone/other\n" + GOOD_RULE)
    assert _load_error(rules_dir) == f"{path}:1: a rule's id is its path (tone/bad); remove the 'id' key"


def test_rule_outside_a_category_folder(rules_dir):
    path = _write(rules_dir, "loose.yaml", GOOD_RULE)
    assert (
        _load_error(rules_dir)
        == f"{path}: a rule file belongs in a category folder: rules/<category>/<name>.yaml"
    )


def test_bad_names(rules_dir):
    _write(rules_dir, "tone/Bad_Name.yaml", GOOD_RULE)
    assert "rule names are lowercase words joined by '-'" in _load_error(rules_dir)


def test_yml_extension(rules_dir):
    _write(rules_dir, "tone/other.yml", GOOD_RULE)
    assert "rule files end in .yaml" in _load_error(rules_dir)


def test_unknown_element(rules_dir):
    _write(
        rules_dir,
        "tone/bad.yaml",
        GOOD_RULE.replace("phrases: [per my last email]", "elements: [nothing-here]"),
    )
    assert "unknown element 'nothing-here'" in _load_error(rules_dir)


def test_element_loop(rules_dir):
    _write(rules_dir, "elements/a.yaml", "description: a\nelements: [b]\n")
    _write(rules_dir, "elements/b.yaml", "description: b\nelements: [a]\n")
    assert "elements refer to each other in a loop" in _load_error(rules_dir)


def test_duplicate_rule_ids_across_folders(tmp_path, rules_dir):
    other = tmp_path / "more"
    (other / "tone").mkdir(parents=True)
    (other / "tone" / "per-my-last.yaml").write_text(GOOD_RULE)
    with pytest.raises(RuleError, match="duplicate rule id 'tone/per-my-last'"):
        load_ruleset([rules_dir, other], include_builtin=False)


def test_example_read_as_a_mapping_gets_a_hint(rules_dir):
    text = GOOD_RULE.replace("    - My last email had the link.", "    - Note: my last email had the link.")
    _write(rules_dir, "tone/bad.yaml", text)
    assert "contains ': '; put it in quotes" in _load_error(rules_dir)


def test_slot_a_rule_shape_cannot_fill(rules_dir):
    _write(
        rules_dir,
        "tone/bad.yaml",
        GOOD_RULE.replace("message: '\"{match}\" is passive-aggressive.'", "message: Sent on {send_date}."),
    )
    assert "unknown slot {send_date}" in _load_error(rules_dir)


def test_missing_folder():
    with pytest.raises(RuleError, match="rules folder not found"):
        load_ruleset([Path("no/such/folder")], include_builtin=False)


def test_selection_by_id_and_category(minimal_ruleset):
    assert sorted(minimal_ruleset.select(["tone"]).rules) == ["tone/by-day", "tone/per-my-last"]
    assert sorted(minimal_ruleset.select([], ["tone", "timing/too-soon"]).rules) == ["gratitude/no-thanks"]
    with pytest.raises(RuleError, match="unknown rule or category 'nope'"):
        minimal_ruleset.select(["nope"])
