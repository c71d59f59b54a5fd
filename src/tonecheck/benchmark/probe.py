"""Print, as JSON, what tonecheck loads: the model, the components it leaves out and the numeric backend
it picks. The benchmark runs this in a child process, so that it never loads spaCy itself."""

from __future__ import annotations

import json
import os


def main() -> None:
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the CLI does
    from tonecheck.engine.matchers import components_needed
    from tonecheck.pipeline.load import (
        _PIPELINE_ORDER,
        components_to_load,
        default_model,
        load_pipeline,
        model_version,
    )
    from tonecheck.rulefiles.load import load_ruleset

    needed = components_needed(load_ruleset())
    kept = components_to_load(needed)
    nlp = load_pipeline(None, needed)
    ops = next(pipe.model.ops for _name, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None)
    setup = {
        "model": default_model(),
        "model_version": model_version(default_model()),
        "exclude": [name for name in _PIPELINE_ORDER if name not in kept],
        "components": nlp.pipe_names,
        "backend": "blis" if ops.use_blis else "numpy",
    }
    print(json.dumps(setup))


if __name__ == "__main__":
    main()
