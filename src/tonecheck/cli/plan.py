"""`tonecheck plan`: the follow-up schedule after an interview (the logic is in tonecheck.run.plan)."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from tonecheck.cli.app import IsolatedOption, app
from tonecheck.errors import InputError


class PlanFormat(str, Enum):
    text = "text"
    json = "json"


@app.command()
def plan(
    draft: Annotated[
        Path | None,
        typer.Argument(
            help="A draft whose front matter (or .eml Date: header) gives the dates.", show_default=False
        ),
    ] = None,
    interview_date: Annotated[str | None, typer.Option(help="Date of the interview, YYYY-MM-DD.")] = None,
    reply_by: Annotated[
        str | None, typer.Option(help="Date the employer said they would reply by, YYYY-MM-DD.")
    ] = None,
    sent: Annotated[
        str | None,
        typer.Option(
            help="Steps already sent: thank-you=YYYY-MM-DD,check-in=YYYY-MM-DD (also second-check-in)."
        ),
    ] = None,
    output_format: Annotated[PlanFormat, typer.Option("--format", help="Output format.")] = PlanFormat.text,
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Also write the steps still to send as calendar events.")
    ] = None,
    config: Annotated[
        str | None,
        typer.Option("--config", help="Use this configuration file (default: the current folder's)."),
    ] = None,
    isolated: IsolatedOption = False,
) -> None:
    """When to send what: `tonecheck plan --interview-date 2026-03-02 [--reply-by 2026-03-06]`."""
    from tonecheck.dates import parse_date
    from tonecheck.run.config import ConfigFinder
    from tonecheck.run.plan import (
        check_plan_dates,
        dates_from_draft,
        follow_up_plan,
        parse_sent,
        render_text,
        write_ics,
    )

    source = str(draft) if draft is not None else "command line"
    found = dates_from_draft(draft) if draft is not None else None
    dates = {}
    for key, value in (("interview-date", interview_date), ("reply-by", reply_by)):
        if value is None:
            continue
        try:
            dates[key] = parse_date(value)
        except ValueError as exc:
            raise InputError(f"--{key}: {exc}", "command line") from None
    interview = dates.get("interview-date") or (found.interview_date if found else None)
    reply = dates.get("reply-by") or (found.reply_by if found else None)
    if interview is None:
        where = f"{source}: " if draft is not None else ""
        raise InputError(
            f"{where}no interview date: give --interview-date or `interview-date:` in the front matter"
        )
    done = parse_sent(sent)
    check_plan_dates(interview, reply, done, source)

    finder = ConfigFinder(Path(config) if config else None, isolated=isolated)
    settings = finder.for_folder(draft.parent if draft is not None else Path.cwd()).model
    # The draft itself is a step, sent (or to be sent) on its send date, when that is known.
    schedule = follow_up_plan(interview, reply, done, found, settings)
    if ics is not None:
        write_ics(schedule, ics)
    if output_format is PlanFormat.json:
        json.dump(schedule.to_json(), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(schedule))
