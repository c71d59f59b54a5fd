"""A finding is a small immutable value; the engine returns them and only the reporters print them."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import Any, Literal


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    def __str__(self) -> str:
        return self.name.lower()


SEVERITY_NAMES = ("error", "warning", "info")
SeverityName = Literal["error", "warning", "info"]  # for schemas: rule files and configuration


@dataclass(frozen=True)
class Fix:
    """Replace ``original[start:end]`` with ``replacement``; ``start == end`` is an insertion."""

    start: int
    end: int
    replacement: str
    safe: bool


@dataclass(frozen=True)
class Finding:
    rule: str
    category: str
    severity: Severity
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    suggestions: tuple[str, ...] = ()
    fix: Fix | None = None
    # "original" when start/end index the file as read; "decoded" when they index decoded text
    # (a base64 or HTML e-mail body), which the file itself does not contain verbatim.
    offsets: str = "original"
    # Why the rule matters, as the rule file explains it: reporters print it without loading the rules.
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["suggestions"] = list(self.suggestions)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        values = dict(data)
        values["severity"] = Severity.parse(values["severity"])
        values["suggestions"] = tuple(values["suggestions"])
        values["fix"] = Fix(**values["fix"]) if values.get("fix") else None
        return cls(**values)


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as `--format json` and the web API publish it (keys may be added, never removed)."""
    data: dict[str, Any] = {
        "rule": finding.rule,
        "category": finding.category,
        "severity": str(finding.severity),
        "message": finding.message,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line,
        "end_column": finding.end_column,
        "start": finding.start,
        "end": finding.end,
        "text": finding.text,
        "suggestions": list(finding.suggestions),
        "offsets": finding.offsets,
    }
    if finding.fix is not None:
        data["fix"] = {
            "start": finding.fix.start,
            "end": finding.fix.end,
            "replacement": finding.fix.replacement,
            "applicability": "safe" if finding.fix.safe else "unsafe",
        }
    return data
