"""Reporters: the only code that turns findings into output."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from tonecheck.ruleset import RuleSet
from tonecheck.runner import FileReport


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False
    show_why: bool = True


Reporter = Callable[[list[FileReport], RuleSet, TextIO, ReportOptions], None]


def get_reporter(name: str) -> Reporter:
    if name == "json":
        from tonecheck.report.json import report_json

        return report_json
    from tonecheck.report.text import report_text

    return report_text


FORMATS = ("text", "json")
