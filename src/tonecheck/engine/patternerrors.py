"""What is wrong with a pattern, said in one line naming the rule file and line: a regular expression
that could backtrack for ever, or spaCy's own complaint with the hint that matters most (a word YAML
read as a number or a boolean)."""

from __future__ import annotations

from typing import Protocol

from tonecheck.errors import RuleError
from tonecheck.rulefiles.regexcheck import regex_problem, regexes_in


class _Origin(Protocol):
    path: str

    def line(self, *more: str | int) -> int | None: ...


def refuse_runaway_regexes(pattern: object, origin: _Origin, kind_name: str, index: int) -> None:
    """A regular expression that can backtrack for ever would hang every run: refuse it up front."""
    for regex in regexes_in(pattern):
        problem = regex_problem(regex)
        if problem:
            raise RuleError(f"{problem}: {regex!r}", origin.path, origin.line(kind_name, index))


_TEXT_ATTRS = {"ORTH", "TEXT", "LOWER", "LEMMA", "NORM", "POS", "TAG", "DEP", "MORPH", "SHAPE", "ENT_TYPE"}


def explain(exc: BaseException, pattern: list[dict[str, object]]) -> str:
    text = _first_line(exc)
    if _unquoted_values(pattern):
        # YAML reads 24 as a number and true/false as booleans; text attributes need strings.
        text += ' (a word was read as a number or true/false: put it in quotes, e.g. "24")'
    return text


def _unquoted_values(value: object, attr: str | None = None) -> bool:
    if isinstance(value, dict):
        return any(_unquoted_values(item, key if key in _TEXT_ATTRS else attr) for key, item in value.items())
    if isinstance(value, list):
        return any(_unquoted_values(item, attr) for item in value)
    return attr is not None and not isinstance(value, str)


def _first_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    # spaCy's pattern errors start with an error code and a generic sentence; keep what names the problem.
    for marker in ("- ", "Details:"):
        if marker in text:
            text = text.split(marker, 1)[1]
            break
    return text[:300]
