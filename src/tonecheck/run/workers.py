"""Lint messages in worker processes, each with the pipeline loaded once, a chunk of messages at a time.

Where processes can be forked, this process builds the engine and the workers are forked from it: they
start with the pipeline already loaded (shared, copy-on-write), so a second worker costs a fork rather
than another two seconds of loading spaCy. Elsewhere workers are spawned and each builds its engine
from the recipe on its first chunk.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tonecheck.errors import TonecheckError
from tonecheck.findings import Finding

if TYPE_CHECKING:
    from tonecheck.engine.lint import Engine
    from tonecheck.inputs.messages import Message
    from tonecheck.rulefiles.load import RuleSet

# More drafts than this to lint, and tonecheck uses every core by default: below it, starting a second
# pipeline costs more than it saves.
HANDFUL = 8
CHUNK = 16  # messages per task at most: small enough to keep every worker busy to the end

# the kind of a message, its findings, and the other kinds close enough that their rules applied
Outcome = tuple[str, tuple[Finding, ...], tuple[str, ...]]


@dataclass(frozen=True)
class EngineRecipe:
    """What it takes to build an engine, so that worker processes build the same one. The rule set is
    loaded on first use: a run whose findings all come from the cache may not need it at all."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    model: str | None = None
    settings: Any = None  # engine.Settings (that module loads spaCy, so it is not imported here)
    rules_cache: Path | None = None  # where parsed rules and compiled patterns are kept (rulecache)
    rule_dirs: tuple[str, ...] = ()  # extra rules folders, after the built-in ones

    @functools.cached_property
    def ruleset(self) -> RuleSet:
        from tonecheck.rulefiles.load import load_cached_ruleset

        return load_cached_ruleset(self.rule_dirs, self.rules_cache).select(self.select, self.ignore)

    def build(self) -> Engine:
        # spaCy first: it initialises pydantic, after which the rule models build in a fraction of the time.
        from tonecheck.engine.build import build_engine

        return build_engine(self.ruleset, self.model, self.settings, self.rules_cache)


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def choose_jobs(requested: int | None, drafts: int) -> int:
    """Worker processes for ``drafts`` drafts: as asked, else one per core beyond a handful, else none."""
    wanted = usable_cores() if drafts > HANDFUL else 1
    jobs = max(1, requested) if requested is not None else wanted
    return max(1, min(jobs, drafts))


def lint_in_workers(
    recipe: EngineRecipe, messages: Sequence[Message], jobs: int, engine: Engine | None = None
) -> list[Outcome]:
    """The kind and findings of each message, in order, linted by ``jobs`` worker processes
    (forked from ``engine`` when given and the platform forks)."""
    global _engine
    size = max(1, min(CHUNK, -(-len(messages) // jobs)))  # a few drafts still spread over every worker
    chunks = [list(messages[start : start + size]) for start in range(0, len(messages), size)]
    forking = "fork" in multiprocessing.get_all_start_methods()
    if forking:
        _engine = engine or recipe.build()  # inherited by the forked workers
    context = multiprocessing.get_context("fork" if forking else "spawn")
    outcomes: list[Outcome] = []
    try:
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_keep, initargs=(recipe,)) as pool:
            for reply in pool.map(_lint_chunk, chunks):
                if isinstance(reply, str):
                    raise TonecheckError(reply)
                outcomes.extend(reply)
    finally:
        _engine = None
    return outcomes


# In a worker process: the recipe, and the engine (inherited, or built from the recipe on the first chunk).
_recipe: EngineRecipe | None = None
_engine: Engine | None = None


def _keep(recipe: EngineRecipe) -> None:
    global _recipe
    _recipe = recipe


def _lint_chunk(messages: list[Message]) -> list[Outcome] | str:
    """Lint one chunk; a user-facing error comes back as its one-line text."""
    global _engine
    try:
        if _engine is None:
            assert _recipe is not None
            _engine = _recipe.build()
        return [(result.kind, result.findings, result.close) for result in _engine.lint(messages)]
    except TonecheckError as exc:
        return str(exc)
