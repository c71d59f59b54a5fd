"""Lint many drafts fast: take unchanged drafts' findings from the cache, lint the rest in this process
or in worker processes, and store their findings for next time.

The engine (and so spaCy) is only loaded when some draft is not in the cache: a run over unchanged
drafts never imports spaCy.
"""

from __future__ import annotations

from collections.abc import Sequence

from tonecheck.cache import ResultCache
from tonecheck.context import Context
from tonecheck.drafts import Message
from tonecheck.parallel import EngineRecipe, choose_jobs, lint_in_workers
from tonecheck.reading import SourceFile
from tonecheck.results import Result
from tonecheck.runner import FileReport, Run, messages_for


def lint_all(
    sources: Sequence[SourceFile],
    context: Context,
    recipe: EngineRecipe,
    cache: ResultCache | None = None,
    jobs: int | None = None,
) -> Run:
    """Reports for ``sources`` in order; ``jobs`` None picks the number of worker processes."""
    run = Run()
    cached: dict[int, tuple[Result, ...]] = {}
    pending: list[tuple[int, list[Message]]] = []
    for index, source in enumerate(sources):
        run.notices.extend(source.notices)
        results = cache.get(source.path, source.text) if cache is not None else None
        if results is not None:
            cached[index] = results
        else:
            pending.append((index, messages_for(source, context)))
    messages = [message for _index, file_messages in pending for message in file_messages]
    linted = iter(_lint(recipe, messages, choose_jobs(jobs, len(pending))))
    for index, file_messages in pending:
        results = tuple(next(linted) for _ in file_messages)
        cached[index] = results
        if cache is not None:
            cache.put(sources[index].text, results)
    for index, source in enumerate(sources):
        run.reports.append(FileReport(source.path, source.text, cached[index], source.notices))
    return run


def _lint(recipe: EngineRecipe, messages: list[Message], jobs: int) -> list[Result]:
    if not messages:
        return []
    if jobs > 1:
        outcomes = lint_in_workers(recipe, messages, jobs)
        pairs = zip(messages, outcomes, strict=True)
        return [Result(message, kind, findings) for message, (kind, findings) in pairs]
    return list(recipe.build().lint(messages))
