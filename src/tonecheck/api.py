"""The library entry points: build an engine once, lint texts with it."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tonecheck.engine.build import build_engine
from tonecheck.engine.lint import Engine
from tonecheck.engine.suppress import apply, front_matter_suppressions
from tonecheck.findings import Finding
from tonecheck.inputs.context import make_context
from tonecheck.inputs.messages import plain_message
from tonecheck.rulefiles.load import load_ruleset


@functools.lru_cache(maxsize=8)
def _cached_engine(
    model: str | None, select: tuple[str, ...], ignore: tuple[str, ...], rule_dirs: tuple[str, ...]
) -> Engine:
    ruleset = load_ruleset([Path(d) for d in rule_dirs]).select(select, ignore)
    return build_engine(ruleset, model)


def check_text(
    text: str,
    *,
    kind: str | None = None,
    interview_date: Any = None,
    reply_by: Any = None,
    send_date: Any = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    model: str | None = None,
    rule_dirs: Iterable[str | Path] = (),
    path: str = "<text>",
) -> list[Finding]:
    """Lint ``text`` as one draft (front matter, quoted replies and placeholders handled)."""
    engine = _cached_engine(model, tuple(select), tuple(ignore), tuple(str(d) for d in rule_dirs))
    values = {"kind": kind, "interview-date": interview_date, "reply-by": reply_by, "send-date": send_date}
    context = make_context(values, path)
    message = plain_message(path, text, context=context)
    result = next(engine.lint([message]))
    return apply(list(result.findings), front_matter_suppressions(message.ignore, text), text)
