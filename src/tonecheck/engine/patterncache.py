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

Beside them, a snapshot of everything the matchers built from those patterns for one set of finder keys
(the whole rule set, or what ``--select`` keeps of it): the anchor index (``AnchorIndex.state``) and each
pattern's id in it and valence bounds. Registering some 2,600 variants in the index took about 30 ms of
a cold start; rebuilding it from the snapshot takes a few.

And the words the tokenizer splits each phrase into (``pieces``): the phrase matcher is given each
phrase as a Doc built from them, which spares running the tokenizer over some thousand phrases at every
start (about 6 ms). And the valence lexicon's parsed table (``lexicon``), under its file's stamp.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tonecheck.engine.anchors import Anchor
from tonecheck.engine.prefilter import AnchorIndex
from tonecheck.pipeline.load import model_version
from tonecheck.storage import code_fingerprint, keep_newest, marshal_name, read_marshal, save_marshal

FILE_NAME = marshal_name("compiled-patterns")
FORMAT = 3
KEPT_SNAPSHOTS = 4  # sets of finder keys: the whole rule set and a few selections of it

Variant = tuple[list[dict[str, Any]], list[Anchor]]  # a pattern as the Matcher gets it, and its anchors
Compiled = list[list[Variant]]  # per token pattern of a finder, as written: its variants
FinderCounts = tuple[str, int, int]  # a finder key, and how many token and dependency patterns it has


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
        self._snapshots: dict[str, Any] = {}
        self._pieces: dict[str, list[str]] = {}
        self._lexicon: dict[str, Any] = {}
        self._changed = False
        data = read_marshal(folder / FILE_NAME)  # None: no file yet, or a broken one; compile everything
        if data and data.get("fingerprint") == fingerprint and isinstance(data.get("keys"), dict):
            self._entries = data["keys"]
            if isinstance(data.get("snapshots"), dict):
                self._snapshots = data["snapshots"]
            if _are_pieces(data.get("pieces")):
                self._pieces = data["pieces"]
            else:
                self._changed = True  # written again, with the pieces the tokenizer gives
            if isinstance(data.get("lexicon"), dict):
                self._lexicon = data["lexicon"]

    @property
    def changed(self) -> bool:
        """Whether anything was added or rebuilt since the file was read (``save`` writes it back)."""
        return self._changed

    def lexicon(self, stamp: str) -> dict[str, float] | None:
        """The valence lexicon's table kept under ``stamp`` (``valence.lexicon_stamp``), or None."""
        table = self._lexicon.get("table")
        if not stamp or self._lexicon.get("stamp") != stamp or not isinstance(table, dict):
            return None
        if not all(isinstance(word, str) and type(value) is float for word, value in table.items()):
            return None
        return table

    def put_lexicon(self, stamp: str, table: dict[str, float]) -> None:
        if stamp:
            self._lexicon = {"stamp": stamp, "table": dict(table)}
            self._changed = True

    def pieces(self) -> dict[str, list[str]]:
        """Each phrase's tokens as the tokenizer splits it, as kept (empty when none are)."""
        return dict(self._pieces)

    def put_pieces(self, pieces: dict[str, list[str]]) -> None:
        if pieces != self._pieces:
            self._pieces = dict(pieces)
            self._changed = True

    def get(self, key: str, count: int) -> Compiled | None:
        """The ``count`` compiled patterns of ``key``, or None when they are not kept (or look wrong)."""
        entry = self._entries.get(key)
        if not isinstance(entry, list) or len(entry) != count:
            return None
        try:
            return [[_decode_variant(variant) for variant in variants] for variants in entry]
        except (TypeError, ValueError, KeyError):
            return None

    def patterns(self, key: str, count: int) -> list[list[dict[str, Any]]] | None:
        """The variants' token patterns of ``key``'s ``count`` patterns, flattened, without their anchors
        (the snapshot holds what the anchors were for); None when they are not kept or look wrong."""
        entry = self._entries.get(key)
        if not isinstance(entry, list) or len(entry) != count:
            return None
        found = []
        for variants in entry:
            if not isinstance(variants, list):
                return None
            for variant in variants:
                pattern = variant[0] if isinstance(variant, (list, tuple)) and variant else None
                if not _is_pattern(pattern):
                    return None
                found.append(pattern)
        return found

    def restorable(self, keys: list[FinderCounts]) -> tuple[AnchorIndex, dict[str, Any]] | None:
        """The anchor index kept for exactly these finders (key, token patterns, dependency patterns, in
        this order), and for each key its token patterns' (pattern, (id, valence bounds)) and its
        dependency patterns' (id, valence bounds); None when none is kept or it does not fit them."""
        kept = self._snapshots.get(_keys_digest(keys))
        if not isinstance(kept, dict):
            return None
        try:
            index = AnchorIndex.from_state(kept["index"])  # raises on a malformed index
            count = len(index._patterns)
            singles: dict[str, Any] = {}
            for key, token_count, dependency_count in keys:
                entry = kept["singles"][key]
                tokens, dependency = list(entry["tokens"]), list(entry["dependency"])
                patterns = self.patterns(key, token_count)
                if patterns is None or len(patterns) != len(tokens) or len(dependency) != dependency_count:
                    return None
                for pattern_id, bounds in [*tokens, *dependency]:
                    if not 0 <= pattern_id < count or len(bounds) != 2:
                        return None
                singles[key] = {"tokens": list(zip(patterns, tokens, strict=True)), "dependency": dependency}
        except (KeyError, TypeError, ValueError, IndexError):
            return None
        return index, singles

    def put_snapshot(self, keys: list[FinderCounts], index: AnchorIndex, singles: list[Any]) -> None:
        """Keep ``index`` and the id and valence bounds of each of ``singles`` (the matchers' patterns,
        token ones first, each with ``key``, ``pattern_id``, ``dependency`` and ``valence``)."""
        by_key: dict[str, dict[str, list[Any]]] = {
            key: {"tokens": [], "dependency": []} for key, _t, _d in keys
        }
        for single in singles:
            by_key[single.key]["dependency" if single.dependency else "tokens"].append(
                (single.pattern_id, single.valence)
            )
        snapshot = {"index": index.state(), "singles": by_key}
        keep_newest(self._snapshots, _keys_digest(keys), snapshot, KEPT_SNAPSHOTS)
        self._changed = True

    def put(self, key: str, compiled: Compiled) -> None:
        self._entries[key] = [[_encode_variant(variant) for variant in variants] for variants in compiled]
        self._changed = True

    def save(self) -> None:
        if not self._changed:
            return
        document = {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "keys": self._entries,
            "snapshots": self._snapshots,
            "pieces": self._pieces,
            "lexicon": self._lexicon,
        }
        save_marshal(self.folder, FILE_NAME, document)
        self._changed = False


