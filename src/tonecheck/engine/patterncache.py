"""Token patterns as compiled for matching, kept between runs beside the parsed rules.

Building the matchers checks every token pattern with spaCy's validator, turns words the tokenizer
splits into pattern variants (``multiword``) and works out each variant's anchors (``anchors``). That
took about 0.12 s of a single draft's cold start, and its outcome depends only on the rule files, the
tokenizer (the pipeline and spaCy's version) and tonecheck's own code. So it is kept in
``.tonecheck_cache/compiled-patterns-<python>.marshal`` under a fingerprint of all of those and reused
while none of them changes (``storage.read_marshal``: marshal keeps an anchor's tuple and set of words
as they are, and reads in a fraction of JSON's time). A file that cannot be read, or was written under
another fingerprint, is rebuilt; a file that cannot be written is skipped.

Each finder key maps to its token patterns in order, each as its variants, each variant as
``[pattern, anchors]`` with an anchor as ``(attr, words, before, after, regex)``, its words a frozenset.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tonecheck.engine.anchors import Anchor
from tonecheck.pipeline.load import model_version
from tonecheck.storage import code_fingerprint, marshal_name, read_marshal, save_marshal

FILE_NAME = marshal_name("compiled-patterns")
FORMAT = 2

Variant = tuple[list[dict[str, Any]], list[Anchor]]  # a pattern as the Matcher gets it, and its anchors
Compiled = list[list[Variant]]  # per token pattern of a finder, as written: its variants


def fingerprint(rules_digest: str, pipeline: dict[str, Any]) -> str:
    """What the compiled patterns depend on: the rule files, the pipeline and the code that compiles."""
    parts = [FORMAT, rules_digest, pipeline, model_version("spacy"), code_fingerprint()]
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


class CompiledPatterns:
    """The compiled token patterns of each finder key, read from ``folder`` when they were kept for
    ``fingerprint``; ``save`` writes back what was added."""

    def __init__(self, folder: Path, fingerprint: str) -> None:
        self.folder = folder
        self.fingerprint = fingerprint
        self._entries: dict[str, Any] = {}
        self._changed = False
        data = read_marshal(folder / FILE_NAME)  # None: no file yet, or a broken one; compile everything
        if data and data.get("fingerprint") == fingerprint and isinstance(data.get("keys"), dict):
            self._entries = data["keys"]

    def get(self, key: str, count: int) -> Compiled | None:
        """The ``count`` compiled patterns of ``key``, or None when they are not kept (or look wrong)."""
        entry = self._entries.get(key)
        if not isinstance(entry, list) or len(entry) != count:
            return None
        try:
            return [[_decode_variant(variant) for variant in variants] for variants in entry]
        except (TypeError, ValueError, KeyError):
            return None

    def put(self, key: str, compiled: Compiled) -> None:
        self._entries[key] = [[_encode_variant(variant) for variant in variants] for variants in compiled]
        self._changed = True

    def save(self) -> None:
        if not self._changed:
            return
        document = {"format": FORMAT, "fingerprint": self.fingerprint, "keys": self._entries}
        save_marshal(self.folder, FILE_NAME, document)
        self._changed = False


def _encode_variant(variant: Variant) -> list[Any]:
    pattern, anchors = variant
    encoded = [(a.attr, frozenset(a.words), a.before, a.after, a.regex) for a in anchors]
    return [pattern, encoded]


def _decode_variant(data: list[Any]) -> Variant:
    pattern, encoded = data
    if not isinstance(pattern, list) or not all(isinstance(spec, dict) for spec in pattern):
        raise ValueError("not a token pattern")
    anchors = []
    for attr, words, before, after, regex in encoded:
        if not isinstance(attr, str) or not isinstance(words, frozenset):
            raise ValueError("not an anchor")
        anchors.append(Anchor(attr, words, before, after, regex))
    return pattern, anchors
