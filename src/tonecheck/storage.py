"""Files in the cache folder: JSON documents written whole or not at all, in a folder git never sees,
and a fingerprint of tonecheck's own code for the keys of everything kept there.

Shared by the result cache (run), the parsed rules (rulefiles) and the compiled patterns (engine), so
it sits below them all and imports nothing of tonecheck's.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any


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


def write_atomically(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes the file private; the cache is as shared as the project
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
