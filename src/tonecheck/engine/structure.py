"""The parts of an email that rules care about: greeting, body, closing formula and signature.

A closing formula ("Thanks,", "Best regards,") is not part of what the message says: a bare "Thanks," there
does not count as thanking the reader, nor does a bare "Thanks!" or "Thank you." that ends the last line
("Any news? Thanks!") or stands just above another formula ("Thank you.\n\nBest regards,"). The
greeting and sign-off word lists are data (messages.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_MAX_SIGNATURE_LINES = 6
_MAX_GREETING_WORDS = 7
# Where a sentence ends inside a line: a closing formula may follow it there ("Any news? Thanks!").
_SENTENCE_BREAK = re.compile(r"[.!?…)][ \t]+")
# A postscript under the signature ("P.S. Thanks again.", "PS: I found your email through ..."): the
# writer speaking again, so its thanks and its words are the body's.
_POSTSCRIPT = re.compile(r"[ \t]*P\.?[ \t]?P?\.?S\b\.?", re.IGNORECASE)
# A formula said as a sentence of its own: words only, perhaps ending in "." or "!" (not "?", not ",").
_FORMULA_SENTENCE = re.compile(r"[^\W_][^\W_ \t'’]*(?:[ \t'’]+[^\W_]+)*[ \t]*[.!]*")


@dataclass(frozen=True)
class Layout:
    body_start: int  # where the first body line starts (after the greeting line, if any)
    signoff: tuple[int, int] | None  # the closing formula (from a bare "Thanks!" just above or before it)
    signature_start: int | None  # name and signature lines after the closing formula
    text_end: int  # just after the last non-blank character
    name_line: int | None = None  # a bare name on the last line when there is no closing formula
    postscript: tuple[int, int] | None = None  # a "P.S." paragraph after the closing formula

    def in_signoff(self, start: int, end: int) -> bool:
        return self.signoff is not None and self.signoff[0] <= start and end <= self.signoff[1]

    def in_signature(self, start: int) -> bool:
        return self.signature_start is not None and start >= self.signature_start

    def in_body(self, start: int, end: int) -> bool:
        if self.postscript is not None and self.postscript[0] <= start and end <= self.postscript[1]:
            return True
        return not self.in_signoff(start, end) and not self.in_signature(start)

    @property
    def before_signoff(self) -> int:
        if self.signoff is not None:
            return self.signoff[0]
        return self.name_line if self.name_line is not None else self.text_end


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without its line break (``\n`` or ``\r\n``)."""
    spans = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        spans.append((start, end - 1 if line.endswith("\r") else end))
        start = end + 1
    return spans


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD_RE.findall(text)]


