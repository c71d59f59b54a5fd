"""What a pattern cannot match without (the prefilter's anchors), and the choice of worker processes."""

from tonecheck.engine.anchors import Anchor, node_anchors, token_anchors, within_one_tree
from tonecheck.run.workers import HANDFUL, choose_jobs, usable_cores


def test_every_mandatory_word_test_is_an_anchor_with_its_reach():
    pattern = [{"LOWER": {"IN": ["i", "we"]}}, {"LOWER": "would", "OP": "?"}, {"LEMMA": "expect"}]
    assert token_anchors(pattern) == [
        Anchor("LOWER", frozenset({"i", "we"}), before=0, after=2),
        Anchor("LEMMA", frozenset({"expect"}), before=2, after=0),
    ]


def test_optional_and_negated_tokens_are_not_anchors_and_repeats_unbound_the_reach():
    pattern = [
        {"LOWER": "why", "OP": "!"},
        {"LOWER": "not", "OP": "*"},
        {"LOWER": "so"},
        {"ORTH": "!", "OP": "+"},
    ]
    anchors = token_anchors(pattern)
    assert [a.words for a in anchors] == [frozenset({"so"}), frozenset({"!"})]
    assert (anchors[0].before, anchors[0].after) == (None, None)
    assert (anchors[1].before, anchors[1].after) == (None, None)


def test_counted_repeats():
    pattern = [{"LOWER": "very", "OP": "{1,3}"}, {"LOWER": "late"}]
    (very, late) = token_anchors(pattern)
    assert (very.before, very.after) == (2, 3) and (late.before, late.after) == (3, 0)
    assert token_anchors([{"LOWER": "very", "OP": "{0,3}"}]) == []


def test_flags_regexes_and_shouted_words():
    (url,) = token_anchors([{"LIKE_URL": True}])
    assert url.attr == "LIKE_URL" and url.words == frozenset({True})
    (regex,) = token_anchors([{"TEXT": {"REGEX": r"^\d+th$"}}])
    assert regex.attr == "ORTH" and regex.regex == r"^\d+th$"
    shouted = token_anchors([{"IS_UPPER": True, "LOWER": {"IN": ["very", "really"]}}])
    assert Anchor("ORTH", frozenset({"VERY", "REALLY"}), 0, 0) in shouted
    # Numbers in an IN list, NOT_IN and false flags say nothing about which words must be there.
    assert (
        token_anchors([{"LOWER": {"IN": ["24", 24]}}, {"LOWER": {"NOT_IN": ["a"]}}, {"LIKE_NUM": False}])
        == []
    )


def test_dependency_nodes_are_all_anchors_and_trees_stay_in_a_sentence():
    pattern = [
        {"RIGHT_ID": "verb", "RIGHT_ATTRS": {"LEMMA": {"IN": ["say", "tell"]}}},
        {"LEFT_ID": "verb", "REL_OP": ">", "RIGHT_ID": "subject", "RIGHT_ATTRS": {"DEP": "nsubj"}},
    ]
    assert [a.attr for a in node_anchors(pattern)] == ["LEMMA", "DEP"]
    assert within_one_tree(pattern)
    assert not within_one_tree(
        [*pattern, {"LEFT_ID": "verb", "REL_OP": ".", "RIGHT_ID": "x", "RIGHT_ATTRS": {}}]
    )


def test_common_words_make_worse_anchors():
    assert Anchor("LOWER", frozenset({"courtesy"})).cost < Anchor("LOWER", frozenset({"you", "u"})).cost
    assert Anchor("LOWER", frozenset({"you"})).cost < Anchor("LIKE_URL", frozenset({True})).cost


def test_jobs_default_to_the_cores_beyond_a_handful_of_drafts():
    assert choose_jobs(None, HANDFUL) == 1
    assert choose_jobs(None, 1000) == usable_cores()
    assert choose_jobs(3, 1000) == 3
    assert choose_jobs(4, 1) == 1  # never more workers than drafts
    assert choose_jobs(None, 0) == 1
