"""What the checks at load found on this machine, kept so the next start need not check again.

Loading the pipeline verifies two speed-ups on a sample before using them: numpy's BLAS for the dense
layers (``backend``) and the components that remember their answers (``attributememo``). Each check
parses the sample once or twice: about 45 ms of a 1.2 s cold start. Their outcome depends only on the
pipeline, the libraries that run it, the processor (OpenBLAS picks its kernels by the processor's
features) and tonecheck's own code, so it is kept in ``.tonecheck_cache/pipeline-checks.json`` under a
fingerprint of all of those. A start with the same fingerprint applies the kept outcome; any change
(an upgrade, another machine sharing the folder, an edited checkout) checks again. A file that cannot
be read is checked again; one that cannot be written is skipped.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import platform
import sys
from pathlib import Path
from typing import Any

from tonecheck.storage import code_fingerprint, keep_newest, read_json, save_json

FILE_NAME = "pipeline-checks.json"
FORMAT = 1
KEPT = 8  # outcomes kept at once: one per pipeline and set of components a project loads


def processor() -> str:
    """The processor's model and features, as the BLAS library sees them (Linux: /proc/cpuinfo)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as handle:
            # the first processor's block only (the file has one per core)
            first = list(itertools.takewhile(lambda line: line.strip(), handle))
    except OSError:
        return f"{platform.machine()} {platform.processor()}"
    wanted = ("vendor_id", "model name", "flags", "Features", "CPU implementer", "CPU part")
    lines = [line.rstrip("\n") for line in first if line.split(":", 1)[0].strip() in wanted]
    return "\n".join(lines) or f"{platform.machine()} {platform.processor()}"


def fingerprint(nlp: Any, settings: dict[str, Any]) -> str:
    """What the checks' outcome depends on: the pipeline and its components, the libraries that run it,
    the processor, tonecheck's code and ``settings`` (the backend asked for, whether BLAS is single
    threaded, whether remembering was asked for)."""
    libraries = {}
    for name in ("spacy", "thinc", "numpy", "blis"):
        module = sys.modules.get(name)
        libraries[name] = getattr(module, "__version__", None) if module else None
    parts = [
        FORMAT,
        nlp.meta.get("name"),
        nlp.meta.get("version"),
        nlp.pipe_names,
        libraries,
        sys.version,
        platform.machine(),
        processor(),
        code_fingerprint(),
        settings,
    ]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class KeptChecks:
    """The outcomes kept in ``folder``, one per fingerprint."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        data = read_json(folder / FILE_NAME)
        valid = data is not None and data.get("format") == FORMAT and isinstance(data.get("outcomes"), dict)
        self._outcomes: dict[str, Any] = data["outcomes"] if valid and data else {}

    def get(self, key: str) -> dict[str, Any] | None:
        """The outcome kept for ``key``: {"backend": ..., "remembering": [...]}, or None."""
        outcome = self._outcomes.get(key)
        if not isinstance(outcome, dict):
            return None
        backend, remembering = outcome.get("backend"), outcome.get("remembering")
        if not isinstance(backend, str) or not isinstance(remembering, list):
            return None
        if not all(isinstance(name, str) for name in remembering):
            return None
        return outcome

    def put(self, key: str, backend: str, remembering: tuple[str, ...]) -> None:
        keep_newest(self._outcomes, key, {"backend": backend, "remembering": list(remembering)}, KEPT)
        save_json(self.folder, FILE_NAME, {"format": FORMAT, "outcomes": self._outcomes})
