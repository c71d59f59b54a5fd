"""Template placeholders ("[Company Name]", "{{ first_name }}", "%NAME%" ...) and the words that stand in
for them while the pipeline reads the text.

A placeholder is masked with a plain word of the same sort (a name, a company, a role, a day), so the
sentence still parses; findings never point inside one, and suggestions copy it back verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Name -> regular expression. Each is linear: bounded character classes, no nested repetition.
DEFAULT_SYNTAXES: dict[str, str] = {
    "double-curly": r"\{\{[^{}\n]{1,80}\}\}",
    "dollar-curly": r"\$\{[^{}\n]{1,80}\}",
    "curly": r"\{[A-Za-z_][^{}\n]{0,80}\}",
    "square": r"\[[^\[\]\n]{2,80}\](?!\()",
    "percent": r"%[A-Za-z_][A-Za-z0-9_]{0,60}%",
    "angle": r"<[A-Za-z][A-Za-z0-9_ .-]{0,60}>",
}

# Lowercase HTML tags are markup, not placeholders.
_HTML_TAGS = frozenset(
    # One string keeps the 49 tag names readable in five lines instead of forty-nine.
    "a abbr b big blockquote body br center code div em font "  # noqa: SIM905
    "h1 h2 h3 h4 h5 h6 head hr html i img kbd li link meta ol p pre s small span strike "
    "strong style sub sup table tbody td th thead title tr tt u ul".split()
)

_KINDS_OF_PLACEHOLDER: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Monday", ("date", "day", "deadline", "time", "when", "month", "week")),
    (
        "Acme",
        (
            "company",
            "organisation",
            "organization",
            "employer",
            "firm",
            "school",
            "university",
            "business",
            "agency",
            "team",
            "department",
            "org",
            "institution",
            "hospital",
            "store",
        ),
    ),
    ("Analyst", ("role", "position", "title", "job", "post", "vacancy", "opening")),
    (
        "Alex",
        (
            "name",
            "first",
            "last",
            "manager",
            "interviewer",
            "recruiter",
            "contact",
            "person",
            "hr",
            "candidate",
            "sender",
            "signature",
            "you",
            "me",
            "mr",
            "ms",
            "dr",
        ),
    ),
    ("example.com", ("link", "url", "portfolio", "website", "site", "attachment", "file", "cv", "resume")),
)
_DEFAULT_WORD = "Acme"


@dataclass(frozen=True)
class Placeholder:
    start: int
    end: int
    word: str


def compile_syntaxes(syntaxes: dict[str, str]) -> re.Pattern[str]:
    """One alternation of every syntax, longest forms first so ``{{x}}`` wins over ``{x}``."""
    return re.compile("|".join(f"(?:{pattern})" for pattern in syntaxes.values()))


DEFAULT_PATTERN = compile_syntaxes(DEFAULT_SYNTAXES)


def find_placeholders(
    text: str, start: int, end: int, pattern: re.Pattern[str] = DEFAULT_PATTERN
) -> list[Placeholder]:
    found = []
    for match in pattern.finditer(text, start, end):
        raw = match.group(0)
        inner = raw.strip("[]{}$%<> ").strip()
        if raw.startswith("<") and inner.lower() in _HTML_TAGS:
            continue
        if not any(ch.isalpha() for ch in inner):
            continue
        found.append(Placeholder(match.start(), match.end(), stand_in(inner)))
    return found


def stand_in(inner: str) -> str:
    """A plain word of the same sort as the placeholder's name."""
    words = re.findall(r"[a-z]+", inner.lower().replace("_", " "))
    for word, cues in _KINDS_OF_PLACEHOLDER:
        if any(w in cues for w in words):
            return word
    return _DEFAULT_WORD
