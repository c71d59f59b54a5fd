"""Whether a rule applies to a message beyond its words: message-level finders, facts about the message
(``if-context``), other categories' findings (``unless-flagged``), and one absence per category."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tonecheck.engine.resolve import Resolver
from tonecheck.inputs.context import Context
from tonecheck.rulefiles.load import Rule
from tonecheck.rulefiles.schema import Finders, IfContext


@dataclass
class Judged:
    """What one rule found in one message, before it becomes a Finding."""

    rule: Rule
    start: int  # offsets in the lintable text
    end: int
    match: tuple[int, int]  # the matched words, in the lintable text
    slots: dict[str, str]  # slots that do not come from the text (timing dates)
    at_sentence_start: bool
    point: bool = False


def conditions_hold(resolver: Resolver, if_present: Finders | None, unless_present: Finders | None) -> bool:
    """Message-level conditions: something that must be present, something that must not be."""
    if if_present is not None and not resolver.hits(if_present):
        return False
    return unless_present is None or not resolver.hits(unless_present)


def context_holds(context: Context, wanted: IfContext | None) -> bool:
    """A rule's ``if-context`` facts; an unknown fact (no attachment information) never holds."""
    if wanted is None:
        return True
    if wanted.attachments is not None:
        if context.attachments is None:
            return False
        if (wanted.attachments == "some") != bool(context.attachments):
            return False
    return True


def one_absence_per_category(judged: list[Judged], kind: str) -> list[Judged]:
    """A draft read as two close kinds may miss one element twice (thanks for a thank-you note and for a
    check-in): report it once, as the rule for the kind read first would."""
    kept: dict[str, Judged] = {}
    for item in judged:
        if not item.point:
            continue
        current = kept.get(item.rule.category)
        if current is None or (kind in item.rule.model.kinds and kind not in current.rule.model.kinds):
            kept[item.rule.category] = item
    return [item for item in judged if not item.point or kept.get(item.rule.category) is item]


def drop_unless_flagged(
    judged: list[Judged], rules: Iterable[Rule], flags: Callable[[Rule], bool]
) -> list[Judged]:
    """Drop absence findings whose rule's ``unless-flagged`` names a category that has a finding here.

    The categories are judged with every rule of theirs (``flags`` says whether one has a finding), also
    those a selection left out, so ``--select missing-keep-in-touch`` reports what a full run would.
    """
    wanted = {
        category
        for item in judged
        if item.rule.model.absence is not None
        for category in item.rule.model.absence.unless_flagged
    }
    if not wanted:
        return judged
    flagged: set[str] = set()
    for rule in rules:
        if rule.category in wanted and rule.category not in flagged and flags(rule):
            flagged.add(rule.category)
    return [
        item
        for item in judged
        if item.rule.model.absence is None or not flagged & set(item.rule.model.absence.unless_flagged)
    ]
