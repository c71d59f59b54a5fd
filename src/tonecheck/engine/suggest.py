"""Fill a rule's message and suggestion templates from what the finding covers.

A suggestion may use slots such as ``{date}``; their values are copied from the original file, so names,
dates and placeholders ("{{ date }}", "[Company]") reach the rewrite verbatim. A template whose slots the
finding cannot fill is skipped.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping

from tonecheck.inputs.placeholders import stand_in
from tonecheck.inputs.textmap import MappedText
from tonecheck.rulefiles import templates
from tonecheck.rulefiles.schema import template_slots
from tonecheck.spans import SpanIndex

_FIRST_PERSON = ("I ", "I'", "I,")
_SHOUTED_WORD = re.compile(r"\b[A-Z][A-Z']+\b")
_REPEATED_MARKS = re.compile(r"[?!]{2,}")
# Names of days and months keep their capital when a shouted run is lower-cased ("BY FRIDAY" -> "by
# Friday"). "May" and "March" are also ordinary words ("YOU MAY", "WE MARCH"), so only a number after
# them makes them months. Other names cannot be told from words in capitals ("BOSTON"), so they are
# lower-cased with the rest.
_DAYS_AND_MONTHS = frozenset(
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)
_MONTHS_BEFORE_A_NUMBER = frozenset({"may", "march"})
_NUMBER_NEXT = re.compile(r"\s+\d")
# Shouted short forms of a date are abbreviations, not words, and keep their capitals.
_DATE_ABBREVIATIONS = frozenset({"EOD", "COB", "EOW", "EOB"})
# The slot of the matched words calmed; computed only for a rule whose templates use it.
CALM_SLOT = "calm"


def calm(text: str, names: Mapping[str, str] | None = None) -> str:
    """``text`` with words in capitals lower-cased (but "I", the names of days and months, and the words
    ``names`` maps from lower case to how the draft writes them) and runs of ? and ! cut to one mark."""
    known = names or {}
    lowered = _SHOUTED_WORD.sub(lambda m: known.get(m.group(0).lower()) or _lower_shouted(m), text)
    lowered = re.sub(r"\bi\b", "I", lowered)
    return _REPEATED_MARKS.sub(lambda m: "?" if "?" in m.group(0) else "!", lowered)


# A capitalised word inside a sentence: after a word in lower case, a comma, a title ("Mr.") or a
# greeting ("Hi Dana"), so neither a sentence's first word, a line of its own (a signature), nor a
# subject line in title case ("Following Up On My Application") is taken for a name.
_NAME = re.compile(r"[A-Z][a-z]+(?:['\u2019][a-z]+)?")
_BEFORE_A_NAME = frozenset({"mr.", "ms.", "mrs.", "dr.", "prof.", "hi", "hello", "hey", "dear", "thanks"})
_WORD = re.compile(r"\b[A-Za-z]+(?:['\u2019][A-Za-z]+)?\b")


# Every calmed finding of a draft asks about the same text: it is read once (the string's hash is
# cached, so looking it up costs nothing).
@functools.lru_cache(maxsize=8)
def names_in(text: str) -> Mapping[str, str]:
    """Words the draft writes with a capital inside a sentence and never in lower case ("Hi Dana,",
    "the Boston office"), by their lower-case form: when the same word is shouted ("SEND IT TO DANA"),
    the calm rewrite writes it as the draft does elsewhere rather than "dana". A word the draft also
    writes in lower case is an ordinary word ("Will" and "will")."""
    lower_case = {word for word in _WORD.findall(text) if word.islower()}
    names: dict[str, str] = {}
    for line in text.splitlines():
        if line.lstrip("> ").lower().startswith("subject:"):
            continue
        words = line.split()
        for before, word in itertools.pairwise(words):
            name = _NAME.fullmatch(word.rstrip(".,;:!?)\"'\u201d"))
            if name is None or name.group(0).lower() in lower_case:
                continue
            if before.islower() or before.endswith(",") or before.lower() in _BEFORE_A_NAME:
                names.setdefault(name.group(0).lower(), name.group(0))
    return names


def calm_date(text: str) -> str:
    """A date copied into a rewrite, without the capitals it was shouted in: "by TODAY" in the original
    must not become "an update by TODAY" in the calm rewrite. Abbreviations ("EOD") stay as written."""
    return _SHOUTED_WORD.sub(
        lambda m: m.group(0) if m.group(0) in _DATE_ABBREVIATIONS else _lower_shouted(m), text
    )


def _lower_shouted(match: re.Match[str]) -> str:
    word = match.group(0).lower()
    if word in _DAYS_AND_MONTHS or (
        word in _MONTHS_BEFORE_A_NUMBER and _NUMBER_NEXT.match(match.string, match.end())
    ):
        return word.capitalize()
    return word


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
    names = names_in(mapped.original)
    parts = []
    position = original_start
    for protected_start, protected_end in sorted(protected):
        parts.append(calm(mapped.original[position : max(position, protected_start)], names))
        parts.append(mapped.original[max(position, protected_start) : protected_end])
        position = max(position, protected_end)
    parts.append(calm(mapped.original[position:original_end], names))
    return "".join(parts)


def finding_slots(
    mapped: MappedText,
    given: dict[str, str],
    match: tuple[int, int],
    span: tuple[int, int],
    point: bool,
    anchors: dict[str, SpanIndex],
    calm: bool,
) -> dict[str, str]:
    """The slots a finding's templates fill: ``given`` (the rule's own), the matched words (``match``;
    ``calm`` when asked), and each of ``anchors`` (dates, names, roles found in the text) that the
    finding covers, in the original file's words. ``span`` is the finding's; ``point``, whether it
    marks where a missing sentence belongs."""
    slots = dict(given)
    slots["match"] = original_text(mapped, *match)
    if calm:
        slots[CALM_SLOT] = calm_original(mapped, *match)
    for name, spans in anchors.items():
        # A date inside the matched words ("by Friday" in "I need an answer by Friday") is the one the
        # rewrite is about; otherwise the sentence's first. A name is taken only from the matched words:
        # without the entity recogniser a capitalised word elsewhere may be anything.
        inside = spans.first_within(*match)
        if inside is None and name != "person":
            inside = spans.first_within(*span)
        if inside is None and point and name in ("role", "company"):
            # A missing sentence has no words: it names the role the message names.
            inside = spans.first_within(0, len(mapped.text))
        if inside is not None:
            words = original_text(mapped, *inside)
            slots[name] = calm_date(words) if name == "date" else words
    placeholder = spare_placeholder(mapped, *span, slots.values())
    if placeholder:
        slots["placeholder"] = placeholder
    return slots
