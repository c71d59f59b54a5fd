"""The attribute ruler that remembers its answers must annotate exactly as spaCy's ruler does (fast tier:
a blank pipeline with a ruler built here; the trained pipeline is compared in test_speed_paths)."""

from __future__ import annotations

import functools

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.lookups import Lookups
from spacy.tokens import Doc

from tonecheck.pipeline import attributememo
from tonecheck.pipeline.attributememo import MemoizedRuler, RememberedLemmas, install

# Later entries win over earlier ones on the same token, one entry sets the second token of a two-word
# match, and the tests cover the kinds of test the trained pipeline's ruler uses (sets, regexes, tags).
PATTERNS = [
    {"patterns": [[{"TAG": "MD"}]], "attrs": {"POS": "AUX", "MORPH": "VerbType=Mod"}},
    {"patterns": [[{"LOWER": {"IN": ["can", "will"]}, "TAG": "MD"}]], "attrs": {"POS": "VERB"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"POS": "PART", "LEMMA": "not"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"LOWER": "very", "OP": "+"}]], "attrs": {"POS": "ADV"}},
    {
        "patterns": [[{"TAG": {"IN": ["VB", "MD"]}, "LOWER": "ai"}, {"LOWER": {"REGEX": "^n'?t$"}}]],
        "attrs": {"LEMMA": "be"},
    },
    {
        "patterns": [[{"LOWER": "the"}, {"LOWER": "very"}, {"TAG": "NN"}]],
        "attrs": {"POS": "PROPN"},
        "index": -1,
    },
    {"patterns": [[{"TEXT": "Can"}]], "attrs": {"LEMMA": "can"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE"}},
]

WORDS = ["can", "Can", "will", "n't", "nt", "gon", "na", "very", "jobs", "job", "\n", "the", "ai"]
TAGS = ["MD", "NN", "NNS", "RB", "DT", "VB"]


@functools.cache
def _shared_pipeline():
    return _pipeline()


def _pipeline():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(PATTERNS)
    return nlp, ruler


def _annotations(doc: Doc) -> list[tuple[str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


@settings(deadline=None)  # the first example builds the pipeline
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS)), min_size=0, max_size=12))
def test_remembered_answers_equal_the_rulers_on_any_sequence(tokens):
    nlp, ruler = _shared_pipeline()
    memoized = MemoizedRuler(ruler)
    words = [word for word, _tag in tokens]
    tags = [tag for _word, tag in tokens]
    plain = ruler(Doc(nlp.vocab, words=words, tags=tags))
    doc = Doc(nlp.vocab, words=words, tags=tags)
    memoized.apply(doc, memoized.rules_by_token(doc))
    assert _annotations(doc) == _annotations(plain)
    # A second pass answers from memory and must still agree.
    again = Doc(nlp.vocab, words=words, tags=tags)
    memoized.apply(again, memoized.rules_by_token(again))
    assert _annotations(again) == _annotations(plain)


def test_later_entries_win_and_two_word_entries_reach_their_second_word():
    nlp, ruler = _pipeline()
    assert install(nlp, "We can go") == ("attribute_ruler",) and "match" in vars(ruler)
    doc = nlp(Doc(nlp.vocab, words=["will", "gon", "na", "jobs"], tags=["MD", "VB", "VB", "NNS"]))
    assert [t.pos_ for t in doc] == ["VERB", "", "", "NOUN"]  # the set entry comes after the MD one
    assert [t.lemma_ for t in doc] == ["", "go", "to", ""]
    assert str(doc[0].morph) == "VerbType=Mod"  # set by the earlier entry, untouched by the later one
    doc = nlp(Doc(nlp.vocab, words=["the", "very", "job"], tags=["DT", "RB", "NN"]))
    assert doc[2].pos_ == "PROPN"  # a three-word entry that sets its last word, over the NN entry


