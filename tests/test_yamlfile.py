import pytest

from tonecheck.errors import RuleError
from tonecheck.yamlfile import load_yaml


def test_lines_are_recorded_for_keys_and_items():
    loaded = load_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "f.yaml", RuleError)
    assert loaded.data == {"a": 1, "b": ["x", {"c": 2}]}
    assert loaded.line_of(("b", 1, "c")) == 4
    assert loaded.line_of(("b", 0)) == 3
    # An unknown path falls back to its nearest known ancestor.
    assert loaded.line_of(("b", 1, "zzz")) == 4


def test_duplicate_key_names_file_and_line():
    with pytest.raises(RuleError) as caught:
        load_yaml("a: 1\nb: 2\na: 3\n", "rules/x.yaml", RuleError)
    assert str(caught.value) == "rules/x.yaml:3: duplicate key 'a'"


def test_malformed_yaml_names_the_line():
    with pytest.raises(RuleError) as caught:
        load_yaml("a: [1, 2\nb: 3\n", "f.yaml", RuleError)
    assert str(caught.value).startswith("f.yaml:")
    assert "invalid YAML" in str(caught.value)


def test_object_construction_tags_are_refused():
    with pytest.raises(RuleError) as caught:
        load_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "f.yaml", RuleError)
    assert "is not allowed; only plain data is read" in str(caught.value)
    with pytest.raises(RuleError, match="could not determine a constructor"):
        load_yaml("a: !!python/name:os.system\n", "f.yaml", RuleError)


def test_alias_expansion_is_bounded():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(8):
        name, previous = chr(98 + index), chr(97 + index)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    with pytest.raises(RuleError) as caught:
        load_yaml("\n".join(lines) + "\n", "bomb.yaml", RuleError)
    assert "too many values" in str(caught.value)


def test_only_true_and_false_are_booleans():
    loaded = load_yaml("words: [on, off, yes, no, true]\n", "f.yaml", RuleError)
    assert loaded.data["words"] == ["on", "off", "yes", "no", True]


def test_size_limit():
    with pytest.raises(RuleError) as caught:
        load_yaml("a: " + "x" * 600_000 + "\n", "big.yaml", RuleError)
    assert "larger than" in str(caught.value)
