"""What linting one message produced, and what the cache keeps of it; importing this loads no spaCy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tonecheck.findings import Finding

if TYPE_CHECKING:
    from tonecheck.inputs.messages import Message


@dataclass(frozen=True)
class CachedMessage:
    """A message whose findings came from the cache: its text was not split again, so only its name and
    what its front matter silences are known (what reports need of a message besides its findings)."""

    path: str
    name: str | None = None
    ignore: tuple[str, ...] = ()  # rule ids or categories its front matter silences
    kind_set: bool = False  # its kind came from --kind or the front matter, not from a guess


@dataclass(frozen=True)
class Result:
    message: Message | CachedMessage
    kind: str
    findings: tuple[Finding, ...]
    close: tuple[str, ...] = ()  # other kinds close enough to the guess that their rules applied too
