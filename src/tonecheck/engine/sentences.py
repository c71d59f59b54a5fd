"""Where a sentence starts and ends around a hit, as the judging of span rules needs it."""

from __future__ import annotations

from tonecheck.engine.resolve import Resolver, Span
from tonecheck.spans import paragraph_around


def starts_sentence(resolver: Resolver, span: Span) -> bool:
    """True when the span opens a sentence or a line (so a replacement should start with a capital)."""
    text = resolver.text
    position = resolver.char_span(span)[0]
    # Look back over spaces and opening quotes: a line break or a full stop means a new sentence.
    while position > 0 and text[position - 1] in " \t\"'(\u201c\u2018":
        position -= 1
    if position == 0 or text[position - 1] in "\n.!?":
        return True
    sentence_start = resolver.sentence_start(span)
    index = sentence_start
    while index < span[0] and (resolver.doc[index].is_punct or resolver.doc[index].is_space):
        index += 1
    return index == span[0]


def sentence_chars(resolver: Resolver, span: Span) -> tuple[int, int]:
    """The sentence around ``span``, trimmed of space and kept within its paragraph."""
    text = resolver.text
    start, end = resolver.char_span(resolver.sentence(span))
    match_start, match_end = resolver.char_span(span)
    paragraph_start, paragraph_end = paragraph_around(text, match_start, match_end)
    start = max(start, paragraph_start)
    end = min(end, paragraph_end)
    # Stay on the lines of the match when the sentence runs over a greeting or a sign-off line.
    line_start = text.rfind("\n", 0, match_start)
    if line_start >= start and is_short_line(text, start, line_start):
        start = line_start + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def is_short_line(text: str, start: int, line_break: int) -> bool:
    """A line break ends a greeting-like fragment ("Hi Sam,") rather than wrapping a sentence."""
    fragment = text[start:line_break].strip()
    return fragment.endswith((",", ":", "!")) or not fragment
