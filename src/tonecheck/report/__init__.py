"""Reporters: the only code that turns findings into output."""

from __future__ import annotations

import importlib
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

# format name -> (module, function)
_REPORTERS = {
    "text": ("tonecheck.report.text", "report_text"),
    "concise": ("tonecheck.report.concise", "report_concise"),
    "json": ("tonecheck.report.json", "report_json"),
    "sarif": ("tonecheck.report.sarif", "report_sarif"),
    "github": ("tonecheck.report.github", "report_github"),
    "junit": ("tonecheck.report.junit", "report_junit"),
}
FORMATS = tuple(_REPORTERS)


def get_reporter(name: str) -> Reporter:
    module_name, function = _REPORTERS[name]
    return getattr(importlib.import_module(module_name), function)
