"""The learned and lexical parts of reading a draft: the kind model's arithmetic and file checks, the
valence lexicon behind `_: {valence: ...}` patterns, and the fixed dev/test split of the corpus.
Fast tier, except the last tests, which read drafts with the shipped rules on the trained pipeline."""

from __future__ import annotations

import hashlib
import json
import math
import shutil

import pytest
import spacy
from typer.testing import CliRunner

from tonecheck.cli import app
from tonecheck.engine import valence
from tonecheck.errors import RuleError
from tonecheck.evaluation.scoring import split_of
from tonecheck.rulefiles.kindmodel import KindModel, terms
from tonecheck.rulefiles.load import load_ruleset

from .conftest import ROOT


def _model(terms_table: dict[str, list[float]]) -> KindModel:
    return KindModel.from_json(
        {"format": 1, "kinds": ["check-in", "thank-you"], "intercepts": [0.0, 0.5], "terms": terms_table}
    )


def test_terms_are_words_of_two_letters_and_their_pairs():
    assert terms("Thank you, I am a fan") == {
        "thank": 1, "you": 1, "am": 1, "fan": 1, "thank you": 1, "you am": 1, "am fan": 1,
    }  # fmt: skip


def test_probabilities_follow_tf_idf_and_the_logistic_weights():
    model = _model({"update": [2.0, 3.0, -1.0], "thanks": [1.0, -2.0, 2.0], "rare": [4.0]})
    # "update" twice: tf 1 + ln 2, times idf 2; "rare" has no weights but counts in the norm.
    update, rare = (1 + math.log(2)) * 2.0, 1 * 4.0
    norm = math.hypot(update, rare)
    logits = [0.0 + update / norm * 3.0, 0.5 + update / norm * -1.0]
    expected = math.exp(logits[0]) / (math.exp(logits[0]) + math.exp(logits[1]))
    probabilities = model.probabilities("update? update! rare")
    assert probabilities["check-in"] == pytest.approx(expected)
    assert sum(probabilities.values()) == pytest.approx(1.0)


def test_unknown_words_leave_the_intercepts():
    probabilities = _model({}).probabilities("nothing known here")
    assert probabilities["thank-you"] == pytest.approx(1 / (1 + math.exp(-0.5)))


@pytest.mark.parametrize(
    ("document", "problem"),
    [
        ({"format": 2}, "unknown format"),
        ({"format": 1, "kinds": ["check-in"], "intercepts": []}, "same length"),
        ({"format": 1, "kinds": ["check-in"], "intercepts": [0], "terms": {"x": [1, 2, 3]}}, "term 'x'"),
        ({"format": 1, "kinds": ["check-in"], "intercepts": [0], "terms": {"x": [1, "2"]}}, "numbers"),
    ],
)
def test_a_broken_kind_model_is_a_rule_error_naming_the_file(tmp_path, document, problem):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "kind-model.json").write_text(json.dumps(document))
    with pytest.raises(RuleError) as caught:
        load_ruleset([rules], include_builtin=False)
    assert "kind-model.json" in str(caught.value) and problem in str(caught.value)


def test_models_read_back_from_the_rules_cache_give_the_same_readings(tmp_path):
    # The learned models are kept in the cache folder in a faster format; a rule set loaded from it
    # must read drafts exactly as one loaded from the JSON, and a damaged entry is parsed again.
    from tonecheck.rulefiles.parsedcache import ParsedRules

    cache = tmp_path / "cache"
    draft = "Thanks for letting me know. Honestly, your loss: the panel barely looked up."
    readings = []
    for damage in (False, False, True):
        if damage:
            for kept in cache.glob("data-*.marshal"):
                kept.write_bytes(b"not marshal")
        parsed = ParsedRules(cache)
        ruleset = load_ruleset([], parsed=parsed)
        assert ruleset.kind_model is not None
        tone = ruleset.learned["bridge-burning/hostile-tone"].model
        readings.append((ruleset.kind_model.probabilities(draft), tone.probabilities(draft)))
    assert len(list(cache.glob("data-*.marshal"))) == 2  # the kind model and the tone model
    assert readings[0] == readings[1] == readings[2]
    assert readings[0][0] == load_ruleset([]).kind_model.probabilities(draft)


def test_a_retrained_model_is_parsed_again_and_old_copies_are_dropped(tmp_path):
    from tonecheck.storage import KEPT_DATA_FILES, cached_parse

    calls = []

    def parse(text: str) -> dict[str, int]:
        calls.append(text)
        return json.loads(text)

    def kept(text: str) -> dict[str, int]:
        key = hashlib.sha256(text.encode()).hexdigest()  # as the rule set's digest names a file
        return cached_parse(tmp_path, key, lambda: text, parse, "json")

    for number in range(KEPT_DATA_FILES + 3):
        text = json.dumps({"version": number})
        assert kept(text) == {"version": number}
        assert kept(text) == {"version": number}  # read back, not parsed
    assert len(calls) == KEPT_DATA_FILES + 3
    assert len(list(tmp_path.glob("data-*.marshal"))) == KEPT_DATA_FILES
    # the latest is among those kept: reading it again parses nothing
    assert kept(text) == {"version": KEPT_DATA_FILES + 2}
    assert len(calls) == KEPT_DATA_FILES + 3


