"""Which kind of message a draft is, from the kind cues in messages.yaml."""

from __future__ import annotations

from tonecheck.resolve import Resolver
from tonecheck.schema import MessageCues


def detect_kind(resolver: Resolver, cues: MessageCues) -> str:
    """The kind whose cues weigh most; ties go to the kind listed first; no cue at all means "other"."""
    best_kind = "other"
    best_score = 0
    for kind, kind_cues in cues.kinds.items():
        score = sum(cue.weight for cue in kind_cues if resolver.hits(cue))
        if score > best_score:
            best_kind, best_score = kind, score
    return best_kind
