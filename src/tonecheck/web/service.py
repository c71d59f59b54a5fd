"""What the web API does with a request, apart from HTTP: read its fields, lint the draft, fix it, plan
the follow-ups.

One ``CheckService`` per server process holds the configuration and the engine, built once at start.
Drafts are linted as `tonecheck -` lints standard input, under the configuration of the folder the
server was started in; the result cache is off, so nothing a user pastes is written anywhere.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tonecheck.engine.fixes import plan
from tonecheck.errors import TonecheckError
from tonecheck.findings import Finding, finding_json
from tonecheck.inputs.context import Context, make_context
from tonecheck.inputs.decoding import DEFAULT_MAX_BYTES
from tonecheck.inputs.messages import ReadOptions, messages_for
from tonecheck.inputs.placeholders import compile_syntaxes
from tonecheck.names import KINDS
from tonecheck.run.polish import settled_findings

if TYPE_CHECKING:  # spaCy and the rule schema load with these; the service is given them built
    from tonecheck.engine.lint import Engine
    from tonecheck.rulefiles.load import RuleSet
    from tonecheck.run.config import Config

INPUT_PATH = "<input>"  # the path a pasted draft has in reports
JSON_VERSION = 1  # the version of `--format json` this answers with (tests compare the two)
CHECK_FIELDS = ("text", "kind", "interview-date", "reply-by", "send-date")
FIX_FIELDS = (*CHECK_FIELDS, "unsafe")
PLAN_FIELDS = CHECK_FIELDS  # the same fields; "text" is optional, its front matter may give the dates


class RequestError(TonecheckError):
    """A request the API cannot answer as asked: a 4xx status and a one-line message."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Draft:
    text: str
    context: Context
    unsafe: bool = False


def parse_request(body: bytes, fields: tuple[str, ...], text_required: bool = True) -> Draft:
    """The draft a JSON body asks about; a one-line ``RequestError`` for anything malformed."""
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        raise RequestError("the body is not UTF-8", 400) from None
    except ValueError as exc:
        raise RequestError(f"the body is not JSON: {exc}", 400) from None
    if not isinstance(data, dict):
        raise RequestError('expected a JSON object such as {"text": "..."}', 400)
    for key in data:
        if key not in fields:
            close = difflib.get_close_matches(str(key).replace("_", "-").lower(), fields, n=1, cutoff=0.7)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: {', '.join(fields)})"
            raise RequestError(f"unknown field {key!r}{hint}")
    text = data.get("text", None if text_required else "")
    if not isinstance(text, str):
        raise RequestError('"text" is required and must be a string')
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # JSON may spell a lone surrogate ("\ud800"), which is no character
        raise RequestError('"text" holds a lone surrogate escape, which is not a character') from None
    values: dict[str, Any] = {}
    for key in ("kind", "interview-date", "reply-by", "send-date"):
        value = data.get(key)
        if value is None or value == "":  # a form's empty field means "not given"
            continue
        if not isinstance(value, str):
            raise RequestError(f"{key}: expected a string, got {json.dumps(value)}")
        values[key] = value
    if "kind" in values and values["kind"] not in KINDS:
        raise RequestError(f"kind: expected one of {', '.join(KINDS)} (got {values['kind']!r})")
    unsafe = data.get("unsafe", False)
    if not isinstance(unsafe, bool):
        raise RequestError("unsafe: expected true or false")
    try:
        context = make_context(values, "request")
    except TonecheckError as exc:
        raise RequestError(exc.message) from None
    return Draft(text, context, unsafe)


