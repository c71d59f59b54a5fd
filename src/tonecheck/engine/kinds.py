"""Which kind of message a draft is, from the kind cues in messages.yaml, and which other kinds come
close enough that their rules apply too: a wrong guess must never switch a category off silently."""

from __future__ import annotations

from dataclasses import dataclass

from tonecheck.engine.resolve import Resolver
from tonecheck.rulefiles.kindmodel import KindModel, model_text
from tonecheck.rulefiles.schema import Finders, KindCue, MessageCues, TimingCue


@dataclass(frozen=True)
class KindReading:
    kind: str  # the kind whose cues weigh most
    close: tuple[str, ...] = ()  # other kinds within the margin, in the order messages.yaml lists them

    @property
    def kinds(self) -> tuple[str, ...]:
        return (self.kind, *self.close)


def detect_kind(
    resolver: Resolver,
    cues: MessageCues,
    quoted: Resolver | None = None,
    days_after_interview: int | None = None,
) -> str:
    """The kind whose cues weigh most (see ``read_kinds``)."""
    return read_kinds(resolver, cues, quoted, days_after_interview).kind


def read_kinds(
    resolver: Resolver,
    cues: MessageCues,
    quoted: Resolver | None = None,
    days_after_interview: int | None = None,
    model: KindModel | None = None,
    texts: tuple[str, str] = ("", ""),
) -> KindReading:
    """The kind whose cues weigh most; ties go to the kind listed first; no cue at all means "other".
    Kinds with some cue whose weight is within ``cues.close_margin`` of the winner's are close.

    Cues found only in quoted text (the employer's message being answered) count too, and so do the days
    between the interview and sending, when both dates are known, even for a kind no cue points to.

    Matching a cue's token patterns costs far more than looking up its phrases, and most drafts are
    settled by a few cues: cues are tried cheapest first, and trying stops as soon as no untried cue
    could change the winner or which kinds are close. The answer is the one trying every cue would give.
    """
    if model is not None and cues.kind_model is not None:
        return _with_model(resolver, cues, quoted, days_after_interview, model, texts)
    kinds = list(cues.kinds)
    margin = cues.close_margin
    bonus = {kind: _timing_bonus(cues.timing, kind, days_after_interview) for kind in kinds}
    found = dict.fromkeys(kinds, 0)  # weight of the cues found so far
    untried = {kind: sum(cue.weight for cue in kind_cues) for kind, kind_cues in cues.kinds.items()}
    pending = [(kind, cue) for kind, kind_cues in cues.kinds.items() for cue in kind_cues]
    pending.sort(key=lambda item: (_cost(item[1]), -item[1].weight))  # stable: ties keep file order
    for kind, cue in pending:
        if _decided(kinds, found, untried, bonus, margin):
            break
        untried[kind] -= cue.weight
        if resolver.hits(cue) or (quoted is not None and quoted.hits(cue)):
            found[kind] += cue.weight
    winner = _settled(kinds, found, untried, bonus)
    if winner is None:
        return KindReading("other")
    best = _score(found[winner], bonus[winner])
    close = tuple(
        kind
        for kind in kinds
        if kind != winner and (score := _score(found[kind], bonus[kind])) and score >= best - margin
    )
    return KindReading(winner, close)


