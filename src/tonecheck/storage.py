"""Files in the cache folder: JSON documents written whole or not at all, in a folder git never sees,
large data files kept as they parse (``cached_parse``), and a fingerprint of tonecheck's own code for
the keys of everything kept there.

Shared by the result cache (run), the parsed rules (rulefiles) and the compiled patterns (engine), so
it sits below them all and imports nothing of tonecheck's.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

# Parsed data files kept at once: two learned models per rule set, a few rule sets (other versions of
# the rules, a project's own rules folder).
KEPT_DATA_FILES = 8


def code_fingerprint() -> str:
    """The size and modification time of each of tonecheck's own modules: an edited checkout (or a
    reinstall of the same version) makes new keys, as a version number alone would not."""
    package = Path(__file__).parent
    stamps = []
    for module in sorted(package.rglob("*.py")):
        try:
            info = module.stat()
        except OSError:
            continue
        stamps.append(f"{module.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(stamps).encode()).hexdigest()


def prepare_folder(folder: Path) -> None:
    """Create the cache folder with a .gitignore that ignores everything in it, itself included."""
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        # So the cache never shows up in `git status` and is never committed.
        write_atomically(ignore, "# Written by tonecheck: the result cache is never committed.\n*\n")


def read_json(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when the file is missing, unreadable or holds something else."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def save_json(folder: Path, name: str, document: Any) -> None:
    """Write ``document`` to ``folder/name`` whole or not at all, in a self-ignoring cache folder; a
    failure to write is ignored (a cache only ever saves time)."""
    try:
        prepare_folder(folder)
        write_atomically(folder / name, json.dumps(document))
    except (OSError, ValueError):
        pass


def marshal_name(stem: str) -> str:
    """The file name for data kept in ``marshal``'s format, whose layout belongs to the Python version:
    another Python reads and writes a file of its own rather than misreading this one."""
    return f"{stem}-py{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}.marshal"


def read_marshal(path: Path) -> dict[str, Any] | None:
    """The mapping kept in ``path`` by ``save_marshal``; None when it is missing, unreadable or holds
    something else. Like ``cached_parse``'s files (and the bytecode in ``__pycache__``) it is trusted as
    the project's own: marshal reads in a fraction of JSON's time and keeps tuples and sets as they were."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return data if isinstance(data, dict) else None


def save_marshal(folder: Path, name: str, document: dict[str, Any]) -> None:
    """Write ``document`` to ``folder/name`` in marshal's format, whole or not at all, in a self-ignoring
    cache folder; a failure to write is ignored (a cache only ever saves time)."""
    try:
        prepare_folder(folder)
        write_atomically(folder / name, marshal.dumps(document))
    except (OSError, ValueError):
        pass


def keep_newest(table: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """Put ``value`` under ``key`` as the newest entry of ``table`` and drop the oldest beyond ``limit``
    (a dict keeps its insertion order, so the first key is the least recently put)."""
    table.pop(key, None)
    table[key] = value
    while len(table) > limit:
        del table[next(iter(table))]


def cached_parse(
    folder: Path, key: str, read_text: Callable[[], str], parse: Callable[[str], Any], form: str
) -> Any:
    """``parse(read_text())``, kept in ``folder`` between runs in the format of Python's own ``marshal``;
    ``key`` names the text (the hash of its file, as the rule set's digest already has it: the text is
    read only when nothing is kept under it); ``form`` names what ``parse`` returns, so that a new layout
    is never read back as an old one.

    For the learned models (1.5 MB of JSON each, some 150,000 numbers): JSON took about 40 ms to read
    each one at every cold start; packed (``kindmodel.pack``: the numbers in one block of bytes) and kept
    here, the two read back in about 15 ms together. The file's name holds the key, ``form`` and the Python
    version (marshal's format belongs to it), so an edited or retrained model is parsed again. Like the
    bytecode in ``__pycache__``, which Python reads with the same module, the file is trusted as the
    project's own; one that cannot be read back is parsed again.
    """
    target = folder / marshal_name(f"data-{key[:32]}-{form}")
    try:
        return marshal.loads(target.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = parse(read_text())
    try:
        prepare_folder(folder)
        write_atomically(target, marshal.dumps(data))
        _forget_oldest(folder, "data-*.marshal", KEPT_DATA_FILES, target)
    except (OSError, ValueError):
        pass  # a cache only ever saves time
    return data


def _forget_oldest(folder: Path, pattern: str, keep: int, newest: Path) -> None:
    """Delete all but the ``keep`` most recently written files matching ``pattern``, ``newest`` (just
    written, perhaps within the same clock tick as others) among those kept."""
    found = []
    for path in folder.glob(pattern):
        if path == newest:
            continue
        try:
            found.append((path.stat().st_mtime_ns, path))
        except OSError:
            continue
    for _written, path in sorted(found, reverse=True)[keep - 1 :]:
        path.unlink(missing_ok=True)


def write_atomically(target: Path, text: str | bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.chmod(temporary, 0o644)  # mkstemp makes the file private; the cache is as shared as the project
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
