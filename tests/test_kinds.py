"""Kind detection tries cheap cues first and stops early; its answer must be the one trying every cue
gives (fast tier: cues and their hits are made up, no pipeline). The last test weighs the built-in
cues on the trained pipeline."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tonecheck.engine.kinds import detect_kind, read_kinds
from tonecheck.rulefiles.schema import KindCue, KindModelRef, MessageCues, TimingCue

KINDS = ["other", "rejection-reply", "materials", "check-in", "thank-you"]


class _Hits:
    """A stand-in resolver: a cue has a hit when its first phrase is in ``present``."""

    def __init__(self, present: set[str]) -> None:
        self.present = present
        self.asked: list[str] = []

    def hits(self, cue: KindCue) -> list[tuple[int, int]]:
        self.asked.append(cue.phrases[0])
        return [(0, 1)] if cue.phrases[0] in self.present else []


def _scores(resolver: _Hits, cues: MessageCues, quoted: _Hits | None, days: int | None) -> dict[str, int]:
    """Every kind's score with every cue tried (0 for a kind neither a cue nor the days point to)."""
    scores = {}
    for kind, kind_cues in cues.kinds.items():
        score = sum(
            c.weight for c in kind_cues if resolver.hits(c) or (quoted is not None and quoted.hits(c))
        )
        # the days since the interview count even for a kind no word points to
        for hint in cues.timing:
            if hint.kind == kind and days is not None:
                low, high = hint.min_days, hint.max_days
                if (low is None or days >= low) and (high is None or days <= high):
                    score += hint.weight
        scores[kind] = score
    return scores


def _every_cue(resolver: _Hits, cues: MessageCues, quoted: _Hits | None, days: int | None) -> str:
    """The definition: score every kind with every cue; the highest wins, ties go to the first listed."""
    best_kind, best_score = "other", 0
    for kind, score in _scores(resolver, cues, quoted, days).items():
        if score > best_score:
            best_kind, best_score = kind, score
    return best_kind


_cue = st.tuples(st.integers(1, 10), st.booleans(), st.booleans())  # weight, costly, found


@st.composite
def _cases(draw):
    kinds = draw(st.lists(st.sampled_from(KINDS), min_size=1, max_size=5, unique=True))
    table: dict[str, list[KindCue]] = {}
    present: set[str] = set()
    quoted_present: set[str] = set()
    for kind in kinds:
        table[kind] = []
        for number, (weight, costly, found) in enumerate(draw(st.lists(_cue, min_size=1, max_size=4))):
            name = f"{kind}-{number}"
            patterns = [[{"LOWER": "x"}]] if costly else []
            table[kind].append(KindCue(phrases=[name], patterns=patterns, weight=weight))
            if found:
                (present if draw(st.booleans()) else quoted_present).add(name)
    timing = [
        TimingCue(kind=kind, min_days=low, max_days=high, weight=weight)
        for kind, low, high, weight in draw(
            st.lists(
                st.tuples(
                    st.sampled_from(kinds),
                    st.none() | st.integers(0, 5),
                    st.none() | st.integers(0, 5),
                    st.integers(1, 10),
                ),
                max_size=2,
            )
        )
    ]
    cues = MessageCues(kinds=table, timing=timing, greetings=["hi"], signoffs=["best"])
    days = draw(st.none() | st.integers(0, 6))
    return cues, present, quoted_present, days


@given(_cases())
def test_stopping_early_gives_the_answer_of_trying_every_cue(case):
    cues, present, quoted_present, days = case
    expected = _every_cue(_Hits(present), cues, _Hits(quoted_present), days)
    assert detect_kind(_Hits(present), cues, _Hits(quoted_present), days) == expected


@given(_cases(), st.integers(0, 12))
def test_stopping_early_finds_every_close_kind(case, margin):
    """Kinds within the margin of the winner are close, and their rules apply: stopping early must find
    exactly the kinds that trying every cue finds."""
    cues, present, quoted_present, days = case
    cues = cues.model_copy(update={"close_margin": margin})
    winner = _every_cue(_Hits(present), cues, _Hits(quoted_present), days)
    scores = _scores(_Hits(present), cues, _Hits(quoted_present), days)
    best = scores.get(winner, 0)
    expected = tuple(k for k in cues.kinds if k != winner and scores[k] and scores[k] >= best - margin)
    reading = read_kinds(_Hits(present), cues, _Hits(quoted_present), days)
    assert reading.kind == winner
    assert reading.close == (expected if best else ())


class _FixedModel:
    """A stand-in kind model: the same probabilities for any text."""

    def __init__(self, chances: dict[str, float]) -> None:
        self.chances = chances

    def probabilities(self, text: str) -> dict[str, float]:
        return self.chances


