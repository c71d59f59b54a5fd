"""Whether a word is an ordinary English word, for patterns that test ``_: {known_word: true}``.

Capitals on an ordinary word raise the voice ("I am STILL WAITING"); capitals on a name are an acronym
("CUDA and CUDNN", "the IANA TZDB"). A list of acronyms names the ones someone thought of; the pinned
pipeline's own lemmatizer index (the base forms of about ninety thousand English nouns, verbs,
adjectives and adverbs, from WordNet) names the words, so whatever is not there reads as a name. A token
is known when its lower-case form, its lemma or its form without a plural or verb ending is in the
index, or is a stop word.

The value is a getter on spaCy's ``Token._`` namespace, as ``valence`` is. A pipeline without a
lemmatizer index (a blank one) leaves every word known, so patterns behave as they would without the
test.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Token
from spacy.vocab import Vocab

ATTRIBUTE = "known_word"

# The words of each pipeline, by its vocabulary: a process may hold two pipelines (the fast tests' blank
# one and the trained one), and each token answers from its own. The vocabulary is kept with its entry,
# so its id is never reused while the entry stands. The set (about 4 MB) is built the first time a
# pattern asks, so a run whose drafts never test the attribute does not pay for it.
_sources: dict[int, tuple[Vocab, Any, frozenset[str]]] = {}  # vocab, lemma index table, stop words
_words: dict[int, frozenset[str]] = {}
_ENDINGS = ("s", "es", "ed", "d", "ing")


def install(nlp: Language) -> None:
    """Make ``Token._.known_word`` read ``nlp``'s lemmatizer index for the tokens of ``nlp``."""
    table = None
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            table = lookups.get_table("lemma_index")
    _sources[id(nlp.vocab)] = (nlp.vocab, table, frozenset(nlp.Defaults.stop_words))
    _words.pop(id(nlp.vocab), None)
    if not Token.has_extension(ATTRIBUTE):
        Token.set_extension(ATTRIBUTE, getter=_known)


def _index(key: int) -> frozenset[str]:
    source = _sources.get(key)
    if source is None or source[1] is None:
        return frozenset()
    words: set[str] = set(source[2])
    for forms in source[1].values():
        words.update(forms)
    return frozenset(words)


def _known(token: Token) -> bool:
    key = id(token.vocab)
    words = _words.get(key)
    if words is None:
        words = _words[key] = _index(key)
    if not words:
        return True
    lower = token.lower_
    if lower in words or token.lemma_.lower() in words:
        return True
    return any(lower.endswith(ending) and lower[: -len(ending)] in words for ending in _ENDINGS)
