"""Hyphenated and contracted words in token patterns ("box-ticking", "I'm", "cannot") match as the
tokenizer splits them; words that still could never match are reported by a meta-test."""

from pathlib import Path

import pytest
import yaml
from spacy.matcher import Matcher

from tonecheck.engine import multiword
from tonecheck.errors import RuleError

from .conftest import ROOT


@pytest.fixture(scope="module")
def tokenize(blank_nlp):
    return lambda text: [token.text for token in blank_nlp.tokenizer(text)]


def _matches(blank_nlp, tokenize, pattern, text):
    matcher = Matcher(blank_nlp.vocab, validate=True)
    matcher.add("rule", multiword.expand(pattern, tokenize))
    doc = blank_nlp(text)
    return [doc[start:end].text for _, start, end in matcher(doc)]


def test_a_hyphenated_word_in_a_list_matches_its_tokens(blank_nlp, tokenize):
    pattern = [{"LOWER": {"IN": ["sham", "box-ticking"]}}, {"LOWER": "exercise"}]
    assert _matches(blank_nlp, tokenize, pattern, "It was a box-ticking exercise.") == [
        "box-ticking exercise"
    ]
    assert _matches(blank_nlp, tokenize, pattern, "It was a sham exercise.") == ["sham exercise"]
    assert _matches(blank_nlp, tokenize, pattern, "It was a box exercise.") == []


def test_contractions_and_fused_words_match(blank_nlp, tokenize):
    pattern = [{"LOWER": {"IN": ["i'm", "cannot"]}}, {"LOWER": "wait"}]
    assert _matches(blank_nlp, tokenize, pattern, "I'm wait") == ["I'm wait"]
    assert _matches(blank_nlp, tokenize, pattern, "We cannot wait") == ["cannot wait"]


def test_clitics_stay_single_tokens(tokenize):
    pattern = [{"LOWER": "i"}, {"LOWER": {"IN": ["'m", "am"]}}]
    assert multiword.expand(pattern, tokenize) == [pattern]


def test_optional_slot_keeps_its_other_conditions_on_the_first_piece(tokenize):
    pattern = [{"LOWER": {"IN": ["e-mail"]}, "OP": "?", "IS_SENT_START": False}, {"LOWER": "sent"}]
    variants = multiword.expand(pattern, tokenize)
    assert [{"LOWER": "sent"}] in variants  # the optional slot may be absent
    assert [
        {"LOWER": "e", "IS_SENT_START": False},
        {"LOWER": "-"},
        {"LOWER": "mail"},
        {"LOWER": "sent"},
    ] in variants


def test_a_lemma_keeps_inflection_on_the_last_piece(blank_nlp, tokenize):
    variants = multiword.expand([{"LEMMA": {"IN": ["follow-up"]}}], tokenize)
    assert [{"LOWER": "follow"}, {"LOWER": "-"}, {"LEMMA": "up"}] in variants


def test_a_word_split_in_one_spelling_only_matches_whole_as_well(blank_nlp, tokenize):
    # "yall" alone is split into two tokens, "Yall" opening a sentence is one: both must match.
    assert len(tokenize("yall")) > 1 and len(tokenize("Yall are")) == 2
    pattern = [{"LOWER": {"IN": ["you", "yall"]}}, {"LOWER": "are"}]
    assert _matches(blank_nlp, tokenize, pattern, "Yall are late.") == ["Yall are"]
    assert _matches(blank_nlp, tokenize, pattern, "and yall are late.") == ["yall are"]
    assert _matches(blank_nlp, tokenize, [{"LOWER": "yall"}, {"LOWER": "are"}], "Yall are late.") == [
        "Yall are"
    ]


def test_too_many_variants_is_a_rule_error_naming_the_line(tmp_path, blank_nlp):
    from tonecheck.engine.matchers import CompiledMatchers
    from tonecheck.rulefiles.load import load_ruleset

    words = ", ".join(f"w{n}-x" for n in range(9))
    folder = tmp_path / "accusatory"
    folder.mkdir()
    (folder / "many.yaml").write_text(
        "severity: warning\nkinds: [check-in]\nmessage: m\nwhy: w\nsuggest: [s]\nmatch:\n  patterns:\n"
        f"    - [{{LOWER: {{IN: [{words}]}}}}, {{LOWER: {{IN: [{words}]}}}}]\n"
        "examples:\n  flag: [a, b, c]\n  pass: [d, e, f]\n"
    )
    ruleset = load_ruleset([tmp_path])
    with pytest.raises(RuleError) as error:
        CompiledMatchers(ruleset, blank_nlp)
    assert "many.yaml:8" in str(error.value) and "more than 64 patterns" in str(error.value)


def _token_specs(node):
    """Slots of token patterns (lists of dicts without RIGHT_ID) anywhere in a rule file."""
    if isinstance(node, list):
        if node and all(isinstance(item, dict) for item in node) and not any("RIGHT_ID" in i for i in node):
            yield from node
        else:
            for item in node:
                yield from _token_specs(item)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _token_specs(value)


def _dependency_attrs(node):
    if isinstance(node, dict):
        if "RIGHT_ATTRS" in node:
            yield node["RIGHT_ATTRS"]
        for value in node.values():
            yield from _dependency_attrs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _dependency_attrs(item)


def _split(values, tokenize):
    return [
        value for value in values if isinstance(value, str) and len(multiword._pieces(value, tokenize)) > 1
    ]


def test_no_rule_file_holds_a_word_that_can_never_match(tokenize):
    """Split words are expanded only in plain and optional slots; elsewhere they never match."""
    dead = []
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            continue
        for spec in _token_specs({key: data[key] for key in ("match", "patterns", "unless") if key in data}):
            for key in multiword.TEXT_KEYS:
                value = spec.get(key)
                if isinstance(value, dict):
                    dead += _split(value.get("NOT_IN", []), tokenize)
                    if spec.get("OP") not in (None, "?"):
                        dead += _split(value.get("IN", []), tokenize)
                elif isinstance(value, str) and spec.get("OP") not in (None, "?"):
                    dead += _split([value], tokenize)
        for attrs in _dependency_attrs(data):
            for key in multiword.TEXT_KEYS:
                value = attrs.get(key)
                values = (
                    [value]
                    if isinstance(value, str)
                    else [*value.get("IN", []), *value.get("NOT_IN", [])]
                    if isinstance(value, dict)
                    else []
                )
                dead += [f"{path.name}: {word}" for word in _split(values, tokenize)]
    assert dead == []
