"""A blank line ends a sentence: a pipeline component that tells the parser so before it parses.

The trained parser sometimes runs a sentence on over a blank line: a chat-style draft ("P", a blank
line, "boss, yesterday's interview result??") or a greeting without a comma. The words on either side
are never one sentence, and rules that look at where a sentence starts ("a question of six words",
an opener such as "As I've said,") then miss. spaCy's parser keeps sentence starts set before it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.spans import holds_blank_line

NAME = "tonecheck_paragraph_breaks"


@Language.component(NAME)
def mark_paragraph_breaks(doc: Doc) -> Doc:
    # The tokenizer keeps a run of whitespace in one token, so a blank line is one space token.
    for token in doc[:-1]:
        if token.is_space and holds_blank_line(token.text):
            doc[token.i + 1].is_sent_start = True
    return doc