class CheckService:
    """Lints pasted drafts with one engine, one draft at a time (the engine is not shared by threads)."""

    def __init__(self, engine: Engine, config: Config, ruleset: Callable[[], RuleSet]) -> None:
        self.engine = engine
        self.config = config
        self.max_bytes = config.model.max_file_size or DEFAULT_MAX_BYTES
        self._ruleset = ruleset
        self._placeholders = compile_syntaxes(config.placeholder_syntaxes())
        self._lock = threading.Lock()

    @classmethod
    def start(
        cls, model: str | None = None, config_path: Path | None = None, isolated: bool = False
    ) -> CheckService:
        """Load the configuration of the current folder (or ``config_path``), the rules and the pipeline."""
        from tonecheck.run.checker import Checker, CheckOptions

        checker = Checker(CheckOptions(model=model, config_path=config_path, isolated=isolated))
        config = checker.configs.for_folder(Path.cwd())
        engine = checker.engine_for(config)
        return cls(engine, config, lambda: checker.ruleset_for(config))

    def findings(self, draft: Draft) -> tuple[str, tuple[str, ...], list[Finding]]:
        """The kind of the draft (given or guessed), the kinds close to the guess whose rules applied too,
        and its findings, as `tonecheck -` reports them."""
        options = ReadOptions(self._placeholders, "file")
        try:
            messages = messages_for(INPUT_PATH, draft.text, draft.context, options)
        except TonecheckError as exc:  # the draft's own front matter: "<input>:3: reply-by: ..."
            raise RequestError(str(exc)) from None
        # A server runs for days: "sent today" means the day of the request, not of the start. Only
        # where neither the request nor the draft's front matter gives a send date.
        today = dt.date.today()
        messages = [
            message
            if message.context.send_date is not None
            else replace(message, context=replace(message.context, send_date=today))
            for message in messages
        ]
        with self._lock:
            results = list(self.engine.lint(messages))
        # Settled as the command line settles standard input's: silencing, severities, subject
        # rewrites, no fix that would drop a placeholder.
        found = settled_findings(results, self.config, INPUT_PATH, draft.text, None, None)
        kind = results[0].kind if results else "other"
        close = results[0].close if results else ()
        return kind, close, found

    def check(self, draft: Draft) -> dict[str, Any]:
        """The report of `--format json` for one draft whose path is ``<input>``."""
        kind, close, found = self.findings(draft)
        entry: dict[str, Any] = {"path": INPUT_PATH, "kind": kind}
        entry["findings"] = [finding_json(f) for f in found]
        if close:
            entry["close_kinds"] = list(close)
        # A draft that cannot be read is refused with a 4xx instead, so "errors" is always empty here.
        summary = {"files": 1, "findings": len(found)}
        return {"version": JSON_VERSION, "files": [entry], "errors": [], "summary": summary}

    def fix(self, draft: Draft) -> dict[str, Any]:
        """The draft with its safe fixes applied (and its unsafe ones when asked)."""
        _kind, _close, found = self.findings(draft)
        fixed = plan(INPUT_PATH, draft.text, found, draft.unsafe)
        return {"text": fixed.fixed, "applied": len(fixed.applied), "changed": fixed.changed}

    def schedule(self, draft: Draft) -> dict[str, Any]:
        """The follow-up plan of `tonecheck plan --format json` for the request's dates, or the draft's
        front matter's (the request's win, as the command's options win over the file's)."""
        from tonecheck.run.plan import DraftDates, dates_from_text, follow_up_plan

        try:
            found = dates_from_text(INPUT_PATH, draft.text, draft.context)
        except TonecheckError as exc:  # the draft's own front matter: "<input>:3: reply-by: ..."
            raise RequestError(str(exc)) from None
        if found.interview_date is None:
            raise RequestError(
                'no interview date: give "interview-date" or `interview-date:` in the front matter'
            )
        # Without a draft, there is no step to place; the dates alone still make the plan.
        placed: DraftDates | None = found if draft.text.strip() else None
        schedule = follow_up_plan(found.interview_date, found.reply_by, {}, placed, self.config.model)
        return schedule.to_json()

    def rules(self) -> list[dict[str, Any]]:
        """The rules in use, as `tonecheck rules list --format json` shows them, each with its `why`."""
        from tonecheck.rulefiles.reference import print_rule_table

        ruleset = self._ruleset()
        out = io.StringIO()
        print_rule_table(ruleset, "json", out)
        rows: list[dict[str, Any]] = json.loads(out.getvalue())
        for row in rows:
            row["why"] = ruleset.rules[row["id"]].model.why
        return rows
