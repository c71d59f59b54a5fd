"""Reporters: the only code that turns findings into output (text, concise, JSON, SARIF, GitHub, JUnit).

Imports the results of a run and what is below them; never the command line. Nothing below it imports
it: the engine returns findings and never prints.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TextIO

from tonecheck.run.checker import FileReport

if TYPE_CHECKING:  # the rule schema loads pydantic models: a run answered from the cache skips it
    from tonecheck.rulefiles.load import Rule


class RuleLookup(Protocol):
    """What reporters read of the rule set: each rule by id (a RuleSet is one)."""

    @property
    def rules(self) -> Mapping[str, Rule]: ...


class LazyRules:
    """The rules, loaded when a reporter first asks for them: the text reporter never does (a finding
    carries its explanation), so a run answered from the cache never reads a rule file."""

    def __init__(self, load: Callable[[], RuleLookup]) -> None:
        self._load = load

    @functools.cached_property
    def rules(self) -> Mapping[str, Rule]:
        return self._load().rules


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    quiet: bool = False
    show_why: bool = False  # a rule's why under every finding; else once per rule per run


Reporter = Callable[[list[FileReport], RuleLookup, TextIO, ReportOptions], None]

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
