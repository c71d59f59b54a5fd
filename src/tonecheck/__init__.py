"""tonecheck: a message-tone linter for job seekers' follow-up emails.

The engine is a library: ``tonecheck.check(text, **context)`` returns findings without touching the CLI.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tonecheck.version import __version__

if TYPE_CHECKING:
    from tonecheck.findings import Finding

__all__ = ["__version__", "check"]


def check(text: str, **context: Any) -> list[Finding]:
    """Lint one draft and return its findings.

    ``context`` takes the draft's timing and kind, with the same names as the front matter and the CLI
    options, in Python spelling: ``kind``, ``interview_date``, ``reply_by``, ``send_date`` (``date``
    objects or ``YYYY-MM-DD`` strings), plus ``select``/``ignore`` (lists of rule ids or categories)
    and ``model``.
    """
    from tonecheck.api import check_text

    return check_text(text, **context)
