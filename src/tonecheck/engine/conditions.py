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
    if if_present is not None and not (resolver.hits(if_present) or _in_quoted(resolver, if_present)):
        return False
    return unless_present is None or not resolver.hits(unless_present)


def _in_quoted(resolver: Resolver, wanted: Finders) -> bool:
    """Whether the quoted message has one of the elements ``wanted`` names that count there (`quoted`)."""
    names = [name for name in wanted.elements if resolver.elements[name].quoted]
    if not names:
        return False
    quoted = resolver.quoted()
    return quoted is not None and any(quoted.hits(quoted.elements[name]) for name in names)


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
    """Drop findings whose rule's ``unless-flagged`` names a category that has a finding here.

    The categories are judged with every rule of theirs (``flags`` says whether one has a finding), also
    those a selection left out, so ``--select missing-keep-in-touch`` reports what a full run would. A
    conditional rule silenced by its own category (a learned rule that defers to the word lists) is
    judged by the other rules of that category only, so it never silences itself; for any other rule's
    condition it counts like the rest (a reply the model reads as hostile is not asked to keep in touch).
    """
    wanted = {category for item in judged for category in item.rule.model.unless_flagged}
    if not wanted:
        return judged
    plain: set[str] = set()  # categories flagged by a rule that is not itself conditional
    any_rule: set[str] = set()  # ... or by any rule
    for rule in rules:
        if rule.category not in wanted or rule.category in plain:
            continue
        conditional = bool(rule.model.unless_flagged)
        if conditional and rule.category in any_rule:
            continue
        if flags(rule):
            any_rule.add(rule.category)
            if not conditional:
                plain.add(rule.category)
    kept = []
    for item in judged:
        names = set(item.rule.model.unless_flagged)
        own = names & {item.rule.category}
        if own & plain or (names - own) & any_rule:
            continue
        kept.append(item)
    return kept
