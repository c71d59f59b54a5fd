"""Hard-wrapped lines read as the sentences they are.

Plain-text mail and templates kept in a repository are often wrapped at 70 or 80 columns, so a line break
falls inside a sentence ("you did ask me" / "to tell you if ..."). spaCy keeps that break as a token of
its own, and no pattern of consecutive words matches across it: "Per my" / "last email" went unflagged.
Before parsing, a break that only wraps a sentence becomes a space. One character replaces one, so every
offset still points at the same character of the draft, and the layout (greeting, sign-off, signature)
is still read from the lines as written.

A break is a wrap when the line before it is long (a writer ends short lines on purpose: a greeting, a
sign-off, a list), does not end a sentence or a clause with punctuation, is not quoted, and the next line
goes on with a word: a lower-case one, or any word after a line ending in a lower-case letter, unless
the next line is a header ("To: ...") or a list item.
"""

from __future__ import annotations

import re

_MIN_WRAPPED = 40  # characters on a line that a wrap ended; shorter lines end where the writer chose
_ENDS_CLAUSE = re.compile(r"[.!?:;…]['\"’”)\]]*$")
_STARTS_ITEM = re.compile(r"\s*(?:[-*•>]|\d+[.)]\s|[A-Za-z][\w-]*:\s)")


def unwrap(text: str) -> str:
    """``text`` with each soft line break replaced by a space (``\\r\\n`` by two)."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    out = list(text)
    offset = 0
    for index, line in enumerate(lines[:-1]):
        end = offset + len(line)  # where this line's "\n" stands
        if _wraps(line.rstrip("\r"), lines[index + 1]):
            out[end] = " "
            if line.endswith("\r"):
                out[end - 1] = " "
        offset = end + 1
    return "".join(out)


def _wraps(line: str, following: str) -> bool:
    stripped = line.strip()
    if len(stripped) < _MIN_WRAPPED or stripped.startswith(">") or _ENDS_CLAUSE.search(stripped):
        return False
    nxt = following.lstrip()
    if not nxt or not nxt[0].isalpha() or _STARTS_ITEM.match(following):
        return False
    return nxt[0].islower() or stripped[-1].islower()
