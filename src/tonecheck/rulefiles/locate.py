"""Where rule files are and what they hold as bytes: enough to fingerprint a rule set.

This module needs neither pydantic nor spaCy, so the result cache can tell whether the rules changed
without validating them (``rules_digest`` equals the ``digest`` of the RuleSet loaded from the same
folders). ``ruleset`` loads and validates the same files.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from tonecheck.errors import RuleError

NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ELEMENTS_DIR = "elements"
MESSAGES_FILE = "messages.yaml"


def builtin_rules_dir() -> Traversable:
    return resources.files("tonecheck") / "rules"


Root = tuple[Traversable, str]  # a rules folder and the label its files are shown under


def rule_roots(extra_dirs: Iterable[Path] = (), include_builtin: bool = True) -> list[Root]:
    """The rules folders to read, each with the label its files are shown under."""
    roots: list[Root] = []
    if include_builtin:
        roots.append((builtin_rules_dir(), "rules"))
    for directory in extra_dirs:
        if not directory.is_dir():
            raise RuleError("rules folder not found", str(directory))
        roots.append((directory, str(directory)))
    return roots


def rules_digest(extra_dirs: Iterable[Path] = (), include_builtin: bool = True) -> str:
    """The digest of the rule files' paths and contents, as ``load_ruleset(...).digest`` computes it.

    Each file's part is remembered under its size and change time until the next call (``file_digest``):
    a run asks for the digest first, for the result cache's key, then loads the rule set, which need not
    hash the files again nor read the two model files (3.5 MB, about 8 ms of a cold start)."""
    _LAST_DIGESTS.clear()
    hasher = hashlib.sha256()
    for root, label in rule_roots(extra_dirs, include_builtin):
        for _kind, path, display in walk_rules(root, label):
            hasher.update(file_digest(path, display, keep=True))
    return hasher.hexdigest()


# Each file's part of the last ``rules_digest``, by display path, file and stamp. Only until the next
# call: a long-running server asks for the digest again before it reloads changed rules.
_LAST_DIGESTS: dict[tuple[str, str, int, int], bytes] = {}


def file_digest(path: Traversable, display: str, data: bytes | None = None, keep: bool = False) -> bytes:
    """A rule file's part of the rule set's digest (its display path and bytes), as the last
    ``rules_digest`` found it if the file has not changed since; ``data``: the file's bytes, when already
    read; ``keep``: remember it (only ``rules_digest`` does)."""
    stamp = _stamp(path, display)
    kept = _LAST_DIGESTS.get(stamp) if stamp is not None else None
    if kept is not None:
        return kept
    if data is None:
        data = read_rule_bytes(path, display)
    # The bytes, not the text: decoding 3.5 MB of model files only to encode them again cost ~10 ms.
    digest = hashlib.sha256(display.encode("utf-8", "surrogatepass") + b"\0" + data).digest()
    if keep and stamp is not None:
        _LAST_DIGESTS[stamp] = digest
    return digest


def _stamp(path: Traversable, display: str) -> tuple[str, str, int, int] | None:
    try:
        status = os.stat(str(path))  # a Traversable need not be a file on disk: then nothing is kept
    except (OSError, TypeError, ValueError):
        return None
    return (display, str(path), status.st_size, status.st_mtime_ns)


def walk_rules(root: Traversable, label: str) -> Iterator[tuple[str, Traversable, str]]:
    """Yield ("rule" | "element" | "messages", file, display path) for every YAML file under ``root``, and
    ("data", file, display path) for the JSON files beside messages.yaml."""
    for entry in sorted(root.iterdir(), key=lambda item: item.name):
        display = f"{label}/{entry.name}"
        if entry.name.startswith((".", "_")):
            continue
        if entry.is_file():
            if entry.name == MESSAGES_FILE:
                yield "messages", entry, display
            elif entry.name.endswith(".json"):
                yield "data", entry, display  # a learned model messages.yaml may name (kind-model.json)
            elif entry.name.endswith((".yaml", ".yml")):
                message = "a rule file belongs in a category folder: rules/<category>/<name>.yaml"
                raise RuleError(message, display)
            continue
        if not NAME_RE.match(entry.name):
            raise RuleError("category folder names are lowercase words joined by '-'", display)
        kind = "element" if entry.name == ELEMENTS_DIR else "rule"
        for item in sorted(entry.iterdir(), key=lambda child: child.name):
            item_display = f"{display}/{item.name}"
            if item.name.startswith((".", "_")) or not item.name.endswith((".yaml", ".yml")):
                if item.is_dir():
                    raise RuleError("rule folders hold files only, one level deep", item_display)
                continue
            if item.name.endswith(".yml"):
                raise RuleError("rule files end in .yaml", item_display)
            if not NAME_RE.match(item.name[: -len(".yaml")]):
                raise RuleError("rule names are lowercase words joined by '-'", item_display)
            yield kind, item, item_display


def read_rule_bytes(path: Traversable, display: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RuleError(f"cannot read rule file: {exc.strerror or exc}", display) from None


def decode_rule_file(data: bytes, display: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleError("rule files must be UTF-8", display) from None