def test_a_model_changed_after_the_load_is_read_as_it_is_now_and_not_kept_under_the_old_digest(tmp_path):
    """A learned model is read on first use, perhaps long after the load took the rule set's digest (a
    language server running all day): an edit made in between must not be kept under the old digest,
    where a later load of the old file would find the new model."""
    from tonecheck.rulefiles.locate import file_digest
    from tonecheck.rulefiles.parsedcache import ParsedRules

    model = tmp_path / "tone-x.json"
    model.write_text(json.dumps({"version": 1}))
    key = file_digest(model, "rules/tone-x.json")  # as the load takes it
    model.write_text(json.dumps({"version": 22}))  # edited before the model is first used
    cache = tmp_path / "cache"

    def read(key: bytes) -> dict[str, int]:
        return ParsedRules(cache).data_file(model, "rules/tone-x.json", key, json.loads, "json")

    assert read(key) == {"version": 22}
    assert not list(cache.glob("data-*.marshal"))
    # unchanged since its digest was taken: parsed once, then read back without reading the file
    key = file_digest(model, "rules/tone-x.json")
    assert read(key) == {"version": 22}
    assert len(list(cache.glob("data-*.marshal"))) == 1
    model.unlink()
    assert read(key) == {"version": 22}


def test_a_model_is_cached_packed_and_never_confused_with_its_plain_json(tmp_path):
    from tonecheck.rulefiles.kindmodel import DOCUMENT_FORM, model_document
    from tonecheck.storage import cached_parse

    text = json.dumps(
        {"format": 1, "kinds": ["check-in", "thank-you"], "intercepts": [0.0, 0.5],
         "terms": {"update": [2.0, 3.0, -1.0], "rare": [4.0]}}
    )  # fmt: skip
    key = hashlib.sha256(text.encode()).hexdigest()
    # An older release kept the same file's plain JSON in the cache folder.
    assert cached_parse(tmp_path, key, lambda: text, json.loads, "json")["format"] == 1
    document = cached_parse(tmp_path, key, lambda: text, model_document, DOCUMENT_FORM)
    assert set(document) == {"kinds", "intercepts", "terms", "values"}
    # read back: the text is not even read
    assert cached_parse(tmp_path, key, lambda: "unread", model_document, DOCUMENT_FORM) == document
    packed = KindModel.from_document(document)
    assert packed.probabilities("update rare") == KindModel.from_json(json.loads(text)).probabilities(
        "update rare"
    )
    assert packed.weighing_most("update update", "check-in", 3) == ["update"]


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"kinds": ["check-in"], "intercepts": [0.0], "terms": ["x", "y"], "values": bytes(16)},
        {"kinds": ["check-in"], "intercepts": [0.0], "terms": ["x"], "values": "not bytes"},
    ],
)
def test_a_packed_model_that_does_not_add_up_is_refused(document):
    with pytest.raises(ValueError):
        KindModel.from_document(document)


def test_a_missing_kind_model_names_messages_yaml_and_its_line(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "kind-model.json").unlink()
    with pytest.raises(RuleError) as caught:
        load_ruleset([rules], include_builtin=False)
    assert caught.value.path.endswith("messages.yaml") and caught.value.line


def test_the_shipped_kind_model_covers_every_kind():
    ruleset = load_ruleset()
    assert ruleset.kind_model is not None
    assert set(ruleset.kind_model.kinds) == set(ruleset.messages.kinds)
    assert len(ruleset.kind_model.rows) > 1000


def test_valence_reads_the_lexicon_with_corrections():
    valence.install({"joke": -2.0, "box-ticking": -1.5})
    nlp = spacy.blank("en")
    doc = nlp("clueless joke table")
    assert doc[0]._.valence < -1.0  # from the VADER lexicon
    assert doc[1]._.valence == -2.0  # corrected: VADER rates "joke" as positive
    assert doc[2]._.valence == 0.0


@pytest.mark.model
def test_an_engine_built_later_does_not_change_the_valence_an_earlier_one_reads(builtin_ruleset, engine):
    """Each engine rates words by its own rule set's corrections: "crude" rates 0 in messages.yaml (crude
    oil), -2.7 in the bare lexicon. A career center's engine, or any built later in the same process with
    other corrections, must not change what the first finds."""
    import dataclasses

    from tonecheck.api import build_engine

    from .conftest import lint_text

    text = "Unfortunately I must withdraw, as I have accepted a role on the crude oil logistics team."

    def judged(which):
        findings = lint_text(which, text, kind="rejection-reply").findings
        return [finding.rule for finding in findings if finding.rule == "bridge-burning/judging-them"]

    assert judged(engine) == []
    bare = builtin_ruleset.messages.model_copy(update={"valence": {}})
    other = build_engine(dataclasses.replace(builtin_ruleset, messages=bare))
    assert judged(other) == ["bridge-burning/judging-them"]  # "the crude ... team", by the bare lexicon
    assert judged(engine) == []


