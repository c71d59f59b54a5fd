"""Learned rules: a text model scores the sender's words; above the rule's threshold, the sentence of
the body it scores highest is the finding, and the words that weighed most in it are named, so the
finding says where and why like any other."""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS

from tonecheck.engine.conditions import Judged
from tonecheck.engine.resolve import Resolver
from tonecheck.engine.sentences import sentence_chars
from tonecheck.engine.structure import Layout
from tonecheck.rulefiles.kindmodel import KindModel
from tonecheck.rulefiles.load import Rule
from tonecheck.spans import SpanIndex


def judge_learned(rule: Rule, model: KindModel, resolver: Resolver, layout: Layout) -> list[Judged]:
    learned = rule.model.learned
    assert learned is not None
    about = model.kinds[-1]  # a rule's model has two classes; the one it is about comes last
    text = resolver.text
    body = text[layout.body_start : layout.before_signoff]
    if len(body.split()) < max(learned.min_words, 1):
        return []
    whole = model.probabilities(body)[about]
    if whole <= learned.above:
        return []
    gracious = (
        SpanIndex(resolver.char_span(span) for span in resolver.hits(learned.outside))
        if learned.outside
        else None
    )
    # The sentence that weighs most is the one whose removal lowers the message's score most: a
    # sentence scored alone says little (a short "Thanks for letting me know" scores high on its own).
    best: tuple[float, int, int] | None = None
    covered = layout.body_start  # tokens before this lie in a sentence already weighed
    for token in resolver.doc:
        if token.idx < covered or token.idx >= layout.before_signoff or token.is_space:
            continue
        start, end = sentence_chars(resolver, (token.i, token.i + 1))
        covered = max(covered, end, token.idx + 1)
        if end <= start:
            continue
        if gracious is not None and gracious.overlapping(start, end):
            continue
        rest = text[layout.body_start : start] + " " + text[end : layout.before_signoff]
        weight = whole - model.probabilities(rest)[about]
        if best is None or weight > best[0]:
            best = (weight, start, end)
    if best is None or best[0] <= 0:
        return []  # nothing but thanks and good wishes weighs towards the category
    _weight, start, end = best
    words = [term for term in model.weighing_most(text[start:end], about, 12) if _says_something(term)][:3]
    slots = {"words": ", ".join(f'"{word}"' for word in words) or "the message as a whole"}
    return [Judged(rule, start, end, (start, end), slots, True)]


def _says_something(term: str) -> bool:
    """A term worth naming: not made only of words like "me", "the" or "for"."""
    return any(word not in STOP_WORDS for word in term.split())
