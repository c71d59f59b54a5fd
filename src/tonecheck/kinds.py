"""Which kind of message a draft is, from the kind cues in messages.yaml."""

from __future__ import annotations

from tonecheck.resolve import Resolver
from tonecheck.schema import MessageCues, TimingCue


def detect_kind(
    resolver: Resolver,
    cues: MessageCues,
    quoted: Resolver | None = None,
    days_after_interview: int | None = None,
) -> str:
    """The kind whose cues weigh most; ties go to the kind listed first; no cue at all means "other".

    Cues found only in quoted text (the employer's message being answered) count too, and so do the days
    between the interview and sending, when both dates are known.
    """
    best_kind = "other"
    best_score = 0
    for kind, kind_cues in cues.kinds.items():
        score = sum(
            cue.weight for cue in kind_cues if resolver.hits(cue) or (quoted is not None and quoted.hits(cue))
        )
        if score == 0:
            continue
        for hint in cues.timing:
            if hint.kind == kind and days_after_interview is not None and _within(hint, days_after_interview):
                score += hint.weight
        if score > best_score:
            best_kind, best_score = kind, score
    return best_kind


def _within(hint: TimingCue, days: int) -> bool:
    if hint.min_days is not None and days < hint.min_days:
        return False
    return hint.max_days is None or days <= hint.max_days
