"""Two components of the pipeline, doing their work with the answers for each word remembered.

The attribute ruler of spaCy's English pipelines maps fine-grained tags to parts of speech and
morphology, with a few exceptions by word ("n't" is a negative particle). It runs its ~180 patterns
through a Matcher over every token of every draft, evaluating the set tests of the patterns in Python:
about a third of the whole pipeline's time. Nearly all its patterns look at one token only, so what they
set on a token depends only on the attributes they test (its lowercase form, tag, dependency label...),
and drafts repeat the same few thousand combinations. Those answers are remembered; a pattern of several
words is tried only where its first word matches (remembered too), and patterns of varying length still
run over every draft.

The lemmatizer gives a token's lemma from its word, part of speech and morphology; those answers are
remembered as well (see ``RememberedLemmas``).

The result must be exactly the components' own: spaCy applies the ruler's matches in the order the
patterns were added (later ones win), and so does ``apply``. ``install`` checks the whole pipeline on a
sample and keeps the plain components when anything differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.matcher import Matcher
from spacy.tokens import Doc

from tonecheck.pipeline.backend import annotations

try:  # the function the ruler itself sets attributes with; not part of spaCy's public API
    from spacy.tokens._retokenize import set_token_attrs
except ImportError:  # pragma: no cover - a spaCy that moved it: keep the plain ruler
    set_token_attrs = None

# A long run meets many rare words: forget the answers past this many combinations, to bound memory.
MEMO_LIMIT = 200_000

# Pattern keys that are not token attributes a one-token answer can be keyed on.
_NOT_ATTRIBUTES = {"OP", "_"}


class MemoizedRuler:
    """The matches of one attribute ruler, its one-token patterns answered from memory.

    A pattern of several fixed tokens is tried only where its first token matches, which is also
    remembered; patterns of varying length run over every draft.
    """

    def __init__(self, ruler: Any) -> None:
        self._ruler = ruler
        vocab = ruler.vocab
        self._single = Matcher(vocab)  # one-token patterns: run once per new combination of attributes
        self._firsts = Matcher(vocab)  # the first tokens of fixed patterns of several tokens: likewise
        self._fixed = Matcher(vocab)  # those patterns, tried where their first token matched
        self._several = Matcher(vocab)  # everything else: run on every draft
        self._fixed_length = 0  # the longest of the fixed patterns
        columns: list[int] = []
        for rule in range(len(ruler.attrs)):
            key = str(rule)
            if key not in ruler.matcher:
                continue
            _callback, patterns = ruler.matcher.get(key)
            single = [p for p in patterns if _one_token(p) and ruler.indices[rule] in (0, -1)]
            fixed = [p for p in patterns if p not in single and _fixed(p)]
            several = [p for p in patterns if p not in single and p not in fixed]
            if single:
                self._single.add(key, single)
            if fixed:
                self._fixed.add(key, fixed)
                self._firsts.add(key, [[p[0]] for p in fixed])
                self._fixed_length = max(self._fixed_length, *(len(p) for p in fixed))
            if several:
                self._several.add(key, several)
            for pattern in [*single, *(p[:1] for p in fixed)]:
                for name in pattern[0]:
                    column = _column(name)
                    if column not in columns:
                        columns.append(column)
        self._columns = columns
        self._memo: dict[tuple[int, ...], tuple[tuple[int, ...], bool]] = {}

    def rules_by_token(self, doc: Doc) -> list[tuple[int, ...]]:
        """For each token, the numbers of the ruler's entries whose patterns set its attributes, in order."""
        length = len(doc)
        if not length:
            return []
        strings = doc.vocab.strings
        by_token: list[tuple[int, ...]] = [()] * length
        starts: list[int] = []  # where a fixed pattern's first token matches
        if self._columns:
            rows = doc.to_array(self._columns).reshape(length, len(self._columns)).tolist()
            memo = self._memo
            for position, row in enumerate(rows):
                key = tuple(row)
                known = memo.get(key)
                if known is None:
                    if len(memo) >= MEMO_LIMIT:
                        memo.clear()
                    token = doc[position : position + 1]
                    found = self._single(token, allow_missing=True)
                    rules = tuple(sorted({int(strings[match_id]) for match_id, _s, _e in found}))
                    known = memo[key] = (rules, bool(self._firsts(token, allow_missing=True)))
                by_token[position] = known[0]
                if known[1]:
                    starts.append(position)
        matches = self._several(doc, allow_missing=True) if len(self._several) else []
        for start in starts:
            end = min(length, start + self._fixed_length)
            for match_id, first, last in self._fixed(doc[start:end], allow_missing=True):
                matches.append((match_id, first + start, last + start))
        extra: dict[int, set[int]] = {}
        for match_id, start, end in matches:
            rule = int(strings[match_id])
            index = self._ruler.indices[rule]
            position = range(start, end)[index]  # IndexError like the ruler's for an index off the match
            extra.setdefault(position, set()).add(rule)
        for position, rules in extra.items():
            by_token[position] = tuple(sorted(rules.union(by_token[position])))
        return by_token

    def apply(self, doc: Doc, by_token: Iterable[tuple[int, ...]]) -> None:
        attrs = self._ruler.attrs
        for position, rules in enumerate(by_token):
            if rules:
                token = doc[position]
                for rule in rules:
                    set_token_attrs(token, attrs[rule])


