"""Rule files as parsed YAML, kept beside the result cache so that most runs skip parsing them.

Parsing the built-in rules with the line of every key takes about a third of a second, as long as
importing half of spaCy; reading the same values back takes milliseconds. Entries are keyed by each
file's path and content, so an edited rule is parsed again. The values are validated as usual after
loading: only the YAML parsing is skipped.

The file is in the format of Python's ``marshal`` (see ``storage.read_marshal``), which keeps strings,
numbers, booleans, null, lists and mappings as YAML built them. Dates are the one value it cannot keep;
they are written as tagged tuples (``("d", "2026-03-02")``: YAML never builds a tuple), and a file's
values are walked to restore them only when it has any. Most rule files have none and read back as
they are: JSON with every value tagged took about 25 ms more of each cold start. A file that cannot
be read or decoded is parsed again. Entries are keyed by each file's part of the rule set's digest
(its display path and bytes), which the load has already taken.

The line of every key is needed only to report an error, yet the line tables are half the file. Each
is kept as one JSON string, which the reader skims over, and decoded when a line is first asked for.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from tonecheck.errors import TonecheckError
from tonecheck.rulefiles.locate import decode_rule_file, file_digest, read_rule_bytes
from tonecheck.storage import cached_parse, marshal_name, read_marshal, save_marshal
from tonecheck.yamlfile import LoadedYaml, load_yaml

FILE_NAME = marshal_name("parsed-rules")
FORMAT = 3


class ParsedRules:
    """Parsed rule files read from ``folder/FILE_NAME``; ``save`` writes back what was added."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._entries: dict[str, Any] = {}
        self._used: dict[str, Any] = {}
        self._changed = False
        data = read_marshal(folder / FILE_NAME)  # None: no file yet, or a broken one; parse everything
        if data and data.get("format") == FORMAT and isinstance(data.get("files"), dict):
            self._entries = data["files"]

    def load(self, text: str, display: str, error: type[TonecheckError], key: str) -> LoadedYaml:
        """The parsed YAML of ``text``: from the file when it holds it, else parsed (and kept) under
        ``key``, which names the text (its file's part of the rule set's digest, already taken)."""
        entry = self._entries.get(key)
        if entry is not None:
            try:
                lines = entry["lines"]
                if not isinstance(lines, str):
                    raise TypeError("a line table is kept as a JSON string")
                data = entry["data"] if entry["plain"] is True else _decode(entry["data"])
                loaded = LoadedYaml(data, _LazyLines(lines))
                self._used[key] = entry
                return loaded
            except (KeyError, TypeError, ValueError):
                pass
        loaded = load_yaml(text, display, error)
        try:
            data = _encode(loaded.data)
            lines = json.dumps(_encode_lines(loaded.lines), separators=(",", ":"))
        except (TypeError, ValueError):  # a value the file cannot hold (a date as a key): parse it each time
            return loaded
        # "plain": nothing in it was tagged, so it reads back as it is, without a walk over its values.
        plain = data == loaded.data
        self._used[key] = {"data": loaded.data if plain else data, "plain": plain, "lines": lines}
        self._changed = True
        return loaded

    def data_file(
        self, path: Traversable, display: str, key: bytes, parse: Callable[[str], Any], form: str
    ) -> Any:
        """``parse`` of a data file the rules name (a learned model: ``model_document``), kept in a faster
        format between runs under ``key``, its part of the rule set's digest: its text is read only when
        nothing is kept (see ``storage.cached_parse``); ``parse``'s ValueError passes on.

        A learned model is read on first use, perhaps long after the load: a file changed since ``key``
        was taken is parsed as it is now, and not kept under the digest of what it held before."""

        def read_text() -> str:
            data = read_rule_bytes(path, display)
            text = decode_rule_file(data, display)
            if file_digest(path, display, data) != key:
                raise _ChangedSinceLoad(text)
            return text

        try:
            return cached_parse(self.folder, key.hex(), read_text, parse, form)
        except _ChangedSinceLoad as changed:
            return parse(changed.text)

    def save(self) -> None:
        """Write the entries used by this load (old ones are dropped); a failure to write is ignored."""
        if not self._changed and len(self._used) == len(self._entries):
            return
        save_marshal(self.folder, FILE_NAME, {"format": FORMAT, "files": self._used})


class _ChangedSinceLoad(Exception):
    """A data file whose bytes are no longer those its key was taken over; ``text``: what it holds now."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class _LazyLines(Mapping[tuple[Any, ...], int]):
    """A file's line table, decoded from its JSON string on first use (empty if that string is broken:
    an error is then reported without its line rather than not at all)."""

    def __init__(self, encoded: str) -> None:
        self._encoded = encoded
        self._lines: dict[tuple[Any, ...], int] | None = None

    def _table(self) -> dict[tuple[Any, ...], int]:
        if self._lines is None:
            try:
                self._lines = _decode_lines(json.loads(self._encoded))
            except (TypeError, ValueError, IndexError):
                self._lines = {}
        return self._lines

    def __getitem__(self, path: tuple[Any, ...]) -> int:
        return self._table()[path]

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _encode_lines(lines: Mapping[tuple[Any, ...], int]) -> list[list[Any]]:
    """Each path as [index of its parent path, last key, line]: far shorter than whole paths."""
    index: dict[tuple[Any, ...], int] = {}
    encoded = []
    for path, line in lines.items():
        parent = index.get(path[:-1], -1) if path else -2
        if path and parent == -1 and len(path) > 1:
            raise ValueError("a path before its parent")
        index[path] = len(encoded)
        encoded.append([parent, path[-1] if path else None, line])
    return encoded


def _decode_lines(encoded: list[list[Any]]) -> dict[tuple[Any, ...], int]:
    paths: list[tuple[Any, ...]] = []
    lines: dict[tuple[Any, ...], int] = {}
    for parent, key, line in encoded:
        path = () if parent == -2 else (key,) if parent == -1 else (*paths[parent], key)
        paths.append(path)
        lines[path] = line
    return lines


def _encode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_encode(key): _encode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dt.datetime):
        return ("t", value.isoformat())
    if isinstance(value, dt.date):
        return ("d", value.isoformat())
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise ValueError(f"cannot keep a {type(value).__name__} in the rules cache")


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        return {_decode(key): _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if not isinstance(value, tuple):
        return value
    tag, body = value
    if tag == "t":
        return dt.datetime.fromisoformat(body)
    if tag == "d":
        return dt.date.fromisoformat(body)
    raise ValueError(f"unknown tag {tag!r}")
