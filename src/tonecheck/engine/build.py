"""Build an engine: the rule set's matchers on the pipeline it needs, the pipeline loaded once per process."""

from __future__ import annotations

import functools
from pathlib import Path

from tonecheck.engine.lint import Engine, Settings
from tonecheck.rulefiles.load import RuleSet


@functools.lru_cache(maxsize=4)
def _pipeline(model: str | None, components: frozenset[str]):  # -> Language
    from tonecheck.pipeline.load import load_pipeline

    return load_pipeline(model, components)


def build_engine(
    ruleset: RuleSet,
    model: str | None = None,
    settings: Settings | None = None,
    cache_folder: Path | None = None,
) -> Engine:
    """An engine for ``ruleset`` on the named pipeline (default: see ``nlp.default_model``);
    ``cache_folder`` keeps its compiled patterns between runs."""
    from tonecheck.engine.matchers import components_needed

    nlp = _pipeline(model, frozenset(components_needed(ruleset)))
    return Engine(ruleset, nlp, settings, cache_folder)
