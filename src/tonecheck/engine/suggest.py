"""Fill a rule's message and suggestion templates from what the finding covers.

A suggestion may use slots such as ``{date}``; their values are copied from the original file, so names,
dates and placeholders ("{{ date }}", "[Company]") reach the rewrite verbatim. A template whose slots the
finding cannot fill is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tonecheck.inputs.placeholders import stand_in
from tonecheck.inputs.textmap import MappedText
from tonecheck.rulefiles import templates
from tonecheck.rulefiles.schema import template_slots

_FIRST_PERSON = ("I ", "I'", "I,")
_SHOUTED_WORD = re.compile(r"\b[A-Z][A-Z']+\b")
_REPEATED_MARKS = re.compile(r"[?!]{2,}")


def calm(text: str) -> str:
    """``text`` with words in capitals lower-cased (but "I") and runs of ? and ! cut to one mark."""
    lowered = _SHOUTED_WORD.sub(lambda m: m.group(0).lower(), text)
    lowered = re.sub(r"\bi\b", "I", lowered)
    return _REPEATED_MARKS.sub(lambda m: "?" if "?" in m.group(0) else "!", lowered)


def fill(template: str, slots: dict[str, str]) -> str | None:
    """The template with its slots filled, or None when a required slot has no value (see
    ``rulefiles.templates.fill``)."""
    return templates.fill(template, slots)


def required_slots(template: str) -> set[str]:
    """Slots used outside optional ``[[...]]`` groups."""
    return template_slots(templates.OPTIONAL_GROUP.sub("", template))


# The slot a placeholder of each sort can fill, by the word that stands in for it while parsing.
_SLOT_OF_STAND_IN = {"Alex": "person", "Analyst": "role", "Monday": "date"}


def _sort_placeholder(slots: dict[str, str]) -> tuple[dict[str, str], frozenset[str]]:
    """Put a spare placeholder ("{role}", "[Name]") where its sort belongs.

    A choice such as "[[{person}|{placeholder}|the team]]" offers the placeholder in a person's place:
    "{role}" or "{company}" there would make the role the person ("I understand {role} hoped ...").
    So a placeholder that does not name a person is refused in choices, and one that names a role or a
    date fills that slot when the sentence gave none.
    """
    placeholder = slots.get("placeholder")
    if not placeholder:
        return slots, frozenset()
    slot = _SLOT_OF_STAND_IN.get(stand_in(placeholder.strip("[]{}$%<> ")))
    sorted_slots = dict(slots)
    if slot is not None and not sorted_slots.get(slot):
        sorted_slots[slot] = placeholder
    return sorted_slots, frozenset() if slot == "person" else frozenset({"placeholder"})


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
    template_list: list[str], slots: dict[str, str], at_sentence_start: bool
) -> tuple[str, ...]:
    rendered: list[str] = []
    slots, refused = _sort_placeholder(slots)
    for template in template_list:
        text = templates.fill(template, slots, refused)
        if text is None:
            continue
        starts_with_slot = template.startswith("{")
        text = fit_to_position(text, at_sentence_start, keeps_case_from_slot=starts_with_slot)
        if text not in rendered:
            rendered.append(text)
    return tuple(rendered)


def spare_placeholder(mapped: MappedText, start: int, end: int, used: Iterable[str]) -> str | None:
    """The first masked piece of the span (a placeholder, a link) that no other slot carries."""
    taken = " ".join(used)
    for masked_start, masked_end, original_start, original_end in mapped.substituted_spans():
        if masked_end <= masked_start or masked_start < start or masked_end > end:
            continue
        original = mapped.original[original_start:original_end]
        if any(ch.isalpha() for ch in original) and original not in taken:
            return original
    return None


def original_text(mapped: MappedText, start: int, end: int) -> str:
    original_start, original_end = mapped.original_span(start, end)
    return mapped.original[original_start:original_end]


def calm_original(mapped: MappedText, start: int, end: int) -> str:
    """The original text of a span, calmed (see ``suggest.calm``) except inside placeholders."""
    original_start, original_end = mapped.original_span(start, end)
    protected = mapped.protected().overlapping(original_start, original_end)
    parts = []
    position = original_start
    for protected_start, protected_end in sorted(protected):
        parts.append(calm(mapped.original[position : max(position, protected_start)]))
        parts.append(mapped.original[max(position, protected_start) : protected_end])
        position = max(position, protected_end)
    parts.append(calm(mapped.original[position:original_end]))
    return "".join(parts)
