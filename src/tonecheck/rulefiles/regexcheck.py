"""Reject regular expressions that could backtrack for ever on a long line.

Rule files (spaCy's REGEX token attribute) and configuration (extra placeholder syntaxes) may hold
regular expressions. Python's `re` has no time limit, so a pattern such as `(a+)+b` could stall the
linter on one long line. Such patterns are refused when the file loads.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

try:  # the standard library's parser behind `re`, which gives a pattern's structure
    from re import _parser as sre_parse  # Python 3.11+
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse  # type: ignore[no-redef]

_REPEATS = {sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, getattr(sre_parse, "POSSESSIVE_REPEAT", None)}
MAX_PATTERN_LENGTH = 500


def regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` is refused, or None when it is safe to run on any text."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"regular expression longer than {MAX_PATTERN_LENGTH} characters"
    try:
        parsed = sre_parse.parse(pattern)
        re.compile(pattern)
    except (re.error, OverflowError, RecursionError) as exc:
        return f"invalid regular expression: {exc}"
    return _walk(parsed, inside_repeat=False)


def _walk(parsed: object, inside_repeat: bool) -> str | None:
    """Refuse a repetition inside a repetition, and alternatives of different widths inside one."""
    for op, value in parsed:  # type: ignore[attr-defined]
        if op in (sre_parse.GROUPREF, sre_parse.GROUPREF_EXISTS):
            return "back-references are not allowed in regular expressions"
        if op in _REPEATS:
            _low, high, item = value
            repeats = high == sre_parse.MAXREPEAT or high > 1
            if inside_repeat and repeats:
                return "nested repetition (like (a+)+) can take exponential time; rewrite the pattern"
            problem = _walk(item, inside_repeat or repeats)
        elif op == sre_parse.SUBPATTERN:
            problem = _walk(value[-1], inside_repeat)
        elif op == sre_parse.BRANCH:
            branches = value[1]
            widths = {branch.getwidth() for branch in branches}
            if inside_repeat and (len(widths) > 1 or any(low != high for low, high in widths)):
                return "alternatives of different lengths inside a repetition can take exponential time"
            problem = next((p for p in (_walk(b, inside_repeat) for b in branches) if p), None)
        elif op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
            problem = _walk(value[1], inside_repeat)
        else:
            problem = None
        if problem:
            return problem
    return None


def regexes_in(value: object) -> Iterator[str]:
    """Every REGEX value inside a token or dependency pattern."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "REGEX" and isinstance(item, str):
                yield item
            else:
                yield from regexes_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from regexes_in(item)
