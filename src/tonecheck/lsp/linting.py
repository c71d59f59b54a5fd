"""Linting one editor buffer exactly as the command line lints the file it belongs to.

The buffer's path picks the configuration file (re-read on every lint, so an edit to it counts at once),
the template layout, the placeholder syntaxes, per-file ignores and severities, through the same
``Checker`` the command line uses. The engine for each configuration is built once and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from tonecheck.errors import TonecheckError
from tonecheck.findings import Finding
from tonecheck.inputs.messages import EMAIL_SUFFIXES, MARKDOWN_SUFFIXES
from tonecheck.run.checker import Checker, CheckOptions
from tonecheck.run.config import ConfigFinder

_KNOWN_SUFFIXES = (".txt", *MARKDOWN_SUFFIXES, *EMAIL_SUFFIXES)
_SUFFIX_BY_LANGUAGE = {"markdown": ".md", "email": ".eml", "eml": ".eml", "plaintext": ".txt", "text": ".txt"}
WARM_UP_TEXT = "Hi Sam,\n\nThank you for your time yesterday. Why haven't you replied?\n\nBest,\nAlex\n"


@dataclass(frozen=True)
class Linted:
    """What one version of a document gave: its findings, or the error that stopped the lint."""

    path: str
    text: str
    version: int | None
    findings: tuple[Finding, ...] = ()
    error: TonecheckError | None = None


def document_path(fs_path: str | None, uri: str, language_id: str | None) -> str:
    """The path a buffer is linted as: its file's, with a suffix from its language when the file's
    own says nothing tonecheck knows (an unsaved buffer, a Markdown file named without `.md`)."""
    path = fs_path or str(Path.cwd() / (PurePath(uri.rsplit("/", 1)[-1].split(":")[-1] or "untitled").name))
    suffix = _SUFFIX_BY_LANGUAGE.get((language_id or "").lower(), "")
    if suffix and PurePath(path).suffix.lower() not in _KNOWN_SUFFIXES:
        path += suffix
    return path


class Linter:
    """Lints buffers; one at a time (the server runs it on a single worker thread)."""

    def __init__(self, options: CheckOptions | None = None) -> None:
        self.options = options or CheckOptions()
        self._checker = Checker(self.options)

    def warm_up(self, folder: Path) -> None:
        """Load the pipeline and build the engine for ``folder``'s configuration, then lint a short
        draft so the first real lint pays for nothing that happens once."""
        linted = self.lint(str(folder / "tonecheck-warm-up.txt"), WARM_UP_TEXT, None)
        if linted.error is not None:
            raise linted.error

    def lint(self, path: str, text: str, version: int | None) -> Linted:
        # A fresh finder: configuration files are small, and one may have been edited since the last lint.
        self._checker.configs = ConfigFinder(self.options.config_path, self.options.isolated)
        try:
            report = self._checker.check_text(path, text)
        except TonecheckError as exc:
            return Linted(path, text, version, error=exc)
        return Linted(path, text, version, report.findings)
