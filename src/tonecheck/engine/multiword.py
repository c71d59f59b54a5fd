"""Words that spaCy reads as several tokens, written as one value in a token pattern.

A rule author naturally writes "box-ticking", "e-mail", "I'm" or "cannot" in a list of words, but the
tokenizer splits them ("box", "-", "ticking"; "I", "'m"; "can", "not"), so a slot that stands for one
token could never match them. Each such value becomes its own variant of the pattern, with one slot per
token, and stays in the original slot too (some words are split in one spelling only). Values that
start with an apostrophe ("'m", "'ve") are the tokenizer's own clitic tokens and are left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Tokenize = Callable[[str], list[str]]
TokenSpec = dict[str, Any]

TEXT_KEYS = ("LOWER", "ORTH", "TEXT", "NORM", "LEMMA")
# Describe a whole word, so they cannot be carried over to its pieces.
_WHOLE_WORD_KEYS = frozenset(
    {"POS", "TAG", "MORPH", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID", "LENGTH", "SHAPE"}
)
# A pattern with many split words in many slots would multiply into more variants than is sensible.
MAX_VARIANTS = 64


class TooManyVariants(ValueError):
    """Raised when splitting a pattern's words would give more than MAX_VARIANTS patterns."""


def expand(pattern: list[TokenSpec], tokenize: Tokenize) -> list[list[TokenSpec]]:
    """The pattern as one or more patterns in which every word value is a single token."""
    variants: list[list[TokenSpec]] = [[]]
    for spec in pattern:
        choices = _choices(spec, tokenize)
        if len(choices) == 1:
            for variant in variants:
                variant.extend(choices[0])
            continue
        variants = [[*variant, *choice] for variant in variants for choice in choices]
        if len(variants) > MAX_VARIANTS:
            raise TooManyVariants(
                f"splitting its hyphenated or contracted words gives more than {MAX_VARIANTS} patterns; "
                "write the words token by token"
            )
    return variants


def _choices(spec: TokenSpec, tokenize: Tokenize) -> list[list[TokenSpec]]:
    """What one slot may become: itself, or a run of slots for each multi-token value."""
    key = _text_key(spec)
    operator = spec.get("OP")
    if key is None or operator not in (None, "?"):
        return [[spec]]  # repeated or negated slots keep their values as written
    value = spec[key]
    if isinstance(value, str):
        words = [value]
    elif isinstance(value, dict) and isinstance(value.get("IN"), list):
        words = [item for item in value["IN"] if isinstance(item, str)]
    else:
        return [[spec]]
    runs = []
    for word in words:
        pieces = _pieces(word, tokenize)
        if len(pieces) > 1:
            runs.append(_run(spec, key, pieces))
    if not runs:
        return [[spec]]
    # Every value stays in the one-token slot as well: the tokenizer splits some words only in some
    # spellings ("yall" alone is two tokens, "Yall" opening a sentence one), and a value that never
    # occurs as one token costs nothing there.
    absent: list[list[TokenSpec]] = [[]] if operator == "?" else []
    return [[spec], *absent, *runs]


def _run(spec: TokenSpec, key: str, pieces: list[str]) -> list[TokenSpec]:
    """One slot per piece: the first carries the slot's other conditions, the last keeps a lemma test."""
    exact = "ORTH" if key in ("ORTH", "TEXT") else "LOWER"
    run: list[TokenSpec] = []
    for position, piece in enumerate(pieces):
        text = piece if exact == "ORTH" else piece.lower()
        slot: TokenSpec = {exact: text}
        if position == len(pieces) - 1 and key == "LEMMA":
            slot = {"LEMMA": text}  # "e-mails" still matches a lemma written "e-mail"
        if position == 0:
            for other, condition in spec.items():
                if other not in (key, "OP") and other not in _WHOLE_WORD_KEYS:
                    slot[other] = condition
        run.append(slot)
    return run


def _text_key(spec: TokenSpec) -> str | None:
    for key in TEXT_KEYS:
        if key in spec:
            return key
    return None


def _pieces(value: str, tokenize: Tokenize) -> list[str]:
    if value[:1] in ("'", "\u2019") or not value.strip():
        return [value]
    return tokenize(value)
