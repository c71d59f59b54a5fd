"""Contractions typed without an apostrophe ("didnt", "havent", "Im") are read as the rules' clitics."""

from __future__ import annotations

import pytest

from tonecheck.engine.contractions import loosen, with_bare_twins


def test_a_clitic_slot_also_takes_it_without_the_apostrophe():
    assert loosen({"LOWER": "n't"}) == {"LOWER": {"IN": ["n't", "nt"]}}
    assert loosen({"LOWER": {"IN": ["not", "n't"]}, "OP": "?"}) == {
        "LOWER": {"IN": ["not", "n't", "nt"]},
        "OP": "?",
    }
    assert loosen({"LOWER": {"IN": ["i", "'m"]}}) == {"LOWER": {"IN": ["i", "'m", "m"]}}


def test_slots_without_a_clitic_are_left_as_written():
    for spec in (
        {"LOWER": "heard"},
        {"LEMMA": {"IN": ["hear"]}},
        {"POS": "VERB"},
        {"LOWER": {"NOT_IN": ["n't"]}},
    ):
        assert loosen(spec) == spec


def test_a_phrase_gets_its_twin_only_where_the_tokenizer_splits_it_alike(blank_nlp):
    def tokenize(text: str) -> list[str]:
        return [token.text for token in blank_nlp.tokenizer(text)]

    assert with_bare_twins(["haven't heard", "i'm still waiting"], tokenize) == [
        "haven't heard",
        "havent heard",
        "i'm still waiting",
        "im still waiting",
    ]
    # without the apostrophe these are other words: "its", "were", "well"
    assert with_bare_twins(["it's been", "we're waiting", "we'll see"], tokenize) == [
        "it's been",
        "we're waiting",
        "we'll see",
    ]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("its been three weeks and i havent heard back", "accusatory/complaining-about-silence"),
        ("you said youd call me by friday", "accusatory/you-said-you-would"),
        ("why havent you replied to my email", "accusatory/why-havent-you"),
        ("you didnt even bother to reply", "accusatory/you-never-replied"),
    ],
)
def test_a_draft_typed_without_apostrophes_is_read_as_with_them(engine, text, rule):
    from .conftest import lint_text

    assert rule in {finding.rule for finding in lint_text(engine, text, kind="check-in").findings}