class RememberedLemmas:
    """The lemmatizer's lemma for each (word, part of speech, morphology), remembered.

    In its "rule" and "lookup" modes spaCy's lemmatizer gives a token's lemma from those three alone, but
    it keeps only some answers (a base form such as a singular noun is worked out again every time) and
    reads the token's attributes in Python one by one. Here the attributes are read in one array and the
    lemmas written back in one.
    """

    def __init__(self, lemmatizer: Any) -> None:
        self._lemmatizer = lemmatizer
        self._memo: dict[tuple[int, int, int], int] = {}

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def __call__(self, doc: Doc) -> Doc:
        length = len(doc)
        if not length:
            return doc
        memo = self._memo
        lemmatize = self._lemmatizer.lemmatize
        overwrite = self._lemmatizer.overwrite
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas = []
        for position, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                found = memo[key] = strings.add(lemmatize(doc[position])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(length, 1))
        return doc


def install(
    nlp: Any,
    sample: str,
    reference: list[tuple[Any, ...]] | None = None,
    verified: tuple[str, ...] | None = None,
) -> tuple[str, ...]:
    """Have the attribute ruler and the lemmatizer remember their answers, if the pipeline then annotates
    ``sample`` exactly as before (``reference``: its ``annotations`` now, when the caller has them).
    ``verified``: the components an earlier check on this machine found safe (see ``checks``); only
    they remember, and nothing is checked again. Returns the components that now do."""
    ruler = nlp.get_pipe("attribute_ruler") if "attribute_ruler" in nlp.pipe_names else None
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if verified is not None:
        ruler = ruler if "attribute_ruler" in verified else None
        lemmatizer = lemmatizer if "lemmatizer" in verified else None
    if ruler is None and lemmatizer is None:
        return ()
    if reference is None and verified is None:
        try:
            reference = annotations(nlp(sample))  # also lets the lemmatizer check its tables, as on first use
        except (IndexError, ValueError):  # a pipeline that fails on the sample fails as shipped, later
            return ()
    installed: list[str] = []
    if ruler is not None and set_token_attrs is not None and _is_attribute_ruler(ruler):
        try:
            memoized = MemoizedRuler(ruler)
        except (KeyError, TypeError, ValueError):
            memoized = None
        if memoized is not None:
            # The ruler calls self.match, then self.set_annotations with what it returned: both are
            # replaced on this one component, which keeps its name, configuration and place.
            ruler.match = memoized.rules_by_token
            ruler.set_annotations = memoized.apply
            installed.append("attribute_ruler")
    if lemmatizer is not None and getattr(lemmatizer, "mode", None) in ("rule", "lookup"):
        # Language.pipe hands batches to a component's pipe method; a single nlp(text) keeps the plain
        # lemmatizer, which gives the same lemmas.
        lemmatizer.pipe = RememberedLemmas(lemmatizer).pipe
        installed.append("lemmatizer")
    if not installed or verified is not None:
        return tuple(installed)
    try:
        same = annotations(next(iter(nlp.pipe([sample])))) == reference
    except (IndexError, ValueError):
        same = False
    if not same:
        if "attribute_ruler" in installed:
            del ruler.match, ruler.set_annotations
        if "lemmatizer" in installed:
            del lemmatizer.pipe
        return ()
    return tuple(installed)


def _is_attribute_ruler(ruler: Any) -> bool:
    """spaCy's AttributeRuler as we know it."""
    return all(hasattr(ruler, name) for name in ("matcher", "attrs", "indices", "match", "set_annotations"))


def _one_token(pattern: list[dict[str, Any]]) -> bool:
    if len(pattern) != 1:
        return False
    return all(name not in _NOT_ATTRIBUTES and _column(name) is not None for name in pattern[0])


def _fixed(pattern: list[dict[str, Any]]) -> bool:
    """A pattern of a fixed number of tokens, whose first token can be answered from memory."""
    return all("OP" not in token for token in pattern) and _one_token(pattern[:1])


def _column(name: str) -> int | None:
    """The attribute id a pattern key tests ("TEXT" is ORTH), or None."""
    upper = name.upper()
    if upper == "TEXT":
        return ORTH
    return IDS.get(upper)