class LayoutFinder:
    """Finds the layout of a message, given the greeting and sign-off vocabularies."""

    def __init__(
        self, greetings: Sequence[str], signoffs: Sequence[str], closing: Sequence[str] = ()
    ) -> None:
        self.greetings = [tuple(_words(g)) for g in greetings]
        self.signoffs = {tuple(_words(s)) for s in signoffs}
        self.closing = {tuple(_words(c)) for c in closing}
        self.longest_signoff = max((len(s) for s in self.signoffs), default=1)

    def find(self, text: str, body_offset: int = 0) -> Layout:
        """The layout of ``text``, whose body starts at ``body_offset`` (after a subject line)."""
        lines = [(s, e) for s, e in _lines(text) if text[s:e].strip() and s >= body_offset]
        if not lines:
            return Layout(body_offset, None, None, max(body_offset, len(text.rstrip())))
        text_end = lines[-1][1]
        body_start = lines[0][0]
        if len(lines) > 1 and self._is_greeting(text[lines[0][0] : lines[0][1]]):
            body_start = lines[1][0]
        signoff, signature_start = self._find_signoff(text, lines)
        name_line = None
        if signoff is None and len(lines) > 1 and _looks_like_a_name(text[lines[-1][0] : lines[-1][1]]):
            name_line = lines[-1][0]
        after = signature_start if signature_start is not None else name_line
        postscript = _postscript(text, lines, after) if after is not None else None
        return Layout(body_start, signoff, signature_start, text_end, name_line, postscript)

    def _is_greeting(self, line: str) -> bool:
        words = _words(line)
        if not words or len(words) > _MAX_GREETING_WORDS:
            return False
        stripped = line.strip()
        if any(tuple(words[: len(g)]) == g for g in self.greetings):
            return stripped[-1:] in {",", ":", "!", ""} or stripped[-1].isalnum()
        # "Maria," or "Mr. Chen," on a line of its own
        return stripped.endswith(",") and len(words) <= 3 and stripped[0].isupper()

    def _find_signoff(
        self, text: str, lines: list[tuple[int, int]]
    ) -> tuple[tuple[int, int] | None, int | None]:
        # The closing formula sits in the last few lines; what follows it is the name and signature.
        first_candidate = max(1, len(lines) - _MAX_SIGNATURE_LINES - 1)
        for index in range(len(lines) - 1, first_candidate - 1, -1):
            start, end = lines[index]
            if self._is_signoff(text[start:end]):
                after = lines[index + 1][0] if index + 1 < len(lines) else None
                # "Thank you!" just above "Best regards," closes the message too: real writers stack
                # the two. A thanks that says what for continues the body and stays there.
                # On the first line it must follow something ("Any questions? Thank you" above "Sent
                # from my iPhone"): a first line that is only "Thank you!" is the message.
                if index >= 1:
                    above = self._formula_ending(text, lines[index - 1])
                    if above is not None and (index > 1 or above > lines[0][0]):
                        start = above
                return (start, end), after
        # No formula line: a bare "Thanks!" ending the last line ("Any news? Thanks!") is the formula.
        last = len(lines) - 1
        signature = None
        # Contact lines under the name ("415-208-7731", an address, "Sent from my iPhone") are signature
        # too: the formula ends the line above the name, not the phone number's.
        below = last
        while (
            below >= 1
            and last - below < _MAX_SIGNATURE_LINES
            and _is_contact_line(text[lines[below][0] : lines[below][1]])
        ):
            below -= 1
        if below >= 1 and _looks_like_a_name(text[lines[below][0] : lines[below][1]]):
            below -= 1  # the name, last or above the contact lines
        if below < last:
            signature = lines[below + 1][0]
            last = below
        thanks = self._formula_ending(text, lines[last])  # `find` passes at least one line
        if last == 0 and thanks == lines[0][0]:
            # A message that is only "Thanks!" thanks; one line that asks first ("Hi Mel, any update?
            # Thanks", as chat messages are written) ends with the formula.
            thanks = None
        return ((thanks, lines[last][1]), signature) if thanks is not None else (None, None)

    def _formula_ending(self, text: str, line: tuple[int, int]) -> int | None:
        """Where a plain closing thanks and nothing more ("Thanks!", "Thank you.", "Many thanks", "thx")
        ends the line as a sentence of its own; None when the line does not end so. Which formulas count
        is data (messages.yaml's `closing-thanks`): a fuller one ("Thanks so much.", "Thanking you.")
        there is sincere thanks by the labels."""
        start, end = line
        segment = text[start:end].rstrip()
        cut = 0
        for found in _SENTENCE_BREAK.finditer(segment):
            cut = found.end()
        tail = segment[cut:].lstrip()
        if not _FORMULA_SENTENCE.fullmatch(tail) or tuple(_words(tail)) not in self.closing:
            return None
        return start + len(segment) - len(tail)

    def _is_signoff(self, line: str) -> bool:
        words = _words(line)
        if not words:
            return False
        for size in range(min(len(words), self.longest_signoff), 0, -1):
            if tuple(words[:size]) in self.signoffs:
                rest = line.strip()
                # "Thanks," / "Best, Ana" / "Thank you!" - a formula, maybe followed by a name
                return len(words) - size <= 3 and not _continues_sentence(rest, words[size:])
        return False


def _continues_sentence(line: str, rest: list[str]) -> bool:
    """True when the words after the formula make it a sentence ("Thanks for your time")."""
    if not rest:
        return False
    return rest[0] in {"for", "to", "so", "again", "a", "you", "very", "in", "much"} or line.endswith(".")


_CONTACT_LINE = re.compile(
    r"\s*(?:(?:tel|phone|mobile|cell|ph|m|t|xt|ext)\.?:?\s*)?\+?[\d(][\d\s().\-/]{6,}\d\s*"  # a phone number
    r"|\s*\S+@\S+\.\w+\s*"  # an email address
    r"|\s*(?:https?://|www\.)\S+\s*"  # a web address
    r"|\s*sent from my \w+(?: \w+)?\.?\s*",  # a phone's own signature
    re.IGNORECASE,
)


def _is_contact_line(line: str) -> bool:
    """A signature line that only gives a way to reach the writer."""
    return _CONTACT_LINE.fullmatch(line) is not None


def _looks_like_a_name(line: str) -> bool:
    """A signature without a closing formula: "Marcus", "Ana Ruiz", "- Sam", and after a dash in any case,
    as chat-style notes are signed ("- jade")."""
    words = _WORD_RE.findall(line)
    stripped = line.strip().lstrip("-–— ")
    dashed = line.strip()[:1] in ("-", "–", "—")
    capitalised = dashed or all(word[0].isupper() for word in words)
    return 0 < len(words) <= 3 and stripped[-1:].isalpha() and capitalised


def _postscript(text: str, lines: list[tuple[int, int]], after: int) -> tuple[int, int] | None:
    """The first "P.S." paragraph starting at or after ``after``, to the end of its paragraph."""
    for index, (start, end) in enumerate(lines):
        if start < after or not _POSTSCRIPT.match(text, start):
            continue
        last = end
        for next_start, next_end in lines[index + 1 :]:
            if text[last:next_start].count("\n") > 1:  # a blank line ends the paragraph
                break
            last = next_end
        return start, last
    return None
