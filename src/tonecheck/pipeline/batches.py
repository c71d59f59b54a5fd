"""Run the pipeline over many texts, in batches, including texts too long to parse in one piece.

spaCy refuses texts over its `max_length` and needs about a gigabyte of working memory per 100,000
characters to parse one. A long draft is therefore parsed in pieces of at most MAX_PIECE characters,
cut at paragraph (or line, or word) boundaries, and the pieces are joined back into one Doc whose text is
exactly the draft's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

MAX_PIECE = 10_000


def pieces(text: str, limit: int = MAX_PIECE) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters at natural boundaries."""
    if len(text) <= limit:
        return [text]
    found = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            cut = window.rfind(separator)
            if cut > limit // 4:
                cut += len(separator)
                break
            cut = -1
        if cut <= 0:
            cut = limit
        found.append(text[start : start + cut])
        start += cut
    found.append(text[start:])
    return found


def parse(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """One Doc per text, in order. Ordinary texts are parsed in batches; a long one piece by piece."""
    buffer: list[str] = []
    for text in texts:
        if len(text) <= MAX_PIECE:
            buffer.append(text)
            if len(buffer) >= batch_size * 4:
                yield from nlp.pipe(buffer, batch_size=batch_size)
                buffer = []
            continue
        if buffer:
            yield from nlp.pipe(buffer, batch_size=batch_size)
            buffer = []
        # One piece at a time keeps the parser's working memory to that of one piece.
        yield _join(list(nlp.pipe(pieces(text), batch_size=1)))
    if buffer:
        yield from nlp.pipe(buffer, batch_size=batch_size)


def _join(docs: list[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    return Doc.from_docs(docs, ensure_whitespace=False)