@given(
    _cases(),
    st.lists(st.floats(0, 1), min_size=5, max_size=5),
    st.sampled_from([0.0, 0.3, 0.6, 2.0]),
    st.sampled_from([0.0, 0.1, 0.2, 0.5]),
    st.sampled_from([0.0, 0.5, 0.9]),
)
def test_with_the_model_stopping_early_gives_the_reading_of_trying_every_cue(case, raw, weight, close, sure):
    cues, present, quoted_present, days = case
    reference = KindModelRef(file="kind-model.json", cue_weight=weight, close=close, sure=sure)
    cues = cues.model_copy(update={"kind_model": reference})
    total = sum(raw) or 1.0
    chances = {kind: value / total for kind, value in zip(KINDS, raw, strict=True) if kind in cues.kinds}
    # The definition: every cue tried, every kind scored, the gate for a draft with no cue at all.
    scores = _scores(_Hits(present), cues, _Hits(quoted_present), days)
    if sum(scores.values()) == 0 and max(chances.values(), default=0.0) < sure:
        expected = ("other", ())
    else:
        everything = sum(scores.values())
        z = {k: chances.get(k, 0.0) + weight * scores[k] / (everything + 1) for k in cues.kinds}
        winner = max(cues.kinds, key=lambda k: z[k])
        expected = (winner, tuple(k for k in cues.kinds if k != winner and z[k] >= z[winner] - close))
    reading = read_kinds(
        _Hits(present), cues, _Hits(quoted_present), days, model=_FixedModel(chances), texts=("", "")
    )
    assert (reading.kind, reading.close) == expected


def test_a_settled_draft_never_tries_the_costly_cues():
    cues = MessageCues(
        kinds={
            "thank-you": [KindCue(phrases=["thank you for meeting"], weight=9)],
            "check-in": [KindCue(phrases=["any update"], patterns=[[{"LOWER": "update"}]], weight=3)],
        },
        greetings=["hi"],
        signoffs=["best"],
    )
    resolver = _Hits({"thank you for meeting"})
    assert detect_kind(resolver, cues) == "thank-you"
    assert resolver.asked == ["thank you for meeting"]  # 9 can no longer be beaten by 3


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # "the decision" is asked about in check-ins too: alone it must not outweigh a follow-up cue
        ("Following up again on my email from yesterday about the decision.", "check-in"),
        ("Thank you for letting me know. I respect the decision and wish the team well.", "rejection-reply"),
        ("I was sorry to hear your decision, but I appreciate the call.", "rejection-reply"),
    ],
)
def test_the_decision_alone_does_not_make_a_rejection_reply(engine, body, kind):
    from .conftest import lint_text

    assert lint_text(engine, f"Hi Li,\n\n{body}\n\nBest,\nSam\n").kind == kind


@pytest.mark.model
def test_good_afternoon_is_a_greeting_not_thanks_for_one(engine):
    from .conftest import lint_text

    body = "I want the admin job. I have a diploma and one year of experience, and I can use Excel."
    assert lint_text(engine, f"Good afternoon Ms Rao,\n\n{body}\n\nDewi\n").kind != "thank-you"


@pytest.mark.model
def test_a_decision_still_to_come_is_no_rejection_to_answer(engine):
    from .conftest import lint_text

    body = (
        "Thank you for meeting me today. I have another offer to answer, "
        "so if the decision can be made soon I would be grateful."
    )
    result = lint_text(engine, f"Hi Li,\n\n{body}\n\nBest,\nSam\n")
    assert result.kind == "thank-you" and "rejection-reply" not in result.close


@pytest.mark.model
@pytest.mark.parametrize(("send_date", "kind"), [("2026-03-03", "thank-you"), ("2026-03-10", "check-in")])
def test_the_days_since_the_interview_count_even_where_no_word_does(engine, send_date, kind):
    """A note about the interview that no word marks as a check-in is one when sent a week later; the
    day after, it is a thank-you note."""
    from .conftest import lint_text

    text = (
        f"---\ninterview-date: 2026-03-02\nsend-date: {send_date}\n---\nHi Li,\n\n"
        "I wanted to share one more idea for the stock system we discussed. "
        "I remain keen on the role.\n\nBest,\nSam\n"
    )
    assert lint_text(engine, text).kind == kind


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "kind"),
    [
        # the outcome told in the writer's own words is the rejection being answered
        ("My CV was not kept, I see.", "rejection-reply"),
        ("The outcome is not what I wanted.", "rejection-reply"),
        ("Your manager thought I lacked depth in SQL.", "rejection-reply"),
        ("To whoever turned down my application this morning: I am still motivated.", "rejection-reply"),
        ("I have read the notice of non-selection you sent me last week.", "rejection-reply"),
        ("You can't seriously pull the offer now. I have already handed in my notice.", "rejection-reply"),
        # the writer turning an offer down is no rejection to answer
        ("Thank you for the offer, but I have decided to turn it down.", "other"),
        # the writer's own doubt is not the reason for a rejection
        (
            "Thank you for the interview today. I feel I lack some retail experience, but I learn fast.",
            "thank-you",
        ),
        # the same words as a condition in a status question do not make it a reply
        (
            "I am following up on the analyst role. "
            "Please tell me even if my application was not successful.",
            "check-in",
        ),
        # ... nor does a rejection only supposed, the easy way out a check-in offers
        ("If you went with someone else, I get it. Just let me know either way.", "check-in"),
    ],
)
def test_the_outcome_in_the_writers_words_makes_a_rejection_reply(engine, body, kind):
    from .conftest import lint_text

    assert lint_text(engine, f"Hi Li,\n\n{body}\n\nBest,\nSam\n").kind == kind


