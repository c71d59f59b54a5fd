"""Whether a rewrite may replace the words it would replace.

A rewrite that `--fix` applies must read as if the writer had put it there: it replaces a whole
grammatical unit, keeps every fact it is not about (names, numbers, dates, the things offered or sent)
and never brings in a date the replaced words did not have. When it cannot, the suggestion stays as
advice and no fix is offered: a fix that deletes an offer or invents a date is worse than none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tonecheck.engine.fixes import DATE_WORD

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tonecheck.engine.conditions import Judged

# Nouns a rewrite may drop because they are what the complaint or demand was about: the reply, the
# wait, the message. Everything else the writer named (a portfolio, references, a start date) is kept.
_ABOUT_THE_REPLY = frozenset(
    """update updates news reply replies response responses answer answers word feedback email emails
    e-mail e-mails mail message messages note notes inbox silence wait waiting time times courtesy
    decency respect day days week weeks month months hour hours minute minutes while ages lot thing
    things way point kind sort bit process status decision decisions timeline clue idea sign chance
    asap one anyone anything something nothing everything end touch couple moment surprise shock sense
    part worries problem nudge reminder reminders follow-up check-in outcome result results
    acknowledgement acknowledgment confirmation interview interviews application applications candidacy
    candidature position role job opening post vacancy""".split()  # noqa: SIM905 (a word list reads better as words)
)

# An offer or a promise is one of these verbs with "I can", "I'll", "I'd be happy to", "I'm free to":
# something the writer will send, do or make time for. A rewrite that drops it withdraws the offer.
_OFFER_VERBS = frozenset(
    """send resend share provide bring forward supply submit start join relocate move travel come meet
    talk chat speak discuss call help answer complete prepare present walk show demonstrate cover
    arrange book""".split()  # noqa: SIM905 (a word list reads better as words)
)
_OFFER_HEADS = frozenset(["happy", "glad", "willing", "able", "available", "free", "ready", "keen", "eager"])
_OFFER_AUX = frozenset(["can", "could", "will", "'ll", "would", "'d", "shall"])


def rewrite_fits(item: Judged, doc: Doc, original: str, span: tuple[int, int], replacement: str) -> bool:
    """A rewrite is a fix only when it replaces a whole sentence (or the words its rule names), keeps
    the facts around the words it fixes, and brings in no date the text did not have.

    ``span`` is where the rewrite goes in ``original`` (the file's text); ``item`` holds the same words
    in ``doc``'s coordinates."""
    start, end = span
    if item.point:
        return not dates_added(original, replacement)
    if item.rule.model.span == "sentence" and not whole_unit(original, start, end):
        return False
    if dates_added(original[start:end], replacement):
        return False
    lost = facts_lost(doc, item.start, item.end, item.match, replacement)
    return not lost


def whole_unit(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` is a sentence a reader would see as one: it starts a line or follows a
    sentence's end, and it ends with a full stop, question or exclamation mark, or the line.

    The parser sometimes splits a run-on ("It's been two weeks I wanted to follow up") in the middle of
    a clause; replacing either half would leave the other half dangling."""
    before = text[:start].rstrip(" \t")
    starts_clean = not before or before.endswith(("\n", ".", "!", "?", '"', "'", ")", "”", "’", ":"))
    words = text[start:end].rstrip()
    after = text[end:]
    next_line = after.split("\n", 1)[0]
    ends_clean = words.endswith((".", "!", "?", '"', "”", ")", "…")) or not next_line.strip()
    return starts_clean and ends_clean


def dates_added(replaced: str, replacement: str) -> list[str]:
    """Date words in ``replacement`` that ``replaced`` does not have."""
    have = {m.group(0).lower() for m in DATE_WORD.finditer(replaced)}
    return [m.group(0) for m in DATE_WORD.finditer(replacement) if m.group(0).lower() not in have]


def facts_lost(doc: Doc, start: int, end: int, match: tuple[int, int], replacement: str) -> list[str]:
    """Words of ``doc.text[start:end]`` outside the matched words that carry a fact ``replacement``
    drops: names and numbers, things named by a noun, and the verb of an offer."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    said = {word.lower() for word in re.findall(r"[\w'-]+", replacement)}
    lost: list[str] = []
    for token in span:
        if match[0] <= token.idx < match[1] or token.is_punct or token.is_space:
            continue
        if _is_fact(token) and not _kept(token, said):
            lost.append(token.text)
    return lost


def _is_fact(token: Token) -> bool:
    if token.lower_ in _ABOUT_THE_REPLY:  # "regret this one", "a couple of emails"
        return False
    if token.like_num or token.pos_ == "NUM":
        # "two weeks", "three emails": how long or how often is the complaint itself, not a fact.
        return token.head.lower_ not in _ABOUT_THE_REPLY
    if token.pos_ == "PROPN":
        return True
    if token.pos_ == "NOUN":
        # Something of the writer's ("my portfolio", "our references", "my portfolio link"); other
        # nouns in a reproach ("how disorganised the process was") are what the rewrite replaces.
        if token.lemma_.lower() in _ABOUT_THE_REPLY:
            return False
        owner = token.head if token.dep_ == "compound" else token
        return any(child.dep_ == "poss" and child.lower_ in ("my", "our") for child in owner.children)
    if token.pos_ == "VERB":
        return _offered(token)
    return False


def _offered(verb: Token) -> bool:
    """The verb of "I'm happy to send", "I can start", "I'll bring", "I'd be glad to be considered":
    something the writer offers or is open to."""
    if any(child.lower_ == "to" for child in verb.children):
        head = verb.head
        # "happy to send", "glad to be considered": the frame makes it an offer, whatever the verb
        if head.lower_ in _OFFER_HEADS:
            return True
        # "I am free next week to talk": the infinitive hangs off the verb beside the adjective.
        if any(child.dep_ == "acomp" and child.lower_ in _OFFER_HEADS for child in head.children):
            return True
    if verb.lemma_.lower() not in _OFFER_VERBS:
        return False
    if any(child.lower_ in _OFFER_AUX for child in verb.children if child.dep_ == "aux"):
        return any(child.lower_ in ("i", "we") for child in verb.children if child.dep_ == "nsubj")
    return False


def _kept(token: Token, said: set[str]) -> bool:
    return token.lower_ in said or token.lemma_.lower() in said