def test_install_keeps_the_plain_ruler_when_a_sample_differs(monkeypatch):
    nlp, ruler = _pipeline()
    monkeypatch.setattr(MemoizedRuler, "apply", lambda self, doc, by_token: None)
    assert install(nlp, "They can't go, can they?") == ()
    assert "match" not in vars(ruler) and "set_annotations" not in vars(ruler)
    doc = nlp(Doc(nlp.vocab, words=["can"], tags=["MD"]))
    assert doc[0].pos_ == "VERB"  # the plain ruler still runs


def test_install_needs_a_component_to_remember_for():
    assert install(spacy.blank("en"), "Hello") == ()


def test_memory_is_bounded(monkeypatch):
    nlp, ruler = _pipeline()
    monkeypatch.setattr(attributememo, "MEMO_LIMIT", 3)
    memoized = MemoizedRuler(ruler)
    doc = Doc(nlp.vocab, words=WORDS, tags=["NN"] * len(WORDS))
    memoized.rules_by_token(doc)
    assert 0 < len(memoized._memo) <= 3


LEMMA_WORDS = ["jobs", "job", "went", "applied", "applying", "Interviews", "better", "x"]
POS = ["NOUN", "VERB", "ADJ", "PROPN", "SPACE"]
MORPHS = ["", "Number=Sing", "Number=Plur", "VerbForm=Inf", "Tense=Past|VerbForm=Fin", "Degree=Pos"]


@functools.cache
def _lemmatizer():
    return _lemmatizer_pipeline()


def _lemmatizer_pipeline():
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""]], "verb": [["ed", ""], ["ing", ""], ["ied", "y"]]})
    lookups.add_table("lemma_index", {"noun": ["job", "interview"], "verb": ["apply"]})
    lookups.add_table("lemma_exc", {"verb": {"went": ["go"]}, "adj": {"better": ["good"]}})
    lemmatizer.initialize(lookups=lookups)
    return nlp, lemmatizer


_tagged = st.tuples(st.sampled_from(LEMMA_WORDS), st.sampled_from(POS), st.sampled_from(MORPHS))


@settings(deadline=None)  # the first example builds the pipeline
@given(st.lists(_tagged, max_size=10))
def test_remembered_lemmas_equal_the_lemmatizers(tokens):
    nlp, lemmatizer = _lemmatizer()
    remembered = RememberedLemmas(lemmatizer)
    words = [word for word, _pos, _morph in tokens]
    annotations = {"pos": [pos for _w, pos, _m in tokens], "morphs": [morph for _w, _p, morph in tokens]}
    lemmas = [token.lemma_ for token in lemmatizer(Doc(nlp.vocab, words=words, **annotations))]
    for _round in range(2):  # the second answers from memory
        doc = Doc(nlp.vocab, words=words, **annotations)
        assert [token.lemma_ for token in remembered(doc)] == lemmas


def test_a_lemma_already_set_is_kept():
    nlp, lemmatizer = _lemmatizer()
    doc = Doc(nlp.vocab, words=["jobs", "went"], pos=["NOUN", "VERB"], lemmas=["", "walk"])
    assert [token.lemma_ for token in RememberedLemmas(lemmatizer)(doc)] == ["job", "walk"]


# A blank pipeline has no tagger: the lemmatizer warns that the sample has no parts of speech.
@pytest.mark.filterwarnings("ignore:.*W108")
def test_install_keeps_the_plain_lemmatizer_when_a_sample_differs(monkeypatch):
    nlp, lemmatizer = _lemmatizer_pipeline()
    assert install(nlp, "jobs") == ("lemmatizer",)
    nlp, lemmatizer = _lemmatizer_pipeline()
    monkeypatch.setattr(RememberedLemmas, "__call__", lambda self, doc: doc)
    assert install(nlp, "jobs") == ()
    assert "pipe" not in vars(lemmatizer)


def test_a_ruler_that_fails_on_the_sample_is_left_as_shipped():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": "can"}]], "attrs": {"POS": "AUX"}, "index": 2}])
    assert install(nlp, "We can go") == ()
    assert "match" not in vars(ruler)
