"""The rule file schema: every key a rule, an element or the message cues may hold.

Keys are kebab-case in YAML. Unknown keys are rejected, so a typo never silently disables a rule.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tonecheck.findings import SeverityName
from tonecheck.names import CATEGORIES, KINDS

__all__ = ["CATEGORIES", "KINDS"]  # re-exported: rules and tests name them from here

Kind = Literal["thank-you", "check-in", "materials", "rejection-reply", "other"]
ContextDate = Literal["interview-date", "reply-by", "requested-date"]
TokenPattern = list[dict[str, Any]]

# Slots a message or suggestion template may use, by rule shape.
# Slots filled from the words of the finding itself; any of them may be missing.
TEXT_SLOTS = frozenset({"date", "person", "company", "role", "placeholder"})
SPAN_SLOTS = frozenset({"match", "calm"}) | TEXT_SLOTS
# A missing sentence has no words of its own: the role and company it may name come from anywhere in
# the message.
ABSENCE_SLOTS = frozenset({"role", "company"})
# A learned rule names the words that weighed most in the sentence it reports.
LEARNED_SLOTS = frozenset({"words"})
TIMING_SLOTS = (
    frozenset({"match", "calm", "after", "after_date", "earliest", "latest", "send_date", "wait"})
    | TEXT_SLOTS
)


def _kebab(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=_kebab, populate_by_name=True, strict=False
    )


class Finders(Strict):
    """What to look for: literal phrases, token patterns, dependency patterns and named elements."""

    phrases: list[str] = Field(default_factory=list)
    patterns: list[TokenPattern] = Field(default_factory=list)
    dependency: list[TokenPattern] = Field(default_factory=list)
    elements: list[str] = Field(default_factory=list)
    # A hit does not count when it overlaps a hit of `unless` ("as you said" inside "you said") ...
    unless: Finders | None = None
    # ... and, when `inside` is given, only counts in a sentence that also holds a hit of `inside`, and
    # never in a sentence that holds a hit of `outside` ("just curious, why do you..." is softened).
    inside: Finders | None = None
    outside: Finders | None = None
    # Where a hit counts: anywhere, only in the body, or only in a closing formula ("Thanks,").
    scope: Literal["any", "body", "signoff"] = "any"

    @field_validator("phrases")
    @classmethod
    def _phrases_not_blank(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not phrase.strip():
                raise ValueError("a phrase must not be empty")
        return value

    @field_validator("patterns", "dependency")
    @classmethod
    def _patterns_not_empty(cls, value: list[TokenPattern]) -> list[TokenPattern]:
        for pattern in value:
            if not pattern:
                raise ValueError("a pattern must have at least one token")
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Finders:
        if not (self.phrases or self.patterns or self.dependency or self.elements):
            raise ValueError("give at least one of phrases, patterns, dependency or elements")
        return self


class IfContext(Strict):
    """Facts about the message rather than its words, which a rule may require.

    ``attachments: none`` holds when the message is known to go out with no attachment (an .eml
    without attachment parts, or front matter ``attachments: []``); ``some`` when it has at least one.
    When nothing says what is attached, neither holds, so the rule stays silent.
    """

    attachments: Literal["none", "some"] | None = None


class SpanMatch(Finders):
    """A span rule: every hit is a finding (when the message-level conditions hold)."""

    # Fire only when the message also holds this (anywhere), or only when it does not.
    if_present: Finders | None = None
    unless_present: Finders | None = None
    # Fire only when these facts about the message hold.
    if_context: IfContext | None = None
    # Fire only when the message reads best as one of the rule's kinds, not merely as a close one: an
    # insult in what may be a reply to a rejection is that category's finding, not also this one's.
    best_kind_only: bool = False


class Absence(Strict):
    """An absence rule: a finding when the required element is missing from the message."""

    require: Finders
    # Fire only when this is present too (e.g. a bare "Thanks," sign-off) ...
    if_present: Finders | None = None
    # ... or only when this is not present (so two absence rules do not report the same gap).
    unless_present: Finders | None = None
    if_context: IfContext | None = None
    # Stay silent when the message has a finding of one of these categories (a reply that burns the
    # bridge is not asked to keep in touch); judged whatever rules a run selects.
    unless_flagged: list[str] = Field(default_factory=list)
    # Where the missing sentence belongs.
    place: Literal["body-start", "before-signoff"]


class Timing(Strict):
    """A timing rule: the trigger sent too soon (before ``after`` plus ``wait`` business days) or, with
    ``direction: too-late``, too late (after ``after`` plus ``wait`` business days)."""

    trigger: Finders
    after: ContextDate
    wait: int = Field(ge=0, le=60)
    direction: Literal["too-soon", "too-late"] = "too-soon"
    # Take the wait from this setting of the configuration when it is set there (check-in-wait: business
    # days; thank-you-window: hours, which extend a too-late deadline when longer than the wait).
    wait_setting: Literal["check-in-wait", "thank-you-window"] | None = None
    # Apply only when none of these dates are known.
    only_without: list[ContextDate] = Field(default_factory=list)
    # A thank-you note sent within the thank-you window after the interview is never premature.
    thank_you_grace: bool = False
    # Apply only when the message reads best as one of the rule's kinds, not merely as a close one: a
    # check-in that thanks for an interview a fortnight ago is not a late thank-you note.
    best_kind_only: bool = False
    # Too-late rules: once a check-in is due (tonecheck.dates.first_check_in), a message holding one of
    # these named elements (a status question) is a check-in, not a late note.
    unless_check_in: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _setting_fits_direction(self) -> Timing:
        fits = {"check-in-wait": "too-soon", "thank-you-window": "too-late"}
        if self.wait_setting is not None and fits[self.wait_setting] != self.direction:
            raise ValueError(
                f"wait-setting {self.wait_setting} applies to direction {fits[self.wait_setting]}"
            )
        if self.direction == "too-late" and self.thank_you_grace:
            raise ValueError("thank-you-grace applies to direction too-soon")
        if self.direction == "too-soon" and self.unless_check_in:
            raise ValueError("unless-check-in applies to direction too-late")
        return self


class Learned(Strict):
    """A learned rule: a text model (a JSON file beside messages.yaml, written by a training script in
    scripts/) scores the sender's words; when the message scores above ``above``, the sentence the model
    scores highest is the finding. For what the word lists miss, so it usually stays silent where its
    category already has a finding (``unless-flagged``)."""

    file: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*\.json$")
    above: float = Field(gt=0.0, lt=1.0)
    unless_flagged: list[str] = Field(default_factory=list)
    # A statistical reading needs words to read: shorter bodies are left to the word lists.
    min_words: int = Field(default=0, ge=0, le=1000)
    # Sentences holding one of these (genuine thanks, good wishes) are never the finding; when no other
    # sentence weighs towards the category, the rule stays silent.
    outside: Finders | None = None
    # Message-level: the model is asked only about a message that has one of ``if_present`` (words about
    # a job, say) and none of ``unless_present`` (a writer declining an interview is not answering a
    # rejection, however its words score).
    if_present: Finders | None = None
    unless_present: Finders | None = None


class ExampleContext(Strict):
    kind: Kind | None = None
    interview_date: dt.date | None = None
    reply_by: dt.date | None = None
    requested_date: dt.date | None = None
    send_date: dt.date | None = None


class Example(Strict):
    text: str
    # The exact text of the expected finding (flag examples only).
    span: str | None = None
    # The expected first suggestion (flag examples only).
    rewrite: str | None = None
    context: ExampleContext | None = None


_EXAMPLE_KEYS = {"text", "span", "rewrite", "context"}


def _as_example(value: Any) -> Any:
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict) and "text" not in value and not set(value) & _EXAMPLE_KEYS:
        raise ValueError(
            "an example was read as a key and a value because it contains ': '; put it in quotes"
        )
    return value


class Examples(Strict):
    flag: list[Example] = Field(min_length=1)
    pass_: list[Example] = Field(min_length=1, alias="pass")
    known_misses: list[Example] = Field(default_factory=list, alias="known_misses")

    @field_validator("flag", "pass_", "known_misses", mode="before")
    @classmethod
    def _strings_are_examples(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [_as_example(item) for item in value]
        return value


SHAPES = ("match", "absence", "timing", "learned")


class RuleModel(Strict):
    severity: SeverityName
    kinds: list[Kind] = Field(min_length=1)
    message: str = Field(min_length=1)
    why: str = Field(min_length=1)
    suggest: list[str] = Field(min_length=1)
    # "safe": --fix applies the first suggestion; "unsafe": only with --unsafe-fixes; "none": advice only.
    fix: Literal["safe", "unsafe", "none"] = "unsafe"
    # The reported span: the matched words, or the whole sentence they are in.
    span: Literal["match", "sentence"] = "match"
    match: SpanMatch | None = None
    absence: Absence | None = None
    timing: Timing | None = None
    learned: Learned | None = None
    examples: Examples

    @field_validator("kinds")
    @classmethod
    def _unique_kinds(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("kinds are listed more than once")
        return value

    @model_validator(mode="after")
    def _one_shape(self) -> RuleModel:
        shapes = [name for name in SHAPES if getattr(self, name) is not None]
        if len(shapes) != 1:
            raise ValueError("a rule needs exactly one of match, absence, timing or learned")
        slots = {
            "match": SPAN_SLOTS,
            "absence": ABSENCE_SLOTS,
            "timing": TIMING_SLOTS,
            "learned": LEARNED_SLOTS,
        }[shapes[0]]
        _check_slots("message", [self.message], slots)
        _check_slots("suggest", self.suggest, slots)
        # A finding may lack the text slots ({date}, {person}...); some suggestion must work without them.
        if all(_required(text) & TEXT_SLOTS for text in self.suggest):
            raise ValueError(
                "suggest needs at least one suggestion that does not require {date}, {person}, {company} or "
                "{role} (put them in an optional [[...]] group)"
            )
        return self

    @property
    def shape(self) -> str:
        return next(name for name in SHAPES if getattr(self, name) is not None)

    @property
    def unless_flagged(self) -> list[str]:
        """Categories whose findings silence this rule (absence and learned rules may name them)."""
        if self.absence is not None:
            return self.absence.unless_flagged
        return self.learned.unless_flagged if self.learned is not None else []


class Element(Finders):
    """A named, reusable finder (rules/elements/<name>.yaml)."""

    description: str = Field(min_length=1)
    # Message-level: the element finds nothing in a message that has one of these. Thanks inside a parody
    # of the rejection letter ("I must decline your refusal") belongs to the parody, wherever it stands.
    unless_present: Finders | None = None
    # ... and nothing in a message that has none of ``if_present``: good wishes make a reply gracious
    # only in one that also thanks the reader.
    if_present: Finders | None = None
    # For a rule's `if-present`, the message the draft quotes counts as well (by the element's phrases:
    # quoted text is tokenized, never parsed). A reply that quotes a letter about an application is
    # about a job even when the writer's own lines never say so.
    quoted: bool = False


class KindCue(Finders):
    weight: int = Field(default=1, ge=1, le=10)


class TimingCue(Strict):
    """Days from the interview to sending that make a draft more likely one kind than another."""

    kind: Kind
    min_days: int | None = Field(default=None, ge=0)
    max_days: int | None = Field(default=None, ge=0)
    weight: int = Field(default=1, ge=1, le=10)


class KindModelRef(Strict):
    """The learned kind model beside messages.yaml, and how its probabilities meet the cues."""

    file: str = Field(pattern=r"^[a-z0-9-]+\.json$")
    # A kind's score is its probability plus cue-weight times its share of the cues' weight.
    cue_weight: float = Field(default=0.3, ge=0, le=10)
    # Kinds scoring within this much of the best are close: their rules apply too.
    close: float = Field(default=0.2, ge=0, le=1)
    # A draft with no cue at all is read by the model only when it is at least this sure, or when its
    # likeliest follow-up kind leads "other" by at least `lead`; else "other".
    sure: float = Field(default=0.0, ge=0, le=1)
    lead: float = Field(default=1.0, ge=0, le=1)


class MessageCues(Strict):
    """rules/messages.yaml: how to recognise a message's kind and its parts."""

    kinds: dict[Kind, list[KindCue]]
    # A kind whose cues weigh at most this much less than the winner's is close: its rules apply too.
    close_margin: int = Field(default=0, ge=0, le=20)
    kind_model: KindModelRef | None = None
    # Corrections to the valence lexicon (see engine/valence.py): word -> rating from -4 to 4.
    valence: dict[str, float] = Field(default_factory=dict)
    timing: list[TimingCue] = Field(default_factory=list)
    greetings: list[str] = Field(min_length=1)
    signoffs: list[str] = Field(min_length=1)
    # Formulas that close the message even as a sentence ending the body's last line ("Any news? Thanks!")
    # or on a line of their own above another formula ("Thank you!" over "Best,").
    closing_thanks: list[str] = Field(default_factory=list)
    slots: dict[Literal["date", "person", "company", "role"], Finders] = Field(default_factory=dict)


def _required(text: str) -> set[str]:
    return template_slots(re.sub(r"\[\[.*?\]\]", "", text))


def template_slots(text: str) -> set[str]:
    """The ``{name}`` slots a message or suggestion template uses."""
    names = set()
    for _literal, field_name, _spec, _conversion in string.Formatter().parse(text):
        if field_name is not None:
            names.add(field_name)
    return names


def _check_slots(key: str, texts: list[str], allowed: frozenset[str]) -> None:
    for text in texts:
        try:
            used = template_slots(text)
        except ValueError as exc:
            raise ValueError(f"{key}: bad template {text!r}: {exc}") from None
        unknown = used - allowed
        if unknown:
            allowed_text = ", ".join(sorted(allowed)) or "none"
            raise ValueError(f"{key}: unknown slot {{{sorted(unknown)[0]}}} (allowed here: {allowed_text})")
