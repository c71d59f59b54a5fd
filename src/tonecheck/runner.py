"""Lint files: read them, split them into messages, run the engine, and collect per-file results.

This is what the CLI calls; it prints nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tonecheck.context import Context
from tonecheck.drafts import Message, plain_message
from tonecheck.errors import InputError
from tonecheck.findings import Finding
from tonecheck.reading import SourceFile, read_file, read_stdin
from tonecheck.results import Result

if TYPE_CHECKING:  # the engine loads spaCy; reporters and cached runs import this module without it
    from tonecheck.engine import Engine


@dataclass(frozen=True)
class FileReport:
    path: str
    text: str
    results: tuple[Result, ...]
    notices: tuple[str, ...] = ()

    @property
    def findings(self) -> list[Finding]:
        return sorted((f for r in self.results for f in r.findings), key=lambda f: (f.start, f.end, f.rule))

    @property
    def kind(self) -> str:
        return self.results[0].kind if self.results else "other"


@dataclass
class Run:
    reports: list[FileReport] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def messages_for(source: SourceFile, context: Context) -> list[Message]:
    """The messages a file holds (one for a plain draft)."""
    return [plain_message(source.path, source.text, context=context)]


def read_sources(names: Sequence[str], stdin_filename: str | None = None) -> Iterator[SourceFile]:
    for name in names:
        if name == "-":
            yield read_stdin(stdin_filename or "-")
        else:
            yield read_file(Path(name))


def lint_sources(engine: Engine, sources: Sequence[SourceFile], context: Context) -> Run:
    run = Run()
    pending: list[tuple[SourceFile, list[Message]]] = []
    for source in sources:
        run.notices.extend(source.notices)
        pending.append((source, messages_for(source, context)))
    all_messages = [message for _source, messages in pending for message in messages]
    results = iter(engine.lint(all_messages))
    for source, messages in pending:
        file_results = tuple(next(results) for _ in messages)
        run.reports.append(FileReport(source.path, source.text, file_results, source.notices))
    return run


__all__ = ["FileReport", "InputError", "Run", "lint_sources", "messages_for", "read_sources"]
