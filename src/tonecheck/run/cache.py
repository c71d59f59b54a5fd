"""The result cache: the findings of each linted text, kept so an unchanged draft is not parsed again.

Entries live in ``.tonecheck_cache/`` at the root of the project being linted (the nearest folder above
the current one holding .git, pyproject.toml or a tonecheck configuration file; else the current
folder). An entry is keyed by everything its findings depend on: the text, the effective settings (a
fingerprint the caller makes of every option that affects findings), the rule files, the spaCy
pipeline and its version, the versions of spaCy, of the valence lexicon and of tonecheck, and the entry
format. Nothing is ever invalidated: a change makes new keys, and `tonecheck cache clean` empties it.

Entries are JSON, written to a temporary file and renamed into place, so a reader never sees half an
entry; an entry that cannot be read or parsed counts as a miss. A cache that cannot be written is
skipped silently: it only ever saves time.

Checking the cache needs neither pydantic nor spaCy, so a run over unchanged drafts never loads the
pipeline.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tonecheck.engine.results import CachedMessage, Result
from tonecheck.findings import Finding
from tonecheck.pipeline.load import model_version
from tonecheck.storage import code_fingerprint, prepare_folder, write_atomically
from tonecheck.version import __version__

CACHE_FOLDER = ".tonecheck_cache"
ENTRY_FORMAT = 4  # 3: whether each message's kind was set, not guessed; 4: the close kinds
# What marks the root of a project: version control, Python packaging or a tonecheck configuration.
ROOT_MARKERS = (".git", "pyproject.toml", ".tonecheck.yaml", ".tonecheck.yml", "tonecheck.yaml")


def find_cache_folder(start: Path | None = None) -> Path:
    """``.tonecheck_cache`` in the nearest folder at or above ``start`` (default: the current folder)
    that holds a root marker; in ``start`` itself when none does."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder / CACHE_FOLDER
    return here / CACHE_FOLDER


def settings_fingerprint(settings: Mapping[str, Any]) -> str:
    """A fingerprint of the effective settings: every value that can change a finding.

    The caller passes a mapping of plain values (lists, strings, numbers, dates); a configuration
    system adds its own keys here. Order does not matter; dates and other objects count by ``str``.
    """
    text = json.dumps(settings, sort_keys=True, default=str, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def cache_key_base(settings: str, rules_digest: str, model: str) -> str:
    """The part of every entry's key shared by one run: ``settings`` is a ``settings_fingerprint``."""
    parts = {
        "format": ENTRY_FORMAT,
        "settings": settings,
        "rules": rules_digest,
        "model": model,
        "model-version": model_version(model),
        "spacy": model_version("spacy"),
        "valence-lexicon": model_version("vaderSentiment"),  # behind `_: {valence: ...}` in the rules
        "tonecheck": __version__,
        "code": code_fingerprint(),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


class ResultCache:
    """Cached results of texts linted under one key base."""

    def __init__(self, folder: Path, key_base: str) -> None:
        self.folder = folder
        self.key_base = key_base
        self._ready = False

    def key(self, text: str) -> str:
        digest = hashlib.sha256(self.key_base.encode())
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, path: str, text: str) -> tuple[Result, ...] | None:
        """The results stored for ``text`` (shown as ``path``), or None when there are none usable."""
        key = self.key(text)
        try:
            data = json.loads(self._entry(key).read_text(encoding="utf-8"))
            if data.get("format") != ENTRY_FORMAT or data.get("key") != key:
                return None
            return tuple(
                Result(
                    CachedMessage(
                        path,
                        item["name"],
                        tuple(str(name) for name in item["ignore"]),
                        bool(item["kind_set"]),
                    ),
                    str(item["kind"]),
                    tuple(Finding.from_dict(finding) for finding in item["findings"]),
                    tuple(str(kind) for kind in item["close"]),
                )
                for item in data["results"]
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # missing, unreadable or corrupt: lint the text again

    def put(self, text: str, results: tuple[Result, ...]) -> None:
        """Store the results of ``text``; any failure to write is ignored."""
        key = self.key(text)
        entry = {
            "format": ENTRY_FORMAT,
            "key": key,
            "results": [
                {
                    "name": result.message.name,
                    "ignore": list(result.message.ignore),
                    "kind_set": _kind_set(result),
                    "kind": result.kind,
                    "close": list(result.close),
                    "findings": [finding.to_dict() for finding in result.findings],
                }
                for result in results
            ],
        }
        try:
            self._prepare()
            target = self._entry(key)
            target.parent.mkdir(exist_ok=True)
            write_atomically(target, json.dumps(entry, ensure_ascii=False))
        except OSError:
            pass

    def _entry(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def _prepare(self) -> None:
        if not self._ready:
            prepare_folder(self.folder)
            self._ready = True


def _kind_set(result: Result) -> bool:
    message = result.message
    if isinstance(message, CachedMessage):
        return message.kind_set
    return message.context.kind is not None


def clean_cache(folder: Path) -> int:
    """Delete the cache folder; returns the number of entries it held."""
    if not folder.is_dir():
        return 0
    count = sum(1 for _ in folder.glob("*/*.json"))
    shutil.rmtree(folder)
    return count
