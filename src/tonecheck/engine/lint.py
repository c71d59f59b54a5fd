"""The linter: parse each message once, run every matcher once, and judge each rule that applies.

The engine returns findings; it never prints and never imports the CLI.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from tonecheck.dates import (
    earliest_send,
    first_check_in,
    latest_send,
    too_late,
    too_soon,
    within_thank_you_window,
)
from tonecheck.engine.conditions import (
    Judged,
    conditions_hold,
    context_holds,
    drop_unless_flagged,
    one_absence_per_category,
)
from tonecheck.engine.factkeep import rewrite_fits
from tonecheck.engine.kinds import KindReading, read_kinds
from tonecheck.engine.learned import judge_learned
from tonecheck.engine.matchers import CompiledMatchers
from tonecheck.engine.resolve import Resolver, Span
from tonecheck.engine.results import Result
from tonecheck.engine.sentences import sentence_chars, starts_sentence
from tonecheck.engine.structure import Layout, LayoutFinder
from tonecheck.engine.suggest import CALM_SLOT, finding_slots, render_suggestions
from tonecheck.findings import Finding, Fix
from tonecheck.inputs.context import Context
from tonecheck.inputs.messages import Message
from tonecheck.inputs.stated import with_stated_reply_by
from tonecheck.inputs.textmap import LineIndex
from tonecheck.pipeline.batches import parse
from tonecheck.pipeline.softwraps import unwrap
from tonecheck.rulefiles.load import Rule, RuleSet
from tonecheck.rulefiles.schema import template_slots
from tonecheck.spans import SpanIndex


@dataclass(frozen=True)
class Settings:
    """Engine settings that configuration may change."""

    thank_you_window_hours: int = 24
    check_in_wait: int | None = None  # business days; None keeps each rule's own wait
    today: dt.date = field(default_factory=dt.date.today)


class Engine:
    def __init__(
        self,
        ruleset: RuleSet,
        nlp: Language,
        settings: Settings | None = None,
        cache_folder: Path | None = None,
    ) -> None:
        """``cache_folder``, when given, keeps the compiled patterns between runs (see patterncache)."""
        self.ruleset = ruleset
        self.nlp = nlp
        self.settings = settings or Settings()
        # Rules a selection left out still run when a selected rule's `unless-flagged` needs them.
        everything = replace(ruleset, rules={**ruleset.rules, **ruleset.conditions})
        self.matchers = CompiledMatchers(everything, nlp, cache_folder=cache_folder)
        self.layouts = LayoutFinder(
            ruleset.messages.greetings, ruleset.messages.signoffs, ruleset.messages.closing_thanks
        )
        # Every slot a rewrite can take from the draft's words: messages.yaml's and the calmed match.
        self._text_slots = frozenset({*ruleset.messages.slots, CALM_SLOT})
        self._slots_by_rule: dict[str, frozenset[str]] = {}

    # Drafts go through the pipeline 16 at a time: batches of 32 took about 60 MB more memory for no
    # measurable gain in speed.
    def lint(
        self,
        messages: Sequence[Message],
        batch_size: int = 16,
        only: Sequence[frozenset[str] | None] | None = None,
    ) -> Iterator[Result]:
        """Lint each message; ``only[i]``, when given, limits message ``i`` to those rule ids."""
        # The parser reads wrapped lines joined; the layout still comes from the lines as written.
        texts = (unwrap(message.text) for message in messages)
        for index, (message, doc) in enumerate(
            zip(messages, parse(self.nlp, texts, batch_size), strict=True)
        ):
            yield self.lint_doc(message, doc, only[index] if only is not None else None)

    def lint_doc(self, message: Message, doc: Doc, only: frozenset[str] | None = None) -> Result:
        # The draft as written: the doc may hold it with wrapped lines joined (same offsets).
        text = message.text
        layout = self.layouts.find(text, message.body_offset)
        quoted = functools.cache(lambda: self._quoted(message))
        resolver = Resolver(
            doc, self.matchers.run(doc), layout, self.matchers, self.ruleset.elements, text, quoted
        )
        context = message.context
        if context.send_date is None:
            context = replace(context, send_date=self.settings.today)
        context = with_stated_reply_by(context, message.quoted)
        # The kind the draft's own words give, read once and only when needed: for every draft without a
        # given kind, and for a learned rule, which trusts its model only on a draft that reads as one of
        # its kinds by its own words, whatever kind it was given.
        guess = functools.cache(
            lambda: read_kinds(
                resolver,
                self.ruleset.messages,
                quoted(),
                _days_after_interview(context),
                self.ruleset.kind_model,
                (text, message.quoted),
            )
        )
        # A given kind is not guessed: no other kind applies.
        reading = KindReading(context.kind) if context.kind else guess()
        judged: list[Judged] = []
        for rule in self.ruleset.rules.values():
            if not any(kind in rule.model.kinds for kind in reading.kinds):
                continue
            # A required element is asked for by the kind read, or, for a draft read as "other" (which
            # requires nothing), by a close follow-up kind: a wrong guess must not switch missing-thanks
            # off, but a thank-you note that might be a reply is not asked to keep in touch.
            if rule.model.absence is not None and reading.kind not in (*rule.model.kinds, "other"):
                continue
            if only is not None and rule.id not in only:
                continue
            judged.extend(self._judge(rule, resolver, layout, (reading, guess), context))
        conditional = (*self.ruleset.rules.values(), *self.ruleset.conditions.values())
        judged = drop_unless_flagged(
            judged,
            conditional,
            lambda rule: (
                any(kind in rule.model.kinds for kind in reading.kinds)
                and bool(list(self._judge(rule, resolver, layout, (reading, guess), context)))
            ),
        )
        findings = self._to_findings(one_absence_per_category(judged, reading.kind), message, resolver)
        return Result(message, reading.kind, tuple(findings), reading.close)

    def _slots_used(self, rule: Rule) -> frozenset[str]:
        """The slots found in the text (``_text_slots``) that a rule's message and suggestions use; all
        of them when they use {placeholder}, which is a masked piece that no other slot carries."""
        used = self._slots_by_rule.get(rule.id)
        if used is None:
            names: set[str] = set()
            for template in (rule.model.message, *rule.model.suggest):
                names |= template_slots(template)
            every = self._text_slots
            used = every if "placeholder" in names else every & names
            self._slots_by_rule[rule.id] = used
        return used

    def _quoted(self, message: Message) -> Resolver | None:
        """Matches in the quoted text, tokenized only (quoted text is never parsed or linted)."""
        if not message.quoted.strip():
            return None
        quoted = message.quoted[:20000]
        doc = self.nlp.make_doc(unwrap(quoted))  # a wrapped rejection's cue words, joined
        layout = self.layouts.find(quoted)
        raw = self.matchers.run(doc, phrases_only=True)
        return Resolver(doc, raw, layout, self.matchers, self.ruleset.elements, quoted)

    def _judge(
        self,
        rule: Rule,
        resolver: Resolver,
        layout: Layout,
        readings: tuple[KindReading, Callable[[], KindReading]],
        context: Context,
    ) -> Iterable[Judged]:
        reading, guess = readings
        model = rule.model
        if model.match is not None:
            if not context_holds(context, model.match.if_context):
                return []
            if model.match.best_kind_only and reading.kind not in model.kinds:
                return []
            if not conditions_hold(resolver, model.match.if_present, model.match.unless_present):
                return []
            return self._judge_spans(rule, resolver, resolver.hits(model.match), {})
        if model.absence is not None:
            if not context_holds(context, model.absence.if_context):
                return []
            return self._judge_absence(rule, resolver, layout)
        if model.learned is not None:
            if guess().kind not in model.kinds:  # its best reading, not a close one
                return []
            if not conditions_hold(resolver, model.learned.if_present, model.learned.unless_present):
                return []
            return judge_learned(rule, self.ruleset.learned[rule.id].model, resolver, layout)
        return self._judge_timing(rule, resolver, reading, context)

    def _judge_spans(
        self, rule: Rule, resolver: Resolver, spans: list[Span], extra_slots: dict[str, str]
    ) -> list[Judged]:
        judged: list[Judged] = []
        seen: set[tuple[int, int]] = set()
        for span in spans:
            match_start, match_end = resolver.char_span(span)
            if rule.model.span == "sentence":
                start, end = sentence_chars(resolver, span)
                at_start = True
            else:
                start, end = match_start, match_end
                at_start = starts_sentence(resolver, span)
            if (start, end) in seen:
                continue
            seen.add((start, end))
            judged.append(Judged(rule, start, end, (match_start, match_end), extra_slots, at_start))
        return judged

    def _judge_absence(self, rule: Rule, resolver: Resolver, layout: Layout) -> list[Judged]:
        absence = rule.model.absence
        assert absence is not None
        if resolver.hits(absence.require):
            return []
        if not conditions_hold(resolver, absence.if_present, absence.unless_present):
            return []
        if not resolver.text.strip():
            return []
        point = layout.body_start if absence.place == "body-start" else layout.before_signoff
        return [Judged(rule, point, point, (point, point), {}, True, point=True)]

    def _judge_timing(
        self, rule: Rule, resolver: Resolver, reading: KindReading, context: Context
    ) -> list[Judged]:
        timing = rule.model.timing
        assert timing is not None
        anchor = context.get(timing.after)
        if anchor is None or any(context.get(key) is not None for key in timing.only_without):
            return []
        if timing.best_kind_only and reading.kind not in rule.model.kinds:
            return []
        send = context.send_date
        assert send is not None
        window = self.settings.thank_you_window_hours
        if timing.direction == "too-late":
            # The same deadline `tonecheck plan` gives (tonecheck.dates): never advise a day the rules flag.
            hours = window if timing.wait_setting == "thank-you-window" else None
            wait = timing.wait
            earliest = latest = latest_send(anchor, wait, hours)
            if not too_late(send, anchor, wait, hours):
                return []
        else:
            # A draft that may be a thank-you note gets the thank-you window: holding back a timely note
            # for a week is worse advice than letting an early question pass.
            grace = timing.thank_you_grace and "thank-you" in reading.kinds
            interview = context.interview_date
            if grace and interview is not None and within_thank_you_window(send, interview, window):
                return []
            wait = timing.wait
            if timing.wait_setting == "check-in-wait" and self.settings.check_in_wait is not None:
                wait = self.settings.check_in_wait
            earliest = latest = earliest_send(anchor, wait)
            if not too_soon(send, anchor, wait):
                return []
        triggers = resolver.hits(timing.trigger)
        if not triggers or self._now_a_check_in(timing.unless_check_in, resolver, context, send):
            return []
        slots = {
            "after": timing.after,
            "after_date": _day(anchor),
            "earliest": _day(earliest),
            "latest": _day(latest),
            "send_date": _day(send),
            "wait": str(wait),
        }
        return self._judge_spans(rule, resolver, triggers[:1], slots)

    def _now_a_check_in(self, asks: list[str], resolver: Resolver, context: Context, send: dt.date) -> bool:
        """Sent once a check-in is due (the day `tonecheck plan` gives) and asking for news."""
        interview = context.interview_date
        if not asks or interview is None:
            return False
        due = first_check_in(interview, context.reply_by, self.settings.check_in_wait)
        return send >= due and any(resolver.hits(resolver.elements[name]) for name in asks)

    def _to_findings(self, judged: list[Judged], message: Message, resolver: Resolver) -> list[Finding]:
        if not judged:
            return []  # a clean draft: its slots (names, roles, dates) are never matched
        mapped = message.mapped
        lines = LineIndex(mapped.original)
        masked = SpanIndex((s, e) for s, e, _os, _oe in mapped.substituted_spans())
        newline = "\r\n" if "\r\n" in mapped.original else "\n"
        # Only the slots the findings' templates use are matched ("person" alone is a pattern tried
        # over the whole draft).
        needed: set[str] = set()
        for item in judged:
            needed |= self._slots_used(item.rule)
        anchors = {
            name: SpanIndex(resolver.char_span(span) for span in resolver.hits(finders))
            for name, finders in self.ruleset.messages.slots.items()
            if name in needed
        }
        findings: list[Finding] = []
        matched: list[int] = []  # for each finding, the length of the words its rule matched
        for item in judged:
            if not item.point and masked.contains(item.start, item.end):
                continue
            start, end = mapped.original_span(item.start, item.end)
            calm = CALM_SLOT in self._slots_used(item.rule)
            span = (item.start, item.end)
            slots = finding_slots(mapped, item.slots, item.match, span, item.point, anchors, calm)
            model = item.rule.model
            suggestions = render_suggestions(model.suggest, slots, item.at_sentence_start)
            fix = None
            if model.fix != "none" and suggestions:
                replacement = suggestions[0]
                if item.point:
                    # An insertion is a paragraph of its own: before the line it points at, or after the
                    # text before it. A point inside a line (markup hidden from the rules may end the
                    # text mid-line) gets a break on both sides, so the sentence never fuses with a word.
                    original = mapped.original
                    paragraph_break = newline + newline
                    at_line_start = start == 0 or original[start - 1] == "\n"
                    rest_of_line = original[start:].split("\n", 1)[0]
                    if not original[start:].strip():
                        replacement = paragraph_break + replacement
                    elif at_line_start:
                        replacement = replacement + paragraph_break
                    elif not rest_of_line.strip():
                        replacement = paragraph_break + replacement
                    else:
                        replacement = paragraph_break + replacement + paragraph_break
                if rewrite_fits(item, resolver.doc, mapped.original, (start, end), replacement):
                    fix = Fix(start, end, replacement, safe=model.fix == "safe")
            line, column = lines.position(start)
            end_line, end_column = lines.position(end)
            matched.append(item.match[1] - item.match[0])
            findings.append(
                Finding(
                    rule=item.rule.id,
                    category=item.rule.category,
                    severity=item.rule.severity,
                    message=model.message.format_map(_Defaulting(slots)),
                    start=start,
                    end=end,
                    line=line,
                    column=column,
                    end_line=end_line,
                    end_column=end_column,
                    text=mapped.original[start:end],
                    suggestions=suggestions,
                    fix=fix,
                    offsets=message.offsets,
                    why=" ".join(model.why.split()),
                )
            )
        return _one_per_span(findings, matched)


def _one_per_span(findings: list[Finding], matched: list[int]) -> list[Finding]:
    """Where two rules of one category flag the same words, report the more severe once; of two as
    severe, the one whose own pattern matched more of the words, as it explains more of them."""
    best: dict[tuple[str, int, int], Finding] = {}
    order = sorted(range(len(findings)), key=lambda i: (-findings[i].severity, -matched[i], findings[i].rule))
    for index in order:
        finding = findings[index]
        best.setdefault((finding.category, finding.start, finding.end), finding)
    return sorted(best.values(), key=lambda f: (f.start, f.end, f.rule))


def _days_after_interview(context: Context) -> int | None:
    if context.interview_date is None or context.send_date is None:
        return None
    return (context.send_date - context.interview_date).days


def _day(day: dt.date) -> str:
    return f"{day:%A} {day.isoformat()}"


class _Defaulting(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