def _keys_digest(keys: list[FinderCounts]) -> str:
    text = "\n".join(f"{key}\0{tokens}\0{dependency}" for key, tokens, dependency in keys)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _encode_variant(variant: Variant) -> list[Any]:
    pattern, anchors = variant
    encoded = [(a.attr, frozenset(a.words), a.before, a.after, a.regex) for a in anchors]
    return [pattern, encoded]


def _decode_variant(data: list[Any]) -> Variant:
    pattern, encoded = data
    if not _is_pattern(pattern):
        raise ValueError("not a token pattern")
    anchors = []
    for attr, words, before, after, regex in encoded:
        if not isinstance(attr, str) or not isinstance(words, frozenset):
            raise ValueError("not an anchor")
        anchors.append(Anchor(attr, words, before, after, regex))
    return pattern, anchors


def _are_pieces(value: Any) -> bool:
    """A phrase -> tokens table as ``put_pieces`` keeps it (read back from a file)."""
    if not isinstance(value, dict):
        return False
    for phrase, tokens in value.items():
        if not isinstance(phrase, str) or not isinstance(tokens, list) or not tokens:
            return False
        if not all(isinstance(token, str) and token for token in tokens):
            return False
    return True


def _is_pattern(value: Any) -> bool:
    """A token pattern as the Matcher takes it: a list of token specs (read back from a file)."""
    return isinstance(value, list) and all(isinstance(spec, dict) for spec in value)