def _with_model(
    resolver: Resolver,
    cues: MessageCues,
    quoted: Resolver | None,
    days: int | None,
    model: KindModel,
    texts: tuple[str, str],
) -> KindReading:
    """Each kind scores its probability under the learned model plus ``cue-weight`` times its share of
    the cues found; the best wins, and kinds within ``close`` of it are close. A draft with no cue at all
    is read by the model alone, and only when it is ``sure`` enough.

    As without the model, cues are tried cheapest first and trying stops once the untried ones can no
    longer change the winner, the close kinds or the "no cue at all" gate: the answer is the one trying
    every cue gives (a property test checks it).
    """
    kinds = list(cues.kinds)
    probability = model.probabilities(model_text(*texts))
    chance = {kind: probability.get(kind, 0.0) for kind in kinds}
    bonus = {kind: _timing_bonus(cues.timing, kind, days) for kind in kinds}
    found = dict.fromkeys(kinds, 0)
    untried = {kind: sum(cue.weight for cue in kind_cues) for kind, kind_cues in cues.kinds.items()}
    pending = [(kind, cue) for kind, kind_cues in cues.kinds.items() for cue in kind_cues]
    pending.sort(key=lambda item: (_cost(item[1]), -item[1].weight))
    for kind, cue in pending:
        low = {k: _score(found[k], bonus[k]) for k in kinds}
        high = {k: _score(found[k] + untried[k], bonus[k]) for k in kinds}
        reading = model_reading(cues, chance, low, high)
        if reading is not None:
            return reading
        untried[kind] -= cue.weight
        if resolver.hits(cue) or (quoted is not None and quoted.hits(cue)):
            found[kind] += cue.weight
    scores = {k: _score(found[k], bonus[k]) for k in kinds}
    reading = model_reading(cues, chance, scores, scores)
    assert reading is not None  # with every cue tried, the bounds meet
    return reading


def model_reading(
    cues: MessageCues, chance: dict[str, float], low: dict[str, int], high: dict[str, int]
) -> KindReading | None:
    """The reading, when cue scores known to lie between ``low`` and ``high`` settle it; else None.

    A kind's score is ``chance + cue_weight * s / (S + 1)`` (``s`` its cue score, ``S`` all kinds'); it
    grows with ``s`` and shrinks with the others', which gives each kind's least and greatest score.
    """
    reference = cues.kind_model
    assert reference is not None
    kinds = list(cues.kinds)
    exact = low == high
    unsure = _unsure(chance, reference.sure, reference.lead)
    if sum(high.values()) == 0 or (exact and sum(low.values()) == 0):
        if unsure:
            return KindReading("other")
    elif sum(low.values()) == 0 and unsure:
        return None  # whether any cue is found decides between the model and "other"
    least, most = {}, {}
    for kind in kinds:
        others_low = sum(low[k] for k in kinds if k != kind)
        others_high = sum(high[k] for k in kinds if k != kind)
        least[kind] = chance[kind] + reference.cue_weight * low[kind] / (low[kind] + others_high + 1)
        most[kind] = chance[kind] + reference.cue_weight * high[kind] / (high[kind] + others_low + 1)
    winner = max(kinds, key=lambda kind: least[kind])  # the first listed wins a tie
    if not exact and any(most[k] >= least[winner] for k in kinds if k != winner):
        return None
    close = []
    for kind in kinds:
        if kind == winner:
            continue
        if least[kind] >= most[winner] - reference.close:
            close.append(kind)
        elif most[kind] >= least[winner] - reference.close:
            return None  # may or may not come close
    return KindReading(winner, tuple(close))


def _unsure(chance: dict[str, float], sure: float, lead: float) -> bool:
    """Whether the model alone is too unsure to name a kind for a draft with no cue. Its best guess is
    often right but below ``sure`` when the probability is spread over several follow-up kinds; what
    matters then is how far the likeliest follow-up kind leads "other"."""
    best = max(chance.values(), default=0.0)
    follow_up = max((value for kind, value in chance.items() if kind != "other"), default=0.0)
    return best < sure and follow_up - chance.get("other", 0.0) < lead


def _decided(
    kinds: list[str], found: dict[str, int], untried: dict[str, int], bonus: dict[str, int], margin: int
) -> bool:
    """Whether the untried cues can no longer change the winner nor which kinds are close to it."""
    winner = _settled(kinds, found, untried, bonus)
    if winner is None:
        return False
    low = _score(found[winner], bonus[winner])
    high = _score(found[winner] + untried[winner], bonus[winner])
    for kind in kinds:
        if kind == winner:
            continue
        kind_low = _score(found[kind], bonus[kind])
        kind_high = _score(found[kind] + untried[kind], bonus[kind])
        surely_close = kind_low > 0 and kind_low >= high - margin
        surely_far = kind_high == 0 or kind_high < low - margin
        if not (surely_close or surely_far):
            return False
    return True


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
    # The days between interview and sending count even where no word does: a note sent a week after
    # the interview is a check-in, however warmly it thanks for the interview.
    return weight + bonus


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
