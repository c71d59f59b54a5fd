"""Choose the numeric backend of the pipeline's dense layers: thinc's BLIS kernels or numpy's BLAS.

thinc runs matrix products through BLIS, whose kernels fall back to generic code on some CPUs (AMD
machines among them); numpy's OpenBLAS picks a tuned kernel at run time, and tok2vec, the tagger and the
parser run about 1.4 times as fast through it. OpenBLAS only pays while it runs on one thread: these
matrices are small, and its threads fight each other (and any worker processes) for the cores. The CLI
asks for one thread before numpy loads (``prefer_single_thread_blas``); a library caller who has not
done so keeps BLIS.

The switch must not change a single annotation, so it is verified at load: a sample is parsed with
both backends, and any difference in tags, lemmas, heads, dependency labels or sentence starts keeps
BLIS. The outcome is kept for the next start on the same machine, pipeline and libraries (``checks``).
"""

from __future__ import annotations

import os
import sys
from typing import Any

# The variables OpenBLAS reads for its thread count, in the order it reads them.
_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")

BACKENDS = ("auto", "blis", "numpy")

SAMPLE = (
    "Hi Maria,\n\nThank you again for taking the time to meet with me on Tuesday. I really enjoyed "
    "hearing how your team plans the spring launch, and I'd love to help with it. You said you'd let me "
    "know by Friday; is there any update on the timeline? I've attached the writing samples we discussed."
    "\n\nBest wishes,\nSam"
)


def prefer_single_thread_blas() -> None:
    """Ask OpenBLAS for one thread, unless the user chose a number: only works before numpy loads."""
    if "numpy" not in sys.modules and not any(name in os.environ for name in _THREAD_VARIABLES):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


def blas_single_threaded() -> bool:
    """Whether numpy's BLAS runs on one thread (the first thread variable set says so, or one core)."""
    for name in _THREAD_VARIABLES:
        if name in os.environ:
            return os.environ[name].strip() == "1"
    return os.cpu_count() == 1


def choose_backend(nlp: Any, wanted: str = "auto", reference: list[tuple[Any, ...]] | None = None) -> str:
    """Switch ``nlp`` to numpy's BLAS when that is wanted, pays, and annotates the sample identically.

    Returns the backend in use: "numpy" or "blis". "auto" tries numpy when BLAS is single-threaded;
    "numpy" tries it regardless (still verified); "blis" leaves the pipeline as loaded. ``reference``
    is the sample's ``annotations`` as loaded, when the caller has them already.
    """
    from thinc.api import NumpyOps

    models = _blis_models(nlp)
    if models is None:
        return "default"
    default_ops = models[0].ops
    if wanted == "blis" or (wanted == "auto" and not blas_single_threaded()):
        return "blis"
    if reference is None:
        reference = annotations(nlp(SAMPLE))
    _set_ops(models, NumpyOps(use_blis=False))
    if annotations(nlp(SAMPLE)) != reference:
        _set_ops(models, default_ops)
        return "blis"
    return "numpy"


def use_backend(nlp: Any, backend: str) -> str:
    """Switch ``nlp`` to ``backend`` as an earlier ``choose_backend`` on this machine chose it, without
    checking again; returns the backend in use."""
    from thinc.api import NumpyOps

    models = _blis_models(nlp)
    if models is None:
        return "default"
    if backend == "numpy":
        _set_ops(models, NumpyOps(use_blis=False))
        return "numpy"
    return "blis"


def _blis_models(nlp: Any) -> list[Any] | None:
    """The pipeline's models when they run on thinc's BLIS kernels, the only backend switched here;
    None for a GPU, a custom backend or thinc without BLIS: not ours to change."""
    from thinc.api import NumpyOps

    models = [pipe.model for _name, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None]
    default_ops = models[0].ops if models else None
    if not isinstance(default_ops, NumpyOps) or not default_ops.use_blis:
        return None
    return models


def _set_ops(models: list[Any], ops: Any) -> None:
    for model in models:
        for node in model.walk():
            node.ops = ops


def annotations(doc: Any) -> list[tuple[Any, ...]]:
    """What a faster way of running the pipeline must leave exactly as it was, token by token."""
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.head.i, t.dep_, bool(t.is_sent_start)) for t in doc]
