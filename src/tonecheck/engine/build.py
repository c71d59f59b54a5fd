"""Build an engine: the rule set's matchers on the pipeline it needs, the pipeline loaded once per process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tonecheck.engine.lint import Engine, Settings
from tonecheck.rulefiles.load import RuleSet
from tonecheck.storage import keep_newest

_LOADED: dict[tuple[str | None, frozenset[str]], Any] = {}  # pipelines loaded in this process
_KEEP_LOADED = 4


def _pipeline(model: str | None, components: frozenset[str], cache_folder: Path | None):  # -> Language
    """The pipeline, loaded once per process; the first load's ``cache_folder`` keeps the outcome of
    its checks (engines on other cache folders share the pipeline already loaded)."""
    from tonecheck.pipeline.load import load_pipeline

    key = (model, components)
    nlp = _LOADED.get(key)
    if nlp is None:
        nlp = load_pipeline(model, components, cache_folder=cache_folder)
        keep_newest(_LOADED, key, nlp, _KEEP_LOADED)
    return nlp


def build_engine(
    ruleset: RuleSet,
    model: str | None = None,
    settings: Settings | None = None,
    cache_folder: Path | None = None,
) -> Engine:
    """An engine for ``ruleset`` on the named pipeline (default: see ``nlp.default_model``);
    ``cache_folder`` keeps its compiled patterns between runs."""
    from tonecheck.engine.matchers import components_needed

    nlp = _pipeline(model, frozenset(components_needed(ruleset)), cache_folder)
    return Engine(ruleset, nlp, settings, cache_folder)
