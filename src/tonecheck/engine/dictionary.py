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

from spacy.language import Language
from spacy.tokens import Token
from spacy.vocab import Vocab

ATTRIBUTE = "known_word"

# The words of each pipeline, by its vocabulary: a process may hold two pipelines (the fast tests' blank
# one and the trained one), and each token answers from its own. The vocabulary is kept with its words,
# so its id is never reused while the entry stands.
_words: dict[int, tuple[Vocab, frozenset[str]]] = {}
_ENDINGS = ("s", "es", "ed", "d", "ing")


def install(nlp: Language) -> None:
    """Make ``Token._.known_word`` read ``nlp``'s lemmatizer index for the tokens of ``nlp``."""
    words: set[str] = set()
    if "lemmatizer" in nlp.pipe_names:
        lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
        if lookups is not None and lookups.has_table("lemma_index"):
            for forms in lookups.get_table("lemma_index").values():
                words.update(forms)
    if words:
        words.update(nlp.Defaults.stop_words)
    _words[id(nlp.vocab)] = (nlp.vocab, frozenset(words))
    if not Token.has_extension(ATTRIBUTE):
        Token.set_extension(ATTRIBUTE, getter=_known)


def _known(token: Token) -> bool:
    entry = _words.get(id(token.vocab))
    words = entry[1] if entry is not None else frozenset()
    if not words:
        return True
    lower = token.lower_
    if lower in words or token.lemma_.lower() in words:
        return True
    return any(lower.endswith(ending) and lower[: -len(ending)] in words for ending in _ENDINGS)
