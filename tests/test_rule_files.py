"""Meta-tests: the built-in rule files themselves are well formed, documented and complete."""

from collections import Counter
from pathlib import Path

import pytest

from tonecheck.rulefiles.load import iter_finders
from tonecheck.rulefiles.schema import CATEGORIES, Absence, Finders, RuleModel, SpanMatch, Timing

from .conftest import ROOT

RULES_DIR = ROOT / "rules"


def test_rules_folder_is_the_packaged_folder(builtin_ruleset):
    from tonecheck.rulefiles.load import builtin_rules_dir

    packaged = sorted(p.name for p in Path(str(builtin_rules_dir())).iterdir())
    assert packaged == sorted(p.name for p in RULES_DIR.iterdir())


def test_every_category_has_rules_and_the_tone_categories_five_each(builtin_ruleset):
    counts = Counter(rule.category for rule in builtin_ruleset.rules.values())
    assert set(counts) == set(CATEGORIES)
    # The four tone categories catch many phrasings; issue 16's norms (a missing line, a missing file,
    # lateness) are each one or two rules.
    tone = ("accusatory", "premature-contact", "missing-thanks", "bridge-burning")
    assert all(counts[category] >= 5 for category in tone), counts


def test_id_is_the_path(builtin_ruleset):
    for rule_id, rule in builtin_ruleset.rules.items():
        path = Path(rule.path)
        assert f"{path.parent.name}/{path.stem}" == rule_id == f"{rule.category}/{path.stem}"


def test_every_rule_has_enough_examples_and_a_checked_rewrite(builtin_ruleset):
    for rule_id, rule in builtin_ruleset.rules.items():
        examples = rule.model.examples
        assert len(examples.flag) >= 3, rule_id
        assert len(examples.pass_) >= 3, rule_id
        assert any(example.rewrite for example in examples.flag), f"{rule_id} states no expected rewrite"


def test_no_example_is_repeated(builtin_ruleset):
    for rule_id, rule in builtin_ruleset.rules.items():
        examples = rule.model.examples
        # The same draft may appear with different dates (timing rules); the same draft and dates may not.
        texts = [(e.text, e.context) for e in [*examples.flag, *examples.pass_, *examples.known_misses]]
        duplicates = [text for text, count in Counter(texts).items() if count > 1]
        assert duplicates == [], rule_id


def test_category_semantics(builtin_ruleset):
    for rule_id, rule in builtin_ruleset.rules.items():
        kinds = set(rule.model.kinds)
        if rule.category == "bridge-burning":
            # Every bridge-burning rule checks replies to a rejection; open hostility is checked in other
            # kinds too (a wrong guess must not switch it off), but never in a check-in, where the same
            # words are accusatory (accusatory/judging-the-reader).
            assert "rejection-reply" in kinds and "check-in" not in kinds, rule_id
        if rule.category == "missing-thanks":
            assert "other" not in kinds, rule_id
            assert rule.model.absence is not None, rule_id


def test_why_states_a_norm(builtin_ruleset):
    for rule_id, rule in builtin_ruleset.rules.items():
        assert len(rule.model.why.split()) >= 25, f"{rule_id}: why is too short to state the norm"


def _elements_named(conditions) -> set[str]:
    """The elements named by ``conditions`` (finders, None where a condition is absent)."""
    return {name for condition in conditions if condition is not None for name in condition.elements}


def test_every_element_is_used(builtin_ruleset):
    used: set[str] = set()
    for rule in builtin_ruleset.rules.values():
        for finders in iter_finders(rule.model):
            used.update(finders.elements)
    for element in builtin_ruleset.elements.values():
        used.update(element.elements)
        # ... and its conditions, message-level ones too ("only in a reply that calls the letter a template")
        conditions = (
            element.unless,
            element.inside,
            element.outside,
            element.unless_present,
            element.if_present,
        )
        used.update(_elements_named(conditions))
    for cues in builtin_ruleset.messages.kinds.values():
        for cue in cues:
            used.update(cue.elements)
            # a cue's own conditions name elements too ("not in a sentence that only supposes a rejection")
            used.update(_elements_named((cue.unless, cue.inside, cue.outside)))
    assert set(builtin_ruleset.elements) - used == set()


def test_patterns_pass_spacy_validation(builtin_ruleset, blank_nlp):
    from tonecheck.engine.matchers import CompiledMatchers

    compiled = CompiledMatchers(builtin_ruleset, blank_nlp)
    assert len(compiled.finders) > len(builtin_ruleset.rules)


@pytest.mark.parametrize(
    "path", sorted(RULES_DIR.rglob("*.yaml")), ids=lambda p: str(p.relative_to(RULES_DIR))
)
def test_yaml_files_are_tidy(path):
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\t" not in text


def test_the_format_reference_mentions_every_key():
    reference = (RULES_DIR / "README.md").read_text()
    for model in (RuleModel, SpanMatch, Absence, Timing, Finders):
        for name, field in model.model_fields.items():
            key = field.alias or name
            assert f"{key}" in reference, f"rules/README.md does not mention {key!r}"


def test_the_generated_rule_reference_is_current(builtin_ruleset):
    from tonecheck.rulefiles.reference import reference_markdown

    written = (RULES_DIR / "REFERENCE.md").read_text(encoding="utf-8")
    assert written == reference_markdown(builtin_ruleset), (
        "rules/REFERENCE.md is stale: run `tonecheck rules list --format markdown > rules/REFERENCE.md`"
    )
