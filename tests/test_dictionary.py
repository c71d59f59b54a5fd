"""`_: {known_word: true}` in a pattern: capitals on an ordinary English word raise the voice, capitals
on a name nobody listed are an acronym."""

import pytest

from tonecheck.engine import dictionary


def test_a_pipeline_without_a_lemmatizer_index_knows_every_word(blank_nlp):
    dictionary.install(blank_nlp)
    assert all(token._.known_word for token in blank_nlp("STILL waiting on the CUDNN build"))


@pytest.mark.model
def test_the_trained_pipeline_knows_words_and_their_forms_but_not_acronyms(engine, blank_nlp):
    dictionary.install(blank_nlp)  # another pipeline's words do not replace the engine's
    doc = engine.nlp("WEEKS STILL WAITING IPSEC CUDNN TZDB")
    known = {token.text: token._.known_word for token in doc}
    assert known == {
        "WEEKS": True,
        "STILL": True,
        "WAITING": True,
        "IPSEC": False,
        "CUDNN": False,
        "TZDB": False,
    }
