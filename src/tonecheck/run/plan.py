"""`tonecheck plan`: when to send what after an interview, on the same timing the rules enforce.

Every date here comes from ``tonecheck.dates``, the module the engine's timing rules use too, so a
message sent on the day the plan gives is never flagged as premature or late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tonecheck.dates import (
    DEFAULT_WINDOW_HOURS,
    FOLLOW_UP_GAP,
    THANK_YOU_DAYS,
    earliest_send,
    first_check_in,
    latest_send,
    parse_date,
)
from tonecheck.errors import InputError
from tonecheck.inputs.context import Context, check_dates

if TYPE_CHECKING:
    from tonecheck.run.config import ConfigModel

STEPS = ("thank-you", "check-in", "second-check-in", "last-note")
_ADVICE = {
    "thank-you": "Send a thank-you note: thank them, say you still want the role, add anything you promised.",
    "check-in": "Send a short, friendly check-in asking whether there is news.",
    "second-check-in": "If there is still no news, one more brief check-in.",
    "last-note": "A last, gracious note: thank them, leave the door open, and move on to other applications.",
}
# What a draft's `kind:` says it is, for `tonecheck plan draft.txt`.
_STEP_OF_KIND = {"thank-you": "thank-you", "check-in": "check-in"}


@dataclass(frozen=True)
class Step:
    name: str
    earliest: dt.date  # the first day it may go out
    latest: dt.date | None  # the last day it is on time (the thank-you note only)
    sent: dt.date | None = None
    advice: str = ""

    @property
    def due(self) -> dt.date:
        """The day to put in a calendar: the deadline when there is one, else the first fine day."""
        return self.latest or self.earliest

    @property
    def late(self) -> bool:
        return self.sent is not None and self.latest is not None and self.sent > self.latest


@dataclass(frozen=True)
class Plan:
    interview_date: dt.date
    reply_by: dt.date | None
    steps: tuple[Step, ...] = field(default_factory=tuple)
    draft_step: str | None = None  # which step the draft the dates came from is, when that is known

    def to_json(self) -> dict[str, Any]:
        return {
            "interview_date": self.interview_date.isoformat(),
            "reply_by": self.reply_by.isoformat() if self.reply_by else None,
            "draft_step": self.draft_step,
            "steps": [
                {
                    "step": step.name,
                    "date": step.due.isoformat(),
                    "earliest": step.earliest.isoformat(),
                    "latest": step.latest.isoformat() if step.latest else None,
                    "sent": step.sent.isoformat() if step.sent else None,
                    "late": step.late,
                    "advice": step.advice,
                }
                for step in self.steps
            ],
        }


def make_plan(
    interview: dt.date,
    reply_by: dt.date | None = None,
    sent: dict[str, dt.date] | None = None,
    check_in_wait: int | None = None,
    window_hours: int = DEFAULT_WINDOW_HOURS,
) -> Plan:
    """The schedule after an interview; a step already sent moves the ones after it to its real date."""
    sent = sent or {}
    thank_you = Step(
        "thank-you",
        interview,
        latest_send(interview, THANK_YOU_DAYS, window_hours),
        sent.get("thank-you"),
        _ADVICE["thank-you"],
    )
    steps = [thank_you]
    previous = first_check_in(interview, reply_by, check_in_wait)
    for name in STEPS[1:]:
        if name != "check-in":
            previous = earliest_send(previous, FOLLOW_UP_GAP)
        steps.append(Step(name, previous, None, sent.get(name), _ADVICE[name]))
        # The next message waits a week from when this one really went out.
        previous = max(previous, sent.get(name, previous))
    return Plan(interview, reply_by, tuple(steps))


def parse_sent(text: str | None, source: str = "command line") -> dict[str, dt.date]:
    """``thank-you=2026-03-03,check-in=2026-03-10`` as step names and dates; a one-line error otherwise."""
    sent: dict[str, dt.date] = {}
    for item in (text or "").split(","):
        if not item.strip():
            continue
        name, equals, value = item.partition("=")
        name = name.strip()
        if not equals:
            raise InputError(f"--sent: expected STEP=YYYY-MM-DD, got {item.strip()!r}", source)
        if name not in STEPS:
            raise InputError(f"--sent: unknown step {name!r} (steps: {', '.join(STEPS)})", source)
        try:
            sent[name] = parse_date(value)
        except ValueError as exc:
            raise InputError(f"--sent {name}: {exc}", source) from None
    return sent


def check_plan_dates(
    interview: dt.date, reply_by: dt.date | None, sent: dict[str, dt.date], source: str
) -> None:
    """Dates that contradict the interview are typos: say so rather than plan around them."""
    check_dates(Context(interview_date=interview, reply_by=reply_by), source, option_prefix="--")
    for name, day in sent.items():
        if day < interview:
            raise InputError(f"--sent {name} {day} is before the interview-date {interview}", source)


@dataclass(frozen=True)
class DraftDates:
    interview_date: dt.date | None
    reply_by: dt.date | None
    kind: str | None
    send_date: dt.date | None


def dates_from_draft(path: Path) -> DraftDates:
    """The front matter's dates and kind (an .eml's Date: header is its send date)."""
    from tonecheck.inputs.decoding import read_file

    source = read_file(path)
    return dates_from_text(source.path, source.text, data=source.data)


def dates_from_text(
    path: str, text: str, override: Context | None = None, data: bytes | None = None
) -> DraftDates:
    """The dates and kind of a draft's text (``path`` tells its format), ``override``'s where it sets them."""
    from tonecheck.inputs.messages import messages_for

    messages = messages_for(path, text, override, data=data)
    context = messages[0].context if messages else (override or Context())
    return DraftDates(context.interview_date, context.reply_by, context.kind, context.send_date)


def draft_step(plan: Plan, draft: DraftDates) -> str | None:
    """Which step the draft is: its `kind:` when that names one; else, by its send date, the last step
    whose day has come (a draft sent before the first check-in day is the thank-you note)."""
    if draft.send_date is None:
        return None
    if draft.kind is not None:
        return _STEP_OF_KIND.get(draft.kind)
    chosen = "thank-you"
    for step in plan.steps[1:]:
        if step.earliest <= draft.send_date:
            chosen = step.name
    return chosen


def follow_up_plan(
    interview: dt.date,
    reply_by: dt.date | None,
    sent: dict[str, dt.date],
    draft: DraftDates | None,
    settings: ConfigModel,
) -> Plan:
    """The plan `tonecheck plan` prints and `tonecheck serve` answers with: the schedule on the
    configuration's timing, with the draft (when its step is known) sent on its send date."""
    window = settings.thank_you_window
    timing = {
        "check_in_wait": settings.check_in_wait,
        "window_hours": window if window is not None else DEFAULT_WINDOW_HOURS,
    }
    schedule = make_plan(interview, reply_by, sent, **timing)
    step = draft_step(schedule, draft) if draft is not None else None
    if step is None:
        return schedule
    if step not in sent and draft is not None and draft.send_date is not None:
        schedule = make_plan(interview, reply_by, {**sent, step: draft.send_date}, **timing)
    return replace(schedule, draft_step=step)


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.isoformat()}"


