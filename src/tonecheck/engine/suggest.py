"""Fill a rule's message and suggestion templates from what the finding covers.

A suggestion may use slots such as ``{date}``; their values are copied from the original file, so names,
dates and placeholders ("{{ date }}", "[Company]") reach the rewrite verbatim. A template whose slots the
finding cannot fill is skipped.
"""

from __future__ import annotations

import re

from tonecheck.rulefiles.schema import template_slots

_FIRST_PERSON = ("I ", "I'", "I,")
_SHOUTED_WORD = re.compile(r"\b[A-Z][A-Z']+\b")
_REPEATED_MARKS = re.compile(r"[?!]{2,}")


def calm(text: str) -> str:
    """``text`` with words in capitals lower-cased (but "I") and runs of ? and ! cut to one mark."""
    lowered = _SHOUTED_WORD.sub(lambda m: m.group(0).lower(), text)
    lowered = re.sub(r"\bi\b", "I", lowered)
    return _REPEATED_MARKS.sub(lambda m: "?" if "?" in m.group(0) else "!", lowered)


_OPTIONAL_GROUP = re.compile(r"\[\[(.*?)\]\]")


def fill(template: str, slots: dict[str, str]) -> str | None:
    """The template with its slots filled, or None when a required slot has no value.

    Text in ``[[...]]`` is optional: it is kept only when every slot inside it has a value, so one
    template can say "the role[[ at {company}]]" and keep the company name when the sentence had one.
    ``[[a|b]]`` chooses: the first alternative whose slots all have values ("[[the {role}|the role]]").
    """

    def optional(group: re.Match[str]) -> str:
        for alternative in group.group(1).split("|"):
            if all(slots.get(name) for name in template_slots(alternative)):
                return alternative
        return ""

    template = _OPTIONAL_GROUP.sub(optional, template)
    needed = template_slots(template)
    if any(not slots.get(name) for name in needed):
        return None
    return re.sub(r" {2,}", " ", template.format_map({name: slots[name] for name in needed}))


def required_slots(template: str) -> set[str]:
    """Slots used outside optional ``[[...]]`` groups."""
    return template_slots(_OPTIONAL_GROUP.sub("", template))


def fit_to_position(text: str, at_sentence_start: bool, keeps_case_from_slot: bool = False) -> str:
    """Capitalise a replacement at the start of a sentence, lower-case it in the middle of one."""
    if not text:
        return text
    if at_sentence_start:
        return text[0].upper() + text[1:]
    if keeps_case_from_slot or text.startswith(_FIRST_PERSON) or text == "I":
        return text
    second = text[1:2]
    if text[0].isupper() and not second.isupper():
        return text[0].lower() + text[1:]
    return text


def render_suggestions(
    templates: list[str], slots: dict[str, str], at_sentence_start: bool
) -> tuple[str, ...]:
    rendered: list[str] = []
    for template in templates:
        text = fill(template, slots)
        if text is None:
            continue
        starts_with_slot = template.startswith("{")
        text = fit_to_position(text, at_sentence_start, keeps_case_from_slot=starts_with_slot)
        if text not in rendered:
            rendered.append(text)
    return tuple(rendered)
