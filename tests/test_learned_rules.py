"""Learned rules (`learned:` in a rule file): a two-class text model beside messages.yaml speaks where the
word lists of its category are silent, only on drafts that read as its kind by their own words, and
names the sentence and words that weighed most. Fast tier, except where marked."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.errors import RuleError
from tonecheck.rulefiles.kindmodel import KindModel
from tonecheck.rulefiles.load import load_ruleset

from .conftest import ROOT

HOSTILE = (
    "Hi Morgan,\n\n"
    "Thank you for your email. I must say I find it hard to see how a candidate with my record "
    "was not even worth a second conversation, but I suppose that tells me what I need to know "
    "about how decisions are made at your company."
    "\n\nJamie\n"
)


def _binary(weights: dict[str, float], intercept: float) -> KindModel:
    return KindModel.from_json(
        {
            "format": 1,
            "kinds": ["clean", "bridge-burning"],
            "intercepts": [0.0, intercept],
            "terms": {term: [1.0, 0.0, weight] for term, weight in weights.items()},
        }
    )


def test_a_two_class_model_is_the_logistic_of_its_score():
    model = _binary({"loss": 3.0, "thanks": -2.0}, -0.5)
    # One word each, idf 1: the tf-idf vector is (1, 1) / sqrt(2).
    score = -0.5 + (3.0 - 2.0) / math.sqrt(2)
    assert model.probabilities("loss thanks")["bridge-burning"] == pytest.approx(1 / (1 + math.exp(-score)))


def test_the_words_weighing_most_push_towards_the_kind_and_are_named_once():
    model = _binary({"loss": 3.0, "your loss": 2.0, "your": 0.5, "thanks": -2.0}, 0.0)
    assert model.weighing_most("your loss thanks", "bridge-burning", 3) == ["loss", "your"]


def _rules_with(tmp_path, text: str):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "bridge-burning" / "hostile-tone.yaml").write_text(text)
    return rules


def _learned_rule(learned: str) -> str:
    shipped = (ROOT / "rules" / "bridge-burning" / "hostile-tone.yaml").read_text()
    start = shipped.index("learned:")
    end = shipped.index("examples:")
    return shipped[:start] + learned + shipped[end:]


def test_a_missing_model_file_names_the_rule_file_and_line(tmp_path):
    rules = _rules_with(tmp_path, _learned_rule("learned:\n  file: no-such-model.json\n  above: 0.5\n"))
    with pytest.raises(RuleError) as caught:
        load_ruleset([rules], include_builtin=False)
    assert "no-such-model.json" in str(caught.value)
    assert caught.value.path.endswith("hostile-tone.yaml") and caught.value.line


@pytest.mark.parametrize(
    ("learned", "problem"),
    [
        ("learned:\n  file: tone-bridge-burning.json\n  above: 1.5\n", "above"),
        ("learned:\n  file: tone-bridge-burning.json\n  above: 0.5\n  treshold: 2\n", "treshold"),
        ("learned:\n  file: tone-bridge-burning.json\n  above: 0.5\n  unless-flagged: [bridge]\n", "bridge"),
    ],
)
def test_a_bad_learned_block_is_an_error_naming_the_key(tmp_path, learned, problem):
    rules = _rules_with(tmp_path, _learned_rule(learned))
    with pytest.raises(RuleError) as caught:
        load_ruleset([rules], include_builtin=False)
    assert problem in str(caught.value) and caught.value.path.endswith("hostile-tone.yaml")


def test_a_file_that_is_not_a_model_is_an_error_naming_it_when_first_needed(tmp_path):
    rules = _rules_with(tmp_path, (ROOT / "rules" / "bridge-burning" / "hostile-tone.yaml").read_text())
    (rules / "tone-bridge-burning.json").write_text(json.dumps({"format": 2}))
    ruleset = load_ruleset([rules], include_builtin=False)  # read lazily: most drafts never need it
    with pytest.raises(RuleError) as caught:
        _ = ruleset.learned["bridge-burning/hostile-tone"].model
    assert "tone-bridge-burning.json" in str(caught.value)


def _findings(tmp_path, text: str, *args: str) -> list[dict]:
    path = tmp_path / "reply.txt"
    path.write_text(text)
    command = [str(path), "--isolated", "--kind", "rejection-reply", "--format", "json", *args]
    return json.loads(CliRunner().invoke(app, command).output)["files"][0]["findings"]


@pytest.mark.model
def test_the_model_names_a_sentence_and_its_words(tmp_path):
    findings = [f for f in _findings(tmp_path, HOSTILE) if f["category"] == "bridge-burning"]
    assert [f["rule"] for f in findings] == ["bridge-burning/hostile-tone"]
    assert findings[0]["text"] in HOSTILE and '"' in findings[0]["message"]
    assert not findings[0].get("fix") and findings[0]["suggestions"]


@pytest.mark.model
def test_the_model_is_silent_where_a_word_list_rule_has_spoken(tmp_path):
    rules = {f["rule"] for f in _findings(tmp_path, HOSTILE.replace("Jamie", "Your loss.\n\nJamie"))}
    assert "bridge-burning/your-loss" in rules and "bridge-burning/hostile-tone" not in rules


@pytest.mark.model
def test_selecting_only_the_learned_rule_still_defers_to_the_word_lists(tmp_path):
    burned = HOSTILE.replace("Jamie", "Your loss.\n\nJamie")
    assert _findings(tmp_path, burned, "--select", "bridge-burning/hostile-tone") == []


@pytest.mark.model
def test_a_reply_the_model_reads_as_hostile_is_not_called_gracious(tmp_path):
    rules = {f["rule"] for f in _findings(tmp_path, HOSTILE)}
    assert "bridge-burning/hostile-tone" in rules
    assert "missing-keep-in-touch/rejection-reply" not in rules


@pytest.mark.model
def test_a_writer_leaving_the_process_is_not_judged_by_the_model(tmp_path):
    """`learned.unless-present`: a writer who declines an interview is not answering a rejection, so the
    model is not asked; the same rule without the condition reads the same draft as hostile."""
    from tonecheck.api import build_engine

    from .conftest import lint_text

    declined = HOSTILE.replace(
        "\n\nJamie", " As for the other team, I'm going to pass on the interview you offered.\n\nJamie"
    )
    shipped = (ROOT / "rules" / "bridge-burning" / "hostile-tone.yaml").read_text()
    start = shipped.index("  # A writer who declines an interview")
    without = shipped[:start] + shipped[shipped.index("examples:") :]
    for text, rule_file, speaks in ((declined, shipped, False), (declined, without, True)):
        rules = _rules_with(tmp_path / str(speaks), rule_file)
        engine = build_engine(load_ruleset([rules], include_builtin=False))
        result = lint_text(engine, text, kind="rejection-reply")
        assert ("bridge-burning/hostile-tone" in [f.rule for f in result.findings]) is speaks


@pytest.mark.model
def test_the_accusatory_twin_asks_the_model_only_about_a_message_about_a_job(tmp_path):
    """`learned.if-present`: accusatory/hostile-reply reads the bridge-burning model, but only in a
    message with words about a job; without them (as in a heated open-source thread) the bridge-burning
    rule still speaks and the accusatory one does not."""
    from tonecheck.api import build_engine

    from .conftest import lint_text

    engine = build_engine(load_ruleset([ROOT / "rules"], include_builtin=False))
    no_job_words = HOSTILE.replace("a candidate", "someone").replace("your company", "your place")
    for text, accusatory in ((HOSTILE, True), (no_job_words, False)):
        rules = [f.rule for f in lint_text(engine, text, kind="rejection-reply").findings]
        assert "bridge-burning/hostile-tone" in rules
        assert ("accusatory/hostile-reply" in rules) is accusatory


@pytest.mark.model
def test_a_reply_that_thanks_and_wishes_them_well_is_not_judged_by_the_model(engine):
    """The `gracious-reply` element (good wishes, only in a message that also thanks): the model once
    read this plain, disappointed reply as hostile. Without the thanks the good wish alone is not enough,
    and the model speaks again."""
    from .conftest import lint_text

    gracious = (
        "Hi Morgan,\n\nI got your email about the decision. It stings, I will admit, after three rounds "
        "and a weekend spent on the task. Most places I have applied to this spring never answered at "
        "all, so at least I know where I stand. Thank you for your time, and I hope our paths cross "
        "again.\n\nJamie"
    )
    unthanked = gracious.replace("Thank you for your time, and I", "I")
    for text, speaks in ((gracious, False), (unthanked, True)):
        rules = [f.rule for f in lint_text(engine, text, kind="rejection-reply").findings]
        assert ("bridge-burning/hostile-tone" in rules) is speaks
        assert ("accusatory/hostile-reply" in rules) is speaks
