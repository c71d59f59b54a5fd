"""Find the drafts to lint under a folder: the configured extensions, minus hidden, excluded and
git-ignored files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tonecheck.run.config import Config

# Folders of installed packages and build output, never drafts (besides hidden folders, which are skipped).
SKIPPED_FOLDERS = frozenset({"node_modules", "site-packages", "__pycache__", "__pypackages__", "venv"})


def walk(
    folder: Path, extensions: tuple[str, ...], exclude: list[str], config: Config | None = None
) -> tuple[list[Path], list[str]]:
    """Draft files under ``folder``: hidden folders, package folders (``node_modules``), excluded globs and
    files git ignores are skipped."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_FOLDERS)
        for file_name in sorted(files):
            if file_name.startswith(".") or not file_name.lower().endswith(
                tuple(e.lower() for e in extensions)
            ):
                continue
            path = Path(root) / file_name
            if config is not None and any(config.matches(pattern, path) for pattern in exclude):
                continue
            found.append(path)
    ignored = git_ignored(folder, found)
    return [path for path in found if path not in ignored], []


def git_ignored(folder: Path, paths: list[Path]) -> set[Path]:
    """The paths git ignores, when ``folder`` is in a git work tree (and git is installed)."""
    if not paths:
        return set()
    try:
        completed = subprocess.run(
            ["git", "-C", str(folder), "check-ignore", "--stdin", "-z"],
            input="\0".join(os.path.realpath(path) for path in paths).encode("utf-8", "surrogateescape"),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return set()
    if completed.returncode not in (0, 1):  # 128: not a git work tree
        return set()
    ignored = {
        Path(item.decode("utf-8", "surrogateescape")) for item in completed.stdout.split(b"\0") if item
    }
    return {path for path in paths if Path(os.path.realpath(path)) in ignored}