@pytest.mark.model
@pytest.mark.parametrize(
    "body",
    [
        "Could we move Thursday's interview to Friday?",
        "I'm available Tuesday at 2pm or Wednesday morning for the second interview.",
    ],
)
def test_scheduling_an_interview_is_never_told_to_thank_for_it(engine, body):
    """Issue 17, item 3: the safe fix inserted thanks for a meeting that had not happened yet."""
    from .conftest import lint_text

    result = lint_text(engine, f"Hi Sam,\n\n{body}\n\nBest,\nAlex\n")
    assert result.kind == "other"
    assert not [f.rule for f in result.findings if f.category == "missing-thanks"]


@pytest.mark.model
def test_a_same_day_thank_you_that_asks_about_the_decision_is_a_thank_you(engine):
    """Issue 17, item 4: read as a check-in, the note was told to wait a week."""
    from .conftest import lint_text

    text = (
        "Hi Sam,\n\nThank you for meeting with me today about the analyst role. I enjoyed hearing about "
        "the team. Have you made a decision yet?\n\nBest,\nAlex\n"
    )
    result = lint_text(engine, text, interview_date="2026-12-04", send_date="2026-12-04")
    assert "thank-you" in (result.kind, *result.close)
    timing = [f.rule for f in result.findings if f.category == "premature-contact"]
    assert timing == ["premature-contact/decision-question-same-day"]


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # Issue 17, item 8: capitals are flagged whatever the words, not only from a list.
        ("I have been waiting THREE WEEKS for an answer.", "accusatory/shouting-capitals"),
        # Issue 17, item 17: of two rules flagging one sentence, the one whose words explain it.
        ("Honestly, this is incredibly unprofessional.", "accusatory/open-reproach"),
    ],
)
def test_the_fitting_rule_reports_the_sentence(engine, text, rule):
    from .conftest import lint_text

    # The kind is given: a lone angry line may be read as a reply to a rejection, where bridge-burning's
    # rules speak first; this test is about which accusatory rule explains the sentence.
    findings = lint_text(engine, f"Hi Sam,\n\n{text}\n\nAlex\n", kind="check-in").findings
    assert rule in [f.rule for f in findings]


@pytest.mark.model
def test_hostility_is_reported_under_the_category_of_the_kind_read_best(engine):
    """An insult in what reads best as a withdrawal is accusatory; bridge-burning applies too while a
    reply to a rejection is close. Read best as a reply to a rejection, it is bridge-burning only."""
    from .conftest import lint_text, with_kind_reading

    everything_close = with_kind_reading(engine, close=1.0, cue_weight=0.0)

    def read(opening):
        text = f"Hi Jo,\n\n{opening} Honestly, your interview process was a joke.\n\nSam\n"
        result = lint_text(everything_close, text)
        return result, {f.rule for f in result.findings}

    withdrawal, rules = read(
        "Please withdraw my application for the analyst role; I have accepted another offer."
    )
    assert withdrawal.kind == "other" and "rejection-reply" in withdrawal.close
    assert {"accusatory/hostile-remark", "bridge-burning/insult-or-bad-mouthing"} <= rules
    reply, rules = read("Thanks for letting me know that I was not selected for the analyst role.")
    assert reply.kind == "rejection-reply" and "other" in reply.close
    assert "bridge-burning/insult-or-bad-mouthing" in rules and "accusatory/hostile-remark" not in rules


@pytest.mark.model
@pytest.mark.parametrize(
    ("body", "thanks"),
    [
        # a wish that opens its sentence thanks for nothing
        ("Got your email. Fine. Enjoy your Google reviews this month.", False),
        ("Enjoy your search for someone cheaper.", False),
        # enjoying the meeting is the thank-you note's own cue, whether or not "I" opens it
        ("Enjoyed our chat about the analyst role.", True),
        ("I really did enjoy our chat.", True),
    ],
)
def test_a_closing_wish_is_no_cue_of_a_thank_you_note(engine, body, thanks):
    """Read with the cues outweighing the kind model (as a fold model trained without the draft read
    it), "Enjoy your ..." once made a hostile reply a thank-you note, which gets no bridge-burning rule."""
    from .conftest import lint_text, with_kind_reading

    cue_led = with_kind_reading(engine, cue_weight=100.0, close=0.0)
    assert (lint_text(cue_led, f"Hi Li,\n\n{body}\n\nSam\n").kind == "thank-you") is thanks
