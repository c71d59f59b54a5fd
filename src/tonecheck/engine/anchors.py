"""What a pattern cannot match without: the words some token of every match must have, and how long a
match can be.

spaCy's Matcher tries every pattern at every token, and each `IN` list costs a Python call per token, so
running four hundred patterns over a draft costs more than parsing it. Most patterns need a word the
draft does not contain ("courtesy", "regret"), so the engine first looks up which patterns have all
their anchor words in the draft and runs only those, and only on a few tokens either side of an anchor
word. A pattern is skipped only when it provably cannot match, so no finding changes (the test suite
compares both ways on the corpus).

This module only reads pattern dicts; it imports nothing from spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Token attributes an anchor may test, by the name spaCy gives them in the array of a document.
ANCHOR_ATTRS = {
    "LOWER": "LOWER",
    "ORTH": "ORTH",
    "TEXT": "ORTH",
    "LEMMA": "LEMMA",
    "NORM": "NORM",
    "TAG": "TAG",
    "DEP": "DEP",
}
# Lexical flags that are rarely true: `{LIKE_URL: true}` anchors a pattern that names no word.
FLAG_ATTRS = frozenset(
    {"LIKE_URL", "LIKE_EMAIL", "LIKE_NUM", "IS_DIGIT", "IS_CURRENCY", "IS_UPPER", "IS_SPACE"}
)

_BOUNDS = re.compile(r"^\{(\d*)(,?)(\d*)\}$")

# Words so frequent that a pattern anchored on them is tried in nearly every draft; a pattern is better
# anchored on a rarer word when it has one. (Only a preference: any anchor is exact.)
COMMON_WORDS = frozenset(
    "a an and are as at be been but by can could did do does for from had has have he her his i i'm if in "  # noqa: SIM905
    "is it it's its me my no not of on or our she so that the their them there they this to us was we "
    "were what when which who will with would you your 'd 'll 'm 're 's 've n't".split()
)


@dataclass(frozen=True)
class Anchor:
    """One token of every match has one of ``words`` as its ``attr`` (a spaCy attribute name), and the
    match starts at most ``before`` tokens before that token and ends at most ``after`` tokens after it
    (None: no limit)."""

    attr: str
    words: frozenset[str | bool]  # a flag anchor holds True
    before: int | None = None
    after: int | None = None
    regex: str | None = None  # instead of words: the attribute's text matches this (re.search)

    @property
    def cost(self) -> tuple[int, int]:
        """Lower is a better anchor: words before flags and regexes, fewer common words, fewer words."""
        if self.regex is not None or not all(isinstance(word, str) for word in self.words):
            return 1000, 0
        return sum(1 for word in self.words if str(word).lower() in COMMON_WORDS), len(self.words)


def token_anchors(pattern: list[dict[str, Any]]) -> list[Anchor]:
    """Anchors of a Matcher pattern: the word tests of every token that must appear at least once."""
    repeats = [_repeats(spec) for spec in pattern]
    anchors: list[Anchor] = []
    for index, spec in enumerate(pattern):
        low, high = repeats[index]
        if low < 1:
            continue
        # The anchor token may be any of the tokens a repeated spec matches.
        extra = None if high is None else high - 1
        before = _total([high for _low, high in repeats[:index]] + [extra])
        after = _total([high for _low, high in repeats[index + 1 :]] + [extra])
        for anchor in _spec_anchors(spec):
            anchors.append(Anchor(anchor.attr, anchor.words, before, after, anchor.regex))
    return anchors


def _total(counts: list[int | None]) -> int | None:
    total = 0
    for count in counts:
        if count is None:
            return None
        total += count
    return total


def node_anchors(pattern: list[dict[str, Any]]) -> list[Anchor]:
    """Anchors of a DependencyMatcher pattern: every node must match some token."""
    anchors: list[Anchor] = []
    for node in pattern:
        attrs = node.get("RIGHT_ATTRS")
        if isinstance(attrs, dict):
            anchors.extend(_spec_anchors(attrs))
    return anchors


# Dependency operators that relate a token to its head, a child or a sibling: a pattern using only these
# matches tokens of one tree, so of one sentence. Precedence operators (".", ";") may cross sentences.
_TREE_OPERATORS = frozenset(
    {">", "<", ">>", "<<", "$+", "$-", "$++", "$--", ">+", ">-", ">++", ">--", "<+", "<-", "<++", "<--"}
)


def within_one_tree(pattern: list[dict[str, Any]]) -> bool:
    """Whether every match of a DependencyMatcher pattern lies within one dependency tree."""
    return all(node.get("REL_OP", ">") in _TREE_OPERATORS for node in pattern)


def _repeats(spec: dict[str, Any]) -> tuple[int, int | None]:
    """How many tokens a spec matches at least and at most (None: no limit), from its "OP"."""
    op = next((value for key, value in spec.items() if isinstance(key, str) and key.upper() == "OP"), None)
    if op is None or op == "!":  # "!" still consumes one token, one that does not match
        return (0, 1) if op == "!" else (1, 1)
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    bounds = _BOUNDS.match(str(op))
    if bounds is None:
        return 0, None  # unknown operator: assume anything, so nothing is skipped wrongly
    low_text, comma, high_text = bounds.groups()
    low = int(low_text) if low_text else 0
    if not comma:
        return low, low
    return low, int(high_text) if high_text else None


def _spec_anchors(spec: dict[str, Any]) -> list[Anchor]:
    anchors = []
    for key, value in spec.items():
        name = key.upper() if isinstance(key, str) else None
        if name in FLAG_ATTRS and value is True:
            anchors.append(Anchor(name, frozenset([True])))
        attr = ANCHOR_ATTRS.get(name) if name is not None else None
        if attr is None:
            continue
        if isinstance(value, str):
            anchors.append(Anchor(attr, frozenset([value])))
        elif isinstance(value, dict):
            tests = {str(test).upper(): items for test, items in value.items()}
            words = tests.get("IN")
            # Only a plain list of strings: a number inside IN is left to spaCy.
            if isinstance(words, list) and all(isinstance(word, str) for word in words):
                anchors.append(Anchor(attr, frozenset(words)))
            if isinstance(tests.get("REGEX"), str):
                anchors.append(Anchor(attr, frozenset(), regex=tests["REGEX"]))
    if spec.get("IS_UPPER") is True:
        # An upper-case token whose lower case is "very" is "VERY": a far rarer word than "very".
        lower = [a for a in anchors if a.attr == "LOWER" and a.regex is None and all(map(_ascii, a.words))]
        if lower:
            anchors.append(Anchor("ORTH", frozenset(str(word).upper() for word in lower[0].words)))
    return anchors


def _ascii(word: str | bool) -> bool:
    return isinstance(word, str) and word.isascii()
