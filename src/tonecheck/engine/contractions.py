"""Contractions written without their apostrophe ("didnt", "havent", "cant", "Ive", "youre").

People typing fast, on a phone or in a second language often leave the apostrophe out. spaCy still splits
such a word as it splits the contraction ("didnt" is "did" + "nt", "Im" is "I" + "m"), but the clitic token
reads "nt" where a rule wrote "n't", so "i still didnt hear anything" slipped past every rule about
silence. Each slot and phrase a rule writes with a clitic also accepts the clitic without its apostrophe.

A phrase gets its apostrophe-less twin only when the tokenizer splits the twin into as many words: "it's"
without its apostrophe is the word "its", "we're" is "were" and "we'll" is "well", all other words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

# The tokenizer's clitic tokens and the same tokens typed without an apostrophe. A bare "s" or "d" token
# comes only from such a split ("thats", "youd"): "its" and "shed" stay whole words.
CLITICS = {"n't": "nt", "'ve": "ve", "'ll": "ll", "'m": "m", "'re": "re", "'s": "s", "'d": "d"}
_KEYS = ("LOWER", "ORTH", "TEXT")
_IN_PHRASE = re.compile(r"(?<=[a-z])'(?=(?:t|ve|ll|m|re|s|d)\b)", re.IGNORECASE)


def loosen(spec: dict[str, Any]) -> dict[str, Any]:
    """A token slot that also takes each clitic it names typed without the apostrophe."""
    for key in _KEYS:
        value = spec.get(key)
        if isinstance(value, str) and value.lower() in CLITICS:
            return {**spec, key: {"IN": [value, CLITICS[value.lower()]]}}
        if isinstance(value, dict) and isinstance(value.get("IN"), list):
            values = value["IN"]
            more = [
                CLITICS[item.lower()]
                for item in values
                if isinstance(item, str) and item.lower() in CLITICS and CLITICS[item.lower()] not in values
            ]
            if more:
                return {**spec, key: {**value, "IN": [*values, *more]}}
    return spec


def loosen_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [loosen(spec) for spec in pattern]


def loosen_nodes(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A dependency pattern whose nodes take clitics typed without the apostrophe."""
    return [
        {**node, "RIGHT_ATTRS": loosen(node["RIGHT_ATTRS"])} if "RIGHT_ATTRS" in node else node
        for node in pattern
    ]


def with_bare_twins(phrases: Iterable[str], tokenize: Callable[[str], list[str]]) -> list[str]:
    """The phrases, each followed by its apostrophe-less twin where the tokenizer splits that alike."""
    out: list[str] = []
    for phrase in phrases:
        out.append(phrase)
        twin = _IN_PHRASE.sub("", phrase)
        if twin != phrase and len(tokenize(twin)) == len(tokenize(phrase)):
            out.append(twin)
    return out
