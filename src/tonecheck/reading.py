"""Read drafts from files and standard input: find them, decode them, refuse what is not text."""

from __future__ import annotations

import codecs
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tonecheck.errors import InputError

DEFAULT_EXTENSIONS = (".txt", ".md", ".eml")
DEFAULT_MAX_BYTES = 1024 * 1024


@dataclass(frozen=True)
class SourceFile:
    path: str  # as shown in reports
    text: str  # decoded, byte-order mark removed, line endings as in the file
    notices: tuple[str, ...] = ()


def decode(data: bytes, display: str) -> tuple[str, tuple[str, ...]]:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a notice."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", display), ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", display), ()
    if b"\x00" in data:
        raise InputError("binary file (it contains NUL bytes); tonecheck reads text drafts", display)
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    return text, (f"{display}: not valid UTF-8; read as Windows-1252 (cp1252)",)


def _strict(data: bytes, encoding: str, display: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot decode as {encoding.upper()}: {exc.reason} at byte {exc.start}", display
        ) from None


def read_file(path: Path, display: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    shown = display or str(path)
    try:
        if path.is_dir():
            raise InputError("is a directory", shown)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except PermissionError:
        raise InputError("permission denied", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(data) > max_bytes:
        raise InputError(f"larger than the size limit ({max_bytes:,} bytes)", shown)
    text, notices = decode(data, shown)
    return SourceFile(shown, text, notices)


def read_stdin(display: str = "-", max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"larger than the size limit ({max_bytes:,} bytes)", display)
    text, notices = decode(data, display)
    return SourceFile(display, text, notices)


def expand_paths(paths: Iterable[str], extensions: tuple[str, ...] = DEFAULT_EXTENSIONS) -> list[str]:
    """Files named directly, plus draft files found in named folders (hidden folders skipped)."""
    found: list[str] = []
    for name in paths:
        if name == "-":
            found.append(name)
            continue
        path = Path(name)
        if not path.exists():
            raise InputError("no such file or directory", name)
        if not path.is_dir():
            found.append(name)
            continue
        inside = _walk(path, extensions)
        if not inside:
            raise InputError(f"no drafts to lint here (looked for {', '.join(extensions)})", name)
        found.extend(inside)
    return found


def _walk(folder: Path, extensions: tuple[str, ...]) -> list[str]:
    results = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file_name in sorted(files):
            if file_name.startswith(".") or not file_name.lower().endswith(extensions):
                continue
            results.append(os.path.join(root, file_name))
    return results
