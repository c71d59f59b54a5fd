"""The pattern pre-filter skips only patterns that cannot match: hits are those of plain matchers."""

from collections import defaultdict

import pytest
from spacy.matcher import DependencyMatcher, Matcher

from tonecheck.drafts import plain_message
from tonecheck.prefilter import WordSets, requirements

from .conftest import ROOT


def test_requirements_come_from_mandatory_word_tokens():
    pattern = [
        {"LOWER": "why"},
        {"LEMMA": {"IN": ["have", "do"]}},
        {"LOWER": "not", "OP": "?"},
        {"POS": "VERB"},
    ]
    assert requirements(pattern) == (("lower", frozenset({"why"})), ("lemma", frozenset({"have", "do"})))
    assert requirements([{"TEXT": {"REGEX": "^x"}}, {"LOWER": {"NOT_IN": ["a"]}}]) == ()
    dependency = [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"LEMMA": "promise"}}]
    assert requirements(dependency, dependency=True) == (("lemma", frozenset({"promise"})),)


@pytest.mark.model
def test_filtered_hits_equal_unfiltered_hits(engine):
    paths = sorted((ROOT / "corpus" / "cases").glob("*.txt"))[::4]
    docs = list(engine.nlp.pipe(plain_message(str(p), p.read_text()).text for p in paths))
    token_matcher = Matcher(engine.nlp.vocab)
    dependency_matcher = DependencyMatcher(engine.nlp.vocab)
    for key, finders in engine.matchers.finders.items():
        if finders.patterns:
            token_matcher.add(key, finders.patterns)
        if finders.dependency:
            dependency_matcher.add(key, finders.dependency)
    strings = engine.nlp.vocab.strings
    compared = 0
    for doc in docs:
        expected = defaultdict(set)
        for match_id, start, end in token_matcher(doc):
            expected[strings[match_id]].add((start, end))
        for match_id, token_ids in dependency_matcher(doc):
            expected[strings[match_id]].add((min(token_ids), max(token_ids) + 1))
        got = engine.matchers.run(doc)
        phrase_keys = {k for k, f in engine.matchers.finders.items() if f.phrases}
        for key in set(expected) | set(got):
            if key in phrase_keys:
                assert expected[key] <= set(got.get(key, ())), key
            else:
                assert set(got.get(key, ())) == expected[key], key
        compared += 1
        assert WordSets.of(doc).lower
    assert compared > 50
