"""Which kind of message a draft is, from the kind cues in messages.yaml."""

from __future__ import annotations

from tonecheck.engine.resolve import Resolver
from tonecheck.rulefiles.schema import Finders, KindCue, MessageCues, TimingCue


def detect_kind(
    resolver: Resolver,
    cues: MessageCues,
    quoted: Resolver | None = None,
    days_after_interview: int | None = None,
) -> str:
    """The kind whose cues weigh most; ties go to the kind listed first; no cue at all means "other".

    Cues found only in quoted text (the employer's message being answered) count too, and so do the days
    between the interview and sending, when both dates are known (only for a kind some cue points to).

    Matching a cue's token patterns costs far more than looking up its phrases, and most drafts are
    settled by a few cues: cues are tried cheapest first, and trying stops as soon as no untried cue
    could change the winner. The answer is the one trying every cue would give.
    """
    kinds = list(cues.kinds)
    bonus = {kind: _timing_bonus(cues.timing, kind, days_after_interview) for kind in kinds}
    found = dict.fromkeys(kinds, 0)  # weight of the cues found so far
    untried = {kind: sum(cue.weight for cue in kind_cues) for kind, kind_cues in cues.kinds.items()}
    pending = [(kind, cue) for kind, kind_cues in cues.kinds.items() for cue in kind_cues]
    pending.sort(key=lambda item: (_cost(item[1]), -item[1].weight))  # stable: ties keep file order
    for kind, cue in pending:
        if _settled(kinds, found, untried, bonus) is not None:
            break
        untried[kind] -= cue.weight
        if resolver.hits(cue) or (quoted is not None and quoted.hits(cue)):
            found[kind] += cue.weight
    return _settled(kinds, found, untried, bonus) or "other"


def _settled(
    kinds: list[str], found: dict[str, int], untried: dict[str, int], bonus: dict[str, int]
) -> str | None:
    """The winning kind if the untried cues can no longer change it (None while they can, or when no
    kind can score at all)."""
    for position, kind in enumerate(kinds):
        low = _score(found[kind], bonus[kind])
        if low == 0:
            continue
        for other_position, other in enumerate(kinds):
            if other == kind:
                continue
            high = _score(found[other] + untried[other], bonus[other])
            # An earlier kind wins a tie, so a later one must be beaten only as far as a draw.
            if high > low or (high == low and other_position < position):
                break
        else:
            return kind
    return None


def _score(weight: int, bonus: int) -> int:
    return weight + bonus if weight else 0


def _timing_bonus(timing: list[TimingCue], kind: str, days: int | None) -> int:
    if days is None:
        return 0
    return sum(hint.weight for hint in timing if hint.kind == kind and _within(hint, days))


def _cost(cue: KindCue) -> int:
    """A rough cost of finding a cue's hits: phrases are found for every draft anyway."""
    cost = len(cue.patterns) + 4 * len(cue.dependency) + 8 * len(cue.elements)
    for nested in (cue.unless, cue.inside, cue.outside):
        if nested is not None:
            cost += 1 + _nested_cost(nested)
    return cost


def _nested_cost(finders: Finders) -> int:
    return len(finders.patterns) + 4 * len(finders.dependency) + 8 * len(finders.elements)


def _within(hint: TimingCue, days: int) -> bool:
    if hint.min_days is not None and days < hint.min_days:
        return False
    return hint.max_days is None or days <= hint.max_days