def render_text(plan: Plan) -> str:
    head = f"Follow-up plan after the interview on {_day(plan.interview_date)}"
    if plan.reply_by is not None:
        head += f" (they said they would reply by {_day(plan.reply_by)})"
    lines = [head + ":", ""]
    for step in plan.steps:
        when = f"by {_day(step.latest)}" if step.latest else f"on {_day(step.earliest)}"
        status = ""
        if step.sent is not None:
            status = f"  [sent {_day(step.sent)}{', late' if step.late else ''}]"
        lines.append(f"  {step.name:<16} {when}{status}")
        lines.append(f"  {'':<16} {step.advice}")
    return "\n".join(lines) + "\n"


def write_ics(plan: Plan, path: Path) -> None:
    """Each step as an all-day calendar event on its day (steps already sent are left out)."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//tonecheck//follow-up plan//EN")
    calendar.add("version", "2.0")
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    for step in plan.steps:
        if step.sent is not None:
            continue
        event = Event()
        # A stable id per interview and step: importing the file again updates the events.
        event.add("uid", f"{plan.interview_date.isoformat()}-{step.name}@tonecheck")
        event.add("dtstamp", stamp)
        event.add("dtstart", step.due)
        event.add("dtend", step.due + dt.timedelta(days=1))
        event.add("summary", f"Follow-up: {step.name.replace('-', ' ')}")
        event.add("description", step.advice)
        calendar.add_component(event)
    try:
        path.write_bytes(calendar.to_ical())
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", str(path)) from None
