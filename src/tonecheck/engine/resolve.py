"""Turn raw matcher hits into the hits a finder reports: elements merged, `unless` and scope applied."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from tonecheck.engine.matchers import CompiledMatchers, RawHits
from tonecheck.engine.structure import Layout
from tonecheck.rulefiles.schema import Element, Finders
from tonecheck.spans import SpanIndex, holds_blank_line

Span = tuple[int, int]  # token indices, end exclusive

_SENTENCE_END = {".", "!", "?"}


class Resolver:
    """Hits of any finder in one document, computed once each."""

    def __init__(
        self,
        doc: Doc,
        raw: RawHits,
        layout: Layout,
        matchers: CompiledMatchers,
        elements: dict[str, Element],
        text: str | None = None,
        quoted: Callable[[], Resolver | None] | None = None,
    ) -> None:
        self.doc = doc
        # The hits in the message the draft quotes, built when first asked for (None: nothing quoted).
        self.quoted: Callable[[], Resolver | None] = quoted or (lambda: None)
        self.text = doc.text if text is None else text  # the document's text, when the caller has it
        self.raw = raw
        self.layout = layout
        self.matchers = matchers
        self.elements = elements
        self._memo: dict[str, list[Span]] = {}
        self._every_memo: dict[str, list[Span]] = {}
        self._has_sentences = doc.has_annotation("SENT_START") or doc.has_annotation("DEP")
        self._bounds: list[Span] | None = None  # the sentence of each token, built on first use

    def hits(self, finders: Finders) -> list[Span]:
        """Where ``finders`` match: the longest of any overlapping hits, in document order."""
        key = self.matchers.key_of[id(finders)]
        cached = self._memo.get(key)
        if cached is None:
            cached = self._memo[key] = longest_first(self._every(finders, key))
        return cached

    def _every(self, finders: Finders, key: str | None = None) -> list[Span]:
        """Every hit of ``finders``, overlapping ones included. Conditions look at all of them: the
        shorter of two overlapping hits still covers its own words (sarcastic thanks overlapping a quote
        still voids the thanks it covers)."""
        key = key or self.matchers.key_of[id(finders)]
        cached = self._every_memo.get(key)
        if cached is not None:
            return cached
        # No hit runs over a blank line: the parser sometimes joins a paragraph to the next (a subject
        # line without "Subject:", a greeting without a comma), but words on both sides are never one
        # phrase ("Feedback on my interview" above "I want to put on record how ...").
        spans = [span for span in self.raw.get(key, ()) if not self._crosses_break(span)]
        for name in finders.elements:
            spans.extend(self._every(self.elements[name]))
        if finders.unless is not None and spans:
            blocked = SpanIndex(self._every(finders.unless))
            spans = [span for span in spans if not blocked.overlapping(*span)]
        if finders.inside is not None and spans:
            sentences = {self.sentence_start(span) for span in self._every(finders.inside)}
            spans = [span for span in spans if self.sentence_start(span) in sentences]
        if finders.outside is not None and spans:
            sentences = {self.sentence_start(span) for span in self._every(finders.outside)}
            spans = [span for span in spans if self.sentence_start(span) not in sentences]
        if finders.scope != "any":
            spans = [span for span in spans if self._in_scope(span, finders.scope)]
        # An element's message-level condition (a rule's own conditions are judged by the engine).
        if isinstance(finders, Element) and spans and not self._element_applies(finders):
            spans = []
        self._every_memo[key] = spans
        return spans

    def _element_applies(self, element: Element) -> bool:
        """Whether the message meets an element's own conditions: none of ``unless-present`` and, when
        given, some of ``if-present``."""
        if element.unless_present is not None and self.hits(element.unless_present):
            return False
        return element.if_present is None or bool(self.hits(element.if_present))

    def _crosses_break(self, span: Span) -> bool:
        if span[1] - span[0] < 2:
            return False
        # The tokenizer keeps a run of whitespace in one token.
        tokens = self.doc[span[0] : span[1] - 1]
        if any(holds_blank_line(token.text_with_ws) for token in tokens):
            return True
        # A sentence that ends its line ends there, even where the parser reads on into the next line
        # ("I would like to put myself forward.\nreason: ..." is no request for reasons).
        return any(
            token.text in _SENTENCE_END and "\n" in token.nbor().text_with_ws and token.nbor().is_space
            for token in tokens
            if token.i + 1 < span[1] - 1
        )

    def sentence_start(self, span: Span) -> int:
        """Token index where the sentence holding ``span`` starts."""
        bounds = self._sentence_bounds()
        if span[0] >= len(bounds):
            return 0
        return bounds[span[0]][0]

    def sentence(self, span: Span) -> Span:
        """The sentence (or sentences) that ``span`` lies in."""
        bounds = self._sentence_bounds()
        if not bounds:
            return (0, len(self.doc))
        return (bounds[span[0]][0], bounds[max(span[1] - 1, span[0])][1])

    def _sentence_bounds(self) -> list[Span]:
        # Token.sent walks the document's sentences on every call; one walk serves the whole message.
        # Without sentence annotation (a blank pipeline) there are no bounds and spans stand alone.
        if self._bounds is None:
            self._bounds = []
            if not self._has_sentences:
                return self._bounds
            for sentence in self.doc.sents:
                self._bounds.extend([(sentence.start, sentence.end)] * (sentence.end - sentence.start))
        return self._bounds

    def char_span(self, span: Span) -> tuple[int, int]:
        start, end = span
        if end <= start:
            offset = self.doc[start].idx if start < len(self.doc) else len(self.text)
            return offset, offset
        last = self.doc[end - 1]
        return self.doc[start].idx, last.idx + len(last.text)

    def _in_scope(self, span: Span, scope: str) -> bool:
        start, end = self.char_span(span)
        if scope == "signoff":
            return self.layout.in_signoff(start, end)
        return self.layout.in_body(start, end)


def longest_first(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, preferring longer ones, then earlier ones; in document order."""
    chosen: list[Span] = []
    taken: set[int] = set()
    for start, end in sorted(set(spans), key=lambda s: (s[0] - s[1], s[0])):
        if any(index in taken for index in range(start, end)):
            continue
        chosen.append((start, end))
        taken.update(range(start, end))
    return sorted(chosen)
