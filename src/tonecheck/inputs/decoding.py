"""Read drafts from files and standard input: decode them, refuse what is not text."""

from __future__ import annotations

import codecs
import stat
import sys
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
    data: bytes | None = None  # the bytes as read (email files are parsed from them)
    encoding: str = "utf-8"  # how to write it back: utf-8, utf-8-sig, utf-16 or cp1252


def decode(data: bytes, display: str) -> tuple[str, tuple[str, ...], str]:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 with a notice.

    Returns the text, notices and the encoding to write the file back in.
    """
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", display), (), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", display), (), "utf-16"
    if b"\x00" in data:
        raise InputError("binary file (it contains NUL bytes); tonecheck reads text drafts", display)
    try:
        return data.decode("utf-8"), (), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError("not UTF-8, UTF-16 or Windows-1252 text", display) from None
    return text, (f"{display}: not valid UTF-8; read as Windows-1252 (cp1252)",), "cp1252"


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
        # A FIFO, a socket or a device could block for ever or never end; drafts are regular files.
        if not stat.S_ISREG(path.stat().st_mode):
            raise InputError("not a regular file", shown)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file or directory", shown) from None
    except PermissionError:
        raise InputError("permission denied", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", shown) from None
    if len(data) > max_bytes:
        raise InputError(f"larger than the size limit ({max_bytes:,} bytes)", shown)
    text, notices, encoding = decode(data, shown)
    return SourceFile(shown, text, notices, data, encoding)


def read_stdin(display: str = "-", max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile:
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"larger than the size limit ({max_bytes:,} bytes)", display)
    text, notices, encoding = decode(data, display)
    return SourceFile(display, text, notices, data, encoding)