def test_the_split_is_fixed_by_the_id_and_holds_out_about_thirty_percent():
    ids = [f"x-{number:04d}" for number in range(2000)]
    held_out = sum(split_of(identifier) == "test" for identifier in ids)
    assert 0.25 < held_out / len(ids) < 0.35
    assert [split_of(identifier) for identifier in ids[:50]] == [split_of(i) for i in ids[:50]]
    assert split_of("rrh-001") in ("dev", "test")


def test_the_real_derived_corpus_is_labelled_with_sources():
    """At least 250 drafts paraphrased from real public messages, each citing its source."""
    folder = ROOT / "corpus" / "real"
    labels = [json.loads(line) for line in (folder / "labels.jsonl").read_text().splitlines() if line]
    assert len(labels) >= 250
    assert {p.stem for p in (folder / "cases").glob("*.txt")} == {label["id"] for label in labels}
    kinds = [label["kind"] for label in labels]
    assert kinds.count("rejection-reply") >= 80 and kinds.count("check-in") >= 80
    assert kinds.count("thank-you") >= 60 and kinds.count("materials") + kinds.count("other") >= 30
    hostile = sum(
        "bridge-burning" in label["expect"] for label in labels if label["kind"] == "rejection-reply"
    )
    assert hostile >= 40
    assert all(
        label["source"] and label["derived"] in ("message", "template", "fragment") for label in labels
    )
    without_front_matter = sum(
        not (folder / "cases" / f"{label['id']}.txt").read_text().startswith("---") for label in labels
    )
    assert without_front_matter / len(labels) > 0.5


@pytest.mark.model
def test_scoring_the_held_out_split_names_no_draft():
    """`--split test --summary` gives the figures without a single file name, so it can be scored
    without being read."""
    result = CliRunner().invoke(app, ["eval", str(ROOT / "corpus" / "real"), "--split", "test", "--summary"])
    assert "labelled drafts" in result.stdout and "bridge-burning" in result.stdout
    assert "cases/" not in result.stdout and ".txt" not in result.stdout


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "category"),
    [
        # Read as a thank-you note by the cues alone, so no bridge-burning rule ran (issue 15).
        (
            "Got your email. Honestly I'm not shocked — the whole process felt like a box-ticking exercise "
            "from the start, and the panel barely looked up from their laptops. Whoever you picked, I hope "
            "they enjoy the chaos. Don't bother keeping my CV on file.\n",
            "bridge-burning",
        ),
        ("You guys are clueless.\n", "bridge-burning"),
        ("I have been waiting THREE WEEKS for an answer about the role.\n", "accusatory"),
    ],
)
def test_hostility_is_flagged_whatever_the_kind_read(engine, text, category):
    from .conftest import lint_text

    assert category in {finding.category for finding in lint_text(engine, text).findings}


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Hey guys, I want to thank you for all the feedback.",
        "Can you identify what the bug is?",
        "Do we have any donated money left to pay a lawyer to help answer some questions?",
    ],
)
def test_civil_comments_read_as_rejection_replies_burn_no_bridge(engine, text):
    """False alarms issue 15 saw on civil GitHub comments read as replies to a rejection."""
    from .conftest import lint_text

    findings = lint_text(engine, text + "\n", kind="rejection-reply").findings
    assert not [f.rule for f in findings if f.category == "bridge-burning"]


@pytest.mark.model
def test_when_every_kind_is_close_a_missing_element_is_reported_once(engine):
    """With every kind's rules applied, the thank-you, check-in and materials rules all miss the thanks;
    the draft still gets one finding for it."""
    from .conftest import lint_text, with_kind_reading

    text = "Hi Jo,\n\nAny update on the analyst role? I interviewed two weeks ago.\n\nSam\n"
    result = lint_text(with_kind_reading(engine, close=1.0, cue_weight=0.0), text)
    assert len(result.close) >= 2
    assert sum(f.category == "missing-thanks" for f in result.findings) == 1


def test_a_pattern_that_needs_a_word_rated_this_low_is_skipped_where_none_is():
    """The valence pre-check may only skip a pattern that provably cannot match."""
    judged = [{"LOWER": "you"}, {"LEMMA": "be"}, {"_": {"valence": {"<=": -1.5}}}]
    optional = [{"LOWER": "you"}, {"_": {"valence": {"<=": -1.5}}, "OP": "?"}]
    node = [{"RIGHT_ID": "x", "RIGHT_ATTRS": {"_": {"valence": {">=": 2.0}}}}]
    assert valence.needed(judged, dependency=False) == (-1.5, None)
    assert valence.needed(optional, dependency=False) == (None, None)  # may match without such a word
    assert valence.needed(node, dependency=True) == (None, 2.0)
    valence.install({})
    calm, harsh = spacy.blank("en")("you were kind"), spacy.blank("en")("you were clueless")
    assert not valence.possible((-1.5, None), valence.spread(calm))
    assert valence.possible((-1.5, None), valence.spread(harsh))
    assert not valence.possible((None, 2.0), valence.spread(harsh))
