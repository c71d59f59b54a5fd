"""How negative or positive a word is, for patterns that test ``_: {valence: {"<=": -1.5}}``.

Word lists name the insults someone thought of; a valence lexicon names thousands. The values are the
VADER lexicon's mean ratings (Hutto and Gilbert, 2014; MIT licence, shipped in the vaderSentiment package),
from -4 (most negative) to +4, with the corrections in messages.yaml's ``valence:`` for words whose sense
in a reply to an employer differs ("joke" rates as positive there; "box-ticking" is missing). A token's
valence is its lower-case form's, else its lemma's, else 0.

The value is a getter on spaCy's ``Token._`` namespace, so token and dependency patterns in rule files
test it like any attribute, together with the parse: a negative word aimed at the reader is a finding,
the same word about oneself ("I'm disappointed") is not.

The getter is one per process, but each engine has its own table (its rule set's corrections) and marks
every draft it matches with it (``use``): an engine built later with other corrections, a career
center's or a test's, must not change what an earlier one finds.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Token

ATTRIBUTE = "valence"
USER_DATA_KEY = "tonecheck.valence"  # where ``use`` puts an engine's table on a doc

_last: dict[str, float] = {}  # the table of the engine built last, for a doc no engine has marked


@functools.lru_cache(maxsize=1)
def vader_lexicon() -> dict[str, float]:
    """The VADER lexicon: word -> mean rating. Empty when the package is missing (then only the
    corrections in messages.yaml count, and the README's figures do not hold)."""
    try:
        text = (resources.files("vaderSentiment") / "vader_lexicon.txt").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    table: dict[str, float] = {}
    for line in text.splitlines():
        fields = line.split("\t")
        if len(fields) < 2:
            continue
        try:
            table[fields[0]] = float(fields[1])
        except ValueError:
            continue
    return table


def lexicon_stamp() -> str:
    """The lexicon file's size and change time, under which its parsed table may be kept between runs
    (parsing it took about 8 ms of every start); "" when it cannot be told (nothing is kept then)."""
    try:
        stat = os.stat(str(resources.files("vaderSentiment") / "vader_lexicon.txt"))
    except (ModuleNotFoundError, OSError, TypeError, ValueError):
        return ""
    return f"{stat.st_size}:{stat.st_mtime_ns}"


def install(corrections: Mapping[str, float], lexicon: Mapping[str, float] | None = None) -> dict[str, float]:
    """The lexicon (``vader_lexicon``'s, unless a kept copy of it is given) with ``corrections`` on top,
    as an engine's table; ``Token._.valence`` reads it on the docs ``use`` marks with it."""
    global _last
    table = dict(vader_lexicon() if lexicon is None else lexicon)
    table.update({word.lower(): value for word, value in corrections.items()})
    _last = table
    if not Token.has_extension(ATTRIBUTE):
        Token.set_extension(ATTRIBUTE, getter=_valence)
    return table


def use(doc: Doc, table: dict[str, float]) -> None:
    """Make ``doc``'s tokens rate by ``table`` (an engine's, from ``install``)."""
    doc.user_data[USER_DATA_KEY] = table


def _table_of(doc: Doc) -> dict[str, float]:
    table = doc.user_data.get(USER_DATA_KEY)
    return _last if table is None else table


def _valence(token: Token) -> float:
    return _rating(_table_of(token.doc), token)


def _rating(table: dict[str, float], token: Token) -> float:
    value = table.get(token.lower_)
    if value is None:
        value = table.get(token.lemma_.lower(), 0.0)
    return value


Bounds = tuple[float | None, float | None]  # some token must rate at most the first, at least the second


def needed(pattern: list[dict[str, Any]], dependency: bool) -> Bounds:
    """What valence a document must hold for ``pattern`` to match at all: every node of a dependency
    pattern and every token of a token pattern that must appear once or more tests it, so a document
    whose words never rate that low (or high) cannot match, and the pattern need not run."""
    tokens = [node.get("RIGHT_ATTRS", {}) for node in pattern] if dependency else pattern
    at_most: float | None = None
    at_least: float | None = None
    for token in tokens:
        if not dependency and token.get("OP") not in (None, "+", "1"):
            continue
        tests = (token.get("_") or {}).get(ATTRIBUTE)
        if not isinstance(tests, dict):
            continue
        for operator, value in tests.items():
            if operator in ("<=", "<", "=="):
                at_most = value if at_most is None else min(at_most, value)
            if operator in (">=", ">", "=="):
                at_least = value if at_least is None else max(at_least, value)
    return at_most, at_least


def spread(doc: Doc) -> tuple[float, float]:
    """The lowest and highest valence of any word in ``doc``."""
    table = _table_of(doc)
    values = [_rating(table, token) for token in doc] or [0.0]
    return min(values), max(values)


def possible(bounds: Bounds, doc_spread: tuple[float, float]) -> bool:
    at_most, at_least = bounds
    if at_most is not None and doc_spread[0] > at_most:
        return False
    return at_least is None or doc_spread[1] >= at_least
