"""Filling a rule's message and suggestion templates: ``{slot}`` values, ``[[optional]]`` parts and
``[[first|second]]`` choices; and the same templates with neutral example values, for documentation
(`explain`, the rule reference, SARIF), which must never show template syntax."""

from __future__ import annotations

import re

from tonecheck.rulefiles.schema import template_slots

OPTIONAL_GROUP = re.compile(r"\[\[(.*?)\]\]")

# Neutral values a reader of the documentation can picture: dates as timing rules write them
# (an interview on a Monday, a note sent two days later, the first day it would be fine).
EXAMPLE_SLOTS = {
    "date": "Friday",
    "person": "Sam",
    "role": "operations analyst role",
    "placeholder": "example.com/portfolio",
    "match": "…",
    "calm": "the same sentence, calmer: capitals lowered, one question or exclamation mark",
    "after_date": "Monday 2026-03-02",
    "send_date": "Wednesday 2026-03-04",
    "earliest": "Monday 2026-03-09",
    "latest": "Tuesday 2026-03-03",
    "words": '"formality", "not surprised"',
}


# For a one-line summary of a rule (`--statistics`), where example dates would read as real ones.
SUMMARY_SLOTS = {
    **EXAMPLE_SLOTS,
    "date": "the date",
    "person": "the reader",
    "role": "role",
    "after_date": "that date",
    "send_date": "the send date",
    "earliest": "later",
    "latest": "the deadline",
    "words": "the words that weighed most",
}


def fill(template: str, slots: dict[str, str], refuse_in_choices: frozenset[str] = frozenset()) -> str | None:
    """The template with its slots filled, or None when a required slot has no value.

    Text in ``[[...]]`` is optional: it is kept only when every slot inside it has a value, so one
    template can say "the role[[ at {company}]]" and keep the company name when the sentence had one.
    ``[[a|b]]`` chooses: the first alternative whose slots all have values ("[[the {role}|the role]]").
    A slot in ``refuse_in_choices`` is never chosen inside ``[[a|b]]`` (a value of the wrong sort for
    that place).
    """

    def optional(group: re.Match[str]) -> str:
        alternatives = group.group(1).split("|")
        for alternative in alternatives:
            names = template_slots(alternative)
            if len(alternatives) > 1 and names & refuse_in_choices:
                continue
            if all(slots.get(name) for name in names):
                return alternative
        return ""

    template = OPTIONAL_GROUP.sub(optional, template)
    needed = template_slots(template)
    if any(not slots.get(name) for name in needed):
        return None
    return re.sub(r" {2,}", " ", template.format_map({name: slots[name] for name in needed}))


def example(template: str, summary: bool = False) -> str:
    """``template`` as documentation shows it: filled with neutral example values (with ``summary``,
    words such as "the send date" rather than example dates)."""
    values = SUMMARY_SLOTS if summary else EXAMPLE_SLOTS
    filled = fill(template, values)
    if filled is not None:
        return filled
    # A slot with no example value (a rule folder's own): name it in words rather than in braces.
    words = {name: name.replace("_", " ") for name in template_slots(OPTIONAL_GROUP.sub("", template))}
    return fill(template, {**words, **values}) or template
